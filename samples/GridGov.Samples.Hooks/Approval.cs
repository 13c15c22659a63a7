using System.Globalization;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;

namespace GridGov.Samples.Hooks;

/// <summary>The district's project-fund ledger (项目资金台账): another system that knows what a job cost. Faked here.</summary>
internal interface IBudgetLedger
{
    /// <summary>The budget booked for a subject (an issue id, later a project id), in yuan; null when none.</summary>
    decimal? BudgetOf(string subjectId);
}

/// <summary>The street office's approval system (街道OA审批): another system that knows what was approved. Faked here.</summary>
internal interface IApprovalDesk
{
    /// <summary>The approval's number for a subject; null when it has not been approved.</summary>
    string? ApprovalOf(string subjectId);
}

/// <summary>An in-memory ledger and desk for the sample; thread-safe.</summary>
internal sealed class FakeBackOffice : IBudgetLedger, IApprovalDesk
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, decimal> _budgets = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _approvals = new(StringComparer.Ordinal);

    public void Book(string subjectId, decimal yuan) => _budgets[subjectId] = yuan;

    public void Approve(string subjectId, string approvalNumber) => _approvals[subjectId] = approvalNumber;

    public decimal? BudgetOf(string subjectId) => _budgets.TryGetValue(subjectId, out var yuan) ? yuan : null;

    public string? ApprovalOf(string subjectId) => _approvals.TryGetValue(subjectId, out var number) ? number : null;
}

/// <summary>The annotation keys this integration writes into events' metadata (stable: they are stored).</summary>
internal static class BackOfficeAnnotations
{
    /// <summary>The budget in yuan, invariant culture ("120000.00").</summary>
    public const string BudgetYuan = "backoffice.budget-yuan";

    /// <summary>The street's approval number.</summary>
    public const string Approval = "backoffice.approval";
}

/// <summary>
/// Enrichment BEFORE the commit: when work is resolved, writes the ledger's budget into the event's annotations.
/// The figure then sits in the hash-chained log next to who resolved it and when, and later hooks (and auditors)
/// read it from there rather than asking the ledger again.
/// </summary>
internal sealed class BudgetAnnotationHook(IBudgetLedger ledger) : IIssueHook
{
    public ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
    {
        if (context.Command is ResolveIssue && ledger.BudgetOf(context.IssueId.Value) is { } yuan)
        {
            context.Annotations[BackOfficeAnnotations.BudgetYuan] = yuan.ToString("0.00", CultureInfo.InvariantCulture);
        }

        return next();   // no await needed: nothing to do after the commit
    }
}

/// <summary>
/// Enrichment BEFORE the commit: when an issue is being closed (verified), writes the street's approval number, if
/// there is one, into the closing event. The guard registered after this hook looks for it.
/// </summary>
internal sealed class ApprovalAnnotationHook(IApprovalDesk desk) : IIssueHook
{
    public ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
    {
        if (context.Command is VerifyIssue && desk.ApprovalOf(context.IssueId.Value) is { } number)
        {
            context.Annotations[BackOfficeAnnotations.Approval] = number;
        }

        return next();
    }
}

/// <summary>
/// The rule itself, apart from any workflow: above <see cref="ThresholdYuan"/>, closing needs an approval. Every
/// guard that closes something with a budget (issues today; projects when that workflow lands) asks this one
/// object, so the threshold and the refusal's wording live in one place.
/// </summary>
/// <param name="ThresholdYuan">Budgets above this (not equal to it) need an approval.</param>
internal sealed record BigBudgetApprovalRule(decimal ThresholdYuan)
{
    /// <summary>The veto's stable code.</summary>
    public const string VetoCode = "backoffice.approval-required";

    /// <summary>Why closing is refused, in Chinese and English; null when it may close.</summary>
    /// <param name="budgetYuan">The recorded budget; null when none was booked (small jobs).</param>
    /// <param name="approval">The recorded approval number; null when there is none.</param>
    public string? Refusal(decimal? budgetYuan, string? approval)
        => budgetYuan is { } yuan && yuan > ThresholdYuan && string.IsNullOrEmpty(approval)
            ? string.Create(CultureInfo.InvariantCulture, $"预算{yuan:N2}元超过{ThresholdYuan:N2}元，结案须经街道审批 (a budget of ¥{yuan:N2} is above ¥{ThresholdYuan:N2}: closing needs the street's approval).")
            : null;
}

/// <summary>
/// (b) A guard BEFORE the commit, written once for any workflow: on the closing transition, read the recorded
/// budget and approval and veto when <see cref="BigBudgetApprovalRule"/> says so. A veto throws a
/// <see cref="WorkflowVetoedException"/> out of the command with the rule's code, and nothing is recorded.
/// </summary>
/// <remarks>
/// A second guard slots in by deriving for another workflow's context. When the projects workflow lands:
/// <c>ProjectCloseApprovalGuard : CloseApprovalGuard&lt;ProjectTransitionContext&gt;</c>, registered with that
/// workflow's hooks, answers the same two questions (is this the closing transition, what budget and approval are
/// recorded) from the project's stream, and shares the one <see cref="BigBudgetApprovalRule"/> from DI.
/// </remarks>
/// <typeparam name="TContext">The workflow's transition context.</typeparam>
internal abstract class CloseApprovalGuard<TContext>(BigBudgetApprovalRule rule) : ITransitionHook<TContext>
    where TContext : TransitionContext
{
    public async ValueTask InvokeAsync(TContext context, TransitionDelegate next)
    {
        if (IsClosing(context))
        {
            var (budget, approval) = await RecordedAsync(context);
            // The approval may also come with this very transition (an earlier hook annotated it).
            if (context.Annotations.TryGetValue(BackOfficeAnnotations.Approval, out var now))
            {
                approval = now;
            }

            if (rule.Refusal(budget, approval) is { } why)
            {
                context.Veto(BigBudgetApprovalRule.VetoCode, why);   // throws: nothing is committed
            }
        }

        await next();
    }

    /// <summary>Whether this transition closes the subject.</summary>
    protected abstract bool IsClosing(TContext context);

    /// <summary>The budget and approval recorded so far in the subject's stream (the latest of each).</summary>
    protected abstract ValueTask<(decimal? BudgetYuan, string? Approval)> RecordedAsync(TContext context);

    /// <summary>Reads the latest budget and approval annotations of a stream: the shared part of every guard.</summary>
    protected static (decimal? BudgetYuan, string? Approval) Latest(IReadOnlyList<RecordedEvent> stream)
    {
        decimal? budget = null;
        string? approval = null;
        foreach (var recorded in stream)
        {
            if (recorded.Metadata.Annotations is not { } annotations)
            {
                continue;
            }

            if (annotations.TryGetValue(BackOfficeAnnotations.BudgetYuan, out var yuan))
            {
                budget = decimal.Parse(yuan, NumberStyles.Number, CultureInfo.InvariantCulture);
            }

            if (annotations.TryGetValue(BackOfficeAnnotations.Approval, out var number))
            {
                approval = number;
            }
        }

        return (budget, approval);
    }
}

/// <summary>The guard for the problem lifecycle: closing is <see cref="IssueTrigger.Verify"/> (Resolved → Closed).</summary>
internal sealed class IssueCloseApprovalGuard(BigBudgetApprovalRule rule, IEventStore store) : CloseApprovalGuard<IssueTransitionContext>(rule), IIssueHook
{
    protected override bool IsClosing(IssueTransitionContext context) => context.Trigger == IssueTrigger.Verify;

    protected override async ValueTask<(decimal? BudgetYuan, string? Approval)> RecordedAsync(IssueTransitionContext context)
        => Latest(await store.ReadStreamAsync(context.IssueId.StreamId, context.CancellationToken));
}

/// <summary>
/// Enrichment BEFORE the commit, for the three lists' projects: when a project is being evaluated (closed), writes
/// the street's approval number, if there is one, into the closing event, as <see cref="ApprovalAnnotationHook"/>
/// does for issues.
/// </summary>
internal sealed class ProjectApprovalAnnotationHook(IApprovalDesk desk) : IProjectHook
{
    public ValueTask InvokeAsync(WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent> context, TransitionDelegate next)
    {
        if (context.Trigger == ProjectTrigger.Evaluate && desk.ApprovalOf(context.AggregateId) is { } number)
        {
            context.Annotations[BackOfficeAnnotations.Approval] = number;
        }

        return next();
    }
}

/// <summary>
/// The second guard, for projects (项目清单): closing is <see cref="ProjectTrigger.Evaluate"/>; the budget is the
/// pledge the resource's owner recorded when claiming (<see cref="Project.PledgedYuan"/>, on the aggregate the hook
/// sees), the approval the latest one annotated in the project's stream. Same rule, same veto code as for issues.
/// </summary>
internal sealed class ProjectCloseApprovalGuard(BigBudgetApprovalRule rule, IEventStore store)
    : CloseApprovalGuard<WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent>>(rule), IProjectHook
{
    protected override bool IsClosing(WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent> context) => context.Trigger == ProjectTrigger.Evaluate;

    protected override async ValueTask<(decimal? BudgetYuan, string? Approval)> RecordedAsync(WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent> context)
    {
        var (_, approval) = Latest(await store.ReadStreamAsync(Project.StreamPrefix + context.AggregateId, context.CancellationToken));
        return (context.Before?.PledgedYuan, approval);
    }
}
