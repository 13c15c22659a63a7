using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Time;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueRuleSetFixtures;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// Properties of rule-set versions over random open issues and random new versions: a migration's dry run predicts
/// exactly what the migration records and what the issues become, and an issue reported under v1 keeps v1's limits
/// after v2 is published until it is migrated.
/// </summary>
public sealed class IssueMigrationProperties
{
    public sealed record ItemSpec(string Place, string Category, int Stage, int Hours);

    public sealed record Scenario(TimeLimit V1, TimeLimit V2, TimeLimit V2Resolve, string Scope, ItemSpec[] Items)
    {
        public override string ToString() => $"v1 {V1}, v2 {V2}/{V2Resolve} at {Scope}: {string.Join("; ", Items.Select(i => $"{i.Category}@{i.Place} {Stages[i.Stage]} +{i.Hours}h"))}";
    }

    private static readonly Gen<TimeLimit> Limits =
        from unit in Gen.Choose(0, 1)
        from n in Gen.Choose(1, 12)
        select unit == 0 ? TimeLimit.WorkingDays(n) : TimeLimit.Hours(n * 3);

    private static readonly Gen<ItemSpec> Items =
        from place in Gen.Elements("B1", "Q1", "C1", "U1", "C2")
        from category in Gen.Elements("environment", "other")
        from stage in Gen.Choose(0, Stages.Length - 1)
        from hours in Gen.Choose(0, 40)
        select new ItemSpec(place, category, stage, hours);

    private static readonly Gen<Scenario> Scenarios =
        from v1 in Limits
        from v2 in Limits
        from v2Resolve in Limits
        from scope in Gen.Elements("D", "S1", "C1")
        from count in Gen.Choose(1, 8)
        from items in Gen.ArrayOf(Items, count)
        select new Scenario(v1, v2, v2Resolve, scope, items);

    [Property(MaxTest = 60)]
    public Property DryRun_PredictsExactlyWhatTheMigrationRecords()
        => Prop.ForAll(Arb.From(Scenarios), scenario => Task.Run(() => DryRunAgreesAsync(scenario)).GetAwaiter().GetResult());

    [Property(MaxTest = 40)]
    public Property IssueReportedUnderV1_KeepsV1AfterV2IsPublished_UntilMigrated()
        => Prop.ForAll(Arb.From(Scenarios), scenario => Task.Run(() => KeepsItsVersionAsync(scenario)).GetAwaiter().GetResult());

    private static IssueTestHost HostFor(Scenario s) => new(b => b.ConfigureIssues(o =>
    {
        o.Rules = Uniform(1, s.V1);
        o.VersionsBySubtree[s.Scope] = [Uniform(2, s.V2, s.V2Resolve)];
    }));

    private static bool InScope(IssueTestHost host, Scenario s, string place) => host.Territory.Current.IsAncestorOrSelf(s.Scope, place);

    private static async Task<bool> DryRunAgreesAsync(Scenario s)
    {
        using var host = HostFor(s);
        var driven = new List<(Issue Issue, Instant? CountedFrom, Func<IssueStageLimits, TimeLimit>? Limit)>();
        foreach (var item in s.Items)
        {
            driven.Add(await DriveAsync(host, item.Place, item.Category, item.Stage, item.Hours));
        }

        await host.Service.PublishRuleSetAsync(new PublishIssueRuleSet(Admin, s.Scope, 2) { Reason = "区里缩短办结时限" });
        host.Clock.Advance(Duration.FromHours(5));
        var command = new MigrateIssues(Admin, s.Scope, 2) { Reason = "在办问题按新时限" };
        var plan = await host.Service.PlanMigrationAsync(command);
        var eventsBefore = host.EventCount();
        var result = await host.Service.MigrateAsync(command);

        // The dry run is what happened: the same items, one event each, saying the same, and nothing else recorded.
        Assert.Empty(result.Skipped);
        Assert.Equal(plan.Items, result.Migrated.Items);
        Assert.Equal(plan.Items.Count, result.Events.Count);
        Assert.Equal(eventsBefore + plan.Items.Count, host.EventCount());
        var v2 = Uniform(2, s.V2, s.V2Resolve);
        for (var i = 0; i < plan.Items.Count; i++)
        {
            var item = plan.Items[i];
            var recorded = result.Events[i];
            var e = Assert.IsType<IssueRuleSetMigrated>(recorded.Payload);
            Assert.Equal((item.IssueId, item.FromVersion, item.ToVersion, item.OldDeadline, item.NewDeadline, item.State, item.State), (e.IssueId, e.FromVersion, e.ToVersion, e.OldDeadline, e.Deadline, e.From, e.To));
            Assert.Equal((Admin.Id, "在办问题按新时限", host.Now()), (recorded.Metadata.Actor.Id, recorded.Metadata.Reason, recorded.Metadata.At));
            var after = await host.Service.GetAsync(item.IssueId);
            Assert.Equal((item.State, item.NewDeadline, 2), (after.State, after.Deadline, after.RuleSetVersion));
        }

        // Exactly the unclosed issues of the subtree move; their new deadline is v2's limit of the stage, counted from
        // when the stage's clock started (checked against what the driver saw, not the service's own arithmetic).
        foreach (var (issue, countedFrom, limit) in driven)
        {
            var expectedIn = InScope(host, s, issue.PlaceCode) && issue.State is not (IssueState.Closed or IssueState.Rejected or IssueState.Merged);
            var planned = plan.Items.SingleOrDefault(p => p.IssueId == issue.Id);
            Assert.Equal(expectedIn, planned is not null);
            var now = await host.Service.GetAsync(issue.Id);
            if (planned is null)
            {
                Assert.Equal((issue.Deadline, 1), (now.Deadline, now.RuleSetVersion));
                continue;
            }

            var expected = countedFrom is { } from && limit is not null ? limit(v2.RuleFor(issue.Category).Normal).DeadlineFrom(from, v2.Calendar) : issue.Deadline;
            Assert.Equal(expected, planned.NewDeadline);
        }

        // A second dry run finds nothing left to move.
        Assert.Empty((await host.Service.PlanMigrationAsync(command)).Items);
        return true;
    }

    private static async Task<bool> KeepsItsVersionAsync(Scenario s)
    {
        using var host = HostFor(s);
        var place = s.Items[0].Place;
        var category = s.Items[0].Category;
        var old = await host.ReportAsync(category, place);
        await host.Service.PublishRuleSetAsync(new PublishIssueRuleSet(Admin, s.Scope, 2) { Reason = "新版时限" });
        var fresh = await host.ReportAsync(category, place);
        var inScope = InScope(host, s, place);
        Assert.Equal(inScope ? 2 : 1, fresh.RuleSetVersion);
        Assert.Equal(1, old.RuleSetVersion);

        // The old issue's next stage still uses v1's limits; the new one's uses what is in force at its place.
        host.Clock.Advance(Duration.FromHours(s.Items[0].Hours));
        var oldAccepted = await host.DoAsync(new AcceptIssue(old.Id, Secretary));
        var freshAccepted = await host.DoAsync(new AcceptIssue(fresh.Id, Secretary));
        var v1 = Uniform(1, s.V1);
        var v2 = Uniform(2, s.V2, s.V2Resolve);
        Assert.Equal(s.V1.DeadlineFrom(host.Now(), v1.Calendar), oldAccepted.Deadline);
        Assert.Equal((inScope ? s.V2 : s.V1).DeadlineFrom(host.Now(), v2.Calendar), freshAccepted.Deadline);
        Assert.Equal(1, oldAccepted.RuleSetVersion);

        // Until migrated: then it is under v2, and its next stage takes v2's limits.
        var migrated = await host.Service.MigrateAsync(new MigrateIssues(Admin, s.Scope, 2) { Reason = "迁移" });
        Assert.Equal(inScope ? [old.Id] : Array.Empty<IssueId>(), migrated.Migrated.Items.Select(i => i.IssueId).ToArray());
        if (inScope)
        {
            var claimed = await host.DoAsync(new ClaimIssue(old.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));
            Assert.Equal((2, s.V2Resolve.DeadlineFrom(host.Now(), v2.Calendar)), (claimed.RuleSetVersion, claimed.Deadline));
        }

        return true;
    }
}
