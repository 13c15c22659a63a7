using GridGov.Sdk.Issues;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.DependencyInjection;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// Integrators' hooks around every issue transition: in registration order, before the commit they
/// may enrich (annotations) or veto, after it they see the committed issue; a failure before the
/// commit changes nothing, a failure after it cannot undo the change.
/// </summary>
public sealed class IssueHookTests
{
    /// <summary>A hook made of a delegate, acting only on one trigger (or on every transition when null).</summary>
    private sealed class DelegateHook(IssueTrigger? only, Func<IssueTransitionContext, TransitionDelegate, ValueTask> body) : IIssueHook
    {
        public ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
            => only is null || context.Trigger == only ? body(context, next) : next();
    }

    /// <summary>Records what it saw before and after the commit.</summary>
    private sealed class RecordingHook(string name, List<string> log, Func<long> eventCount) : IIssueHook
    {
        public async ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
        {
            if (context.Trigger != IssueTrigger.Accept)
            {
                await next();
                return;
            }

            log.Add($"{name} before: committed={context.IsCommitted} events={eventCount()}");
            await next();
            log.Add($"{name} after: committed={context.IsCommitted} events={eventCount()}");
        }
    }

    private sealed class FirstTypedHook(HookLog log) : IIssueHook
    {
        public async ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
        {
            log.Entries.Add("first");
            await next();
        }
    }

    private sealed class SecondTypedHook(HookLog log) : IIssueHook
    {
        public async ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
        {
            log.Entries.Add("second");
            await next();
        }
    }

    private sealed class HookLog
    {
        public List<string> Entries { get; } = [];
    }

    private static async Task AssertUnchangedAsync(IssueTestHost host, Issue before, long eventCount)
    {
        var after = await host.Service.GetAsync(before.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.State, after.State);
        Assert.Equal(eventCount, host.EventCount());
        Assert.Equal(before.Version, (await host.StreamAsync(before.Id)).Count);
    }

    [Fact]
    public async Task Hooks_RunInRegistrationOrderAroundTheCommit()
    {
        var log = new List<string>();
        IssueTestHost? host = null;
        long Count() => host!.EventCount();
        using var h = host = new IssueTestHost(b => b
            .AddIssueHook(new RecordingHook("A", log, Count))
            .AddIssueHook(new RecordingHook("B", log, Count)));
        var issue = await h.ReportAsync();

        await h.DoAsync(new AcceptIssue(issue.Id, Secretary));

        Assert.Equal(
            [
                "A before: committed=False events=1",
                "B before: committed=False events=1",
                "B after: committed=True events=2",
                "A after: committed=True events=2",
            ],
            log);
    }

    [Fact]
    public async Task Hooks_AddedByType_RunInTheOrderTheyWereAddedAndOnceEach()
    {
        using var host = new IssueTestHost(b =>
        {
            b.Services.AddSingleton<HookLog>();
            b.AddIssueHook<FirstTypedHook>().AddIssueHook<SecondTypedHook>().AddIssueHook<FirstTypedHook>();
        });
        var log = host.Get<HookLog>();

        await host.ReportAsync();

        Assert.Equal(["first", "second"], log.Entries);
    }

    [Fact]
    public async Task Hooks_SeeTheReportToo_WithNoTriggerAndNoIssueBefore()
    {
        IssueTransitionContext? seen = null;
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(null, async (c, next) =>
        {
            seen ??= c;
            await next();
        })));

        var issue = await host.ReportAsync();

        Assert.NotNull(seen);
        Assert.Null(seen.Trigger);
        Assert.Null(seen.Before);
        Assert.IsType<ReportIssue>(seen.Command);
        Assert.IsType<IssueReported>(seen.Event);
        Assert.Equal(issue.Id, seen.IssueId);
        Assert.Equal(issue, seen.After);
    }

    [Fact]
    public async Task Veto_BeforeNext_RefusesWithTheHooksCodeAndChangesNothing()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Resolve, (c, next) =>
        {
            if (c.Command is ResolveIssue { Evidence.Count: 0 })
            {
                c.Veto("district.evidence-required", "Upload a photo first.");
            }

            return next();
        })));
        var issue = await host.InProgressAsync();
        var count = host.EventCount();

        var ex = await Assert.ThrowsAsync<WorkflowVetoedException>(() => host.Service.ExecuteAsync(new ResolveIssue(issue.Id, PartyMember, "done", [])));

        Assert.Equal("district.evidence-required", ex.Code);
        Assert.Equal("Upload a photo first.", ex.Message);
        await AssertUnchangedAsync(host, issue, count);
        Assert.Equal(IssueState.InProgress, host.Service.ReadModel.FindDueWithin(host.Now(), NodaTime.Duration.FromDays(30)).Single(e => e.IssueId == issue.Id).State);

        var allowed = await host.DoAsync(new ResolveIssue(issue.Id, PartyMember, "done", ["photo-1"]));
        Assert.Equal(IssueState.Resolved, allowed.State);
    }

    [Fact]
    public async Task Veto_OnTheReport_CreatesNoIssue()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(null, (c, next) =>
        {
            c.Veto("district.closed", "Reporting is closed.");
            return next();
        })));

        var ex = await Assert.ThrowsAsync<WorkflowVetoedException>(() => host.ReportAsync());

        Assert.Equal("district.closed", ex.Code);
        Assert.Equal(0, host.EventCount());
        Assert.Equal(0, host.Service.ReadModel.Count);
    }

    [Fact]
    public async Task Hook_ThrowingBeforeNext_FailsTheCommandAndChangesNothing()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, (_, _) => throw new InvalidOperationException("the ticket system is down"))));
        var issue = await host.ReportAsync();
        var count = host.EventCount();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary)));

        Assert.Equal("the ticket system is down", ex.Message);
        await AssertUnchangedAsync(host, issue, count);
    }

    [Fact]
    public async Task Hook_NotCallingNextAndNotVetoing_FailsTheCommandAndChangesNothing()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, (_, _) => ValueTask.CompletedTask)));
        var issue = await host.ReportAsync();
        var count = host.EventCount();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary)));

        await AssertUnchangedAsync(host, issue, count);
    }

    [Fact]
    public async Task Annotations_AddedBeforeNext_AreStoredInTheEventMetadata()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, (c, next) =>
        {
            c.Annotations["ticket"] = "12345-0001";
            c.Annotations["source-system"] = "12345热线";
            return next();
        })));
        var issue = await host.ReportAsync();

        var result = await host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary));

        var stored = await host.LastEventAsync(issue.Id);
        Assert.NotNull(stored.Metadata.Annotations);
        Assert.Equal("12345-0001", stored.Metadata.Annotations["ticket"]);
        Assert.Equal("12345热线", stored.Metadata.Annotations["source-system"]);
        Assert.Equal(stored.Metadata.Annotations, Assert.Single(result.Events).Metadata.Annotations);
        Assert.Null((await host.StreamAsync(issue.Id))[0].Metadata.Annotations);
    }

    [Fact]
    public async Task Annotations_ChangedAfterNext_ThrowNotSupportedAndAreNotStored()
    {
        // TransitionContext.Annotations: read-only after the commit.
        Exception? lateChange = null;
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, async (c, next) =>
        {
            await next();
            lateChange = Record.Exception(() => c.Annotations["late"] = "too late");
        })));
        var issue = await host.ReportAsync();

        await host.DoAsync(new AcceptIssue(issue.Id, Secretary));

        Assert.Null((await host.LastEventAsync(issue.Id)).Metadata.Annotations);
        Assert.IsType<NotSupportedException>(lateChange);
    }

    [Fact]
    public async Task AfterNext_TheHookSeesTheCommittedIssue()
    {
        var seen = new List<(bool Committed, Issue? After, IssueState? BeforeState)>();
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, async (c, next) =>
        {
            seen.Add((c.IsCommitted, c.After, c.Before?.State));
            await next();
            seen.Add((c.IsCommitted, c.After, c.Before?.State));
        })));
        var issue = await host.ReportAsync();

        var result = await host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary));

        Assert.Equal(2, seen.Count);
        Assert.False(seen[0].Committed);
        Assert.Null(seen[0].After);
        Assert.Equal(IssueState.Reported, seen[0].BeforeState);
        Assert.True(seen[1].Committed);
        Assert.NotNull(seen[1].After);
        Assert.Equal(IssueState.Accepted, seen[1].After!.State);
        Assert.Equal(2, seen[1].After!.Version);
        Assert.Equal(result.Issue, seen[1].After);
    }

    [Fact]
    public async Task Hook_ThrowingAfterNext_DoesNotFailTheCommandAndTheEventStands()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, async (_, next) =>
        {
            await next();
            throw new InvalidOperationException("the notification service is down");
        })));
        var issue = await host.ReportAsync();

        var result = await host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary));

        Assert.Equal(IssueState.Accepted, result.Issue.State);
        Assert.Single(result.Events);
        Assert.IsType<IssueAccepted>((await host.LastEventAsync(issue.Id)).Payload);
        Assert.Equal(IssueState.Accepted, (await host.Service.GetAsync(issue.Id)).State);
        Assert.Equal(2, host.EventCount());
    }

    [Fact]
    public async Task Veto_AfterNext_CannotUndoTheCommit()
    {
        Exception? vetoFailure = null;
        using var host = new IssueTestHost(b => b.AddIssueHook(new DelegateHook(IssueTrigger.Accept, async (c, next) =>
        {
            await next();
            vetoFailure = Record.Exception(() => c.Veto("too.late", "after the commit"));
        })));
        var issue = await host.ReportAsync();

        var result = await host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary));

        Assert.IsType<InvalidOperationException>(vetoFailure);
        Assert.Equal(IssueState.Accepted, result.Issue.State);
    }

    [Fact]
    public async Task Veto_InASecondHook_StopsTheFirstHooksAfterCodeFromSeeingACommit()
    {
        var firstSawCommit = false;
        using var host = new IssueTestHost(b => b
            .AddIssueHook(new DelegateHook(IssueTrigger.Accept, async (c, next) =>
            {
                try
                {
                    await next();
                }
                finally
                {
                    firstSawCommit = c.IsCommitted;
                }
            }))
            .AddIssueHook(new DelegateHook(IssueTrigger.Accept, (c, next) =>
            {
                c.Veto("second.no", "no");
                return next();
            })));
        var issue = await host.ReportAsync();
        var count = host.EventCount();

        await Assert.ThrowsAsync<WorkflowVetoedException>(() => host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Secretary)));

        Assert.False(firstSawCommit);
        await AssertUnchangedAsync(host, issue, count);
    }
}
