using GridGov.Sdk.Access;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Sharing.SharingHarness;

namespace GridGov.Sdk.Tests.Sharing;

/// <summary>Venue booking (场地预约): local-time intervals, opening hours, weekly series all-or-nothing, cancellation, refusals.</summary>
public sealed class VenueServiceTests : IDisposable
{
    private static readonly LocalDate Monday = new(2026, 5, 4);
    private static readonly LocalDate Tuesday = new(2026, 5, 5);
    private static readonly Actor Dancer = Resident("dance-lead");

    private readonly SharingHarness _h = new();

    private VenueService Venues => _h.Venues;

    public void Dispose() => _h.Dispose();

    /// <summary>Weekdays 08:30–21:00, Saturday 09:00–17:00, closed on Sunday.</summary>
    public static VenueOpeningHours CentreHours { get; } = VenueOpeningHours.Daily(new LocalTime(8, 30), new LocalTime(21, 0))
        .With(IsoDayOfWeek.Saturday, new LocalTime(9, 0), new LocalTime(17, 0))
        .Closed(IsoDayOfWeek.Sunday);

    [Fact]
    public async Task A_booking_is_an_interval_in_local_time_in_Shanghai()
    {
        await RegisterHallAsync();
        var booked = await Venues.BookAsync(new BookVenue("hall", Dancer, "b1", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30), "广场舞排练"));
        var occurrence = Assert.Single(booked.Aggregate.Bookings["b1"].Active);
        Assert.Equal(Instant.FromUtc(2026, 5, 5, 11, 0), occurrence.When.Start); // UTC+8
        Assert.Equal(Instant.FromUtc(2026, 5, 5, 12, 30), occurrence.When.End);
        Assert.Equal(Dancer, booked.Events[0].Metadata.Actor);
    }

    [Fact]
    public async Task Back_to_back_bookings_do_not_overlap()
    {
        await RegisterHallAsync();
        await Venues.BookAsync(new BookVenue("hall", Dancer, "b1", Tuesday, new LocalTime(9, 0), new LocalTime(10, 0), "党员活动日"));
        await Venues.BookAsync(new BookVenue("hall", Dancer, "b2", Tuesday, new LocalTime(10, 0), new LocalTime(11, 0), "书法课"));
        Assert.False(await Venues.IsFreeAsync("hall", Tuesday, new LocalTime(9, 30), new LocalTime(10, 30)));
        Assert.True(await Venues.IsFreeAsync("hall", Tuesday, new LocalTime(11, 0), new LocalTime(12, 0)));
    }

    [Fact]
    public async Task A_weekly_series_books_every_occurrence()
    {
        await RegisterHallAsync();
        var booked = await Venues.BookAsync(new BookVenue("hall", Dancer, "dance", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30), "广场舞") { Occurrences = 8 });
        var dates = booked.Aggregate.Bookings["dance"].Active.Select(o => o.Date).ToArray();
        Assert.Equal(8, dates.Length);
        Assert.All(dates, d => Assert.Equal(IsoDayOfWeek.Tuesday, d.DayOfWeek));
        Assert.Equal(new LocalDate(2026, 6, 23), dates[^1]);
    }

    [Fact]
    public async Task A_weekly_series_is_all_or_nothing_and_names_every_clash()
    {
        await RegisterHallAsync();
        await Venues.BookAsync(new BookVenue("hall", Secretary, "meet1", new LocalDate(2026, 5, 19), new LocalTime(20, 0), new LocalTime(21, 0), "居民议事会"));
        await Venues.BookAsync(new BookVenue("hall", Secretary, "meet2", new LocalDate(2026, 6, 2), new LocalTime(18, 0), new LocalTime(19, 30), "党课"));
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "dance", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30), "广场舞") { Occurrences = 6 }));
        Assert.Equal(VenueRejectedException.OverlapCode, ex.Code);
        Assert.Equal([new LocalDate(2026, 5, 19), new LocalDate(2026, 6, 2)], ex.Conflicts);
        var hall = await Venues.GetAsync("hall");
        Assert.False(hall.Bookings.ContainsKey("dance"));
        Assert.True(await Venues.IsFreeAsync("hall", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30)));
    }

    [Fact]
    public async Task Opening_hours_are_per_weekday_and_every_occurrence_outside_them_is_named()
    {
        await RegisterHallAsync();
        var saturday = new LocalDate(2026, 5, 9);
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "s", saturday, new LocalTime(16, 0), new LocalTime(18, 0), "排练")));
        Assert.Equal(VenueRejectedException.OutsideOpeningHoursCode, ex.Code);
        Assert.Equal([saturday], ex.Conflicts);
        await Venues.BookAsync(new BookVenue("hall", Dancer, "s", saturday, new LocalTime(15, 0), new LocalTime(17, 0), "排练"));
        ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "sun", new LocalDate(2026, 5, 10), new LocalTime(10, 0), new LocalTime(11, 0), "排练")));
        Assert.Equal(VenueRejectedException.OutsideOpeningHoursCode, ex.Code);
    }

    [Fact]
    public async Task Cancelling_one_occurrence_frees_that_slot_only_and_cancelling_the_series_frees_the_rest()
    {
        await RegisterHallAsync();
        await Venues.BookAsync(new BookVenue("hall", Dancer, "dance", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30), "广场舞") { Occurrences = 4 });
        var one = await Venues.CancelAsync(new CancelVenueBooking("hall", Dancer, "dance") { OccurrenceDate = new LocalDate(2026, 5, 12) });
        Assert.Equal([2], Assert.IsType<VenueBookingCancelled>(one.Events[0].Payload).Numbers);
        Assert.True(await Venues.IsFreeAsync("hall", new LocalDate(2026, 5, 12), new LocalTime(19, 0), new LocalTime(20, 0)));
        Assert.False(await Venues.IsFreeAsync("hall", new LocalDate(2026, 5, 19), new LocalTime(19, 0), new LocalTime(20, 0)));

        _h.AdvanceDays(2); // the first occurrence (5 May) is past: the series cancellation leaves it as history
        var rest = await Venues.CancelAsync(new CancelVenueBooking("hall", Dancer, "dance"));
        Assert.Equal([3, 4], Assert.IsType<VenueBookingCancelled>(rest.Events[0].Payload).Numbers);
        Assert.Equal([1], rest.Aggregate.Bookings["dance"].Active.Select(o => o.Number));
        Assert.True(await Venues.IsFreeAsync("hall", new LocalDate(2026, 5, 19), new LocalTime(19, 0), new LocalTime(20, 0)));
    }

    [Fact]
    public async Task Venues_are_reloaded_from_the_store_by_a_second_service()
    {
        await RegisterHallAsync();
        await Venues.BookAsync(new BookVenue("hall", Dancer, "dance", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30), "广场舞") { Occurrences = 3 });
        await Venues.CancelAsync(new CancelVenueBooking("hall", Dancer, "dance") { OccurrenceDate = new LocalDate(2026, 5, 12) });
        using var other = new SharingHarness(_h.Store);
        var hall = await other.Venues.GetAsync("hall");
        Assert.Equal(3, hall.Version);
        Assert.Equal([1, 3], hall.Bookings["dance"].Active.Select(o => o.Number));
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => other.Venues.BookAsync(new BookVenue("hall", Secretary, "x", new LocalDate(2026, 5, 19), new LocalTime(20, 0), new LocalTime(21, 0), "会议")));
        Assert.Equal(VenueRejectedException.OverlapCode, ex.Code);
        await other.Venues.BookAsync(new BookVenue("hall", Secretary, "y", new LocalDate(2026, 5, 12), new LocalTime(20, 0), new LocalTime(21, 0), "会议"));
    }

    [Fact]
    public async Task A_second_node_with_a_stale_cache_cannot_double_book()
    {
        await RegisterHallAsync();
        using var other = new SharingHarness(_h.Store);
        Assert.True(await other.Venues.IsFreeAsync("hall", Tuesday, new LocalTime(19, 0), new LocalTime(20, 0))); // caches the venue
        await Venues.BookAsync(new BookVenue("hall", Dancer, "b1", Tuesday, new LocalTime(19, 0), new LocalTime(20, 0), "排练"));
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => other.Venues.BookAsync(new BookVenue("hall", Secretary, "b2", Tuesday, new LocalTime(19, 30), new LocalTime(20, 30), "会议")));
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => other.Venues.BookAsync(new BookVenue("hall", Secretary, "b2", Tuesday, new LocalTime(19, 30), new LocalTime(20, 30), "会议")));
        Assert.Equal(VenueRejectedException.OverlapCode, ex.Code);
    }

    [Fact]
    public async Task Utilisation_by_window_and_the_rebuilt_read_model_agrees()
    {
        await RegisterHallAsync();
        await Venues.BookAsync(new BookVenue("hall", Dancer, "dance", Tuesday, new LocalTime(19, 0), new LocalTime(21, 0), "广场舞") { Occurrences = 2 });
        await Venues.BookAsync(new BookVenue("hall", Secretary, "m", Monday, new LocalTime(10, 0), new LocalTime(11, 0), "会议"));
        var week = Venues.ReadModel.Utilisation(Monday, Monday.PlusWeeks(1));
        var row = Assert.Single(week);
        Assert.Equal((5 * 750) + 480, row.OpenMinutes); // five weekdays of 12.5 h, Saturday 8 h, Sunday closed
        Assert.Equal(180, row.BookedMinutes);
        Assert.Equal(2, row.Occurrences);
        Assert.Equal(180.0 / 4230, row.Ratio, 6);

        var rebuilt = await VenueReadModel.RebuildAsync(_h.Store, NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);
        Assert.Equal(week, rebuilt.Utilisation(Monday, Monday.PlusWeeks(1)));
        Assert.Equal(Venues.ReadModel.Utilisation(Monday, Monday.PlusWeeks(3)), rebuilt.Utilisation(Monday, Monday.PlusWeeks(3)));
    }

    [Fact]
    public async Task Permitted_triggers_follow_the_policy_and_the_state()
    {
        await RegisterHallAsync();
        Assert.Equal([VenueTrigger.Book, VenueTrigger.Cancel], await Venues.GetPermittedTriggersAsync("hall", Dancer));
        Assert.Equal([VenueTrigger.Book, VenueTrigger.Cancel, VenueTrigger.ChangeHours, VenueTrigger.Close], await Venues.GetPermittedTriggersAsync("hall", UnitStaff));
        Assert.Equal([VenueTrigger.Book, VenueTrigger.Cancel], await Venues.GetPermittedTriggersAsync("hall", OtherUnitStaff));
    }

    // ---- Refusals, each with its code; nothing changes ----

    [Fact]
    public async Task Refused_invalid_input_and_a_taken_id()
    {
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.RegisterAsync(new RegisterVenue("x", Secretary, "活动室", "nowhere", 30, CentreHours)));
        Assert.Equal(VenueRejectedException.InvalidCommandCode, ex.Code);
        await RegisterHallAsync();
        ex = await Assert.ThrowsAsync<VenueRejectedException>(RegisterHallAsync);
        Assert.Equal(VenueRejectedException.AlreadyExistsCode, ex.Code);
        ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "b", Tuesday, new LocalTime(20, 0), new LocalTime(19, 0), "排练")));
        Assert.Equal(VenueRejectedException.InvalidCommandCode, ex.Code);
        ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "b", Tuesday, new LocalTime(19, 0), new LocalTime(20, 0), "排练") { Occurrences = 0 }));
        Assert.Equal(VenueRejectedException.InvalidCommandCode, ex.Code);
        Assert.Equal(1, (await Venues.GetAsync("hall")).Version);
    }

    [Fact]
    public async Task Refused_a_booking_in_the_past()
    {
        await RegisterHallAsync();
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "b", Monday, new LocalTime(8, 30), new LocalTime(9, 30), "排练")));
        Assert.Equal(VenueRejectedException.InThePastCode, ex.Code);
    }

    [Fact]
    public async Task Refused_cancelling_an_unknown_booking_or_someone_elses()
    {
        await RegisterHallAsync();
        await Venues.BookAsync(new BookVenue("hall", Dancer, "dance", Tuesday, new LocalTime(19, 0), new LocalTime(20, 30), "广场舞"));
        var ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.CancelAsync(new CancelVenueBooking("hall", Dancer, "nope")));
        Assert.Equal(VenueRejectedException.NoSuchBookingCode, ex.Code);
        ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.CancelAsync(new CancelVenueBooking("hall", Dancer, "dance") { OccurrenceDate = Monday }));
        Assert.Equal(VenueRejectedException.NoSuchBookingCode, ex.Code);
        ex = await Assert.ThrowsAsync<VenueRejectedException>(() => Venues.CancelAsync(new CancelVenueBooking("hall", Resident("someone"), "dance")));
        Assert.Equal(VenueRejectedException.NotOwnBookingCode, ex.Code);
        await Venues.CancelAsync(new CancelVenueBooking("hall", UnitStaff, "dance")); // the venue's manager may
    }

    [Fact]
    public async Task Refused_booking_a_closed_venue()
    {
        await RegisterHallAsync();
        await Venues.SetOpenAsync(new SetVenueOpen("hall", UnitStaff, Open: false) { Reason = "维修" });
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => Venues.BookAsync(new BookVenue("hall", Dancer, "b", Tuesday, new LocalTime(19, 0), new LocalTime(20, 0), "排练")));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
        await Venues.SetOpenAsync(new SetVenueOpen("hall", Secretary, Open: true));
        await Venues.BookAsync(new BookVenue("hall", Dancer, "b", Tuesday, new LocalTime(19, 0), new LocalTime(20, 0), "排练"));
    }

    [Fact]
    public async Task Refused_another_units_staff_changing_the_venue()
    {
        await RegisterHallAsync();
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Venues.ChangeHoursAsync(new ChangeVenueHours("hall", OtherUnitStaff, VenueOpeningHours.Daily(new LocalTime(8, 0), new LocalTime(22, 0)))));
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, denied.Code);
        denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Venues.BookAsync(new BookVenue("hall", OutsideKeeper, "b", Tuesday, new LocalTime(19, 0), new LocalTime(20, 0), "排练")));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, denied.Code);
        var changed = await Venues.ChangeHoursAsync(new ChangeVenueHours("hall", UnitStaff, VenueOpeningHours.Daily(new LocalTime(8, 0), new LocalTime(22, 0))));
        Assert.Equal(new LocalTime(22, 0), changed.Aggregate.Hours.On(IsoDayOfWeek.Sunday)!.Closes);
    }

    [Fact]
    public void Opening_hours_refuse_a_window_that_closes_before_it_opens()
        => Assert.Throws<ArgumentException>(() => VenueOpeningHours.Daily(new LocalTime(21, 0), new LocalTime(8, 0)));

    private Task<WorkflowCommandResult<Venue>> RegisterHallAsync()
        => Venues.RegisterAsync(new RegisterVenue("hall", UnitStaff, "党群服务中心多功能厅", XiguGrid.Xianfeng, 80, CentreHours) { ManagerId = UnitStaff.Id });
}
