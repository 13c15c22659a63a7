using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// Drives an issue of an <see cref="IssueTestHost"/> to a given state along the usual path, and reads
/// back what the store recorded. Actors: the worker reports (for the resident <c>r-1</c>), the secretary
/// accepts and dispatches, the party member claims and resolves, the worker verifies, the department returns.
/// </summary>
internal static class IssueTestSteps
{
    public static Actor Worker => IssueTestHost.Worker;

    public static Actor Resident => IssueTestHost.Resident;

    public static Actor Secretary => IssueTestHost.Secretary;

    public static Actor PartyMember => IssueTestHost.PartyMember;

    public static Actor Department => IssueTestHost.Department;

    public static Instant Now(this IssueTestHost host) => host.Clock.GetCurrentInstant();

    public static IEventStore Store(this IssueTestHost host) => host.Get<IEventStore>();

    /// <summary>Gets the number of events in the whole store.</summary>
    public static long EventCount(this IssueTestHost host) => ((InMemoryEventStore)host.Store()).Count;

    public static async Task<IReadOnlyList<RecordedEvent>> StreamAsync(this IssueTestHost host, IssueId id)
        => await host.Store().ReadStreamAsync(id.StreamId);

    public static async Task<RecordedEvent> LastEventAsync(this IssueTestHost host, IssueId id)
        => (await host.StreamAsync(id))[^1];

    public static async Task<Issue> DoAsync(this IssueTestHost host, IssueCommand command)
        => (await host.Service.ExecuteAsync(command)).Issue;

    public static async Task<Issue> AcceptedAsync(this IssueTestHost host, string category = "environment", string place = "B1")
    {
        var issue = await host.ReportAsync(category, place);
        return await host.DoAsync(new AcceptIssue(issue.Id, Secretary));
    }

    public static async Task<Issue> ClaimedAsync(this IssueTestHost host, string category = "environment", string place = "B1")
    {
        var issue = await host.AcceptedAsync(category, place);
        return await host.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));
    }

    public static async Task<Issue> DispatchedAsync(this IssueTestHost host, string grid = "PG-CG", string category = "environment", string place = "B1")
    {
        var issue = await host.AcceptedAsync(category, place);
        return await host.DoAsync(new DispatchIssue(issue.Id, Secretary, grid));
    }

    public static async Task<Issue> ReturnedAsync(this IssueTestHost host, string grid = "PG-CG")
    {
        var issue = await host.DispatchedAsync(grid);
        return await host.DoAsync(new ReturnIssue(issue.Id, Department) { Reason = "不属于本单位职责" });
    }

    /// <summary>Claimed by the party member, who started work.</summary>
    public static async Task<Issue> InProgressAsync(this IssueTestHost host, string category = "environment", string place = "B1")
    {
        var issue = await host.ClaimedAsync(category, place);
        return await host.DoAsync(new StartWork(issue.Id, PartyMember));
    }

    /// <summary>Resolved by the party member.</summary>
    public static async Task<Issue> ResolvedAsync(this IssueTestHost host, string category = "environment", string place = "B1")
    {
        var issue = await host.InProgressAsync(category, place);
        return await host.DoAsync(new ResolveIssue(issue.Id, PartyMember, "清理完毕", ["photo-1"]));
    }

    /// <summary>Resolved by the party member and verified by the worker.</summary>
    public static async Task<Issue> ClosedAsync(this IssueTestHost host, string category = "environment", string place = "B1")
    {
        var issue = await host.ResolvedAsync(category, place);
        return await host.DoAsync(new VerifyIssue(issue.Id, Worker));
    }

    /// <summary>Closed and rated by the reporting resident.</summary>
    public static async Task<Issue> RatedAsync(this IssueTestHost host, IssueRating rating)
    {
        var issue = await host.ClosedAsync();
        return await host.DoAsync(new RateIssue(issue.Id, Resident, rating));
    }

    /// <summary>Suspended as deferred while in progress.</summary>
    public static async Task<Issue> SuspendedAsync(this IssueTestHost host, SuspensionKind kind = SuspensionKind.Deferred)
    {
        var issue = await host.InProgressAsync();
        return await host.DoAsync(new SuspendIssue(issue.Id, Secretary, kind) { Reason = "等待维修资金" });
    }

    public static async Task<Issue> RejectedAsync(this IssueTestHost host)
    {
        var issue = await host.ReportAsync();
        return await host.DoAsync(new RejectIssue(issue.Id, Secretary) { Reason = "不属于受理范围" });
    }
}
