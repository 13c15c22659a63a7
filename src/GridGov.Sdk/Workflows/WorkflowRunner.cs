using System.Collections.Concurrent;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace GridGov.Sdk.Workflows;

/// <summary>What the shared workflow machinery needs of an aggregate: its id, version and state.</summary>
/// <typeparam name="TState">The workflow's states.</typeparam>
internal interface IWorkflowAggregate<out TState>
    where TState : struct, Enum
{
    /// <summary>Gets the aggregate's id.</summary>
    string Id { get; }

    /// <summary>Gets the number of events applied to it.</summary>
    long Version { get; }

    /// <summary>Gets its state.</summary>
    TState State { get; }
}

/// <summary>How one aggregate kind is stored, folded and located for the access policy.</summary>
/// <typeparam name="TAggregate">The aggregate.</typeparam>
/// <typeparam name="TEvent">Its event base type.</typeparam>
internal sealed class WorkflowAggregateModel<TAggregate, TEvent>
    where TAggregate : class
    where TEvent : class
{
    /// <summary>Gets the stream of an aggregate id (for example <c>wish-W1</c>).</summary>
    public required Func<string, string> StreamIdOf { get; init; }

    /// <summary>Gets the fold: the aggregate before (null for the first event) and one recorded event (payload, metadata, version) give the aggregate after.</summary>
    public required Func<TAggregate?, TEvent, RecordedEvent, TAggregate> Fold { get; init; }

    /// <summary>Gets what the access policy looks at in an aggregate (its place, owner, assignee).</summary>
    public required Func<TAggregate, AccessTarget> TargetOf { get; init; }

    /// <summary>Gets the access-policy trigger name of the command that creates an aggregate (for example <c>Post</c>).</summary>
    public required string CreateTrigger { get; init; }

    /// <summary>Gets what is told of every recorded event, the security log's refusals included (the read model's Apply); optional.</summary>
    public Action<RecordedEvent>? Recorded { get; init; }
}

/// <summary>
/// The shared workflow machinery (ADR 0023): the command path every Stateless lifecycle of the SDK
/// after the problem lifecycle goes through — load (cached), authorize before guards (refusals in the
/// security log), idempotency, expected version, the definition's decision, hooks around the commit,
/// append with optimistic concurrency, fold, project. One instance per aggregate kind; thread-safe.
/// </summary>
/// <typeparam name="TAggregate">The aggregate.</typeparam>
/// <typeparam name="TState">Its states.</typeparam>
/// <typeparam name="TTrigger">Its triggers; their names are the access policy's trigger names.</typeparam>
/// <typeparam name="TEvent">Its event base type.</typeparam>
/// <typeparam name="TFacts">What the definition's guards look at.</typeparam>
internal sealed partial class WorkflowRunner<TAggregate, TState, TTrigger, TEvent, TFacts>
    where TAggregate : class, IWorkflowAggregate<TState>
    where TState : struct, Enum
    where TTrigger : struct, Enum
    where TEvent : class
{
    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder? _territory;
    private readonly AccessPolicy _policy;
    private readonly SecurityLog _securityLog;
    private readonly ILogger _logger;
    private readonly ITransitionHook<WorkflowTransitionContext<TAggregate, TTrigger, TEvent>>[] _hooks;
    private readonly WorkflowAggregateModel<TAggregate, TEvent> _model;
    private readonly AccessRule[] _createRules;
    private readonly Dictionary<TTrigger, AccessRule[]> _triggerRules = [];
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public WorkflowRunner(
        WorkflowDefinition<TState, TTrigger, TFacts> definition,
        WorkflowAggregateModel<TAggregate, TEvent> model,
        IEventStore store,
        IClock clock,
        GridHierarchyHolder? territory,
        AccessPolicy? policy,
        ILogger logger,
        IEnumerable<ITransitionHook<WorkflowTransitionContext<TAggregate, TTrigger, TEvent>>>? hooks)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        Definition = definition;
        _model = model;
        _store = store;
        _clock = clock;
        _territory = territory;
        _policy = policy ?? AccessPolicy.Default;
        _logger = logger;
        _securityLog = new SecurityLog(store, clock, logger);
        Reads = new DistrictReads(territory, _securityLog, model.Recorded);
        _hooks = hooks?.ToArray() ?? [];
        _createRules = _policy.Lookup(definition.Name, model.CreateTrigger);
        foreach (var trigger in Enum.GetValues<TTrigger>())
        {
            _triggerRules[trigger] = _policy.Lookup(definition.Name, trigger.ToString());
        }
    }

    /// <summary>Gets the lifecycle definition.</summary>
    public WorkflowDefinition<TState, TTrigger, TFacts> Definition { get; }

    /// <summary>Gets the district rule for reads (ADR 31), refusals recorded in this workflow's security log.</summary>
    public DistrictReads Reads { get; }

    /// <summary>Gets an aggregate for an actor: refused (<c>access.other-district</c>, recorded) when it lies in a district the actor does not read.</summary>
    /// <param name="id">The id.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The aggregate.</returns>
    public async ValueTask<TAggregate> GetForAsync(string id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var aggregate = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return await Reads.EnsureAsync(actor, Definition.Name, aggregate, _model.TargetOf(aggregate)).ConfigureAwait(false);
    }

    /// <summary>Gets the clock commands are stamped with.</summary>
    public IClock Clock => _clock;

    private GridHierarchy? Hierarchy => _territory is { IsLoaded: true } t ? t.Current : null;

    /// <summary>Creates an aggregate with its first event, after the access check for <see cref="WorkflowAggregateModel{TAggregate, TEvent}.CreateTrigger"/> on <paramref name="target"/>.</summary>
    /// <param name="id">The new aggregate's id.</param>
    /// <param name="created">The first event, valid already (the caller checked the input).</param>
    /// <param name="target">Where the aggregate will live, for the access check.</param>
    /// <param name="actor">Who creates it.</param>
    /// <param name="reason">Why; optional.</param>
    /// <param name="idempotencyKey">The command's key; a repeat returns the existing aggregate as a duplicate.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <param name="reserve">
    /// Runs after the access check and inside the hooks, just before the append (for example, taking a share of a
    /// resource's capacity in the resource's stream); it may throw a refusal, and then nothing is appended. It returns
    /// whether it changed anything.
    /// </param>
    /// <param name="undo">Gives back what <paramref name="reserve"/> took when the append fails after it (best effort).</param>
    /// <returns>The new aggregate and its event.</returns>
    public async Task<WorkflowCommandResult<TAggregate>> CreateAsync(string id, TEvent created, AccessTarget target, Actor actor, string? reason, string? idempotencyKey, CancellationToken cancellationToken, Func<Task<bool>>? reserve = null, Func<Task>? undo = null)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(actor);
        var decision = AccessPolicy.Evaluate(_createRules, actor, target, Hierarchy);
        if (!decision.IsAllowed)
        {
            throw await _securityLog.RefuseAsync(decision, actor, Definition.Name, _model.CreateTrigger, target, _model.Recorded).ConfigureAwait(false);
        }

        var metadata = new EventMetadata(actor, _clock.GetCurrentInstant(), reason, Definition.Version, idempotencyKey);
        try
        {
            return await CommitAsync(id, null, null, created, metadata, cancellationToken, reserve, undo).ConfigureAwait(false);
        }
        catch (WorkflowConcurrencyException) when (idempotencyKey is not null)
        {
            var existing = await LoadEntryAsync(id, fresh: true, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Has(idempotencyKey))
            {
                return new WorkflowCommandResult<TAggregate>(existing.Aggregate, [], WasDuplicate: true);
            }

            throw;
        }
    }

    /// <summary>Fires a trigger on an existing aggregate.</summary>
    /// <param name="id">The aggregate.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="actor">Who fires it.</param>
    /// <param name="reason">Why; optional.</param>
    /// <param name="idempotencyKey">The command's key; a repeat returns the aggregate as a duplicate and records nothing.</param>
    /// <param name="expectedVersion">The version the caller saw; null to accept the current one.</param>
    /// <param name="facts">The guards' facts for the loaded aggregate.</param>
    /// <param name="buildEvent">
    /// Builds the event from the aggregate before and the destination state; may throw a
    /// <see cref="WorkflowRejectedException"/> (or a domain exception) for input that depends on the state.
    /// </param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The aggregate after and the event.</returns>
    public async Task<WorkflowCommandResult<TAggregate>> FireAsync(
        string id,
        TTrigger trigger,
        Actor actor,
        string? reason,
        string? idempotencyKey,
        long? expectedVersion,
        Func<TAggregate, TFacts> facts,
        Func<TAggregate, TState, Instant, TEvent> buildEvent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(buildEvent);
        var entry = await LoadEntryAsync(id, fresh: false, cancellationToken).ConfigureAwait(false)
                    ?? throw new WorkflowAggregateNotFoundException(Definition.Name, id);
        entry = await AuthorizeAsync(entry, trigger, actor, cancellationToken).ConfigureAwait(false);
        if (idempotencyKey is not null && entry.Has(idempotencyKey))
        {
            return new WorkflowCommandResult<TAggregate>(entry.Aggregate, [], WasDuplicate: true);
        }

        if (expectedVersion is { } expected && expected != entry.Aggregate.Version)
        {
            // Another node may have moved it on: compare with the store before refusing.
            entry = await LoadEntryAsync(id, fresh: true, cancellationToken).ConfigureAwait(false) ?? entry;
            if (expected != entry.Aggregate.Version)
            {
                throw new WorkflowConcurrencyException(id, expected, entry.Aggregate.Version);
            }
        }

        var aggregate = entry.Aggregate;
        var decision = Definition.Decide(aggregate.State, trigger, facts(aggregate));
        if (!decision.Allowed)
        {
            throw decision.UnmetGuards.Count > 0
                ? new WorkflowRejectedException(WorkflowRejectedException.GuardFailedCode, $"{trigger} is not allowed for {Definition.Name} '{id}' now: {string.Join("; ", decision.UnmetGuards)}.", id, aggregate.State.ToString(), trigger.ToString(), decision.UnmetGuards)
                : new WorkflowRejectedException(WorkflowRejectedException.NotPermittedCode, $"{trigger} is not allowed while {Definition.Name} '{id}' is {aggregate.State}.", id, aggregate.State.ToString(), trigger.ToString(), []);
        }

        var now = _clock.GetCurrentInstant();
        var evt = buildEvent(aggregate, decision.Destination, now);
        var metadata = new EventMetadata(actor, now, reason, Definition.Version, idempotencyKey);
        try
        {
            return await CommitAsync(id, entry, trigger, evt, metadata, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowConcurrencyException) when (idempotencyKey is not null)
        {
            var fresh = await LoadEntryAsync(id, fresh: true, cancellationToken).ConfigureAwait(false);
            if (fresh is not null && fresh.Has(idempotencyKey))
            {
                return new WorkflowCommandResult<TAggregate>(fresh.Aggregate, [], WasDuplicate: true);
            }

            throw;
        }
    }

    /// <summary>Gets an aggregate, or null when it does not exist.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The aggregate or null.</returns>
    public async ValueTask<TAggregate?> FindAsync(string id, CancellationToken cancellationToken)
        => (await LoadEntryAsync(id, fresh: false, cancellationToken).ConfigureAwait(false))?.Aggregate;

    /// <summary>Gets an aggregate.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The aggregate.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">It does not exist.</exception>
    public async ValueTask<TAggregate> GetAsync(string id, CancellationToken cancellationToken)
        => await FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new WorkflowAggregateNotFoundException(Definition.Name, id);

    /// <summary>The access policy's answer for an actor and a trigger on an aggregate; records nothing.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="actor">The actor.</param>
    /// <returns>The decision.</returns>
    public AccessDecision Access(TAggregate aggregate, TTrigger trigger, Actor actor)
        => AccessPolicy.Evaluate(_triggerRules[trigger], actor, _model.TargetOf(aggregate), Hierarchy);

    /// <summary>The access policy's answer for creating an aggregate at a target; records nothing.</summary>
    /// <param name="target">Where.</param>
    /// <param name="actor">The actor.</param>
    /// <returns>The decision.</returns>
    public AccessDecision AccessToCreate(AccessTarget target, Actor actor) => AccessPolicy.Evaluate(_createRules, actor, target, Hierarchy);

    /// <summary>Answers "what may this actor do to this aggregate now": triggers the policy allows the actor here and whose guards pass.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="facts">The guards' facts.</param>
    /// <returns>The triggers, in enum order.</returns>
    public IReadOnlyList<TTrigger> Permitted(TAggregate aggregate, Actor actor, TFacts facts)
        => [.. Definition.Permitted(aggregate.State, facts).Where(t => Access(aggregate, t, actor).IsAllowed)];

    /// <summary>Reads every event of the aggregate's stream and folds it, past the cache.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The aggregate, or null.</returns>
    public async ValueTask<TAggregate?> ReloadAsync(string id, CancellationToken cancellationToken)
        => (await LoadEntryAsync(id, fresh: true, cancellationToken).ConfigureAwait(false))?.Aggregate;

    private async ValueTask<Entry> AuthorizeAsync(Entry entry, TTrigger trigger, Actor actor, CancellationToken cancellationToken)
    {
        var rules = _triggerRules[trigger];
        var decision = AccessPolicy.Evaluate(rules, actor, _model.TargetOf(entry.Aggregate), Hierarchy);
        if (decision.IsAllowed)
        {
            return entry;
        }

        // The cached aggregate may be stale (claimed on another node meanwhile): confirm against the store.
        var fresh = await LoadEntryAsync(entry.Aggregate.Id, fresh: true, cancellationToken).ConfigureAwait(false) ?? entry;
        var target = _model.TargetOf(fresh.Aggregate);
        decision = AccessPolicy.Evaluate(rules, actor, target, Hierarchy);
        if (!decision.IsAllowed)
        {
            throw await _securityLog.RefuseAsync(decision, actor, Definition.Name, trigger.ToString(), target, _model.Recorded).ConfigureAwait(false);
        }

        return fresh;
    }

    private async Task<WorkflowCommandResult<TAggregate>> CommitAsync(string id, Entry? before, TTrigger? trigger, TEvent evt, EventMetadata metadata, CancellationToken cancellationToken, Func<Task<bool>>? reserve = null, Func<Task>? undo = null)
    {
        var context = new WorkflowTransitionContext<TAggregate, TTrigger, TEvent>(Definition.Name, id, before?.Aggregate, trigger, evt, metadata, cancellationToken);
        WorkflowCommandResult<TAggregate>? result = null;
        async ValueTask Core()
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var final = context.AnnotationsOrNull is { } annotations ? metadata with { Annotations = annotations } : metadata;
            var reserved = reserve is not null && await reserve().ConfigureAwait(false);
            AppendResult appended;
            try
            {
                appended = await _store.AppendAsync(_model.StreamIdOf(id), before?.Aggregate.Version ?? 0, [new EventData(evt, final)], CancellationToken.None).ConfigureAwait(false);
            }
            catch (StreamVersionConflictException conflict)
            {
                _cache.TryRemove(id, out _);
                await UndoAsync(reserved, undo, id).ConfigureAwait(false);
                throw new WorkflowConcurrencyException(id, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
            }
            catch (Exception) when (reserved && undo is not null)
            {
                await UndoAsync(reserved, undo, id).ConfigureAwait(false);
                throw;
            }

            var after = before;
            foreach (var recorded in appended.Events)
            {
                after = Entry.Next(after, _model.Fold(after?.Aggregate, (TEvent)recorded.Payload, recorded), recorded.Metadata.IdempotencyKey);
            }

            Remember(id, after!);
            if (_model.Recorded is { } project)
            {
                foreach (var recorded in appended.Events)
                {
                    project(recorded);
                }
            }

            context.IsCommitted = true;
            context.After = after!.Aggregate;
            result = new WorkflowCommandResult<TAggregate>(after.Aggregate, appended.Events, WasDuplicate: false);
        }

        try
        {
            await (_hooks.Length == 0 ? Core() : HookPipeline.RunAsync(_hooks, context, Core)).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.IsCommitted && result is not null)
        {
            LogHookFailedAfterCommit(ex, Definition.Name, id, trigger?.ToString() ?? _model.CreateTrigger);
        }
        catch (GridGovException ex)
        {
            GridGovDiagnostics.Refusals.Add(1, new KeyValuePair<string, object?>("code", ex.Code));
            throw;
        }

        return result ?? throw new InvalidOperationException($"A {Definition.Name} hook did not call next() and did not veto; the transition was not committed.");
    }

    /// <summary>
    /// Records bookkeeping events that are no transition of the lifecycle (a resource's capacity taken by a project or
    /// given back): no access check and no hooks — the command that causes them passed those. <paramref name="decide"/>
    /// sees the aggregate as it is in the store and returns the events (none to record nothing; it may throw a refusal);
    /// they are appended at that version, so the decision holds against concurrent writers. On a conflict the aggregate
    /// is read again and decided again, a bounded number of times.
    /// </summary>
    /// <param name="id">The aggregate.</param>
    /// <param name="actor">Who caused them.</param>
    /// <param name="reason">Why.</param>
    /// <param name="decide">The decision.</param>
    /// <param name="cancellationToken">Cancels before the append.</param>
    /// <returns>The aggregate after.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">It does not exist.</exception>
    /// <exception cref="WorkflowConcurrencyException">Other writers came first every time.</exception>
    public async Task<TAggregate> RecordAsync(string id, Actor actor, string? reason, Func<TAggregate, IReadOnlyList<TEvent>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(decide);
        const int attempts = 64;
        for (var attempt = 1; ; attempt++)
        {
            var entry = await LoadEntryAsync(id, fresh: true, cancellationToken).ConfigureAwait(false)
                        ?? throw new WorkflowAggregateNotFoundException(Definition.Name, id);
            var events = decide(entry.Aggregate);
            if (events.Count == 0)
            {
                return entry.Aggregate;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var metadata = new EventMetadata(actor, _clock.GetCurrentInstant(), reason, Definition.Version, null);
            AppendResult appended;
            try
            {
                appended = await _store.AppendAsync(_model.StreamIdOf(id), entry.Aggregate.Version, [.. events.Select(e => new EventData(e, metadata))], CancellationToken.None).ConfigureAwait(false);
            }
            catch (StreamVersionConflictException conflict)
            {
                _cache.TryRemove(id, out _);
                if (attempt < attempts)
                {
                    continue;
                }

                throw new WorkflowConcurrencyException(id, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
            }

            var after = entry;
            foreach (var recorded in appended.Events)
            {
                after = Entry.Next(after, _model.Fold(after.Aggregate, (TEvent)recorded.Payload, recorded), null);
            }

            Remember(id, after);
            if (_model.Recorded is { } project)
            {
                foreach (var recorded in appended.Events)
                {
                    project(recorded);
                }
            }

            return after.Aggregate;
        }
    }

    private async Task UndoAsync(bool reserved, Func<Task>? undo, string id)
    {
        if (!reserved || undo is null)
        {
            return;
        }

        try
        {
            await undo().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GridGovException or InvalidOperationException or IOException)
        {
            LogUndoFailed(ex, Definition.Name, id);
        }
    }

    private ValueTask<Entry?> LoadEntryAsync(string id, bool fresh, CancellationToken cancellationToken)
        => !fresh && _cache.TryGetValue(id, out var cached) ? new ValueTask<Entry?>(cached) : LoadFromStoreAsync(id, cancellationToken);

    private async ValueTask<Entry?> LoadFromStoreAsync(string id, CancellationToken cancellationToken)
    {
        var stream = await _store.ReadStreamAsync(_model.StreamIdOf(id), cancellationToken).ConfigureAwait(false);
        Entry? entry = null;
        foreach (var recorded in stream)
        {
            if (recorded.Payload is not TEvent evt)
            {
                throw new InvalidOperationException($"Stream '{recorded.StreamId}' holds a {recorded.Payload.GetType().Name} at version {recorded.StreamVersion}, which is not a {typeof(TEvent).Name}.");
            }

            entry = Entry.Next(entry, _model.Fold(entry?.Aggregate, evt, recorded), recorded.Metadata.IdempotencyKey);
        }

        if (entry is not null)
        {
            Remember(id, entry);
        }

        return entry;
    }

    private void Remember(string id, Entry entry)
        => _cache.AddOrUpdate(id, static (_, e) => e, static (_, existing, e) => existing.Aggregate.Version >= e.Aggregate.Version ? existing : e, entry);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Error, Message = "{Workflow} {AggregateId} was not recorded and what was reserved for it could not be given back; it stays reserved.")]
    private partial void LogUndoFailed(Exception exception, string workflow, string aggregateId);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Error, Message = "A hook failed after {Workflow} {AggregateId} committed {Trigger}; the change stands.")]
    private partial void LogHookFailedAfterCommit(Exception exception, string workflow, string aggregateId, string trigger);

    /// <summary>A loaded aggregate and the idempotency keys of the commands applied to it.</summary>
    private sealed class Entry(TAggregate aggregate, string[] keys)
    {
        public TAggregate Aggregate { get; } = aggregate;

        public bool Has(string key) => Array.IndexOf(keys, key) >= 0;

        public static Entry Next(Entry? before, TAggregate after, string? key)
            => new(after, key is null ? before?.Keys ?? [] : [.. before?.Keys ?? [], key]);

        private string[] Keys => keys;
    }
}
