using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>
/// Mediation rules by subtree and by version: a case keeps the version it was opened under, a manager publishes a new
/// one and migrates unended cases, and the dry run predicts exactly what the migration records (FsCheck).
/// </summary>
public sealed class MediationVersionTests
{
    private static readonly Actor Admin = new("adm-1", "区管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("D")] };

    private static MediationOptions Uniform(int version, TimeLimit limit)
    {
        var options = new MediationOptions { Version = version, FallbackLimit = limit };
        foreach (var level in options.LevelLimits.Keys.ToList())
        {
            options.LevelLimits[level] = limit;
        }

        return options;
    }

    private static MediationTestHost Host(TimeLimit v1, TimeLimit v2, string scope) => new(b => b.ConfigureMediation(o =>
    {
        foreach (var level in o.LevelLimits.Keys.ToList())
        {
            o.LevelLimits[level] = v1;
        }

        o.FallbackLimit = v1;
        o.VersionsBySubtree[scope] = [Uniform(2, v2)];
    }));

    [Fact]
    public async Task OpenAsync_SubtreeWithItsOwnRules_UsesThemAndRecordsTheirVersion()
    {
        using var host = new MediationTestHost(b => b.ConfigureMediation(o => o.RulesBySubtree["Q1"] = Uniform(7, TimeLimit.Hours(4))));

        var inQ1 = await host.OpenDrainAsync("M1", place: "B1");
        var elsewhere = await host.OpenDrainAsync("M2", place: "C2", actor: StreetCadre);

        Assert.Equal((7, Start + Duration.FromHours(4)), (inQ1.RuleSetVersion, inQ1.Deadline));
        Assert.Equal(1, elsewhere.RuleSetVersion);
        Assert.Equal(TimeLimit.WorkingDays(10).DeadlineFrom(Start, WorkingDayCalendar.ShanghaiWeekdays), elsewhere.Deadline);
    }

    [Fact]
    public async Task PublishRuleSetAsync_CaseOpenedBefore_KeepsItsVersionUntilMigrated()
    {
        using var host = Host(TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(1), "S1");
        var before = await host.OpenDrainAsync("M1");
        await host.Service.PublishRuleSetAsync(new PublishMediationRuleSet(Admin, "S1", 2) { Reason = "街道缩短调解时限" });
        var after = await host.OpenDrainAsync("M2");

        Assert.Equal((1, 2), (before.RuleSetVersion, after.RuleSetVersion));
        Assert.Equal(2, await host.Service.GetRuleSetVersionInForceAsync("B1"));
        Assert.Equal(1, await host.Service.GetRuleSetVersionInForceAsync("S2"));

        // Escalated under v1 still: the community level's limit is v1's.
        await host.SessionAsync("M1", StreetCadre);
        await host.FailAsync("M1", StreetCadre);
        var escalated = (await host.EscalateAsync("M1", StreetCadre)).Aggregate;
        Assert.Equal(TimeLimit.WorkingDays(5).DeadlineFrom(host.Clock.GetCurrentInstant(), WorkingDayCalendar.ShanghaiWeekdays), escalated.Deadline);

        var migrated = await host.Service.MigrateAsync(new MigrateMediationCases(Admin, "S1", 2) { Reason = "在办案件按新时限" });
        var item = Assert.Single(migrated.Migrated.Items);
        Assert.Equal(("M1", 1, 2), (item.CaseId, item.FromVersion, item.ToVersion));
        var now = await host.Service.GetAsync("M1");
        Assert.Equal((2, TimeLimit.WorkingDays(1).DeadlineFrom(escalated.CurrentLevel.Started, WorkingDayCalendar.ShanghaiWeekdays)), (now.RuleSetVersion, now.Deadline));

        // Replay = live: a read model rebuilt from the log holds the same case.
        var rebuilt = new MediationReadModel();
        await rebuilt.CatchUpAsync(host.Store);
        var replayed = rebuilt.Find("M1")!;
        Assert.Equal((now.Version, now.State, now.RuleSetVersion, now.Deadline, now.Levels.Count), (replayed.Version, replayed.State, replayed.RuleSetVersion, replayed.Deadline, replayed.Levels.Count));
    }

    [Fact]
    public async Task MigrateAsync_VersionNotInForce_IsRefusedAndChangesNothing()
    {
        using var host = Host(TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(1), "S1");
        await host.OpenDrainAsync("M1");

        var ex = await Assert.ThrowsAsync<RuleSetRejectedException>(() => host.Service.MigrateAsync(new MigrateMediationCases(Admin, "S1", 2) { Reason = "x" }));

        Assert.Equal(RuleSetRejectedException.VersionNotInForceCode, ex.Code);
        Assert.Equal(1, (await host.Service.GetAsync("M1")).RuleSetVersion);
    }

    [Fact]
    public async Task PublishRuleSetAsync_MediatorWithoutAManagerRole_IsRefusedByTheAccessPolicy()
    {
        using var host = Host(TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(1), "S1");

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.PublishRuleSetAsync(new PublishMediationRuleSet(JinDajie, "S1", 2) { Reason = "x" }));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        Assert.Equal(1, await host.Service.GetRuleSetVersionInForceAsync("B1"));
    }

    // ---- Property: the dry run is what the migration does ----

    public sealed record CaseSpec(string Place, int Fate, int Hours);

    public sealed record Scenario(TimeLimit V1, TimeLimit V2, string Scope, CaseSpec[] Cases)
    {
        public override string ToString() => $"v1 {V1}, v2 {V2} at {Scope}: {string.Join("; ", Cases.Select(c => $"{c.Place} fate {c.Fate} +{c.Hours}h"))}";
    }

    private static readonly Gen<TimeLimit> Limits =
        from unit in Gen.Choose(0, 1)
        from n in Gen.Choose(1, 12)
        select unit == 0 ? TimeLimit.WorkingDays(n) : TimeLimit.Hours(n * 3);

    private static readonly Gen<Scenario> Scenarios =
        from v1 in Limits
        from v2 in Limits
        from scope in Gen.Elements("D", "S1", "C1", "Q1")
        from count in Gen.Choose(1, 6)
        from cases in Gen.ArrayOf(
            from place in Gen.Elements("B1", "B2", "C2")
            from fate in Gen.Choose(0, 3)
            from hours in Gen.Choose(0, 60)
            select new CaseSpec(place, fate, hours), count)
        select new Scenario(v1, v2, scope, cases);

    [Property(MaxTest = 40)]
    public Property DryRun_PredictsExactlyWhatTheMigrationRecords()
        => Prop.ForAll(Arb.From(Scenarios), s => Task.Run(() => DryRunAgreesAsync(s)).GetAwaiter().GetResult());

    private static async Task<bool> DryRunAgreesAsync(Scenario s)
    {
        using var host = Host(s.V1, s.V2, s.Scope);
        var levelStarted = new Dictionary<string, Instant>();
        for (var i = 0; i < s.Cases.Length; i++)
        {
            var spec = s.Cases[i];
            var id = $"M{i}";
            host.Clock.Advance(Duration.FromHours(spec.Hours) + Duration.FromMinutes(11));
            await host.OpenDrainAsync(id, place: spec.Place, actor: StreetCadre);
            levelStarted[id] = host.Clock.GetCurrentInstant();
            if (spec.Fate is 1 or 2)
            {
                host.Clock.Advance(Duration.FromHours(spec.Hours));
                await host.SessionAsync(id, StreetCadre);
                await host.FailAsync(id, StreetCadre);
            }

            if (spec.Fate == 2)
            {
                host.Clock.Advance(Duration.FromHours(1));
                await host.EscalateAsync(id, StreetCadre);
                levelStarted[id] = host.Clock.GetCurrentInstant();
            }

            if (spec.Fate == 3)
            {
                await host.SessionAsync(id, StreetCadre);
                await host.AgreeAsync(id, StreetCadre);
            }
        }

        var before = new Dictionary<string, MediationCase>();
        for (var i = 0; i < s.Cases.Length; i++)
        {
            before[$"M{i}"] = await host.Service.GetAsync($"M{i}");
        }

        await host.Service.PublishRuleSetAsync(new PublishMediationRuleSet(Admin, s.Scope, 2) { Reason = "新版时限" });
        host.Clock.Advance(Duration.FromHours(2));
        var command = new MigrateMediationCases(Admin, s.Scope, 2) { Reason = "迁移" };
        var plan = await host.Service.PlanMigrationAsync(command);
        var result = await host.Service.MigrateAsync(command);

        Assert.Empty(result.Skipped);
        Assert.Equal(plan.Items, result.Migrated.Items);
        Assert.Equal(plan.Items.Count, result.Events.Count);
        for (var i = 0; i < plan.Items.Count; i++)
        {
            var item = plan.Items[i];
            var e = Assert.IsType<MediationRuleSetMigrated>(result.Events[i].Payload);
            Assert.Equal((item.CaseId, item.FromVersion, item.ToVersion, item.OldDeadline, item.NewDeadline), (e.CaseId, e.FromVersion, e.ToVersion, e.OldDeadline, e.NewDeadline));
            Assert.Equal((Admin.Id, "迁移"), (result.Events[i].Metadata.Actor.Id, result.Events[i].Metadata.Reason));
        }

        var hierarchy = host.Territory.Current;
        foreach (var (id, was) in before)
        {
            var now = await host.Service.GetAsync(id);
            var planned = plan.Items.SingleOrDefault(p => p.CaseId == id);
            var expectedIn = hierarchy.IsAncestorOrSelf(s.Scope, was.PlaceCode) && was.State is MediationState.Mediating or MediationState.Failed;
            Assert.Equal(expectedIn, planned is not null);
            if (planned is null)
            {
                Assert.Equal((was.Version, was.RuleSetVersion), (now.Version, now.RuleSetVersion));
                continue;
            }

            var expectedDeadline = was.State == MediationState.Mediating ? s.V2.DeadlineFrom(levelStarted[id], WorkingDayCalendar.ShanghaiWeekdays) : was.CurrentLevel.Deadline;
            Assert.Equal(expectedDeadline, planned.NewDeadline);
            Assert.Equal((was.State, 2, planned.NewDeadline), (now.State, now.RuleSetVersion, now.CurrentLevel.Deadline));
        }

        Assert.Empty((await host.Service.PlanMigrationAsync(command)).Items);
        return true;
    }
}
