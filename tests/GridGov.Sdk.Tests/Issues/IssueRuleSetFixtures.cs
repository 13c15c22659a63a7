using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Time;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>Rule-set versions and issues driven to a stage, for the version and migration tests.</summary>
internal static class IssueRuleSetFixtures
{
    /// <summary>A district administrator over the whole test district.</summary>
    public static Actor Admin { get; } = new("adm-1", "区管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("D")] };

    public static readonly string[] Stages = ["Reported", "Accepted", "Claimed", "InProgress", "Resolved", "Closed", "Suspended", "Extended", "Dispatched", "Returned"];

    /// <summary>A rule set of a version whose every limit is <paramref name="limit"/> (normal and urgent, every category).</summary>
    public static IssueRuleSet Uniform(int version, TimeLimit limit, TimeLimit? resolve = null)
    {
        var limits = new IssueStageLimits(limit, limit, resolve ?? limit, limit);
        return new IssueRuleSet
        {
            Version = version,
            Fallback = new IssueCategoryRule("other", HandlingLevel.Community, limits, limits),
        }.WithCategory(new IssueCategoryRule("environment", HandlingLevel.Compound, limits, limits));
    }

    /// <summary>
    /// Reports an issue and drives it to <paramref name="stage"/> (an index into <see cref="Stages"/>), the clock moving
    /// <paramref name="hours"/> before each step; returns it with the instant its current deadline's limit started
    /// counting (null when none does: closed, suspended, extended) and which stage limit applies.
    /// </summary>
    public static async Task<(Issue Issue, Instant? CountedFrom, Func<IssueStageLimits, TimeLimit>? Limit)> DriveAsync(IssueTestHost host, string place, string category, int stage, int hours)
    {
        void Tick() => host.Clock.Advance(Duration.FromHours(hours) + Duration.FromMinutes(7));
        Tick();
        var issue = await host.ReportAsync(category, place);
        if (stage == 0)
        {
            return (issue, host.Now(), l => l.Accept);
        }

        Tick();
        issue = await host.DoAsync(new AcceptIssue(issue.Id, Secretary));
        if (stage == 1)
        {
            return (issue, host.Now(), l => l.Respond);
        }

        Tick();
        if (stage is 8 or 9)
        {
            issue = await host.DoAsync(new DispatchIssue(issue.Id, Secretary, "PG-CG"));
            if (stage == 8)
            {
                return (issue, host.Now(), l => l.Resolve);
            }

            Tick();
            issue = await host.DoAsync(new ReturnIssue(issue.Id, Department) { Reason = "不属于本单位职责" });
            return (issue, host.Now(), l => l.Respond);
        }

        issue = await host.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));
        var claimedAt = host.Now();
        switch (stage)
        {
            case 2:
                return (issue, claimedAt, l => l.Resolve);
            case 6:
                Tick();
                return (await host.DoAsync(new SuspendIssue(issue.Id, Secretary, SuspensionKind.Deferred) { Reason = "等待维修资金" }), null, null);
            case 7:
                Tick();
                return (await host.DoAsync(new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value + Duration.FromDays(3), Secretary) { Reason = "材料未到" }), null, null);
        }

        Tick();
        issue = await host.DoAsync(new StartWork(issue.Id, PartyMember));
        if (stage == 3)
        {
            return (issue, claimedAt, l => l.Resolve);
        }

        Tick();
        issue = await host.DoAsync(new ResolveIssue(issue.Id, PartyMember, "清理完毕", ["photo-1"]));
        if (stage == 4)
        {
            return (issue, host.Now(), l => l.Verify);
        }

        Tick();
        return (await host.DoAsync(new VerifyIssue(issue.Id, Worker)), null, null);
    }
}
