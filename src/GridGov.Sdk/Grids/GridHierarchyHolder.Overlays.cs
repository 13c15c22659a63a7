using GridGov.Sdk.Access;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Grids;

/// <content>
/// The overlays kept beside the hierarchy (professional grids, households, cadre roster), each in a stream of
/// its own, and the access checks of every grid command.
/// </content>
public sealed partial class GridHierarchyHolder
{
    /// <summary>The id of the stream that keeps the professional grids (<see cref="ProfessionalGridsChanged"/> events).</summary>
    public const string ProfessionalGridsStreamId = "grid-professional-grids";

    /// <summary>The id of the stream that keeps households, unit staff and contacts (<see cref="HouseholdsChanged"/> events).</summary>
    public const string HouseholdsStreamId = "grid-households";

    /// <summary>The id of the stream that keeps the cadre roster (<see cref="CadreRosterChanged"/> events).</summary>
    public const string CadreRosterStreamId = "grid-cadre-roster";

    private HouseholdRegistry? _households;
    private CadreRoster? _cadres;
    private long _gridsVersion;
    private long _householdsVersion;
    private long _rosterVersion;

    /// <summary>Gets the households, staff and contacts checked against <see cref="Current"/>, or null when none are recorded.</summary>
    public HouseholdRegistry? Households => Volatile.Read(ref _households);

    /// <summary>Gets the cadre roster checked against <see cref="Current"/>, or null when none is recorded.</summary>
    public CadreRoster? CadreRoster => Volatile.Read(ref _cadres);

    /// <summary>Gets the version of the <see cref="ProfessionalGridsStreamId"/> stream that <see cref="ProfessionalGrids"/> reflects; 0 when nothing is stored.</summary>
    public long ProfessionalGridsVersion => Volatile.Read(ref _gridsVersion);

    /// <summary>Gets the version of the <see cref="HouseholdsStreamId"/> stream that <see cref="Households"/> reflects; 0 when nothing is stored.</summary>
    public long HouseholdsVersion => Volatile.Read(ref _householdsVersion);

    /// <summary>Gets the version of the <see cref="CadreRosterStreamId"/> stream that <see cref="CadreRoster"/> reflects; 0 when nothing is stored.</summary>
    public long CadreRosterVersion => Volatile.Read(ref _rosterVersion);

    /// <summary>
    /// Makes <paramref name="grids"/> the professional grids in force and records the difference from the
    /// grids before (added, replaced and removed grids) as one <see cref="ProfessionalGridsChanged"/> event.
    /// The access check covers every node covered by a grid that is added, changed or removed.
    /// </summary>
    /// <param name="grids">The professional grids wanted, all of them.</param>
    /// <param name="actor">Who sets them.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The <see cref="ProfessionalGridsVersion"/> the caller saw; when given and no longer current, nothing is recorded.</param>
    /// <param name="cancellationToken">Cancels the command before it is recorded.</param>
    /// <returns>The grids in force, checked against <see cref="Current"/>.</returns>
    /// <exception cref="AccessDeniedException">The actor may not change grids at one of these places; the refusal is in the security log.</exception>
    /// <exception cref="GridValidationException">The grids do not fit the hierarchy; nothing was recorded.</exception>
    /// <exception cref="GridOverlayConcurrencyException">Another change came first; nothing was recorded.</exception>
    /// <exception cref="InvalidOperationException">The holder has no event store, or its hierarchy is not in the store yet.</exception>
    public async Task<ProfessionalGridMap> SetProfessionalGridsAsync(IEnumerable<ProfessionalGrid> grids, Actor actor, string? reason = null, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentNullException.ThrowIfNull(actor);
        var wanted = grids.ToArray();
        var store = RequireStore();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var hierarchy = Current;
            var before = ProfessionalGrids?.Grids.Select(ProfessionalGridEntry.From).ToArray() ?? [];
            var after = wanted.Select(g => ProfessionalGridEntry.From(g ?? throw new ArgumentException("The sequence contains a null grid.", nameof(grids)))).ToArray();
            var (put, removed) = KeyedDiff.Compute(before, after, e => e.Code ?? string.Empty);
            var removedSet = removed.ToHashSet(StringComparer.Ordinal);
            var putCodes = put.Select(e => e.Code ?? string.Empty).ToHashSet(StringComparer.Ordinal);
            var places = put.Concat(before.Where(e => removedSet.Contains(e.Code) || putCodes.Contains(e.Code))).SelectMany(e => e.CoveredNodeCodes);
            await AuthorizeAsync(actor, GridAccess.SetProfessionalGridsTrigger, hierarchy, places).ConfigureAwait(false);
            RequirePersisted();
            CheckOverlayExpected(ProfessionalGridsStreamId, expectedVersion, _gridsVersion);
            ProfessionalGridMap.Build(hierarchy, wanted);
            var map = ProfessionalGridMap.Build(hierarchy, KeyedDiff.Apply(before, put, removed, e => e.Code ?? string.Empty).Select(e => e.ToGrid()));
            if (put.Count > 0 || removed.Count > 0)
            {
                _gridsVersion = await AppendOverlayAsync(store, ProfessionalGridsStreamId, _gridsVersion, new ProfessionalGridsChanged(put, removed), actor, reason, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _professionalGrids, map);
            }

            return ProfessionalGrids ?? map;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Makes the given households, unit staff and contacts the ones in force and records the difference from
    /// those before as one <see cref="HouseholdsChanged"/> event. The access check covers the leaf of every
    /// household, the unit of every staff member and the household of every contact added, changed or removed.
    /// </summary>
    /// <param name="households">The households wanted, all of them.</param>
    /// <param name="staff">The unit staff wanted, all of them.</param>
    /// <param name="contacts">The contacts wanted, all of them.</param>
    /// <param name="actor">Who sets them.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The <see cref="HouseholdsVersion"/> the caller saw; when given and no longer current, nothing is recorded.</param>
    /// <param name="cancellationToken">Cancels the command before it is recorded.</param>
    /// <returns>The registry in force, checked against <see cref="Current"/>.</returns>
    /// <exception cref="AccessDeniedException">The actor may not change households at one of these places; the refusal is in the security log.</exception>
    /// <exception cref="GridValidationException">The households, staff or contacts do not fit the hierarchy; nothing was recorded.</exception>
    /// <exception cref="GridOverlayConcurrencyException">Another change came first; nothing was recorded.</exception>
    /// <exception cref="InvalidOperationException">The holder has no event store, or its hierarchy is not in the store yet.</exception>
    public async Task<HouseholdRegistry> SetHouseholdsAsync(
        IEnumerable<Household> households,
        IEnumerable<UnitStaff> staff,
        IEnumerable<HouseholdContact> contacts,
        Actor actor,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(actor);
        var hs = households.ToArray();
        var ss = staff.ToArray();
        var cs = contacts.ToArray();
        if (hs.Any(h => h is null) || ss.Any(s => s is null) || cs.Any(c => c is null))
        {
            throw new ArgumentException("The households, staff and contacts may not hold null items.");
        }

        var store = RequireStore();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var hierarchy = Current;
            var old = Households;
            IReadOnlyList<Household> oldHouseholds = old?.Households ?? [];
            IReadOnlyList<UnitStaff> oldStaff = old?.Staff ?? [];
            IReadOnlyList<HouseholdContact> oldContacts = old?.Contacts ?? [];
            var (putH, removedH) = KeyedDiff.Compute(oldHouseholds, hs, h => h.Code ?? string.Empty);
            var (putS, removedS) = KeyedDiff.Compute(oldStaff, ss, s => s.Id ?? string.Empty);
            var (putC, removedC) = KeyedDiff.Compute(oldContacts, cs, c => c.HouseholdCode ?? string.Empty);
            var nodeOfHousehold = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var h in oldHouseholds.Concat(hs))
            {
                nodeOfHousehold.TryAdd(h.Code ?? string.Empty, h.NodeCode);
            }

            var removedHSet = removedH.ToHashSet(StringComparer.Ordinal);
            var removedSSet = removedS.ToHashSet(StringComparer.Ordinal);
            var putHSet = putH.Select(h => h.Code ?? string.Empty).ToHashSet(StringComparer.Ordinal);
            var putSSet = putS.Select(s => s.Id ?? string.Empty).ToHashSet(StringComparer.Ordinal);
            var places = putH.Select(h => h.NodeCode)
                .Concat(oldHouseholds.Where(h => removedHSet.Contains(h.Code) || putHSet.Contains(h.Code)).Select(h => h.NodeCode))
                .Concat(putS.Select(s => s.UnitCode))
                .Concat(oldStaff.Where(s => removedSSet.Contains(s.Id) || putSSet.Contains(s.Id)).Select(s => s.UnitCode))
                .Concat(putC.Select(c => c.HouseholdCode ?? string.Empty).Concat(removedC).Select(code => code is not null && nodeOfHousehold.TryGetValue(code, out var node) ? node : null));
            await AuthorizeAsync(actor, GridAccess.SetHouseholdsTrigger, hierarchy, places).ConfigureAwait(false);
            RequirePersisted();
            CheckOverlayExpected(HouseholdsStreamId, expectedVersion, _householdsVersion);
            HouseholdRegistry.Build(hierarchy, hs, ss, cs);
            var registry = HouseholdRegistry.Build(
                hierarchy,
                KeyedDiff.Apply(oldHouseholds, putH, removedH, h => h.Code ?? string.Empty),
                KeyedDiff.Apply(oldStaff, putS, removedS, s => s.Id ?? string.Empty),
                KeyedDiff.Apply(oldContacts, putC, removedC, c => c.HouseholdCode ?? string.Empty));
            if (putH.Count + removedH.Count + putS.Count + removedS.Count + putC.Count + removedC.Count > 0)
            {
                var change = new HouseholdsChanged(putH, removedH, putS, removedS, putC, removedC);
                _householdsVersion = await AppendOverlayAsync(store, HouseholdsStreamId, _householdsVersion, change, actor, reason, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _households, registry);
            }

            return Households ?? registry;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Makes the given assignments the cadre roster in force (covering <see cref="GridGovOptions.CadreCoveredKinds"/>)
    /// and records the difference from the roster before as one <see cref="CadreRosterChanged"/> event. The
    /// access check covers the place of every assignment added, changed or removed.
    /// </summary>
    /// <param name="assignments">The assignments wanted, all of them.</param>
    /// <param name="actor">Who sets them.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The <see cref="CadreRosterVersion"/> the caller saw; when given and no longer current, nothing is recorded.</param>
    /// <param name="cancellationToken">Cancels the command before it is recorded.</param>
    /// <returns>The roster in force, checked against <see cref="Current"/>.</returns>
    /// <exception cref="AccessDeniedException">The actor may not change assignments at one of these places; the refusal is in the security log.</exception>
    /// <exception cref="GridValidationException">The assignments do not fit the hierarchy; nothing was recorded.</exception>
    /// <exception cref="GridOverlayConcurrencyException">Another change came first; nothing was recorded.</exception>
    /// <exception cref="InvalidOperationException">The holder has no event store, or its hierarchy is not in the store yet.</exception>
    public async Task<CadreRoster> SetCadreRosterAsync(IEnumerable<CadreAssignment> assignments, Actor actor, string? reason = null, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(actor);
        var wanted = assignments.ToArray();
        if (wanted.Any(a => a is null))
        {
            throw new ArgumentException("The sequence contains a null assignment.", nameof(assignments));
        }

        var store = RequireStore();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var hierarchy = Current;
            IReadOnlyList<CadreAssignment> before = CadreRoster?.Assignments ?? [];
            var (put, removedKeys) = KeyedDiff.Compute(before, wanted, CadreKey);
            var removedSet = removedKeys.ToHashSet();
            var putSet = put.Select(CadreKey).ToHashSet();
            var touched = before.Where(a => removedSet.Contains(CadreKey(a)) || putSet.Contains(CadreKey(a))).ToArray();
            await AuthorizeAsync(actor, GridAccess.SetCadreRosterTrigger, hierarchy, put.Concat(touched).Select(a => a.NodeCode)).ConfigureAwait(false);
            RequirePersisted();
            CheckOverlayExpected(CadreRosterStreamId, expectedVersion, _rosterVersion);
            CadreRoster.Build(hierarchy, wanted, _cadreKinds);
            var roster = CadreRoster.Build(hierarchy, KeyedDiff.Apply(before, put, removedKeys, CadreKey), _cadreKinds);
            if (put.Count > 0 || removedKeys.Count > 0)
            {
                var removed = before.Where(a => removedSet.Contains(CadreKey(a))).ToArray();
                _rosterVersion = await AppendOverlayAsync(store, CadreRosterStreamId, _rosterVersion, new CadreRosterChanged(put, removed), actor, reason, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _cadres, roster);
            }

            return CadreRoster ?? roster;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static (string, CadreAssignmentKind, string) CadreKey(CadreAssignment a) => (a.CadreId, a.Kind, a.NodeCode);

    /// <summary>The nodes a hierarchy change set touches, as places for the access check: each change's node and, for adds and moves, the parent.</summary>
    private static IEnumerable<string?> PlacesOf(IEnumerable<GridChange> changes)
    {
        foreach (var change in changes)
        {
            switch (change)
            {
                case AddGridNode add:
                    yield return add.ParentCode;
                    break;
                case MoveGridNode move:
                    yield return move.Code;
                    yield return move.NewParentCode;
                    break;
                default:
                    yield return change.NodeCode;
                    break;
            }
        }
    }

    private static void CheckOverlayExpected(string streamId, long? expectedVersion, long actual)
    {
        if (expectedVersion is { } expected && expected != actual)
        {
            throw new GridOverlayConcurrencyException(streamId, expected, actual);
        }
    }

    private void RequirePersisted()
    {
        if (!IsPersisted)
        {
            throw new InvalidOperationException("The grid hierarchy is not in the event store yet; record it with ImportAsync first.");
        }
    }

    /// <summary>
    /// The policy's decision for every place that is in <paramref name="hierarchy"/> (unknown places are left to
    /// validation); a set that names no known place is checked at the root. Null when allowed.
    /// </summary>
    private (AccessDecision Decision, AccessTarget Target)? Decide(Actor actor, string trigger, GridHierarchy hierarchy, IEnumerable<string?> places)
    {
        var rules = _policy.Lookup(GridAccess.WorkflowName, trigger);
        var checkedAny = false;
        foreach (var place in places.Distinct(StringComparer.Ordinal))
        {
            if (place is null || !hierarchy.Contains(place))
            {
                continue;
            }

            checkedAny = true;
            var target = new AccessTarget(StreamId, place);
            var decision = AccessPolicy.Evaluate(rules, actor, target, hierarchy);
            if (!decision.IsAllowed)
            {
                return (decision, target);
            }
        }

        if (!checkedAny)
        {
            var target = new AccessTarget(StreamId, hierarchy.Root.Code);
            var decision = AccessPolicy.Evaluate(rules, actor, target, hierarchy);
            return decision.IsAllowed ? null : (decision, target);
        }

        return null;
    }

    private async ValueTask AuthorizeAsync(Actor actor, string trigger, GridHierarchy hierarchy, IEnumerable<string?> places)
    {
        if (Decide(actor, trigger, hierarchy, places) is { } refusal)
        {
            throw await RefuseAsync(refusal, actor, trigger).ConfigureAwait(false);
        }
    }

    /// <summary>Records the refusal in the security log (when the holder has a store) and returns the exception to throw.</summary>
    private async ValueTask<AccessDeniedException> RefuseAsync((AccessDecision Decision, AccessTarget Target) refusal, Actor actor, string trigger)
        => _securityLog is { } log
            ? await log.RefuseAsync(refusal.Decision, actor, GridAccess.WorkflowName, trigger, refusal.Target, recorded: null).ConfigureAwait(false)
            : new AccessDeniedException(refusal.Decision, actor, GridAccess.WorkflowName, trigger, refusal.Target);

    private async Task<long> AppendOverlayAsync(IEventStore store, string streamId, long version, object payload, Actor actor, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            var result = await store.AppendAsync(streamId, version, [new EventData(payload, new EventMetadata(actor, _clock.GetCurrentInstant(), reason))], cancellationToken).ConfigureAwait(false);
            return result.StreamVersion;
        }
        catch (StreamVersionConflictException conflict)
        {
            // Another process recorded a change first: catch up so that the caller can reload and retry.
            try
            {
                await CatchUpOverlaysAsync(store, CancellationToken.None).ConfigureAwait(false);
            }
            catch (GridGovException)
            {
                // The refusal is what matters; a stream that cannot be replayed will be reported by the next load.
            }

            throw new GridOverlayConcurrencyException(streamId, version, conflict.ActualVersion, conflict);
        }
    }

    private (ProfessionalGridMap? Grids, HouseholdRegistry? Households, CadreRoster? Cadres) RebuildOverlays(GridHierarchy hierarchy)
        => (_professionalGrids is { } g ? ProfessionalGridMap.Build(hierarchy, g.Grids) : null,
            _households is { } r ? HouseholdRegistry.Build(hierarchy, r.Households, r.Staff, r.Contacts) : null,
            _cadres is { } c ? CadreRoster.Build(hierarchy, c.Assignments, c.CoveredKinds) : null);

    private void PublishOverlays((ProfessionalGridMap? Grids, HouseholdRegistry? Households, CadreRoster? Cadres) overlays)
    {
        Volatile.Write(ref _professionalGrids, overlays.Grids);
        Volatile.Write(ref _households, overlays.Households);
        Volatile.Write(ref _cadres, overlays.Cadres);
    }

    /// <summary>Replays what the overlay streams hold beyond what this holder has seen, against <see cref="Current"/>. Call holding the write gate.</summary>
    private async Task CatchUpOverlaysAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var grids = await store.ReadStreamAsync(ProfessionalGridsStreamId, cancellationToken).ConfigureAwait(false);
        var households = await store.ReadStreamAsync(HouseholdsStreamId, cancellationToken).ConfigureAwait(false);
        var roster = await store.ReadStreamAsync(CadreRosterStreamId, cancellationToken).ConfigureAwait(false);
        if (grids.Count == _gridsVersion && households.Count == _householdsVersion && roster.Count == _rosterVersion)
        {
            return;
        }

        var hierarchy = Volatile.Read(ref _current)
            ?? throw new GridHierarchyStreamException(0, "The professional grids, households or cadre roster are recorded, but no grid hierarchy was ever imported.");
        var map = ProfessionalGrids;
        if (grids.Count > _gridsVersion)
        {
            var entries = map?.Grids.Select(ProfessionalGridEntry.From).ToList() ?? [];
            foreach (var e in Since(grids, _gridsVersion, ProfessionalGridsStreamId))
            {
                var change = Payload<ProfessionalGridsChanged>(e);
                entries = KeyedDiff.Apply(entries, change.Put, change.Removed, x => x.Code ?? string.Empty);
            }

            map = Rebuild(ProfessionalGridsStreamId, grids.Count, () => ProfessionalGridMap.Build(hierarchy, entries.Select(x => x.ToGrid())));
        }

        var registry = Households;
        if (households.Count > _householdsVersion)
        {
            IReadOnlyList<Household> hs = registry?.Households ?? [];
            IReadOnlyList<UnitStaff> ss = registry?.Staff ?? [];
            IReadOnlyList<HouseholdContact> cs = registry?.Contacts ?? [];
            foreach (var e in Since(households, _householdsVersion, HouseholdsStreamId))
            {
                var change = Payload<HouseholdsChanged>(e);
                hs = KeyedDiff.Apply(hs, change.PutHouseholds, change.RemovedHouseholds, h => h.Code ?? string.Empty);
                ss = KeyedDiff.Apply(ss, change.PutStaff, change.RemovedStaff, s => s.Id ?? string.Empty);
                cs = KeyedDiff.Apply(cs, change.PutContacts, change.RemovedContacts, c => c.HouseholdCode ?? string.Empty);
            }

            registry = Rebuild(HouseholdsStreamId, households.Count, () => HouseholdRegistry.Build(hierarchy, hs, ss, cs));
        }

        var cadres = CadreRoster;
        if (roster.Count > _rosterVersion)
        {
            IReadOnlyList<CadreAssignment> list = cadres?.Assignments ?? [];
            foreach (var e in Since(roster, _rosterVersion, CadreRosterStreamId))
            {
                var change = Payload<CadreRosterChanged>(e);
                list = KeyedDiff.Apply(list, change.Put, [.. change.Removed.Select(CadreKey)], CadreKey);
            }

            cadres = Rebuild(CadreRosterStreamId, roster.Count, () => CadreRoster.Build(hierarchy, list, _cadreKinds));
        }

        lock (_gate)
        {
            _gridsVersion = grids.Count;
            _householdsVersion = households.Count;
            _rosterVersion = roster.Count;
            PublishOverlays((map, registry, cadres));
        }
    }

    private static IEnumerable<RecordedEvent> Since(IReadOnlyList<RecordedEvent> stream, long seen, string streamId)
    {
        if (stream.Count < seen)
        {
            throw new GridHierarchyStreamException(seen, $"The stream '{streamId}' has {stream.Count} events, fewer than the {seen} this holder has already applied.");
        }

        return stream.Skip(checked((int)seen));
    }

    private static T Payload<T>(RecordedEvent e)
        where T : class
        => e.Payload as T
           ?? throw new GridHierarchyStreamException(e.StreamVersion, $"Stream '{e.StreamId}' version {e.StreamVersion} holds a {e.Payload.GetType().Name}, not a {typeof(T).Name}.");

    private static T Rebuild<T>(string streamId, long version, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (GridValidationException ex)
        {
            throw new GridHierarchyStreamException(version, $"The stream '{streamId}' up to version {version} does not fit the grid hierarchy: {ex.Message}", ex);
        }
    }
}
