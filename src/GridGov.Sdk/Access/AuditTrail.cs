using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Access;

/// <summary>
/// Audit queries over the event log (审计): who did what to one aggregate, in order and with reasons;
/// everything one actor did in a time window; every refusal of the access policy. Answers are plain
/// records of ids, codes and instants (no display names), ready for an export to mask and write.
/// </summary>
/// <remarks>
/// <para>Reads only; thread-safe. <see cref="ForStreamAsync"/> reads one stream; <see cref="ByActorAsync"/>
/// scans the global log in pages (its cost grows with the log; a projection keyed by actor is the way
/// to make it cheap when a deployment needs it); <see cref="RefusalsAsync"/> reads the security log.</para>
/// </remarks>
public sealed class AuditTrail
{
    /// <summary>The stream the security log appends every <see cref="AccessRefused"/> to.</summary>
    public const string SecurityLogStreamId = SecurityLog.StreamId;

    private readonly IEventStore _store;
    private readonly EventTypeRegistry _registry;

    /// <summary>Creates the audit queries. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="registry">The stable event type names; <see cref="EventTypeRegistry.CreateDefault"/> when null.</param>
    public AuditTrail(IEventStore store, EventTypeRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _registry = registry ?? EventTypeRegistry.CreateDefault();
    }

    /// <summary>Who did what to one aggregate, in order, with reasons.</summary>
    /// <param name="streamId">The aggregate's stream (for an issue, <see cref="IssueId.StreamId"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, oldest first; empty when the stream does not exist.</returns>
    public async Task<IReadOnlyList<AuditEntry>> ForStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        var events = await _store.ReadStreamAsync(streamId, cancellationToken).ConfigureAwait(false);
        return [.. events.Select(ToEntry)];
    }

    /// <summary>Who did what to one issue, in order, with reasons.</summary>
    /// <param name="issueId">The issue.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, oldest first.</returns>
    public Task<IReadOnlyList<AuditEntry>> ForIssueAsync(IssueId issueId, CancellationToken cancellationToken = default)
        => ForStreamAsync(issueId.StreamId, cancellationToken);

    /// <summary>
    /// Everything one actor did within a time window (by the events' instants), one page at a time: scans the
    /// global log from <paramref name="fromPosition"/> until <paramref name="pageSize"/> entries are found or
    /// the log ends. Refusals in the security log count as things the actor did.
    /// </summary>
    /// <param name="actorId">The actor's id.</param>
    /// <param name="window">The time window; an open end is unbounded.</param>
    /// <param name="fromPosition">The global position to scan from: 1, or the previous page's <see cref="AuditPage.NextPosition"/>.</param>
    /// <param name="pageSize">The most entries to return, 1–10,000. The default value is 500.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The page: entries in log order and where to continue.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromPosition"/> or <paramref name="pageSize"/> is out of range.</exception>
    public async Task<AuditPage> ByActorAsync(string actorId, Interval window, long fromPosition = 1, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 10_000);
        var entries = new List<AuditEntry>();
        var next = fromPosition;
        await foreach (var e in _store.ReadAllAsync(fromPosition, cancellationToken).ConfigureAwait(false))
        {
            next = e.Position + 1;
            if (e.Metadata.Actor.Id == actorId && window.Contains(e.Metadata.At))
            {
                entries.Add(ToEntry(e));
                if (entries.Count == pageSize)
                {
                    return new AuditPage(entries, next, IsLast: false);
                }
            }
        }

        return new AuditPage(entries, next, IsLast: true);
    }

    /// <summary>Every refusal recorded in the security log, optionally within a time window, oldest first.</summary>
    /// <param name="window">The time window; null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The refusals.</returns>
    public async Task<IReadOnlyList<AccessRefusalEntry>> RefusalsAsync(Interval? window = null, CancellationToken cancellationToken = default)
    {
        var events = await _store.ReadStreamAsync(SecurityLogStreamId, cancellationToken).ConfigureAwait(false);
        var refusals = new List<AccessRefusalEntry>(events.Count);
        foreach (var e in events)
        {
            if (e.Payload is AccessRefused r && (window is not { } w || w.Contains(r.At)))
            {
                refusals.Add(new AccessRefusalEntry(e.Position, r.At, r.ActorId, r.ActorRoles, r.Workflow, r.Trigger, r.TargetId, r.Code));
            }
        }

        return refusals;
    }

    private AuditEntry ToEntry(RecordedEvent e)
    {
        var actor = e.Metadata.Actor;
        var type = _registry.TryNameOf(e.Payload.GetType()) ?? e.Payload.GetType().Name;
        var (from, to) = e.Payload is IssueEvent ie ? (ie.From.ToString(), ie.To.ToString()) : ((string?)null, (string?)null);
        return new AuditEntry(e.Position, e.StreamId, e.StreamVersion, type, e.Metadata.At, actor.Id, actor.Kind, actor.Roles, e.Metadata.Reason, from, to);
    }
}

/// <summary>One event as the audit trail shows it: who, what, when and why. Plain data, no display names.</summary>
/// <param name="Position">The event's position in the global log.</param>
/// <param name="StreamId">The aggregate's stream.</param>
/// <param name="StreamVersion">The event's version in its stream.</param>
/// <param name="EventType">The stable type name (such as <c>issue.accepted</c>), or the CLR name of an unregistered type.</param>
/// <param name="At">When.</param>
/// <param name="ActorId">Who.</param>
/// <param name="ActorKind">Person, organization or system.</param>
/// <param name="ActorRoles">The roles the actor acted with; <see cref="ActorRoles.None"/> for events recorded before actors carried roles.</param>
/// <param name="Reason">Why, as the actor gave it.</param>
/// <param name="FromState">The state before, for lifecycle events; else null.</param>
/// <param name="ToState">The state after, for lifecycle events; else null.</param>
public sealed record AuditEntry(
    long Position,
    string StreamId,
    long StreamVersion,
    string EventType,
    Instant At,
    string ActorId,
    ActorKind ActorKind,
    ActorRoles ActorRoles,
    string? Reason,
    string? FromState,
    string? ToState);

/// <summary>A page of <see cref="AuditTrail.ByActorAsync"/>.</summary>
/// <param name="Entries">The entries found, in log order.</param>
/// <param name="NextPosition">Where the next page's scan starts.</param>
/// <param name="IsLast">Whether the scan reached the end of the log.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long NextPosition, bool IsLast);

/// <summary>One refusal from the security log. Plain data, no display names.</summary>
/// <param name="Position">The refusal's position in the global log.</param>
/// <param name="At">When.</param>
/// <param name="ActorId">Who was refused.</param>
/// <param name="ActorRoles">The roles the actor held.</param>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Trigger">The trigger refused.</param>
/// <param name="TargetId">The aggregate it was aimed at.</param>
/// <param name="Code">The refusal's stable code.</param>
public sealed record AccessRefusalEntry(long Position, Instant At, string ActorId, ActorRoles ActorRoles, string Workflow, string Trigger, string TargetId, string Code);
