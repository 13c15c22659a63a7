using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// 枫桥经验: an issue starts at the lowest node that can handle its category over its place, moves
/// up one level at a time when it must (by hand, or automatically when its deadline passed) and back
/// down; the chain of handling nodes is kept. The district is D → S1 → C1 → Q1 → B1, with the
/// governance grids C1 → G1 → G2 → U1 → Z1 beside the compound.
/// </summary>
public sealed class IssueEscalationTests
{
    // ---- Handling level from the category ----

    [Theory]
    [InlineData("environment", "B1", "Q1")]         // compound level: the building's compound
    [InlineData("neighbour-dispute", "B1", "B1")]   // building level: the building itself
    [InlineData("environment", "Z1", "G2")]         // a second-level grid stands for the compound level
    [InlineData("neighbour-dispute", "Z1", "U1")]   // a third-level grid stands for the building level
    [InlineData("housing", "B1", "S1")]             // street level
    [InlineData("public-security", "B1", "C1")]     // community level
    [InlineData("unlisted-category", "B1", "C1")]   // the fallback rule: community level
    [InlineData("environment", "C2", "C2")]         // a place above the level is handled where it is
    [InlineData("housing", "D", "D")]
    public async Task Report_Category_StartsAtTheNearestNodeOfItsHandlingLevel(string category, string place, string expected)
    {
        using var host = new IssueTestHost();

        var issue = await host.ReportAsync(category, place);

        Assert.Equal(expected, issue.HandlingNodeCode);
        Assert.Equal([expected], issue.LevelChain.ToArray());
        Assert.Equal(place, issue.PlaceCode);
    }

    [Fact]
    public async Task Report_WithASubtreeRuleSet_UsesThatSubtreesHandlingLevel()
    {
        var streetRules = IssueRuleSet.Default.WithCategory(
            new IssueCategoryRule("environment", HandlingLevel.Community, IssueStageLimits.DefaultNormal, IssueStageLimits.DefaultUrgent)) with { Version = 2 };
        using var host = new IssueTestHost(b => b.ConfigureIssues(o => o.RulesBySubtree["S1"] = streetRules));

        var inS1 = await host.ReportAsync("environment", "B1");
        var inS2 = await host.ReportAsync("environment", "C2");

        Assert.Equal("C1", inS1.HandlingNodeCode);
        Assert.Equal(2, inS1.RuleSetVersion);
        Assert.Equal("C2", inS2.HandlingNodeCode);
        Assert.Equal(1, inS2.RuleSetVersion);
    }

    // ---- Manual escalation ----

    [Fact]
    public async Task Escalate_RepeatedlyFromTheCompound_ClimbsOneLevelAtATimeToTheDistrict()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        foreach (var expected in new[] { "C1", "S1", "D" })
        {
            issue = await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "需上级协调" });
            Assert.Equal(expected, issue.HandlingNodeCode);
        }

        Assert.Equal(["Q1", "C1", "S1", "D"], issue.LevelChain.ToArray());
        Assert.Equal(IssueState.Accepted, issue.State);
    }

    [Fact]
    public async Task Escalate_FromTheSecondLevelGrid_SkipsThePrimaryGridToTheCommunity()
    {
        // G1 (a first-level grid) stands for no handling level, so the next level above G2 is C1.
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync("environment", "Z1");

        var after = await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "网格无法解决" });

        Assert.Equal("C1", after.HandlingNodeCode);
        Assert.Equal(["G2", "C1"], after.LevelChain.ToArray());
    }

    [Fact]
    public async Task Deescalate_AfterTwoEscalations_GoesBackDownTheSameChain()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "升级" });
        await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "再升级" });

        var once = await host.DoAsync(new DeescalateIssue(issue.Id, Secretary) { Reason = "交回社区" });
        var twice = await host.DoAsync(new DeescalateIssue(issue.Id, Secretary) { Reason = "交回小区" });

        Assert.Equal("C1", once.HandlingNodeCode);
        Assert.Equal(["Q1", "C1"], once.LevelChain.ToArray());
        Assert.Equal("Q1", twice.HandlingNodeCode);
        Assert.Equal(["Q1"], twice.LevelChain.ToArray());
        Assert.Equal(IssueState.InProgress, twice.State);
        var changes = (await host.StreamAsync(issue.Id)).Select(r => r.Payload).OfType<IssueLevelChanged>().ToArray();
        Assert.Equal(
            [("Q1", "C1", true), ("C1", "S1", true), ("S1", "C1", false), ("C1", "Q1", false)],
            changes.Select(c => (c.FromNodeCode, c.ToNodeCode, c.Up)).ToArray());
    }

    [Fact]
    public async Task Escalate_InProgress_RestartsTheResolveClockAtTheNewLevel()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        host.Clock.Reset(Instant.FromUtc(2026, 3, 4, 2, 0)); // Wednesday 10:00

        var after = await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "升级" });

        Assert.Equal(Instant.FromUtc(2026, 3, 13, 16, 0), after.Deadline); // 7 working days after Wednesday
    }

    // ---- Automatic escalation ----

    [Fact]
    public async Task EscalateOverdue_BeforeTheDeadline_EscalatesNothing()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        host.Clock.Reset(issue.Deadline!.Value - Duration.FromMinutes(1));
        var count = host.EventCount();

        var escalated = await host.Service.EscalateOverdueAsync();

        Assert.Empty(escalated);
        Assert.Equal(count, host.EventCount());
    }

    [Fact]
    public async Task EscalateOverdue_AfterTheDeadlinePassed_EscalatesOneLevelAsTheSystem()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 16, 0), issue.Deadline); // end of Tuesday
        host.Clock.Reset(Instant.FromUtc(2026, 3, 4, 1, 0)); // Wednesday 09:00

        var escalated = await host.Service.EscalateOverdueAsync();

        var result = Assert.Single(escalated);
        Assert.False(result.WasDuplicate);
        var recorded = Assert.Single(result.Events);
        var change = Assert.IsType<IssueLevelChanged>(recorded.Payload);
        Assert.Equal("Q1", change.FromNodeCode);
        Assert.Equal("C1", change.ToNodeCode);
        Assert.True(change.Automatic);
        Assert.True(change.Up);
        Assert.Equal(Actor.System, recorded.Metadata.Actor);
        Assert.Equal(host.Now(), recorded.Metadata.At);
        Assert.False(string.IsNullOrWhiteSpace(recorded.Metadata.Reason));
        Assert.Equal(IssueWorkflow.DefinitionVersion, recorded.Metadata.DefinitionVersion);
        var after = await host.Service.GetAsync(issue.Id);
        Assert.Equal("C1", after.HandlingNodeCode);
        Assert.Equal(["Q1", "C1"], after.LevelChain.ToArray());
        Assert.Equal(IssueState.Reported, after.State);
        Assert.Equal(Instant.FromUtc(2026, 3, 5, 16, 0), after.Deadline); // a fresh accept limit at the new level
    }

    [Fact]
    public async Task EscalateOverdue_CalledTwiceWithoutTheClockMoving_EscalatesOnce()
    {
        using var host = new IssueTestHost();
        await host.ReportAsync();
        host.Clock.Advance(Duration.FromDays(3));

        var first = await host.Service.EscalateOverdueAsync();
        var second = await host.Service.EscalateOverdueAsync();

        Assert.Single(first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task EscalateOverdue_KeepsGoing_StopsAtTheRoot()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        var rounds = new List<int>();

        for (var round = 0; round < 6; round++)
        {
            host.Clock.Advance(Duration.FromDays(10));
            rounds.Add((await host.Service.EscalateOverdueAsync()).Count);
        }

        Assert.Equal([1, 1, 1, 0, 0, 0], rounds);
        var after = await host.Service.GetAsync(issue.Id);
        Assert.Equal("D", after.HandlingNodeCode);
        Assert.Equal(["Q1", "C1", "S1", "D"], after.LevelChain.ToArray());
        Assert.Contains(host.Service.ReadModel.FindOverdue(host.Now()), e => e.IssueId == issue.Id); // still overdue, nowhere to go
        var changes = (await host.StreamAsync(issue.Id)).Where(r => r.Payload is IssueLevelChanged).ToArray();
        Assert.All(changes, r => Assert.Equal(Actor.System, r.Metadata.Actor));
        Assert.All(changes, r => Assert.True(((IssueLevelChanged)r.Payload).Automatic));
    }

    [Fact]
    public async Task EscalateOverdue_LeavesClosedSuspendedAndNotYetDueIssuesAlone()
    {
        using var host = new IssueTestHost();
        var closed = await host.ClosedAsync();
        var suspended = await host.SuspendedAsync();
        var overdue = await host.ReportAsync();
        host.Clock.Reset(Instant.FromUtc(2026, 3, 4, 1, 0)); // past the accept deadline, before the resolve deadline
        var fresh = await host.ReportAsync();

        var escalated = await host.Service.EscalateOverdueAsync();

        Assert.Equal([overdue.Id], escalated.Select(r => r.Issue.Id).ToArray());
        Assert.Equal("Q1", (await host.Service.GetAsync(closed.Id)).HandlingNodeCode);
        Assert.Equal("Q1", (await host.Service.GetAsync(suspended.Id)).HandlingNodeCode);
        Assert.Equal("Q1", (await host.Service.GetAsync(fresh.Id)).HandlingNodeCode);
    }

    [Fact]
    public async Task EscalateOverdue_OverdueResolvedIssue_IsSkippedBecauseResolvedIssuesDoNotEscalate()
    {
        using var host = new IssueTestHost();
        var resolved = await host.ResolvedAsync();
        host.Clock.Advance(Duration.FromDays(10));
        Assert.Contains(host.Service.ReadModel.FindOverdue(host.Now()), e => e.IssueId == resolved.Id);

        var escalated = await host.Service.EscalateOverdueAsync();

        Assert.Empty(escalated);
        Assert.Equal(resolved.Version, (await host.Service.GetAsync(resolved.Id)).Version);
    }

    [Fact]
    public async Task Deescalate_AfterAnAutomaticEscalation_HandsItBackByHand()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        host.Clock.Advance(Duration.FromDays(3));
        await host.Service.EscalateOverdueAsync();

        var after = await host.DoAsync(new DeescalateIssue(issue.Id, Secretary) { Reason = "交回小区" });

        Assert.Equal("Q1", after.HandlingNodeCode);
        var last = await host.LastEventAsync(issue.Id);
        Assert.False(((IssueLevelChanged)last.Payload).Automatic);
        Assert.Equal(Secretary, last.Metadata.Actor);
    }
}
