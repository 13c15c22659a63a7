using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// A command delivered twice with the same idempotency key has one effect; two commands racing on one
/// issue version: one wins, the others are told so and change nothing.
/// </summary>
public sealed class IssueIdempotencyAndConcurrencyTests
{
    // ---- Idempotency ----

    [Fact]
    public async Task Execute_SameCommandWithTheSameKeyTwice_RecordsOneEventAndReportsTheSecondAsDuplicate()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();
        var command = new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember) { IdempotencyKey = "claim-7f3a" };

        var first = await host.Service.ExecuteAsync(command);
        var second = await host.Service.ExecuteAsync(command);

        Assert.False(first.WasDuplicate);
        Assert.Single(first.Events);
        Assert.True(second.WasDuplicate);
        Assert.Empty(second.Events);
        Assert.Equal(first.Issue, second.Issue);
        Assert.Equal(3, (await host.StreamAsync(issue.Id)).Count);
        Assert.Single(await host.StreamAsync(issue.Id), r => r.Payload is IssueClaimed);
        Assert.Equal("claim-7f3a", (await host.LastEventAsync(issue.Id)).Metadata.IdempotencyKey);
    }

    [Fact]
    public async Task Execute_SameKeyAfterTheIssueMovedOn_IsStillADuplicate()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();
        var claim = new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember) { IdempotencyKey = "claim-1" };
        await host.Service.ExecuteAsync(claim);
        await host.DoAsync(new StartWork(issue.Id, PartyMember));
        var count = host.EventCount();

        var again = await host.Service.ExecuteAsync(claim);

        Assert.True(again.WasDuplicate);
        Assert.Equal(IssueState.InProgress, again.Issue.State);
        Assert.Equal(count, host.EventCount());
    }

    [Fact]
    public async Task Execute_DuplicateKey_IsRecognisedByAFreshServiceReadingTheSameStore()
    {
        var store = new InMemoryEventStore();
        using var first = new IssueTestHost(b => b.Services.AddSingleton<IEventStore>(store));
        var issue = await first.AcceptedAsync();
        var command = new DispatchIssue(issue.Id, Secretary, "PG-CG") { IdempotencyKey = "dispatch-1" };
        await first.Service.ExecuteAsync(command);
        using var second = new IssueTestHost(b => b.Services.AddSingleton<IEventStore>(store));

        var again = await second.Service.ExecuteAsync(command);

        Assert.True(again.WasDuplicate);
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task Execute_DifferentKeys_AreDifferentCommands()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();

        await host.Service.ExecuteAsync(new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value + Duration.FromDays(1), Secretary) { Reason = "a", IdempotencyKey = "ext-1" });
        var second = await host.Service.ExecuteAsync(new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value + Duration.FromDays(2), Secretary) { Reason = "b", IdempotencyKey = "ext-2" });

        Assert.False(second.WasDuplicate);
        Assert.Equal(2, second.Issue.ExtensionCount);
    }

    [Fact]
    public async Task Report_SameReportWithTheSameKeyTwice_CreatesOneIssue()
    {
        using var host = new IssueTestHost();
        var report = new ReportIssue(Worker, "environment", IssuePriority.Normal, IssueSource.Hotline12345, "B1", "楼道堆放杂物", "3单元楼道堆满杂物")
        {
            ReporterId = Resident.Id,
            IdempotencyKey = "12345-20260302-0001",
        };

        var first = await host.Service.ReportAsync(report);
        var second = await host.Service.ReportAsync(report);

        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Empty(second.Events);
        Assert.Equal(first.Issue.Id, second.Issue.Id);
        Assert.Equal(IssueId.FromIdempotencyKey("12345-20260302-0001"), first.Issue.Id);
        Assert.Equal(1, host.EventCount());
        Assert.Equal(1, host.Service.ReadModel.Count);
    }

    [Fact]
    public async Task Report_SameKeyAfterTheIssueMovedOn_IsADuplicateOfTheExistingIssue()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync(key: "hotline-42");
        await host.DoAsync(new AcceptIssue(issue.Id, Secretary));

        var again = await host.Service.ReportAsync(new ReportIssue(Worker, "environment", IssuePriority.Normal, IssueSource.Hotline12345, "B1", "t", "d") { IdempotencyKey = "hotline-42" });

        Assert.True(again.WasDuplicate);
        Assert.Equal(IssueState.Accepted, again.Issue.State);
        Assert.Equal(2, host.EventCount());
    }

    // ---- Optimistic concurrency ----

    [Fact]
    public async Task Execute_StaleExpectedVersion_ThrowsConcurrencyNamingTheIssueAndBothVersions()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync(); // version 2
        var stale = issue.Version - 1;
        var count = host.EventCount();

        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            host.Service.ExecuteAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember) { ExpectedVersion = stale }));

        Assert.Equal(WorkflowConcurrencyException.ErrorCode, ex.Code);
        Assert.Equal(issue.Id.Value, ex.AggregateId);
        Assert.Equal(stale, ex.ExpectedVersion);
        Assert.Equal(issue.Version, ex.ActualVersion);
        Assert.Contains(issue.Id.Value, ex.Message, StringComparison.Ordinal);
        Assert.Contains(stale.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains(issue.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Equal(count, host.EventCount());
        Assert.Equal(IssueState.Accepted, (await host.Service.GetAsync(issue.Id)).State);
    }

    [Fact]
    public async Task Execute_CurrentExpectedVersion_Succeeds()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        var result = await host.Service.ExecuteAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember) { ExpectedVersion = issue.Version });

        Assert.Equal(issue.Version + 1, result.Issue.Version);
    }

    [Fact]
    public async Task Execute_AnotherServiceWroteMeanwhile_TheStoreConflictBecomesAConcurrencyException()
    {
        // Two services over one store: the second's cached copy is stale when the first moves the issue on.
        var store = new InMemoryEventStore();
        using var a = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        using var b = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        var issue = await a.AcceptedAsync();
        await b.Service.GetAsync(issue.Id); // b caches version 2
        await a.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));

        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            b.Service.ExecuteAsync(new DispatchIssue(issue.Id, Secretary, "PG-CG")));

        Assert.Equal(issue.Id.Value, ex.AggregateId);
        Assert.Equal(2, ex.ExpectedVersion);
        Assert.Equal(3, ex.ActualVersion);
        Assert.Equal(3, store.Count);

        // Having lost, b reloads and sees why Dispatch is not allowed now.
        var reason = await Assert.ThrowsAsync<WorkflowRejectedException>(() => b.Service.ExecuteAsync(new DispatchIssue(issue.Id, Secretary, "PG-CG")));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, reason.Code);
    }

    [Fact]
    public async Task Execute_ExpectedVersionCurrentInTheStore_SucceedsEvenIfThisServiceLastSawAnOlderVersion()
    {
        // Two services (two processes of one deployment) over one store. b last saw version 2; a moved the
        // issue to version 3. A client that read version 3 sends its command to b with ExpectedVersion 3:
        // that version is current, so the command must be carried out, not refused as "at version 2".
        var store = new InMemoryEventStore();
        using var a = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        using var b = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        var issue = await a.AcceptedAsync();
        await b.Service.GetAsync(issue.Id);
        var claimed = await a.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));
        Assert.Equal(3, claimed.Version);

        var result = await b.Service.ExecuteAsync(new StartWork(issue.Id, PartyMember) { ExpectedVersion = claimed.Version });

        Assert.Equal(IssueState.InProgress, result.Issue.State);
        Assert.Equal(4, store.Count);
    }

    [Fact]
    public async Task Execute_AfterAStaleExpectedVersionRefusal_ReloadAndRetryWithTheReportedVersionSucceeds()
    {
        // "Reload and try again": the version the refusal names as actual must be one a retry can use.
        var store = new InMemoryEventStore();
        using var a = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        using var b = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        var issue = await a.AcceptedAsync();
        await b.Service.GetAsync(issue.Id);
        await a.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));

        var conflict = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            b.Service.ExecuteAsync(new StartWork(issue.Id, PartyMember) { ExpectedVersion = 1 }));
        var reloaded = await b.Service.GetAsync(issue.Id);

        Assert.Equal(3, conflict.ActualVersion);
        Assert.Equal(3, reloaded.Version);
        var retried = await b.Service.ExecuteAsync(new StartWork(issue.Id, PartyMember) { ExpectedVersion = conflict.ActualVersion });
        Assert.Equal(IssueState.InProgress, retried.Issue.State);
    }

    [Fact]
    public async Task Execute_ParallelClaimsOnOneVersion_ExactlyOneWinsAndTheStreamHasOneClaim()
    {
        const int Issues = 20;
        const int Racers = 8;
        using var host = new IssueTestHost();
        var accepted = new List<Issue>();
        for (var i = 0; i < Issues; i++)
        {
            accepted.Add(await host.AcceptedAsync());
        }

        foreach (var issue in accepted)
        {
            using var start = new Barrier(Racers);
            var racers = Enumerable.Range(0, Racers).Select(r => Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    var result = await host.Service.ExecuteAsync(
                        new ClaimIssue(issue.Id, Secretary, $"pm-{r}", ClaimantKind.PartyMember) { ExpectedVersion = issue.Version });
                    return (Won: true, Error: (Exception?)null);
                }
                catch (GridGovException ex)
                {
                    return (Won: false, Error: (Exception?)ex);
                }
            })).ToArray();

            var outcomes = await Task.WhenAll(racers);

            Assert.Single(outcomes, o => o.Won);
            Assert.All(outcomes.Where(o => !o.Won), o => Assert.True(
                o.Error is WorkflowConcurrencyException c ? c.AggregateId == issue.Id.Value && c.ExpectedVersion == issue.Version
                : o.Error is WorkflowRejectedException { Code: WorkflowRejectedException.NotPermittedCode },
                $"unexpected refusal: {o.Error}"));
            var stream = await host.StreamAsync(issue.Id);
            Assert.Single(stream, r => r.Payload is IssueClaimed);
            Assert.Equal(issue.Version + 1, stream.Count);
            var after = await host.Service.GetAsync(issue.Id);
            Assert.Equal(IssueState.Claimed, after.State);
            Assert.Equal(((IssueClaimed)stream[^1].Payload).ClaimantId, after.ClaimantId);
        }

        Assert.Equal(Issues * 3, host.EventCount());
    }

    [Fact]
    public async Task Execute_ParallelClaimsWithoutExpectedVersion_ExactlyOneWinsAndTheOthersAreRefused()
    {
        const int Racers = 8;
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();
        using var start = new Barrier(Racers);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(r => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                await host.Service.ExecuteAsync(new ClaimIssue(issue.Id, Secretary, $"pm-{r}", ClaimantKind.PartyMember));
                return null;
            }
            catch (GridGovException ex)
            {
                return ex;
            }
        })));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.True(
            o is WorkflowConcurrencyException or WorkflowRejectedException { Code: WorkflowRejectedException.NotPermittedCode },
            $"unexpected refusal: {o}"));
        Assert.Single(await host.StreamAsync(issue.Id), r => r.Payload is IssueClaimed);
    }

    [Fact]
    public async Task Execute_ParallelCommandsOnDifferentIssues_AllSucceed()
    {
        using var host = new IssueTestHost();
        var issues = new List<Issue>();
        for (var i = 0; i < 16; i++)
        {
            issues.Add(await host.AcceptedAsync());
        }

        var results = await Task.WhenAll(issues.Select(i => Task.Run(() =>
            host.Service.ExecuteAsync(new ClaimIssue(i.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember) { ExpectedVersion = i.Version }))));

        Assert.All(results, r => Assert.Equal(IssueState.Claimed, r.Issue.State));
        Assert.Equal(16 * 3, host.EventCount());
        Assert.Equal(16, host.Service.ReadModel.Compute(host.Territory.Current, "D", new Interval(null, null)).Claimed);
    }
}
