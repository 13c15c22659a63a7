using GridGov.Sdk.Access;
using GridGov.Sdk.People;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static GridGov.Sdk.Tests.People.PeopleTestHost;

namespace GridGov.Sdk.Tests.People;

public sealed class ServiceFairTests
{
    internal static readonly LocalDate FairDay = new(2026, 3, 1); // the Sunday before the host's clock

    internal static async Task<PeopleTestHost> HostWithFairAsync(Action<GridGovBuilder>? configure = null)
    {
        var host = new PeopleTestHost(configure);
        await host.Service.RegisterVolunteerAsync(new RegisterVolunteer(WorkerC1, "v-barber", "C1", ["haircut"], Enrolled) { Contact = Contact("王师傅") });
        await host.Service.RegisterVolunteerAsync(new RegisterVolunteer(Resident("v-nurse"), "v-nurse", "C1", ["blood-pressure", "first-aid"], Enrolled));
        await host.Service.ScheduleFairAsync(new ScheduleServiceFair(SecretaryC1, "fair-1", "C1", "同心互助便民服务集市", "Q1", FairDay, new LocalTime(9, 0), new LocalTime(11, 0),
        [
            new FairStall(1, "v-barber", "haircut", 0m, 20),
            new FairStall(2, "v-nurse", "blood-pressure", 2m, 10),
        ]));
        return host;
    }

    private static BookFairSlot Book(string booking, int stall, int hour, int minute, string resident = "r-1")
        => new(Resident(resident), "fair-1", booking, stall, resident, new LocalTime(hour, minute));

    [Fact]
    public async Task BookSlot_InLocalTime_StoresTheIntervalInShanghai()
    {
        using var host = await HostWithFairAsync();

        await host.Service.BookSlotAsync(Book("b-1", 1, 9, 20));

        var fair = await host.Service.GetFairAsync("fair-1");
        var booking = fair.Bookings["b-1"];
        Assert.Equal(Instant.FromUtc(2026, 3, 1, 1, 20), booking.Slot.Start); // 09:20 +08:00
        Assert.Equal(Duration.FromMinutes(20), booking.Slot.Duration);
        Assert.Equal(FairBookingStatus.Booked, booking.Status);
    }

    [Fact]
    public async Task BookSlot_OverlappingAnotherAtTheSameStall_IsRefusedAsTaken_ButBackToBackAndOtherStallsAreFine()
    {
        using var host = await HostWithFairAsync();
        await host.Service.BookSlotAsync(Book("b-1", 1, 9, 20));

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.BookSlotAsync(Book("b-2", 1, 9, 30, "r-2")));
        await host.Service.BookSlotAsync(Book("b-3", 1, 9, 40, "r-2"));
        await host.Service.BookSlotAsync(Book("b-4", 1, 9, 0, "r-3"));
        await host.Service.BookSlotAsync(Book("b-5", 2, 9, 25, "r-4"));

        Assert.Equal(PeopleRejectedException.SlotTakenCode, ex.Code);
        Assert.Contains("b-1", ex.Message);
        Assert.Equal(["b-4", "b-1", "b-3"], (await host.Service.GetFairAsync("fair-1")).TakenSlots(1).Select(s => s.BookingId));
    }

    [Theory]
    [InlineData(8, 59)]
    [InlineData(10, 41)]
    [InlineData(11, 0)]
    public async Task BookSlot_OutsideOpeningHours_IsRefused(int hour, int minute)
    {
        using var host = await HostWithFairAsync();

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.BookSlotAsync(Book("b-1", 1, hour, minute)));

        Assert.Equal(PeopleRejectedException.SlotOutsideHoursCode, ex.Code);
    }

    [Fact]
    public async Task CancelBooking_FreesTheSlot_AndACancelledBookingIsClosed()
    {
        using var host = await HostWithFairAsync();
        await host.Service.BookSlotAsync(Book("b-1", 1, 9, 20));

        await host.Service.CancelBookingAsync(new CancelFairBooking(Resident("r-1"), "fair-1", "b-1"));
        await host.Service.BookSlotAsync(Book("b-2", 1, 9, 30, "r-2"));
        var again = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.CancelBookingAsync(new CancelFairBooking(Resident("r-1"), "fair-1", "b-1")));
        var reuse = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.BookSlotAsync(Book("b-1", 2, 9, 0)));

        Assert.Equal(PeopleRejectedException.BookingClosedCode, again.Code);
        Assert.Equal(PeopleRejectedException.AlreadyExistsCode, reuse.Code);
    }

    [Fact]
    public async Task Access_AResidentBooksAndCancelsOnlyTheirOwn()
    {
        using var host = await HostWithFairAsync();
        await host.Service.BookSlotAsync(Book("b-1", 1, 9, 20));

        var forOther = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.BookSlotAsync(new BookFairSlot(Resident("r-2"), "fair-1", "b-2", 1, "r-3", new LocalTime(10, 0))));
        var cancel = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.CancelBookingAsync(new CancelFairBooking(Resident("r-2"), "fair-1", "b-1")));
        await host.Service.BookSlotAsync(new BookFairSlot(WorkerC1, "fair-1", "b-3", 1, "r-5", new LocalTime(10, 0))); // on the resident's behalf

        Assert.Equal(AccessDeniedException.NotOwnMatterCode, forOther.Code);
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, cancel.Code);
    }

    [Fact]
    public async Task RecordFairService_CreditsTheVolunteerTheSlotsHours_Once()
    {
        using var host = await HostWithFairAsync();
        await host.Service.BookSlotAsync(Book("b-1", 1, 9, 20));
        await host.Service.BookSlotAsync(Book("b-2", 2, 9, 0));

        await host.Service.RecordFairServiceAsync(new RecordFairService(WorkerC1, "fair-1", "b-1"));
        await host.Service.RecordFairServiceAsync(new RecordFairService(Resident("v-nurse"), "fair-1", "b-2"));
        var twice = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.RecordFairServiceAsync(new RecordFairService(WorkerC1, "fair-1", "b-1")));
        var cancelGiven = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.CancelBookingAsync(new CancelFairBooking(Resident("r-1"), "fair-1", "b-1")));

        var stats = host.Service.Statistics("C1", new DateInterval(FairDay, FairDay));
        Assert.Equal(new ServiceTotals(0.33m, 1, 0, 0, 0, 0), stats.ForPerson("v-barber"));
        Assert.Equal(new ServiceTotals(0.17m, 1, 0, 0, 0, 0), stats.ForPerson("v-nurse"));
        Assert.Equal(PeopleRejectedException.BookingClosedCode, twice.Code);
        Assert.Equal(PeopleRejectedException.BookingClosedCode, cancelGiven.Code);
        Assert.Equal(FairBookingStatus.Given, (await host.Service.GetFairAsync("fair-1")).Bookings["b-1"].Status);
    }

    [Fact]
    public async Task RecordFairService_BeforeTheSlotStarts_IsOutOfOrder()
    {
        using var host = await HostWithFairAsync();
        await host.Service.ScheduleFairAsync(new ScheduleServiceFair(SecretaryC1, "fair-2", "C1", "下一期集市", "C1", new LocalDate(2026, 4, 5), new LocalTime(9, 0), new LocalTime(10, 0), [new FairStall(1, "v-barber", "haircut", 0m, 30)]));
        await host.Service.BookSlotAsync(new BookFairSlot(Resident("r-1"), "fair-2", "b-1", 1, "r-1", new LocalTime(9, 0)));

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.RecordFairServiceAsync(new RecordFairService(WorkerC1, "fair-2", "b-1")));

        Assert.Equal(PeopleRejectedException.OutOfOrderCode, ex.Code);
    }

    [Fact]
    public async Task ScheduleFair_RefusesHighPrices_UnregisteredSkills_AndUnknownVolunteers()
    {
        using var host = await HostWithFairAsync();
        ScheduleServiceFair Fair(string id, FairStall stall) => new(SecretaryC1, id, "C1", "集市", "C1", FairDay, new LocalTime(9, 0), new LocalTime(11, 0), [stall]);

        var price = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ScheduleFairAsync(Fair("f-a", new FairStall(1, "v-barber", "haircut", 30.01m, 20))));
        var skill = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ScheduleFairAsync(Fair("f-b", new FairStall(1, "v-barber", "first-aid", 0m, 20))));
        var unknown = await Assert.ThrowsAsync<PeopleNotFoundException>(() => host.Service.ScheduleFairAsync(Fair("f-c", new FairStall(1, "v-x", "haircut", 0m, 20))));
        var slot = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ScheduleFairAsync(Fair("f-d", new FairStall(1, "v-barber", "haircut", 0m, 121))));
        var venue = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ScheduleFairAsync(new ScheduleServiceFair(SecretaryC1, "f-e", "C1", "集市", "Z3", FairDay, new LocalTime(9, 0), new LocalTime(11, 0), [new FairStall(1, "v-barber", "haircut", 0m, 20)])));
        var scope = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ScheduleFairAsync(Fair("f-f", new FairStall(1, "v-barber", "haircut", 0m, 20)) with { Actor = WorkerC1 }));

        Assert.Equal(PeopleRejectedException.PriceTooHighCode, price.Code);
        Assert.Equal(PeopleRejectedException.SkillNotRegisteredCode, skill.Code);
        Assert.Equal(PeopleNotFoundException.ErrorCode, unknown.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, slot.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, venue.Code);
        Assert.Equal(AccessDeniedException.RoleMissingCode, scope.Code);
    }

    [Fact]
    public async Task ScheduleFair_MaxPriceIsConfigurable()
    {
        using var host = await HostWithFairAsync(b => b.ConfigurePeople(o => o.MaxStallPriceYuan = 50m));

        await host.Service.ScheduleFairAsync(new ScheduleServiceFair(SecretaryC1, "f-a", "C1", "集市", "C1", FairDay, new LocalTime(9, 0), new LocalTime(11, 0), [new FairStall(1, "v-barber", "haircut", 45m, 20)]));

        Assert.Equal(45m, (await host.Service.GetFairAsync("f-a")).Schedule.Stalls[0].PriceYuan);
    }

    [Fact]
    public async Task BookSlot_ConcurrentForTheSameSlot_ExactlyOneWins()
    {
        using var host = await HostWithFairAsync();

        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await host.Service.BookSlotAsync(Book($"b-{i}", 1, 10, 0, $"r-{i}"));
                return true;
            }
            catch (GridGovException)
            {
                return false;
            }
        })).ToArray();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r));
        Assert.Single((await host.Service.GetFairAsync("fair-1")).TakenSlots(1));
    }
}
