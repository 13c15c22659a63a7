using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace GridGov.Sdk.Tests.Programmes;

/// <summary>The sunshine breakfast (阳光早餐) of 合水南路社区, on the Xigu test grid.</summary>
public sealed class ServiceProgrammeTests
{
    private const string Id = "breakfast";
    private static readonly Actor Secretary = new("sec-1", "社区书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    private static readonly Actor Unit = new("unit-1", "成员单位") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    private static readonly Actor Elsewhere = new("sec-2", "外街道书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(XiguGrid.Xiliugou)] };
    private static readonly string[] Criteria = ["卫生检查合格", "让利困难群众", "饮食绵软清淡"];

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 2, 0)); // 10:00 in Shanghai, a Sunday
    private readonly InMemoryEventStore _store = new();

    [Fact]
    public async Task The_sunshine_breakfast_runs_on_its_ledger_and_forecasts_its_end()
    {
        var service = Service();
        await Start(service);
        await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 13_000m));
        await service.ChooseProviderAsync(Provider(8m));
        for (var i = 0; i < 20; i++)
        {
            await service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, $"r{i}", i % 3 == 0 ? BeneficiaryCategory.DisabledElderly : BeneficiaryCategory.EmptyNestElderly));
        }

        // Thirty mornings of March, 18 of the 20 served each day at 8 yuan.
        for (var day = 1; day <= 30; day++)
        {
            _clock.Reset(Instant.FromUtc(2026, 3, day, 1, 0)); // 09:00 local, after the 08:00 breakfast
            await service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, day), 18));
        }

        var programme = await service.GetAsync(Id);
        Assert.Equal(13_000m - 30 * 18 * 8m, programme.Balance);
        Assert.Equal(8m, programme.CostPerBeneficiaryDay);
        Assert.Equal(30 * 18, programme.BeneficiaryDaysServed);

        // 8,680 yuan left at 160 yuan a morning: 54 mornings paid from March 31 (today, March 30, is served
        // already), so May 24 is the first unpaid morning, 55 days from today.
        var forecast = await service.ForecastAsync(Id);
        Assert.Equal(160m, forecast.CostPerService);
        Assert.Equal(55, forecast.DaysOfFundingLeft);
        Assert.Equal(new LocalDate(2026, 3, 31).PlusDays(54), forecast.RunsOutOn);
        Assert.False(forecast.Warning);
        Assert.True(programme.Forecast(new LocalDate(2026, 3, 31), 60).Warning);
    }

    [Theory]
    [InlineData(XiguGrid.Chenping, 60, true)]   // the programme's street warns 60 days ahead: 55 days left is a warning
    [InlineData(XiguGrid.Compound, 60, false)]  // an override below the programme's place does not reach it
    [InlineData(XiguGrid.District, 30, false)]
    public async Task The_warning_window_of_the_programmes_subtree_applies(string subtree, int days, bool warning)
    {
        var options = new ServiceProgrammeOptions();
        options.FundingWarningDaysBySubtree[subtree] = days;
        var holder = new GridHierarchyHolder(_clock, Options.Create(new GridGovOptions()));
        holder.Load(XiguGrid.Build());
        var service = new ServiceProgrammeService(_store, _clock, holder, Options.Create(options), Options.Create(new GridGovOptions()));
        await Start(service);
        await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 8_800m));
        await service.ChooseProviderAsync(Provider(8m));
        for (var i = 0; i < 20; i++)
        {
            await service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, $"r{i}", BeneficiaryCategory.EmptyNestElderly));
        }

        var forecast = await service.ForecastAsync(Id);

        Assert.Equal(55, forecast.DaysOfFundingLeft);
        Assert.Equal(warning, forecast.Warning);
    }

    [Fact]
    public async Task A_delivery_the_balance_cannot_pay_is_refused_and_the_money_never_goes_negative()
    {
        var service = Service();
        await Start(service);
        await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 100m));
        await service.ChooseProviderAsync(Provider(8m));
        for (var i = 0; i < 13; i++)
        {
            await service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, $"r{i}", BeneficiaryCategory.EmptyNestElderly));
        }

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 13)));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Equal([ServiceProgrammeService.BalanceGuard], ex.UnmetGuards);
        await service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 12));
        Assert.Equal(4m, (await service.GetAsync(Id)).Balance);
    }

    [Fact]
    public async Task Each_refusal_has_its_code_and_changes_nothing()
    {
        var service = Service();
        await Start(service);
        var before = (await _store.ReadStreamAsync("programme-" + Id)).Count;

        await Refused(ServiceProgrammeException.InvalidCode, () => service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "单位", -5m)));
        await Refused(ServiceProgrammeException.InvalidCode, () => service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "单位", 0.001m)));
        await Refused(ServiceProgrammeException.CriteriaUnmetCode, () => service.ChooseProviderAsync(new ChooseProgrammeProvider(Id, Secretary, "某餐馆", 8m, new Dictionary<string, string> { ["卫生检查合格"] = "证书 123" })));
        await Refused(ServiceProgrammeException.IneligibleCode, () => service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, "r1", BeneficiaryCategory.LeftBehindChild)));
        await Refused(ServiceProgrammeException.NotEnrolledCode, () => service.LeaveAsync(new BeneficiaryLeaves(Id, Secretary, "nobody")));
        var notYet = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 1)));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, notYet.Code); // no provider yet
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => service.DonateAsync(new DonateToProgramme(Id, Elsewhere, "U9", "外单位", 10m)));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, denied.Code);
        Assert.Equal(before, (await _store.ReadStreamAsync("programme-" + Id)).Count);

        await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 1_000m));
        await service.ChooseProviderAsync(Provider(8m));
        await service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, "r1", BeneficiaryCategory.EmptyNestElderly));
        await Refused(ServiceProgrammeException.AlreadyEnrolledCode, () => service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, "r1", BeneficiaryCategory.EmptyNestElderly)));
        await Refused(ServiceProgrammeException.InvalidCode, () => service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 2), 1))); // tomorrow
        await Refused(ServiceProgrammeException.InvalidCode, () => service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 2))); // more than enrolled
        await service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 1));
        await Refused(ServiceProgrammeException.InvalidCode, () => service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 1))); // twice
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.StartAsync(Starting("other", Elsewhere)));
        await Refused(ServiceProgrammeException.InvalidCode, () => service.StartAsync(Starting("bad", Secretary) with { PlaceCode = "nowhere" }));
    }

    [Fact]
    public async Task Weekday_schedules_refuse_weekend_deliveries_and_count_only_their_days()
    {
        var service = Service();
        await service.StartAsync(Starting(Id, Secretary) with { Schedule = new ProgrammeSchedule(new LocalTime(8, 0), [IsoDayOfWeek.Monday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Friday]) });
        await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 100m));
        await service.ChooseProviderAsync(Provider(10m));
        await service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, "r1", BeneficiaryCategory.EmptyNestElderly));
        _clock.Reset(Instant.FromUtc(2026, 3, 10, 1, 0));
        await Refused(ServiceProgrammeException.InvalidCode, () => service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, new LocalDate(2026, 3, 1), 1))); // a Sunday
        // 10 services paid from Monday March 9: M W F M W F M W F M, the 11th (Wednesday April 1) is not.
        var forecast = (await service.GetAsync(Id)).Forecast(new LocalDate(2026, 3, 9), 14);
        Assert.Equal(new LocalDate(2026, 4, 1), forecast.RunsOutOn);
        Assert.Equal(23, forecast.DaysOfFundingLeft);
    }

    [Fact]
    public async Task A_reopened_store_gives_the_same_programme_and_repeats_are_duplicates()
    {
        var service = Service();
        await Start(service);
        await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 500m) { IdempotencyKey = "d-1" });
        var again = await service.DonateAsync(new DonateToProgramme(Id, Unit, "U1", "成员单位", 500m) { IdempotencyKey = "d-1" });
        Assert.True(again.WasDuplicate);
        var reread = await Service().GetAsync(Id);
        Assert.Equal(500m, reread.Balance);
        Assert.Equal((await service.GetAsync(Id)).Version, reread.Version);
    }

    [Fact]
    public void The_service_resolves_from_DI_with_the_default_policy()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddGridGov().ConfigureProgrammes(o => o.FundingWarningDays = 30);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<ServiceProgrammeService>());
        Assert.Contains(AccessPolicy.Default.Rules, r => r.Workflow == ServiceProgrammeService.WorkflowName && r.Trigger == nameof(ServiceProgrammeTrigger.Deliver));
        Assert.Contains("stateDiagram", ServiceProgrammeService.Definition.ToMermaidGraph(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_guide_shows_every_transition_of_the_definition()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "GridGov.Sdk.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no repository root");
        }

        var doc = File.ReadAllText(Path.Combine(root, "docs", "programmes.md"));
        var documented = doc.Split('\n').Count(l => l.Contains(" --> ", StringComparison.Ordinal));
        var transitions = 0;
        foreach (var state in ServiceProgrammeService.Definition.GetInfo().States)
        {
            foreach (var t in state.FixedTransitions)
            {
                transitions++;
                var line = $"    {state.UnderlyingState} --> {t.DestinationState.UnderlyingState} : {t.Trigger.UnderlyingTrigger}";
                Assert.Contains(line, doc, StringComparison.Ordinal);
            }
        }

        Assert.Equal(transitions, documented);
    }

    /// <summary>After any sequence of donations and deliveries the balance is donations minus spends, and never negative.</summary>
    [Property(MaxTest = 60)]
    public void The_balance_is_donations_minus_spends_and_never_negative(PositiveInt[] donationsInFen, byte[] served)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 30, 12, 0));
        var service = Service(clock, new InMemoryEventStore());
        Start(service).GetAwaiter().GetResult();
        service.ChooseProviderAsync(Provider(7.5m)).GetAwaiter().GetResult();
        for (var i = 0; i < 5; i++)
        {
            service.EnrolAsync(new EnrolBeneficiary(Id, Secretary, $"r{i}", BeneficiaryCategory.EmptyNestElderly)).GetAwaiter().GetResult();
        }

        decimal donated = 0, spent = 0;
        var day = new LocalDate(2026, 1, 1);
        var steps = Math.Max(donationsInFen?.Length ?? 0, served?.Length ?? 0);
        for (var i = 0; i < steps; i++)
        {
            if (donationsInFen is not null && i < donationsInFen.Length)
            {
                var amount = (donationsInFen[i].Get % 100_000) / 100m + 0.01m;
                service.DonateAsync(new DonateToProgramme(Id, Unit, "U", "单位", amount)).GetAwaiter().GetResult();
                donated += amount;
            }

            if (served is not null && i < served.Length)
            {
                var count = 1 + served[i] % 5;
                var balance = donated - spent;
                try
                {
                    service.RecordDeliveryAsync(new RecordDelivery(Id, Secretary, day, count)).GetAwaiter().GetResult();
                    Assert.True(count * 7.5m <= balance, "a delivery the balance could not pay was accepted");
                    spent += count * 7.5m;
                }
                catch (WorkflowRejectedException ex) when (ex.Code == WorkflowRejectedException.GuardFailedCode)
                {
                    Assert.True(count * 7.5m > balance);
                }

                day = day.PlusDays(1);
            }

            var programme = service.GetAsync(Id).GetAwaiter().GetResult();
            Assert.Equal(donated - spent, programme.Balance);
            Assert.True(programme.Balance >= 0m);
        }
    }

    private ServiceProgrammeService Service(IClock? clock = null, IEventStore? store = null)
    {
        var c = clock ?? _clock;
        var holder = new GridHierarchyHolder(c, Options.Create(new GridGovOptions()));
        holder.Load(XiguGrid.Build());
        return new ServiceProgrammeService(store ?? _store, c, holder, Options.Create(new ServiceProgrammeOptions()), Options.Create(new GridGovOptions()));
    }

    private static StartServiceProgramme Starting(string id, Actor actor)
        => new(id, actor, "阳光早餐", XiguGrid.Xianfeng, [BeneficiaryCategory.EmptyNestElderly, BeneficiaryCategory.DisabledElderly], ProgrammeSchedule.Daily(new LocalTime(8, 0)), Criteria);

    private static Task Start(ServiceProgrammeService service) => service.StartAsync(Starting(Id, Secretary));

    private static ChooseProgrammeProvider Provider(decimal price)
        => new(Id, Secretary, "老街坊早餐店", price, Criteria.ToDictionary(c => c, c => "社工委主任实地察看: " + c));

    private static async Task Refused(string code, Func<Task> act)
    {
        var ex = await Assert.ThrowsAsync<ServiceProgrammeException>(act);
        Assert.Equal(code, ex.Code);
    }
}
