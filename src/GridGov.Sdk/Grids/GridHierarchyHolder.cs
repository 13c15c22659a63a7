using GridGov.Sdk.Access;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Grids;

/// <summary>
/// Holds the current grid hierarchy snapshot of a process and applies changes to it, stamping each
/// with the injected clock and keeping the events in order. Readers take <see cref="Current"/> and
/// keep using that snapshot; writers never block readers.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Changes are serialized; a change that names the version it was made against
/// (<c>expectedVersion</c>) fails with <see cref="GridConcurrencyException"/> if another change came
/// first, so no update is lost. Registered as a singleton by <c>AddGridGov</c>, on the registered
/// <see cref="IEventStore"/>, and loaded from that store's <see cref="StreamId"/> stream when first resolved.</para>
/// <para>With a store, the hierarchy is kept in the <see cref="StreamId"/> stream:
/// <see cref="ImportAsync"/> records a whole hierarchy (<see cref="GridHierarchyImported"/>),
/// <see cref="ApplyAsync(IReadOnlyList{GridChange}, Actor, string?, long?, CancellationToken)"/> records
/// each change set (<see cref="GridChangesApplied"/>, with who, when and why in its
/// <see cref="EventMetadata"/>) and <see cref="LoadFromStoreAsync"/> replays the stream. Once the
/// hierarchy is in the store (<see cref="IsPersisted"/>), the in-memory <see cref="Load"/> and
/// <see cref="Apply"/> are refused, so nothing bypasses the store. Without a store, or before the
/// first import, they work in memory only, as before.</para>
/// </remarks>
public sealed partial class GridHierarchyHolder
{
    /// <summary>The id of the stream that keeps the grid hierarchy.</summary>
    public const string StreamId = "grid-hierarchy";

    private readonly IClock _clock;
    private readonly GridLevelRules _rules;
    private readonly IEventStore? _store;
    private readonly AccessPolicy _policy;
    private readonly SecurityLog? _securityLog;
    private readonly GridNodeKind[] _cadreKinds;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<GridHierarchyChanged> _history = [];
    private GridHierarchy? _current;
    private ProfessionalGridMap? _professionalGrids;
    private long _streamVersion;

    /// <summary>Creates an empty holder that keeps its hierarchy in memory only.</summary>
    /// <param name="clock">The clock that stamps changes.</param>
    /// <param name="options">The SDK options; their level rules must match every snapshot loaded.</param>
    public GridHierarchyHolder(IClock clock, IOptions<GridGovOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _rules = options.Value.LevelRules;
        _cadreKinds = [.. options.Value.CadreCoveredKinds];
        _policy = AccessPolicy.Default;
    }

    /// <summary>
    /// Creates an empty holder that keeps its hierarchy in an event store. Nothing is read yet; call
    /// <see cref="LoadFromStoreAsync"/> (the DI registration does it when the holder is first resolved).
    /// </summary>
    /// <param name="clock">The clock that stamps changes.</param>
    /// <param name="options">The SDK options; their level rules must match every snapshot loaded.</param>
    /// <param name="store">The event store holding the <see cref="StreamId"/> stream.</param>
    public GridHierarchyHolder(IClock clock, IOptions<GridGovOptions> options, IEventStore store)
        : this(clock, options, store, AccessPolicy.Default)
    {
    }

    /// <summary>
    /// Creates an empty holder that keeps its hierarchy, professional grids, households and cadre roster in an
    /// event store and authorizes every command through an access policy (<see cref="GridAccess"/>), recording
    /// refusals in the security log. Nothing is read yet; call <see cref="LoadFromStoreAsync"/>.
    /// </summary>
    /// <param name="clock">The clock that stamps changes.</param>
    /// <param name="options">The SDK options; their level rules must match every snapshot loaded.</param>
    /// <param name="store">The event store holding the holder's streams.</param>
    /// <param name="policy">The access policy; <see cref="AccessPolicy.Default"/> holds the grid rules of <see cref="GridAccess.AddDefaultRules"/>.</param>
    /// <param name="logger">Where refusals are logged as warnings; none when null.</param>
    public GridHierarchyHolder(IClock clock, IOptions<GridGovOptions> options, IEventStore store, AccessPolicy policy, ILogger? logger = null)
        : this(clock, options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        _store = store;
        _policy = policy;
        _securityLog = new SecurityLog(store, clock, logger ?? NullLogger.Instance);
    }

    /// <summary>Gets the current snapshot.</summary>
    /// <exception cref="InvalidOperationException">No hierarchy has been loaded yet.</exception>
    public GridHierarchy Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("No grid hierarchy has been loaded; call Load, ImportAsync or LoadFromStoreAsync first.");

    /// <summary>Gets the professional grids checked against <see cref="Current"/>, or null when none are loaded.</summary>
    public ProfessionalGridMap? ProfessionalGrids => Volatile.Read(ref _professionalGrids);

    /// <summary>Gets whether a hierarchy has been loaded.</summary>
    public bool IsLoaded => Volatile.Read(ref _current) is not null;

    /// <summary>
    /// Gets whether <see cref="Current"/> is kept in the event store: it was imported or loaded from the
    /// <see cref="StreamId"/> stream. From then on only the asynchronous, recording methods change it.
    /// </summary>
    public bool IsPersisted => Volatile.Read(ref _streamVersion) > 0;

    /// <summary>Gets the version of the <see cref="StreamId"/> stream that <see cref="Current"/> reflects; 0 when nothing is stored.</summary>
    public long StreamVersion => Volatile.Read(ref _streamVersion);

    /// <summary>Gets the changes applied through this holder (or replayed from the store), oldest first.</summary>
    /// <returns>A copy of the change events.</returns>
    public IReadOnlyList<GridHierarchyChanged> History()
    {
        lock (_gate)
        {
            return _history.ToArray();
        }
    }

    /// <summary>Replaces the current snapshot with a whole new one, in memory only (for example a fresh import in a test or tool).</summary>
    /// <param name="hierarchy">The new snapshot; its level rules must equal the configured ones.</param>
    /// <exception cref="ArgumentException">The snapshot was validated against other level rules.</exception>
    /// <exception cref="InvalidOperationException">The hierarchy is kept in the event store (<see cref="IsPersisted"/>); use <see cref="ImportAsync"/>.</exception>
    public void Load(GridHierarchy hierarchy)
    {
        CheckRules(hierarchy);
        lock (_gate)
        {
            ThrowIfPersisted(nameof(ImportAsync));
            PublishOverlays(RebuildOverlays(hierarchy));
            Volatile.Write(ref _current, hierarchy);
        }
    }

    /// <summary>
    /// Loads the professional grids, checked against <see cref="Current"/>. After each change they are
    /// checked again against the new snapshot, and a change that would break them is refused.
    /// </summary>
    /// <param name="grids">The professional grids.</param>
    /// <exception cref="GridValidationException">The grids do not fit the current hierarchy; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">The professional grids are kept in the event store; use <see cref="SetProfessionalGridsAsync"/>.</exception>
    /// <remarks>In memory only: to record them, use <see cref="SetProfessionalGridsAsync"/>.</remarks>
    public void LoadProfessionalGrids(IEnumerable<ProfessionalGrid> grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        lock (_gate)
        {
            if (_gridsVersion > 0)
            {
                throw new InvalidOperationException($"The professional grids are kept in the event store (stream '{ProfessionalGridsStreamId}'); change them with SetProfessionalGridsAsync so that the change is recorded.");
            }

            Volatile.Write(ref _professionalGrids, ProfessionalGridMap.Build(Current, grids));
        }
    }

    /// <summary>Applies a change to the current snapshot, in memory only, and makes the result current.</summary>
    /// <param name="change">The change.</param>
    /// <param name="actor">Who makes it.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The version the caller saw; when given and no longer current, the change is refused.</param>
    /// <returns>The new snapshot and its event.</returns>
    /// <exception cref="GridValidationException">The change is invalid; nothing changed.</exception>
    /// <exception cref="GridConcurrencyException">Another change came first; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor change these places (<see cref="GridAccess.ApplyChangesTrigger"/>); nothing changed.</exception>
    /// <exception cref="InvalidOperationException">No hierarchy is loaded, or it is kept in the event store
    /// (<see cref="IsPersisted"/>): use <see cref="ApplyAsync(GridChange, Actor, string?, long?, CancellationToken)"/>.</exception>
    public GridChangeResult Apply(GridChange change, Actor actor, string? reason = null, long? expectedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        var refusal = Decide(actor, GridAccess.ApplyChangesTrigger, Current, PlacesOf([change]));
        if (refusal is { } denied)
        {
            throw RefuseAsync(denied, actor, GridAccess.ApplyChangesTrigger).AsTask().GetAwaiter().GetResult();
        }

        lock (_gate)
        {
            ThrowIfPersisted(nameof(ApplyAsync));
            var current = Current;
            if (expectedVersion is { } expected && expected != current.Version)
            {
                throw new GridConcurrencyException(expected, current.Version);
            }

            var result = current.Apply(change, actor, _clock.GetCurrentInstant(), reason);
            var overlays = RebuildOverlays(result.Hierarchy);
            _history.Add(result.Event);
            PublishOverlays(overlays);
            Volatile.Write(ref _current, result.Hierarchy);
            return result;
        }
    }

    /// <summary>
    /// Reads the <see cref="StreamId"/> stream and replays whatever this holder has not seen yet: on
    /// start, the whole hierarchy; later, the changes other processes recorded since.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> if the store holds a hierarchy (it is now <see cref="Current"/>); <see langword="false"/> if the stream is empty.</returns>
    /// <exception cref="InvalidOperationException">The holder was created without an event store.</exception>
    /// <exception cref="GridHierarchyStreamException">The stream cannot be replayed; nothing changed.</exception>
    /// <exception cref="GridValidationException">The loaded professional grids do not fit the stored hierarchy; nothing changed.</exception>
    public async Task<bool> LoadFromStoreAsync(CancellationToken cancellationToken = default)
    {
        var store = RequireStore();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(store, cancellationToken).ConfigureAwait(false);
            await CatchUpOverlaysAsync(store, cancellationToken).ConfigureAwait(false);
            return IsPersisted;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Records a whole hierarchy in the store as a <see cref="GridHierarchyImported"/> event and makes it
    /// current: the first import, or a re-import that replaces everything before it. The snapshot keeps
    /// its own <see cref="GridHierarchy.Version"/>.
    /// </summary>
    /// <param name="hierarchy">The hierarchy; its level rules must equal the configured ones.</param>
    /// <param name="actor">Who imports it.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The version the caller saw (0 for "nothing loaded yet"); when given and no longer current, the import is refused.</param>
    /// <param name="cancellationToken">Cancels the import before it is recorded.</param>
    /// <returns>The hierarchy, now current.</returns>
    /// <exception cref="ArgumentException">The snapshot was validated against other level rules.</exception>
    /// <exception cref="GridValidationException">The loaded professional grids do not fit the new hierarchy; nothing was recorded.</exception>
    /// <exception cref="GridConcurrencyException">Another change came first (in this process or, through the store, in another); nothing was recorded.</exception>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor do this here (<see cref="GridAccess"/>); the refusal is in the security log and nothing else was recorded.</exception>
    /// <exception cref="InvalidOperationException">The holder was created without an event store.</exception>
    public async Task<GridHierarchy> ImportAsync(GridHierarchy hierarchy, Actor actor, string? reason = null, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        CheckRules(hierarchy);
        ArgumentNullException.ThrowIfNull(actor);
        var store = RequireStore();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = Volatile.Read(ref _current);
            var scope = before ?? hierarchy;
            await AuthorizeAsync(actor, GridAccess.ImportTrigger, scope, [scope.Root.Code]).ConfigureAwait(false);
            CheckExpected(expectedVersion, before?.Version ?? 0);
            var overlays = RebuildOverlays(hierarchy);
            var metadata = new EventMetadata(actor, _clock.GetCurrentInstant(), reason);
            await AppendAsync(store, GridHierarchyImported.From(hierarchy), metadata, before?.Version ?? 0, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _streamVersion++;
                PublishOverlays(overlays);
                Volatile.Write(ref _current, hierarchy);
            }

            return hierarchy;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Applies a change, records it in the store and makes the result current.</summary>
    /// <param name="change">The change.</param>
    /// <param name="actor">Who makes it.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The version the caller saw; when given and no longer current, the change is refused.</param>
    /// <param name="cancellationToken">Cancels the change before it is recorded.</param>
    /// <returns>The new snapshot and its event.</returns>
    /// <exception cref="GridValidationException">The change is invalid; nothing was recorded.</exception>
    /// <exception cref="GridConcurrencyException">Another change came first (in this process or, through the store, in another); nothing was recorded.</exception>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor do this here (<see cref="GridAccess"/>); the refusal is in the security log and nothing else was recorded.</exception>
    /// <exception cref="InvalidOperationException">The holder has no event store, or its hierarchy is not in the store yet (call <see cref="ImportAsync"/>).</exception>
    public async Task<GridChangeResult> ApplyAsync(GridChange change, Actor actor, string? reason = null, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var result = await ApplyAsync([change], actor, reason, expectedVersion, cancellationToken).ConfigureAwait(false);
        return new GridChangeResult(result.Hierarchy, result.Events[0]);
    }

    /// <summary>
    /// Applies a change set in order, all or nothing, records it in the store as one
    /// <see cref="GridChangesApplied"/> event and makes the result current. Every change is checked
    /// before anything is recorded.
    /// </summary>
    /// <param name="changes">The changes, at least one.</param>
    /// <param name="actor">Who makes them.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The version the caller saw; when given and no longer current, the set is refused.</param>
    /// <param name="cancellationToken">Cancels the set before it is recorded.</param>
    /// <returns>The final snapshot and one event per change.</returns>
    /// <exception cref="ArgumentException">The set is empty or holds a null change.</exception>
    /// <exception cref="GridValidationException">A change is invalid; nothing was recorded.</exception>
    /// <exception cref="GridConcurrencyException">Another change came first (in this process or, through the store, in another); nothing was recorded.</exception>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor do this here (<see cref="GridAccess"/>); the refusal is in the security log and nothing else was recorded.</exception>
    /// <exception cref="InvalidOperationException">The holder has no event store, or its hierarchy is not in the store yet (call <see cref="ImportAsync"/>).</exception>
    public async Task<GridChangeSetResult> ApplyAsync(IReadOnlyList<GridChange> changes, Actor actor, string? reason = null, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(actor);
        if (changes.Count == 0 || changes.Any(c => c is null))
        {
            throw new ArgumentException("A change set needs at least one change and no null ones.", nameof(changes));
        }

        var store = RequireStore();
        var copy = changes.ToArray();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Current;
            await AuthorizeAsync(actor, GridAccess.ApplyChangesTrigger, current, PlacesOf(copy)).ConfigureAwait(false);
            if (!IsPersisted)
            {
                throw new InvalidOperationException("The grid hierarchy is not in the event store yet; record it with ImportAsync first.");
            }

            CheckExpected(expectedVersion, current.Version);
            var at = _clock.GetCurrentInstant();
            var events = new GridHierarchyChanged[copy.Length];
            var next = current;
            for (var i = 0; i < copy.Length; i++)
            {
                var step = next.Apply(copy[i], actor, at, reason);
                events[i] = step.Event;
                next = step.Hierarchy;
            }

            var overlays = RebuildOverlays(next);
            var payload = new GridChangesApplied(current.Version, next.Version, copy);
            await AppendAsync(store, payload, new EventMetadata(actor, at, reason), current.Version, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _streamVersion++;
                _history.AddRange(events);
                PublishOverlays(overlays);
                Volatile.Write(ref _current, next);
            }

            return new GridChangeSetResult(next, events);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static void CheckExpected(long? expectedVersion, long actual)
    {
        if (expectedVersion is { } expected && expected != actual)
        {
            throw new GridConcurrencyException(expected, actual);
        }
    }

    private void CheckRules(GridHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        if (!hierarchy.Rules.Equals(_rules))
        {
            throw new ArgumentException("The hierarchy was validated against other level rules than GridGovOptions.LevelRules.", nameof(hierarchy));
        }
    }

    private void ThrowIfPersisted(string instead)
    {
        if (_streamVersion > 0)
        {
            throw new InvalidOperationException($"The grid hierarchy is kept in the event store (stream '{StreamId}'); change it with {instead} so that the change is recorded.");
        }
    }

    private IEventStore RequireStore()
        => _store ?? throw new InvalidOperationException("This GridHierarchyHolder has no event store; create it with one (AddGridGov does) to record the hierarchy.");

    /// <summary>Appends one event at the holder's stream version; on a conflict, catches up with the store and reports it.</summary>
    private async Task AppendAsync(IEventStore store, object payload, EventMetadata metadata, long seenVersion, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendAsync(StreamId, _streamVersion, [new EventData(payload, metadata)], cancellationToken).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException conflict)
        {
            // Another process recorded a change first: catch up so that the caller can reload and retry.
            try
            {
                await CatchUpAsync(store, CancellationToken.None).ConfigureAwait(false);
            }
            catch (GridGovException)
            {
                // The refusal is what matters; a stream that cannot be replayed will be reported by the next load.
            }

            throw new GridConcurrencyException(seenVersion, Volatile.Read(ref _current)?.Version ?? 0, conflict);
        }
    }

    /// <summary>Replays the events of the stream after <see cref="_streamVersion"/>. Call holding <see cref="_writeGate"/>.</summary>
    private async Task CatchUpAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var stream = await store.ReadStreamAsync(StreamId, cancellationToken).ConfigureAwait(false);
        var seen = _streamVersion;
        if (stream.Count < seen)
        {
            throw new GridHierarchyStreamException(seen, $"The stream '{StreamId}' has {stream.Count} events, fewer than the {seen} this holder has already applied.");
        }

        if (stream.Count == seen)
        {
            return;
        }

        var hierarchy = seen > 0 ? Current : null;
        var history = new List<GridHierarchyChanged>();
        for (var i = checked((int)seen); i < stream.Count; i++)
        {
            var e = stream[i];
            hierarchy = Replay(hierarchy, e, history);
        }

        var overlays = RebuildOverlays(hierarchy!);
        lock (_gate)
        {
            _history.AddRange(history);
            _streamVersion = stream.Count;
            PublishOverlays(overlays);
            Volatile.Write(ref _current, hierarchy);
        }
    }

    private GridHierarchy Replay(GridHierarchy? hierarchy, RecordedEvent e, List<GridHierarchyChanged> history)
    {
        switch (e.Payload)
        {
            case GridHierarchyImported imported:
                try
                {
                    return imported.ToHierarchy(_rules);
                }
                catch (GridValidationException ex)
                {
                    throw new GridHierarchyStreamException(e.StreamVersion, $"The hierarchy imported at stream version {e.StreamVersion} does not load: {ex.Message}", ex);
                }

            case GridChangesApplied applied:
                if (hierarchy is null)
                {
                    throw new GridHierarchyStreamException(e.StreamVersion, $"Stream version {e.StreamVersion} changes a hierarchy that was never imported.");
                }

                if (hierarchy.Version != applied.FromVersion || applied.Changes is not { Count: > 0 })
                {
                    throw new GridHierarchyStreamException(e.StreamVersion,
                        $"Stream version {e.StreamVersion} applies changes to hierarchy version {applied.FromVersion}, but replay reached version {hierarchy.Version}.");
                }

                try
                {
                    foreach (var change in applied.Changes)
                    {
                        var step = hierarchy.Apply(change, e.Metadata.Actor, e.Metadata.At, e.Metadata.Reason);
                        history.Add(step.Event);
                        hierarchy = step.Hierarchy;
                    }
                }
                catch (GridValidationException ex)
                {
                    throw new GridHierarchyStreamException(e.StreamVersion, $"A change recorded at stream version {e.StreamVersion} does not apply: {ex.Message}", ex);
                }

                if (hierarchy.Version != applied.ToVersion)
                {
                    throw new GridHierarchyStreamException(e.StreamVersion,
                        $"Stream version {e.StreamVersion} should reach hierarchy version {applied.ToVersion}, but replay reached {hierarchy.Version}.");
                }

                return hierarchy;

            default:
                throw new GridHierarchyStreamException(e.StreamVersion, $"Stream version {e.StreamVersion} holds a {e.Payload.GetType().Name}, which is not a grid hierarchy event.");
        }
    }
}

/// <summary>The outcome of a change set: the final snapshot and one event per change, in order.</summary>
/// <param name="Hierarchy">The final snapshot.</param>
/// <param name="Events">The events describing each change.</param>
public sealed record GridChangeSetResult(GridHierarchy Hierarchy, IReadOnlyList<GridHierarchyChanged> Events);

/// <summary>
/// Thrown when the <c>grid-hierarchy</c> stream cannot be replayed: a change that does not apply, versions
/// that do not follow, or a foreign event. The holder keeps the state it had.
/// </summary>
public sealed class GridHierarchyStreamException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "grid.stream-invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="streamVersion">The stream version of the event that failed.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GridHierarchyStreamException(long streamVersion, string message, Exception? innerException = null)
        : base(ErrorCode, message, innerException)
    {
        StreamVersion = streamVersion;
    }

    /// <summary>Gets the stream version of the event that failed.</summary>
    public long StreamVersion { get; }
}

/// <summary>Thrown when a change names a hierarchy version that is no longer current: another change came first.</summary>
public sealed class GridConcurrencyException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "grid.concurrency-conflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="actualVersion">The version that is current.</param>
    /// <param name="innerException">The store's conflict, when another process came first; optional.</param>
    public GridConcurrencyException(long expectedVersion, long actualVersion, Exception? innerException = null)
        : base(ErrorCode, $"The grid hierarchy is at version {actualVersion}, not {expectedVersion}: another change came first. Reload and try again.", innerException)
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the version the caller saw.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version that is current.</summary>
    public long ActualVersion { get; }
}
