using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>An issue whose current deadline has passed or is coming up (for 督办 and 催办).</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="State">Its state.</param>
/// <param name="PlaceCode">Where it is.</param>
/// <param name="HandlingNodeCode">Who handles it now.</param>
/// <param name="Deadline">The deadline of its current stage.</param>
public sealed record DeadlineEntry(IssueId IssueId, IssueState State, string PlaceCode, string HandlingNodeCode, Instant Deadline);

/// <summary>
/// The read model of all issues, built from the event log: compact columns per issue that the
/// indicators and the overdue lists are computed from. It can be rebuilt from scratch
/// (<see cref="ReplayAsync"/>) and gives the same answers as the live one.
/// </summary>
/// <remarks>Thread-safe: many readers, one writer at a time.</remarks>
public sealed class IssueReadModel
{
    private const long None = long.MinValue;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<IssueId, int> _index = [];
    private IssueId[] _ids = new IssueId[1024];
    private string[] _place = new string[1024];
    private string[] _handling = new string[1024];
    private byte[] _state = new byte[1024];
    private byte[] _rating = new byte[1024]; // 0 none, 1 + IssueRating
    private byte[] _suspension = new byte[1024]; // 0 none, 1 + SuspensionKind
    private byte[] _flags = new byte[1024];
    private long[] _reportedAt = new long[1024];
    private long[] _acceptedAt = new long[1024];
    private long[] _respondedAt = new long[1024];
    private long[] _respondDeadline = new long[1024];
    private long[] _resolvedAt = new long[1024];
    private long[] _resolveDeadline = new long[1024];
    private long[] _closedAt = new long[1024];
    private long[] _deadline = new long[1024];
    private int _count;
    private readonly Dictionary<long, RecordedEvent> _pending = [];
    private long _contiguous;
    private long _publicationsSeen;
    private int _waiting; // _pending.Count, published for the lock-free HasGap
    private readonly object _placeGate = new();
    private PlaceIndex? _placeCache;

    [Flags]
    private enum Flag : byte
    {
        Accepted = 1,
        Responded = 2,
        Handled = 4,
        Reworked = 8,
        Extended = 16,
        ClosedOnTime = 32,
    }

    /// <summary>Gets the number of issues.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Gets the position up to which every event of the global log has been applied (0 when none).</summary>
    public long LastPosition => Interlocked.Read(ref _contiguous);

    /// <summary>
    /// Applies one recorded event; events of other aggregates only advance the position. Events are applied
    /// strictly in global-log order: one that arrives ahead of a missing position waits until the gap is
    /// filled (by a later <see cref="Apply"/> or by <see cref="CatchUpAsync"/>); a repeat is ignored.
    /// </summary>
    /// <param name="recorded">The event.</param>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        _lock.EnterWriteLock();
        try
        {
            if (recorded.Position <= _contiguous)
            {
                return;
            }

            if (recorded.Position != _contiguous + 1)
            {
                // Ahead of a missing position: wait for it (a repeat of a waiting event is ignored).
                _pending.TryAdd(recorded.Position, recorded);
                Volatile.Write(ref _waiting, _pending.Count);
                return;
            }

            // The usual case, the next position: apply it, then whatever waited for it.
            var next = recorded;
            do
            {
                _contiguous++;
                if (next.Payload is IssueEvent e)
                {
                    ApplyLocked(e, next.Metadata.At.ToUnixTimeTicks());
                }
                else if (next.Payload is Workflows.RuleSetPublished { Area: Workflows.RuleSetAreas.Issues })
                {
                    _publicationsSeen++;
                }
            }
            while (_pending.Count > 0 && _pending.Remove(_contiguous + 1, out next));
            Volatile.Write(ref _waiting, _pending.Count);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Gets how many publications of issue rule-set versions this read model has seen (a node's cue to reload them).</summary>
    internal long PublicationsSeen => Interlocked.Read(ref _publicationsSeen);

    /// <summary>The issues in a subtree that are not closed, rejected or merged (suspended ones included), in the order they were reported.</summary>
    internal IReadOnlyList<IssueId> FindUnclosedIn(GridHierarchy hierarchy, string subtreeCode)
    {
        var found = new List<IssueId>();
        var subtree = hierarchy[subtreeCode];
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < _count; i++)
            {
                if ((IssueState)_state[i] is not (IssueState.Closed or IssueState.Rejected or IssueState.Merged) && _place[i] is { } place && hierarchy.TryGetNode(place, out var node) && subtree.IsAncestorOrSelfOf(node))
                {
                    found.Add(_ids[i]);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return found;
    }

    /// <summary>Gets whether events wait for an earlier position that has not been applied (call <see cref="CatchUpAsync"/>).</summary>
    public bool HasGap => Volatile.Read(ref _waiting) > 0;

    /// <summary>Applies every event of the store's log that this model has not seen yet (after a restart, or written by another node).</summary>
    /// <param name="store">The event store.</param>
    /// <param name="cancellationToken">Cancels the catch-up.</param>
    /// <returns>A task that completes when the model has caught up with the log as it was when the read began.</returns>
    public async Task CatchUpAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var recorded in store.ReadAllAsync(LastPosition + 1, cancellationToken).ConfigureAwait(false))
        {
            Apply(recorded);
        }
    }

    /// <summary>Keeps the model up to date with the store's log (catch-up, then live) until cancelled: for nodes that share a store.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <returns>A task that completes when cancelled.</returns>
    public async Task FollowAsync(IEventStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await foreach (var recorded in store.SubscribeAsync(LastPosition + 1, cancellationToken).ConfigureAwait(false))
            {
                Apply(recorded);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Clears the model and rebuilds it from the whole global log.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>A task that completes when the model is rebuilt.</returns>
    public async Task ReplayAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        _lock.EnterWriteLock();
        try
        {
            _index.Clear();
            _count = 0;
            _contiguous = 0;
            _publicationsSeen = 0;
            _pending.Clear();
            Volatile.Write(ref _waiting, 0);
            lock (_placeGate)
            {
                _placeCache = null;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        await CatchUpAsync(store, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds every open issue whose current deadline is before <paramref name="now"/> (督办).</summary>
    /// <param name="now">The instant to compare with.</param>
    /// <returns>The overdue issues, most overdue first.</returns>
    public IReadOnlyList<DeadlineEntry> FindOverdue(Instant now) => FindDeadlines(long.MinValue + 1, now.ToUnixTimeTicks());

    /// <summary>Finds every open issue whose current deadline falls in [<paramref name="now"/>, <paramref name="now"/> + <paramref name="window"/>) (催办 reminders).</summary>
    /// <param name="now">The start of the window.</param>
    /// <param name="window">How far ahead to look.</param>
    /// <returns>The issues, soonest first.</returns>
    public IReadOnlyList<DeadlineEntry> FindDueWithin(Instant now, Duration window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, Duration.Zero);
        return FindDeadlines(now.ToUnixTimeTicks(), (now + window).ToUnixTimeTicks());
    }

    /// <summary>
    /// Computes the indicators for the issues reported in <paramref name="window"/> at places in the
    /// subtree under <paramref name="subtreeCode"/>.
    /// </summary>
    /// <param name="hierarchy">The hierarchy that places issues.</param>
    /// <param name="subtreeCode">The subtree's root; the hierarchy's root for the whole district.</param>
    /// <param name="window">The reporting window; issues due means due before its end.</param>
    /// <returns>The indicators.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree code is unknown.</exception>
    public IssueIndicators Compute(GridHierarchy hierarchy, string subtreeCode, Interval window) => Compute(hierarchy, subtreeCode, window, null);

    /// <summary>As the public overload, counting only issues at places <paramref name="visible"/> sees (null: all); one pass whatever the number of districts.</summary>
    internal IssueIndicators Compute(GridHierarchy hierarchy, string subtreeCode, Interval window, DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var root = hierarchy[subtreeCode];
        var end = root.Index + root.SubtreeSize;
        var counters = new Counters();
        _lock.EnterReadLock();
        try
        {
            var places = PlacesFor(hierarchy);
            var (from, to) = Bounds(window);
            for (var i = 0; i < _count; i++)
            {
                var p = places[i];
                if (p >= root.Index && p < end && _reportedAt[i] >= from && _reportedAt[i] < to && (visible is null || visible.SeesIndex(p)))
                {
                    counters.Add(this, i, to);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return counters.ToIndicators();
    }

    /// <summary>
    /// Computes the indicators of every node at once (each node's subtree), for the issues reported in
    /// <paramref name="window"/>: one pass over the issues and one roll-up over the hierarchy.
    /// </summary>
    /// <param name="hierarchy">The hierarchy that places issues.</param>
    /// <param name="window">The reporting window.</param>
    /// <returns>The indicators by node.</returns>
    public IssueIndicatorTable ComputeByNode(GridHierarchy hierarchy, Interval window)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var perNode = new Counters[hierarchy.Count];
        _lock.EnterReadLock();
        try
        {
            var places = PlacesFor(hierarchy);
            var (from, to) = Bounds(window);
            for (var i = 0; i < _count; i++)
            {
                var p = places[i];
                if (p >= 0 && _reportedAt[i] >= from && _reportedAt[i] < to)
                {
                    perNode[p].Add(this, i, to);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        for (var k = perNode.Length - 1; k > 0; k--)
        {
            perNode[hierarchy.ParentAt(k)].Merge(in perNode[k]);
        }

        return new IssueIndicatorTable(hierarchy, perNode);
    }

    private static (long From, long To) Bounds(Interval window)
        => (window.HasStart ? window.Start.ToUnixTimeTicks() : long.MinValue + 1, window.HasEnd ? window.End.ToUnixTimeTicks() : long.MaxValue);

    private List<DeadlineEntry> FindDeadlines(long from, long to)
    {
        var found = new List<DeadlineEntry>();
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < _count; i++)
            {
                var state = (IssueState)_state[i];
                var d = _deadline[i];
                if (d != None && d >= from && d < to && state is not (IssueState.Closed or IssueState.Rejected or IssueState.Merged or IssueState.Suspended))
                {
                    found.Add(new DeadlineEntry(_ids[i], state, _place[i], _handling[i], Instant.FromUnixTimeTicks(d)));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        found.Sort((a, b) => a.Deadline.CompareTo(b.Deadline));
        return found;
    }

    /// <summary>
    /// Finds the issues reported in <paramref name="window"/>, newest first (for interop queries such as
    /// Open311's <c>GET requests</c>).
    /// </summary>
    /// <param name="window">The reporting window (start inclusive, end exclusive; open ends are unbounded).</param>
    /// <param name="limit">The most ids to return.</param>
    /// <returns>The ids, by report instant descending, then by id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public IReadOnlyList<IssueId> FindReported(Interval window, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var found = new List<(long At, IssueId Id)>();
        _lock.EnterReadLock();
        try
        {
            var (from, to) = Bounds(window);
            for (var i = 0; i < _count; i++)
            {
                if (_reportedAt[i] >= from && _reportedAt[i] < to)
                {
                    found.Add((_reportedAt[i], _ids[i]));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        found.Sort((a, b) => a.At != b.At ? b.At.CompareTo(a.At) : string.CompareOrdinal(a.Id.Value, b.Id.Value));
        return [.. found.Take(limit).Select(f => f.Id)];
    }

    private int[] PlacesFor(GridHierarchy hierarchy)
    {
        // Called under the read lock (no writer, so _count is fixed). Readers may run together, so the
        // cache is built under its own gate and an array is only ever extended for the same snapshot,
        // in slots no reader of that array looks at yet.
        lock (_placeGate)
        {
            var cache = _placeCache;
            int[] places;
            var mapped = 0;
            if (cache is not null && ReferenceEquals(cache.Hierarchy, hierarchy) && cache.Places.Length >= _count)
            {
                places = cache.Places;
                mapped = cache.Mapped;
            }
            else
            {
                places = new int[Math.Max(_count, 16)];
                if (cache is not null && ReferenceEquals(cache.Hierarchy, hierarchy))
                {
                    Array.Copy(cache.Places, places, cache.Mapped);
                    mapped = cache.Mapped;
                }
            }

            for (var i = mapped; i < _count; i++)
            {
                places[i] = hierarchy.TryGetIndex(_place[i], out var p) ? p : -1;
            }

            _placeCache = new PlaceIndex(hierarchy, places, Math.Max(mapped, _count));
            return places;
        }
    }

    private sealed record PlaceIndex(GridHierarchy Hierarchy, int[] Places, int Mapped);

    private void ApplyLocked(IssueEvent e, long at)
    {
        if (!_index.TryGetValue(e.IssueId, out var i))
        {
            if (e is not IssueReported)
            {
                return;
            }

            i = _count++;
            EnsureCapacity(_count);
            _index[e.IssueId] = i;
            _ids[i] = e.IssueId;
            _rating[i] = 0;
            _suspension[i] = 0;
            _flags[i] = 0;
            _acceptedAt[i] = _respondedAt[i] = _respondDeadline[i] = _resolvedAt[i] = _resolveDeadline[i] = _closedAt[i] = None;
            _reportedAt[i] = at;
        }

        _state[i] = (byte)e.To;
        _deadline[i] = e.Deadline is { } d ? d.ToUnixTimeTicks() : None;
        switch (e)
        {
            case IssueReported r:
                _place[i] = r.PlaceCode;
                _handling[i] = r.HandlingNodeCode;
                break;
            case IssueAccepted:
                _acceptedAt[i] = at;
                _flags[i] |= (byte)Flag.Accepted;
                _respondDeadline[i] = _deadline[i];
                break;
            case IssueClaimed or IssueDispatched:
                if ((_flags[i] & (byte)Flag.Responded) == 0)
                {
                    _respondedAt[i] = at;
                    _flags[i] |= (byte)Flag.Responded;
                }

                break;
            case IssueResolved:
                _resolvedAt[i] = at;
                _flags[i] |= (byte)Flag.Handled;
                break;
            case IssueClosed c:
                _closedAt[i] = at;
                _rating[i] = 0;
                _flags[i] = c.OnTime ? (byte)(_flags[i] | (byte)Flag.ClosedOnTime) : (byte)(_flags[i] & ~(byte)Flag.ClosedOnTime);
                break;
            case IssueReworkRequested:
                _flags[i] |= (byte)Flag.Reworked;
                break;
            case IssueRated r:
                _rating[i] = (byte)(1 + (int)r.Rating);
                break;
            case IssueSuspended s:
                _suspension[i] = (byte)(1 + (int)s.Kind);
                break;
            case IssueResumed:
                _suspension[i] = 0;
                break;
            case IssueDeadlineExtended:
                _flags[i] |= (byte)Flag.Extended;
                break;
            case IssueLevelChanged l:
                _handling[i] = l.ToNodeCode;
                break;
            case IssueRuleSetMigrated when e.To == IssueState.Accepted:
                _respondDeadline[i] = _deadline[i];
                break;
        }

        if (e.To is IssueState.Claimed or IssueState.Dispatched or IssueState.InProgress)
        {
            _resolveDeadline[i] = _deadline[i];
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _ids.Length)
        {
            return;
        }

        var size = Math.Max(needed, checked(_ids.Length * 2));
        Array.Resize(ref _ids, size);
        Array.Resize(ref _place, size);
        Array.Resize(ref _handling, size);
        Array.Resize(ref _state, size);
        Array.Resize(ref _rating, size);
        Array.Resize(ref _suspension, size);
        Array.Resize(ref _flags, size);
        Array.Resize(ref _reportedAt, size);
        Array.Resize(ref _acceptedAt, size);
        Array.Resize(ref _respondedAt, size);
        Array.Resize(ref _respondDeadline, size);
        Array.Resize(ref _resolvedAt, size);
        Array.Resize(ref _resolveDeadline, size);
        Array.Resize(ref _closedAt, size);
        Array.Resize(ref _deadline, size);
    }

    internal struct Counters
    {
        public long Found, Accepted, Claimed, Resolved, Due, Deferred, ClosedOnTime, Handled, Reworked, Extended, RespondedOnTime, Rated, Satisfied;
        // Durations are summed in Int128: a million issues of a fortnight each overflow a long of ticks.
        public Int128 AcceptTicks, RespondTicks, ResolveTicks, VerifyTicks;
        public long AcceptCount, RespondCount, ResolveCount, VerifyCount;

        public void Add(IssueReadModel m, int i, long cutoff)
        {
            var flags = (Flag)m._flags[i];
            var closed = (IssueState)m._state[i] == IssueState.Closed;
            Found++;
            if ((flags & Flag.Accepted) != 0)
            {
                Accepted++;
                AcceptTicks += m._acceptedAt[i] - m._reportedAt[i];
                AcceptCount++;
            }

            if ((flags & Flag.Responded) != 0)
            {
                Claimed++;
                if (m._acceptedAt[i] != None)
                {
                    RespondTicks += m._respondedAt[i] - m._acceptedAt[i];
                    RespondCount++;
                }

                if (m._respondDeadline[i] != None && m._respondedAt[i] <= m._respondDeadline[i])
                {
                    RespondedOnTime++;
                }
            }

            if (closed)
            {
                Resolved++;
                if ((flags & Flag.ClosedOnTime) != 0)
                {
                    ClosedOnTime++;
                }

                if (m._resolvedAt[i] != None && m._closedAt[i] != None)
                {
                    VerifyTicks += m._closedAt[i] - m._resolvedAt[i];
                    VerifyCount++;
                }

                if (m._rating[i] != 0)
                {
                    Rated++;
                    if (m._rating[i] != 1 + (int)IssueRating.Dissatisfied)
                    {
                        Satisfied++;
                    }
                }
            }

            var overdue = m._resolveDeadline[i] != None && m._resolveDeadline[i] < cutoff;
            if (closed || overdue)
            {
                Due++;
                if (m._suspension[i] == 1 + (int)SuspensionKind.Deferred)
                {
                    Deferred++;
                }
            }

            if ((flags & Flag.Handled) != 0)
            {
                Handled++;
                if (m._respondedAt[i] != None)
                {
                    ResolveTicks += m._resolvedAt[i] - m._respondedAt[i];
                    ResolveCount++;
                }

                if ((flags & Flag.Reworked) != 0)
                {
                    Reworked++;
                }
            }

            if ((flags & Flag.Extended) != 0)
            {
                Extended++;
            }
        }

        public void Merge(in Counters o)
        {
            Found += o.Found;
            Accepted += o.Accepted;
            Claimed += o.Claimed;
            Resolved += o.Resolved;
            Due += o.Due;
            Deferred += o.Deferred;
            ClosedOnTime += o.ClosedOnTime;
            Handled += o.Handled;
            Reworked += o.Reworked;
            Extended += o.Extended;
            RespondedOnTime += o.RespondedOnTime;
            Rated += o.Rated;
            Satisfied += o.Satisfied;
            AcceptTicks += o.AcceptTicks;
            AcceptCount += o.AcceptCount;
            RespondTicks += o.RespondTicks;
            RespondCount += o.RespondCount;
            ResolveTicks += o.ResolveTicks;
            ResolveCount += o.ResolveCount;
            VerifyTicks += o.VerifyTicks;
            VerifyCount += o.VerifyCount;
        }

        public readonly IssueIndicators ToIndicators() => new()
        {
            Found = Found,
            Accepted = Accepted,
            Claimed = Claimed,
            Resolved = Resolved,
            Due = Due,
            Deferred = Deferred,
            ClosedOnTime = ClosedOnTime,
            Handled = Handled,
            Reworked = Reworked,
            Extended = Extended,
            RespondedOnTime = RespondedOnTime,
            Rated = Rated,
            Satisfied = Satisfied,
            AverageToAccept = Average(AcceptTicks, AcceptCount),
            AverageToRespond = Average(RespondTicks, RespondCount),
            AverageToResolve = Average(ResolveTicks, ResolveCount),
            AverageToVerify = Average(VerifyTicks, VerifyCount),
        };

        private static Duration? Average(Int128 ticks, long count) => count == 0 ? null : Duration.FromTicks((long)(ticks / count));
    }
}

/// <summary>The indicators of every node's subtree, from <see cref="IssueReadModel.ComputeByNode"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class IssueIndicatorTable
{
    private readonly IssueReadModel.Counters[] _perNode;

    internal IssueIndicatorTable(GridHierarchy hierarchy, IssueReadModel.Counters[] perNode)
    {
        Hierarchy = hierarchy;
        _perNode = perNode;
    }

    /// <summary>Gets the hierarchy the table is indexed by.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets the indicators of a node's subtree.</summary>
    /// <param name="node">A node of <see cref="Hierarchy"/>.</param>
    /// <returns>The indicators.</returns>
    public IssueIndicators this[GridNode node]
    {
        get
        {
            if (!ReferenceEquals(node.Hierarchy, Hierarchy))
            {
                throw new ArgumentException("The node belongs to another hierarchy snapshot.", nameof(node));
            }

            return _perNode[node.Index].ToIndicators();
        }
    }

    /// <summary>Gets the indicators of the subtree under a code.</summary>
    /// <param name="code">The node code.</param>
    /// <returns>The indicators.</returns>
    public IssueIndicators this[string code] => this[Hierarchy[code]];
}
