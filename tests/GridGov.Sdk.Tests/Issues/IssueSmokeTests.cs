using GridGov.Sdk.Issues;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Tests.Issues;

public sealed class IssueSmokeTests
{
    [Fact]
    public async Task FullLifecycle_ReportToRatedClose_RecordsEveryStep()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        Assert.Equal("Q1", issue.HandlingNodeCode);
        var s = host.Service;
        await s.ExecuteAsync(new AcceptIssue(issue.Id, IssueTestHost.Secretary));
        await s.ExecuteAsync(new ClaimIssue(issue.Id, IssueTestHost.Secretary, IssueTestHost.PartyMember.Id, ClaimantKind.PartyMember));
        host.Clock.Advance(Duration.FromHours(2));
        await s.ExecuteAsync(new StartWork(issue.Id, IssueTestHost.PartyMember));
        await s.ExecuteAsync(new ResolveIssue(issue.Id, IssueTestHost.PartyMember, "清理完毕", ["photo-1"]));
        await s.ExecuteAsync(new VerifyIssue(issue.Id, IssueTestHost.Worker));
        var rated = await s.ExecuteAsync(new RateIssue(issue.Id, IssueTestHost.Resident, IssueRating.Satisfied));
        Assert.Equal(IssueState.Closed, rated.Issue.State);
        Assert.Equal(IssueRating.Satisfied, rated.Issue.Rating);
        Assert.Equal(7, rated.Issue.Version);
        var indicators = s.ReadModel.Compute(host.Territory.Current, "D", new Interval(null, null));
        Assert.Equal(1, indicators.Found);
        Assert.Equal(1, indicators.Resolved);
        Assert.Equal(1, indicators.ClosedOnTime);
    }

    [Fact]
    public async Task Verify_BySameActorWhoResolved_IsRefusedWithUnmetGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        var s = host.Service;
        await s.ExecuteAsync(new AcceptIssue(issue.Id, IssueTestHost.Secretary));
        await s.ExecuteAsync(new ClaimIssue(issue.Id, IssueTestHost.Secretary, IssueTestHost.Worker.Id, ClaimantKind.PartyMember));
        await s.ExecuteAsync(new StartWork(issue.Id, IssueTestHost.Worker));
        await s.ExecuteAsync(new ResolveIssue(issue.Id, IssueTestHost.Worker, "done", []));
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => s.ExecuteAsync(new VerifyIssue(issue.Id, IssueTestHost.Worker)));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Contains(IssueWorkflow.IndependentVerifierGuard, ex.UnmetGuards);
    }

    [Fact]
    public void Workflow_ExportsDotAndMermaid()
    {
        var workflow = new IssueWorkflow();
        Assert.Contains("digraph", workflow.ToDotGraph());
        Assert.Contains("stateDiagram", workflow.ToMermaidGraph());
    }
}
