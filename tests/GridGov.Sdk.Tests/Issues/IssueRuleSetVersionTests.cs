using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueRuleSetFixtures;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>Publishing issue rule-set versions and migrating open issues: every refusal code, the audit, replay.</summary>
public sealed class IssueRuleSetVersionTests
{
    private static readonly IssueRuleSet V1 = Uniform(1, TimeLimit.WorkingDays(5));
    private static readonly IssueRuleSet V2 = Uniform(2, TimeLimit.WorkingDays(2));
    private static readonly IssueRuleSet V3 = Uniform(3, TimeLimit.WorkingDays(1));

    private static IssueTestHost Host() => new(b => b.ConfigureIssues(o =>
    {
        o.Rules = V1;
        o.VersionsBySubtree["S1"] = [V2, V3];
    }));

    private static PublishIssueRuleSet Publish(int version, Actor? actor = null, string subtree = "S1", string? reason = "缩短时限")
        => new(actor ?? Admin, subtree, version) { Reason = reason };

    private static MigrateIssues Migrate(int version, Actor? actor = null, string subtree = "S1", string? reason = "在办问题按新时限")
        => new(actor ?? Admin, subtree, version) { Reason = reason };

    [Fact]
    public async Task PublishRuleSetAsync_NewerVersion_IsRecordedWithWhoWhenWhyAndTakesEffectForNewIssuesThere()
    {
        using var host = Host();

        var published = await host.Service.PublishRuleSetAsync(Publish(2));

        Assert.Equal(new RuleSetPublished(RuleSetAreas.Issues, "S1", 1, 2), published);
        var stream = await host.Store().ReadStreamAsync(RuleSetAreas.StreamIdOf(RuleSetAreas.Issues));
        var recorded = Assert.Single(stream);
        Assert.Equal((Admin.Id, "缩短时限", host.Now()), (recorded.Metadata.Actor.Id, recorded.Metadata.Reason, recorded.Metadata.At));
        Assert.Equal(2, (await host.Service.GetRuleSetInForceAsync("B1")).Version);
        Assert.Equal(1, (await host.Service.GetRuleSetInForceAsync("C2")).Version);
        Assert.Equal(2, (await host.ReportAsync(place: "B1")).RuleSetVersion);
        Assert.Equal(1, (await host.ReportAsync(place: "C2")).RuleSetVersion);
    }

    [Fact]
    public async Task PublishRuleSetAsync_NoReason_IsRefusedAsInvalidCommand()
        => await AssertRefusedAsync(RuleSetRejectedException.InvalidCommandCode, s => s.PublishRuleSetAsync(Publish(2, reason: " ")));

    [Fact]
    public async Task MigrateAsync_NoActor_IsRefusedAsInvalidCommand()
        => await AssertRefusedAsync(RuleSetRejectedException.InvalidCommandCode, s => s.MigrateAsync(new MigrateIssues(null!, "S1", 1) { Reason = "x" }));

    [Fact]
    public async Task PublishRuleSetAsync_UnknownPlace_IsRefused()
        => await AssertRefusedAsync(RuleSetRejectedException.PlaceUnknownCode, s => s.PublishRuleSetAsync(Publish(2, actor: Everywhere, subtree: "NOPE")));

    [Fact]
    public async Task PublishRuleSetAsync_VersionNotConfiguredForTheSubtree_IsRefused()
        => await AssertRefusedAsync(RuleSetRejectedException.VersionUnknownCode, s => s.PublishRuleSetAsync(Publish(2, subtree: "S2")));

    [Fact]
    public async Task PublishRuleSetAsync_VersionNotNewer_IsRefused()
    {
        using var host = Host();
        await host.Service.PublishRuleSetAsync(Publish(3));

        await AssertRefusedAsync(host, RuleSetRejectedException.VersionNotNewerCode, s => s.PublishRuleSetAsync(Publish(2)));
    }

    [Fact]
    public async Task PlanMigrationAsync_VersionNotInForce_IsRefused()
        => await AssertRefusedAsync(RuleSetRejectedException.VersionNotInForceCode, s => s.PlanMigrationAsync(Migrate(2)));

    [Fact]
    public async Task PublishRuleSetAsync_ActorWithoutAManagerRole_IsRefusedByTheAccessPolicy()
        => await AssertRefusedAsync(AccessDeniedException.RoleMissingCode, s => s.PublishRuleSetAsync(Publish(2, actor: Secretary)), security: true);

    [Fact]
    public async Task MigrateAsync_ManagerOfAnotherStreet_IsRefusedAsOutOfScope()
    {
        var otherStreet = new Actor("adm-s2", "先锋路管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("S2")] };

        await AssertRefusedAsync(AccessDeniedException.OutOfScopeCode, s => s.MigrateAsync(Migrate(1, actor: otherStreet)), security: true);
    }

    [Fact]
    public async Task MigrateAsync_AfterPublication_ReplayFromTheLogGivesTheSameIssues()
    {
        using var host = Host();
        var reported = await host.ReportAsync(place: "B1");
        var accepted = await host.AcceptedAsync(place: "C1");
        var claimed = await host.ClaimedAsync(place: "U1");
        var elsewhere = await host.AcceptedAsync(place: "C2");
        host.Clock.Advance(Duration.FromHours(3));
        await host.Service.PublishRuleSetAsync(Publish(2));
        var result = await host.Service.MigrateAsync(Migrate(2));

        Assert.Equal([reported.Id, accepted.Id, claimed.Id], result.Migrated.Items.Select(i => i.IssueId));
        Assert.All(result.Migrated.Items, i => Assert.True(i.ChangesDeadline));
        Assert.Equal(V2.Fallback.Normal.Respond.DeadlineFrom(accepted.AcceptedAt!.Value, V2.Calendar), (await host.Service.GetAsync(accepted.Id)).RespondDeadline);

        // A second node over the same store (a restart): issues folded from the log, read model rebuilt, versions reloaded.
        var readModel = new IssueReadModel();
        await readModel.ReplayAsync(host.Store());
        var restarted = new IssueService(host.Store(), host.Clock, host.Territory, host.Get<IssueWorkflow>(), readModel, host.Get<IOptions<IssueOptions>>(), [], NullLogger<IssueService>.Instance);
        foreach (var id in new[] { reported.Id, accepted.Id, claimed.Id, elsewhere.Id })
        {
            var live = await host.Service.GetAsync(id);
            var replayed = await restarted.GetAsync(id);
            Assert.Equal(Facts(live), Facts(replayed));
        }

        Assert.Equal(host.Service.ReadModel.FindDueWithin(host.Now(), Duration.FromDays(30)), readModel.FindDueWithin(host.Now(), Duration.FromDays(30)));
        Assert.Equal(2, (await restarted.GetRuleSetInForceAsync("B1")).Version);
        Assert.Equal(2, (await restarted.ReportAsync(new ReportIssue(Worker, "environment", IssuePriority.Normal, IssueSource.GridPatrol, "B1", "重启后", "新问题"))).Issue.RuleSetVersion);
    }

    [Fact]
    public async Task PublishRuleSetAsync_OnAnotherNode_IsSeenOnceItsReadModelHasTheEvent()
    {
        using var host = Host();
        var readModel = new IssueReadModel();
        var other = new IssueService(host.Store(), host.Clock, host.Territory, host.Get<IssueWorkflow>(), readModel, host.Get<IOptions<IssueOptions>>(), [], NullLogger<IssueService>.Instance);
        Assert.Equal(1, (await other.GetRuleSetInForceAsync("B1")).Version);

        await host.Service.PublishRuleSetAsync(Publish(2));
        await readModel.CatchUpAsync(host.Store());

        Assert.Equal(2, (await other.GetRuleSetInForceAsync("B1")).Version);
    }

    [Fact]
    public void Validate_SameVersionInTwoSubtrees_IsAllowedButNotTwiceInOne()
    {
        var options = new IssueOptions { Rules = V1 };
        options.VersionsBySubtree["S1"] = [V2];
        options.VersionsBySubtree["S2"] = [V2 with { MaxExtensions = 5 }];
        Assert.Empty(options.Validate());

        options.VersionsBySubtree["S1"].Add(V2 with { MaxExtensions = 9 });
        Assert.Contains(options.Validate(), e => e.Contains("subtree 'S1' carry version 2", StringComparison.Ordinal));
    }

    private static readonly Actor Everywhere = new("adm-all", "市管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

    private static object Facts(Issue i) => (i.Version, i.State, i.RuleSetVersion, i.Deadline, i.DeadlineCountedFrom, i.RespondDeadline, i.ResolveDeadline);

    private static async Task AssertRefusedAsync(string code, Func<IssueService, Task> act, bool security = false)
    {
        using var host = Host();
        await AssertRefusedAsync(host, code, act, security);
    }

    private static async Task AssertRefusedAsync(IssueTestHost host, string code, Func<IssueService, Task> act, bool security = false)
    {
        var open = await host.AcceptedAsync(place: "B1");
        var before = host.EventCount();
        var inForce = (await host.Service.GetRuleSetInForceAsync("B1")).Version;

        var ex = await Assert.ThrowsAnyAsync<GridGovException>(() => act(host.Service));

        Assert.Equal(code, ex.Code);
        // Nothing changed: no event but the security log's refusal, the same version in force, the issue untouched.
        Assert.Equal(before + (security ? 1 : 0), host.EventCount());
        Assert.Equal(inForce, (await host.Service.GetRuleSetInForceAsync("B1")).Version);
        Assert.Equal(open.Version, (await host.Service.GetAsync(open.Id)).Version);
    }
}
