using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>Reports a new problem (信息收集 / 排摸发现). Creates the issue's stream.</summary>
/// <param name="Actor">Who reports it (a grid worker, a resident, a party member, a hotline bridge…).</param>
/// <param name="Category">The matter category; selects handling level and time limits.</param>
/// <param name="Priority">Normal or urgent.</param>
/// <param name="Source">How it came to be known.</param>
/// <param name="PlaceCode">The grid node where the problem is.</param>
/// <param name="Title">A short title, 1–200 characters.</param>
/// <param name="Description">What the problem is, up to 4,000 characters (as Open311).</param>
public sealed record ReportIssue(Actor Actor, string Category, IssuePriority Priority, IssueSource Source, string PlaceCode, string Title, string Description)
{
    /// <summary>Gets the id to use; when null, one is derived from <see cref="IdempotencyKey"/> or made new.</summary>
    public IssueId? IssueId { get; init; }

    /// <summary>Gets the id of the resident or party member who reported it, who alone may rate and reopen it.</summary>
    public string? ReporterId { get; init; }

    /// <summary>Gets why, for the audit trail.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the key that makes a repeated delivery of this report have one effect.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// A command on an existing issue. Each fires one <see cref="IssueTrigger"/>, names its actor, and
/// may carry a reason, an idempotency key and the version it was decided against.
/// </summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who gives the command.</param>
public abstract record IssueCommand(IssueId IssueId, Actor Actor)
{
    /// <summary>Gets why, for the audit trail (required by some commands).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the key that makes a repeated delivery of this command have one effect.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the issue version the command was decided against; when set and stale, the command fails with a concurrency error.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets the trigger the command fires.</summary>
    public abstract IssueTrigger Trigger { get; }

    /// <summary>Gets whether the command needs a <see cref="Reason"/>.</summary>
    protected virtual bool RequiresReason => false;

    /// <summary>The command's own input problems; a shared empty list when there are none (the usual case), without allocating.</summary>
    internal IReadOnlyList<string> ValidateInput()
    {
        List<string>? problems = null;
        if (Actor is null)
        {
            AddProblem(ref problems, "The command must name its actor.");
        }

        if (RequiresReason && string.IsNullOrWhiteSpace(Reason))
        {
            AddProblem(ref problems, $"{Trigger} needs a reason.");
        }

        AddOwnInputProblems(ref problems);
        return problems ?? (IReadOnlyList<string>)[];
    }

    private protected static void AddProblem(ref List<string>? problems, string problem) => (problems ??= []).Add(problem);

    private protected virtual void AddOwnInputProblems(ref List<string>? problems)
    {
    }
}

/// <summary>Accepts the issue as a case (立案).</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who accepts it.</param>
public sealed record AcceptIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Accept;
}

/// <summary>Refuses to accept the issue (不予立案); needs a reason.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who refuses it.</param>
public sealed record RejectIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Reject;

    /// <inheritdoc />
    protected override bool RequiresReason => true;
}

/// <summary>Merges the issue into another as its duplicate.</summary>
/// <param name="IssueId">The duplicate.</param>
/// <param name="Actor">Who merges it.</param>
/// <param name="DuplicateOf">The issue it duplicates; must exist and not be final.</param>
public sealed record MergeIssue(IssueId IssueId, Actor Actor, IssueId DuplicateOf) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.MergeAsDuplicate;

    private protected override void AddOwnInputProblems(ref List<string>? problems)
    {
        if (DuplicateOf == IssueId)
        {
            AddProblem(ref problems, "An issue cannot duplicate itself.");
        }
    }
}

/// <summary>Claims the issue (认领) for a party member, unit or enterprise.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who records the claim.</param>
/// <param name="ClaimantId">Who claims it; only the claimant starts work and resolves it.</param>
/// <param name="ClaimantKind">Party member, unit or enterprise.</param>
public sealed record ClaimIssue(IssueId IssueId, Actor Actor, string ClaimantId, ClaimantKind ClaimantKind) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Claim;

    private protected override void AddOwnInputProblems(ref List<string>? problems)
    {
        if (string.IsNullOrWhiteSpace(ClaimantId) || ClaimantId.Length > 64)
        {
            AddProblem(ref problems, "ClaimantId must be 1–64 characters.");
        }

        if (!Enum.IsDefined(ClaimantKind))
        {
            AddProblem(ref problems, $"ClaimantKind {(int)ClaimantKind} is not defined.");
        }
    }
}

/// <summary>Dispatches the issue to a professional grid (派遣).</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who dispatches it.</param>
/// <param name="ProfessionalGridCode">The grid; must exist and cover the place when professional grids are loaded.</param>
public sealed record DispatchIssue(IssueId IssueId, Actor Actor, string ProfessionalGridCode) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Dispatch;
}

/// <summary>The dispatched unit sends the issue back as not responsible (回退); needs a reason.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who returns it.</param>
public sealed record ReturnIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Return;

    /// <inheritdoc />
    protected override bool RequiresReason => true;
}

/// <summary>Dispatches a returned issue again (改派), to another grid.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who re-dispatches it.</param>
/// <param name="ProfessionalGridCode">The new grid; not one that already returned it.</param>
public sealed record RedispatchIssue(IssueId IssueId, Actor Actor, string ProfessionalGridCode) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Redispatch;
}

/// <summary>Starts work on a claimed or dispatched issue (处置).</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who starts work (the claimant, for a claimed issue).</param>
public sealed record StartWork(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.StartWork;
}

/// <summary>Reports the issue resolved with notes and evidence (反馈).</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who resolved it (the claimant, for a claimed issue).</param>
/// <param name="Notes">What was done; 1–4,000 characters.</param>
/// <param name="Evidence">References to photos or documents; may be empty.</param>
public sealed record ResolveIssue(IssueId IssueId, Actor Actor, string Notes, IReadOnlyList<string> Evidence) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Resolve;

    private protected override void AddOwnInputProblems(ref List<string>? problems)
    {
        if (string.IsNullOrWhiteSpace(Notes) || Notes.Length > 4000)
        {
            AddProblem(ref problems, "Resolution notes must be 1–4,000 characters.");
        }

        if (Evidence is null || Evidence.Any(string.IsNullOrWhiteSpace))
        {
            AddProblem(ref problems, "Evidence must be a list of non-empty references.");
        }
    }
}

/// <summary>Verification passes and the issue closes (核查 → 结案). The verifier is not the resolver.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who verifies it.</param>
public sealed record VerifyIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Verify;
}

/// <summary>Verification fails; the issue goes back for rework (返工); needs a reason.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who verified it.</param>
public sealed record RequestRework(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.RequestRework;

    /// <inheritdoc />
    protected override bool RequiresReason => true;
}

/// <summary>The resident rates the closed issue (评价).</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">The reporting resident.</param>
/// <param name="Rating">满意, 基本满意 or 不满意.</param>
public sealed record RateIssue(IssueId IssueId, Actor Actor, IssueRating Rating) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Rate;

    private protected override void AddOwnInputProblems(ref List<string>? problems)
    {
        if (!Enum.IsDefined(Rating))
        {
            AddProblem(ref problems, $"Rating {(int)Rating} is not defined.");
        }
    }
}

/// <summary>A dissatisfied resident reopens the issue within the reopen window.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">The reporting resident.</param>
public sealed record ReopenIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Reopen;
}

/// <summary>Suspends the issue: deferred (缓办) or parked (挂账); needs a reason. The clock stops.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who suspends it.</param>
/// <param name="Kind">Deferred or parked.</param>
public sealed record SuspendIssue(IssueId IssueId, Actor Actor, SuspensionKind Kind) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Suspend;

    /// <inheritdoc />
    protected override bool RequiresReason => true;

    private protected override void AddOwnInputProblems(ref List<string>? problems)
    {
        if (!Enum.IsDefined(Kind))
        {
            AddProblem(ref problems, $"Suspension kind {(int)Kind} is not defined.");
        }
    }
}

/// <summary>Resumes a suspended issue where it was; the clock restarts with the time that was left.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who resumes it.</param>
public sealed record ResumeIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Resume;
}

/// <summary>Extends the current deadline (延期), approved by another actor.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who asks for the extension.</param>
/// <param name="NewDeadline">The new deadline; later than the current one and than now.</param>
/// <param name="ApprovedBy">Who approved it; not the one asking.</param>
public sealed record ExtendDeadline(IssueId IssueId, Actor Actor, Instant NewDeadline, Actor ApprovedBy) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.ExtendDeadline;

    /// <inheritdoc />
    protected override bool RequiresReason => true;

    private protected override void AddOwnInputProblems(ref List<string>? problems)
    {
        if (ApprovedBy is null)
        {
            AddProblem(ref problems, "An extension needs an approver.");
        }
        else if (Actor is not null && ApprovedBy.Id == Actor.Id)
        {
            AddProblem(ref problems, "An extension must be approved by someone other than the one asking for it.");
        }
    }
}

/// <summary>Moves handling one level up the hierarchy; needs a reason.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who escalates it.</param>
public sealed record EscalateIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Escalate;

    /// <inheritdoc />
    protected override bool RequiresReason => true;
}

/// <summary>Hands handling back down one level; needs a reason.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Actor">Who hands it back.</param>
public sealed record DeescalateIssue(IssueId IssueId, Actor Actor) : IssueCommand(IssueId, Actor)
{
    /// <inheritdoc />
    public override IssueTrigger Trigger => IssueTrigger.Deescalate;

    /// <inheritdoc />
    protected override bool RequiresReason => true;
}
