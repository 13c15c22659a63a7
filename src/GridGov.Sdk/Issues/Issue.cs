using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>
/// A problem (问题) as the fold of its events: where it is, who handles it, its state, deadlines,
/// and the times of each stage. Obtain it from <see cref="IssueService"/>; it is never changed in
/// place: each command yields a new one.
/// </summary>
/// <remarks>Immutable and thread-safe. <see cref="Description"/> may hold personal data and is left out of <see cref="ToString"/>.</remarks>
public sealed record Issue
{
    /// <summary>Creates an issue from an object initializer (the service builds issues from their events).</summary>
    public Issue()
    {
    }

    /// <summary>Gets the issue's identifier.</summary>
    public required IssueId Id { get; init; }

    /// <summary>Gets the number of events in its stream (its version for optimistic concurrency).</summary>
    public long Version { get; init; }

    /// <summary>Gets the current state.</summary>
    public IssueState State { get; init; }

    /// <summary>Gets the matter category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the priority.</summary>
    public IssuePriority Priority { get; init; }

    /// <summary>Gets how it came to be known.</summary>
    public IssueSource Source { get; init; }

    /// <summary>Gets the code of the grid node where the problem is.</summary>
    public required string PlaceCode { get; init; }

    /// <summary>Gets the code of the node that handles it now.</summary>
    public required string HandlingNodeCode { get; init; }

    /// <summary>Gets the handling nodes so far, first to current (the escalation chain).</summary>
    public ImmutableArray<string> LevelChain { get; init; } = [];

    /// <summary>Gets the title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the description (may hold personal data).</summary>
    public required string Description { get; init; }

    /// <summary>Gets the id of the reporting resident or party member, if any.</summary>
    public string? ReporterId { get; init; }

    /// <summary>Gets the version of the rule set that sets its time limits.</summary>
    public int RuleSetVersion { get; init; }

    /// <summary>Gets the version of the workflow definition it was last changed under.</summary>
    public int DefinitionVersion { get; init; }

    /// <summary>Gets when it was reported.</summary>
    public Instant ReportedAt { get; init; }

    /// <summary>Gets when it was accepted (立案), if it was.</summary>
    public Instant? AcceptedAt { get; init; }

    /// <summary>Gets when it was first claimed or dispatched (the response), if it was.</summary>
    public Instant? RespondedAt { get; init; }

    /// <summary>Gets the deadline for the response (claim or dispatch) set when it was accepted.</summary>
    public Instant? RespondDeadline { get; init; }

    /// <summary>Gets when it was last reported resolved, if it was.</summary>
    public Instant? ResolvedAt { get; init; }

    /// <summary>Gets the deadline for resolving it (the due date of 按期结案), once claimed or dispatched.</summary>
    public Instant? ResolveDeadline { get; init; }

    /// <summary>Gets when it was last closed, if it was.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Gets whether its last close was on time.</summary>
    public bool ClosedOnTime { get; init; }

    /// <summary>Gets the deadline of the current stage; null when no clock runs (closed, suspended, final).</summary>
    public Instant? Deadline { get; init; }

    /// <summary>
    /// Gets when the time limit behind <see cref="Deadline"/> started counting; null when no clock runs or the deadline
    /// was not set from a time limit (an approved extension, a resume with the time that was left). A migration to another
    /// rule-set version counts the new limit from here.
    /// </summary>
    public Instant? DeadlineCountedFrom { get; init; }

    /// <summary>Gets who claimed it, if anyone did.</summary>
    public string? ClaimantId { get; init; }

    /// <summary>Gets what kind of claimant claimed it.</summary>
    public ClaimantKind? ClaimantKind { get; init; }

    /// <summary>Gets the professional grid it is dispatched to, if any.</summary>
    public string? ProfessionalGridCode { get; init; }

    /// <summary>Gets the professional grids that returned it (回退), in order.</summary>
    public ImmutableArray<string> ReturnedBy { get; init; } = [];

    /// <summary>Gets who last reported it resolved.</summary>
    public string? ResolvedById { get; init; }

    /// <summary>Gets the notes of the last resolution.</summary>
    public string? ResolutionNotes { get; init; }

    /// <summary>Gets the evidence of the last resolution.</summary>
    public ImmutableArray<string> Evidence { get; init; } = [];

    /// <summary>Gets how many times it was sent back for rework (返工).</summary>
    public int ReworkCount { get; init; }

    /// <summary>Gets how many times it was reopened.</summary>
    public int ReopenCount { get; init; }

    /// <summary>Gets how many times its deadline was extended (延期).</summary>
    public int ExtensionCount { get; init; }

    /// <summary>Gets the rating since the last close, if any.</summary>
    public IssueRating? Rating { get; init; }

    /// <summary>Gets the kind of suspension while suspended.</summary>
    public SuspensionKind? Suspension { get; init; }

    /// <summary>Gets the state it was suspended from, while suspended.</summary>
    public IssueState? SuspendedFrom { get; init; }

    /// <summary>Gets the time that was left on the deadline when it was suspended.</summary>
    public Duration? SuspendedRemaining { get; init; }

    /// <summary>Gets the issue it was merged into, if merged.</summary>
    public IssueId? DuplicateOf { get; init; }

    /// <summary>Gets the idempotency keys of the commands applied so far.</summary>
    public ImmutableHashSet<string> IdempotencyKeys { get; init; } = [];

    /// <summary>Gets whether the issue is in a final state (rejected or merged).</summary>
    public bool IsFinal => State is IssueState.Rejected or IssueState.Merged;

    /// <summary>Gets whether work on the issue is still expected (not closed, final or suspended).</summary>
    public bool IsOpen => State is not (IssueState.Closed or IssueState.Rejected or IssueState.Merged or IssueState.Suspended);

    /// <inheritdoc />
    public override string ToString() => $"Issue {Id} v{Version} {State} {Category} @ {PlaceCode} (handled at {HandlingNodeCode})";

    /// <summary>Whether a state's deadline comes from a stage time limit (see <see cref="IssueStageLimits"/>).</summary>
    internal static bool HasStageLimit(IssueState state)
        => state is IssueState.Reported or IssueState.Accepted or IssueState.Returned or IssueState.Claimed or IssueState.Dispatched or IssueState.InProgress or IssueState.Resolved;

    /// <summary>Builds an issue from the first event of its stream.</summary>
    internal static Issue Start(IssueReported e, EventMetadata m) => new()
    {
        Id = e.IssueId,
        Version = 1,
        State = IssueState.Reported,
        Category = e.Category,
        Priority = e.Priority,
        Source = e.Source,
        PlaceCode = e.PlaceCode,
        HandlingNodeCode = e.HandlingNodeCode,
        LevelChain = [e.HandlingNodeCode],
        Title = e.Title,
        Description = e.Description,
        ReporterId = e.ReporterId,
        RuleSetVersion = e.RuleSetVersion,
        DefinitionVersion = m.DefinitionVersion,
        ReportedAt = m.At,
        Deadline = e.Deadline,
        DeadlineCountedFrom = e.Deadline is null ? null : m.At,
        IdempotencyKeys = m.IdempotencyKey is { } k ? [k] : [],
    };

    /// <summary>Folds a whole stream.</summary>
    /// <exception cref="InvalidOperationException">The stream does not start with <see cref="IssueReported"/>.</exception>
    internal static Issue? Fold(IReadOnlyList<RecordedEvent> stream)
    {
        if (stream.Count == 0)
        {
            return null;
        }

        if (stream[0].Payload is not IssueReported first)
        {
            throw new InvalidOperationException($"Stream '{stream[0].StreamId}' does not start with IssueReported.");
        }

        var issue = Start(first, stream[0].Metadata);
        for (var i = 1; i < stream.Count; i++)
        {
            issue = issue.Apply((IssueEvent)stream[i].Payload, stream[i].Metadata);
        }

        return issue;
    }

    /// <summary>Applies one event after the first.</summary>
    internal Issue Apply(IssueEvent e, EventMetadata m) => new(this, e, m);

    /// <summary>The issue after one event: one copy of this issue, then only the fields the event changes.</summary>
    [SetsRequiredMembers]
    private Issue(Issue previous, IssueEvent e, EventMetadata m)
        : this(previous)
    {
        Version = previous.Version + 1;
        State = e.To;
        Deadline = e.Deadline;
        // Every event that sets a deadline from a time limit counts it from its own instant; these carry or replace it.
        DeadlineCountedFrom = e.Deadline is null ? null : e switch
        {
            IssueWorkStarted or IssueRuleSetMigrated => previous.DeadlineCountedFrom,
            IssueLevelChanged when !HasStageLimit(e.To) => previous.DeadlineCountedFrom,
            IssueDeadlineExtended => null,
            IssueResumed when previous.SuspendedRemaining is not null => null,
            _ => m.At,
        };
        DefinitionVersion = m.DefinitionVersion;
        if (m.IdempotencyKey is { } k)
        {
            IdempotencyKeys = previous.IdempotencyKeys.Add(k);
        }

        switch (e)
        {
            case IssueAccepted:
                AcceptedAt = m.At;
                break;
            case IssueMerged merged:
                DuplicateOf = merged.DuplicateOf;
                break;
            case IssueClaimed c:
                ClaimantId = c.ClaimantId;
                ClaimantKind = c.ClaimantKind;
                ProfessionalGridCode = null;
                RespondedAt = previous.RespondedAt ?? m.At;
                break;
            case IssueDispatched d:
                ProfessionalGridCode = d.ProfessionalGridCode;
                ClaimantId = null;
                ClaimantKind = null;
                RespondedAt = previous.RespondedAt ?? m.At;
                break;
            case IssueReturned r:
                ReturnedBy = previous.ReturnedBy.Add(r.ProfessionalGridCode);
                ProfessionalGridCode = null;
                break;
            case IssueResolved r:
                ResolvedAt = m.At;
                ResolvedById = m.Actor.Id;
                ResolutionNotes = r.Notes;
                Evidence = [.. r.Evidence];
                break;
            case IssueClosed c:
                ClosedAt = m.At;
                ClosedOnTime = c.OnTime;
                Rating = null;
                break;
            case IssueReworkRequested:
                ReworkCount = previous.ReworkCount + 1;
                break;
            case IssueRated r:
                Rating = r.Rating;
                break;
            case IssueReopened:
                ReopenCount = previous.ReopenCount + 1;
                break;
            case IssueSuspended s:
                Suspension = s.Kind;
                SuspendedFrom = previous.State;
                SuspendedRemaining = s.Remaining;
                break;
            case IssueResumed:
                Suspension = null;
                SuspendedFrom = null;
                SuspendedRemaining = null;
                break;
            case IssueDeadlineExtended:
                ExtensionCount = previous.ExtensionCount + 1;
                break;
            case IssueLevelChanged l:
                HandlingNodeCode = l.ToNodeCode;
                LevelChain = l.Up ? previous.LevelChain.Add(l.ToNodeCode) : previous.LevelChain.RemoveAt(previous.LevelChain.Length - 1);
                break;
            case IssueRuleSetMigrated migrated:
                RuleSetVersion = migrated.ToVersion;
                if (State == IssueState.Accepted)
                {
                    RespondDeadline = Deadline;
                }

                break;
            case IssueRejected or IssueWorkStarted:
                break;
            default:
                throw new InvalidOperationException($"Unknown issue event {e.GetType().Name}.");
        }

        // The current stage's deadline is the response deadline while waiting for a claim or dispatch,
        // and the resolve deadline (the due date of 按期结案) while someone is on it.
        switch (State)
        {
            case IssueState.Accepted:
                RespondDeadline ??= Deadline;
                break;
            case IssueState.Claimed or IssueState.Dispatched or IssueState.InProgress:
                ResolveDeadline = Deadline;
                break;
        }
    }
}
