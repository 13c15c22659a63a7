using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Wishes;

/// <summary>
/// The small wishes of a deployment, folded from the store's global log: statistics by grid subtree and
/// window, claims by claimant (for party members' and units' service statistics) and the claims due for
/// <see cref="WishService.ExpireClaimsAsync"/>. <see cref="WishService"/> applies every event it records;
/// <see cref="CatchUpAsync"/> rebuilds a new instance from the log with the same answers.
/// </summary>
/// <remarks>
/// <para>Each wish's events are applied in stream order: a repeat is ignored, one that arrives ahead of
/// its predecessor waits for it. Events of other aggregates are skipped.</para>
/// <para>Thread-safe: writers and readers are serialized.</para>
/// </remarks>
public sealed class WishReadModel
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _wishes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Claim>> _byClaimant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Instant> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<(string WishId, long Version), RecordedEvent> _pending = [];

    /// <summary>Gets how many wishes the model holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _wishes.Count;
            }
        }
    }

    /// <summary>Gets whether events wait for an earlier event of their wish that has not been applied (call <see cref="CatchUpAsync"/>).</summary>
    public bool HasGap
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>Applies one recorded event; anything but a <see cref="WishEvent"/> is skipped.</summary>
    /// <param name="recorded">The event.</param>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Payload is not WishEvent evt)
        {
            return;
        }

        lock (_gate)
        {
            var expected = _wishes.TryGetValue(evt.WishId, out var entry) ? entry.Version + 1 : 1;
            if (recorded.StreamVersion < expected)
            {
                return;
            }

            if (recorded.StreamVersion > expected)
            {
                _pending.TryAdd((evt.WishId, recorded.StreamVersion), recorded);
                return;
            }

            ApplyInOrder(evt, recorded);
            while (_pending.Remove((evt.WishId, recorded.StreamVersion + 1), out var next))
            {
                recorded = next;
                ApplyInOrder((WishEvent)next.Payload, next);
            }
        }
    }

    /// <summary>Reads the store's whole log and applies it (events applied before are skipped).</summary>
    /// <param name="store">The event store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the model has caught up.</returns>
    public async Task CatchUpAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var recorded in store.ReadAllAsync(1, cancellationToken).ConfigureAwait(false))
        {
            Apply(recorded);
        }
    }

    /// <summary>
    /// Statistics of the wishes posted in a window somewhere in a subtree (a cohort): how many were posted,
    /// have been published, claimed, fulfilled and confirmed so far, the average time from first publication
    /// to first claim and from a claim to its first fulfilment, and the estimated value of the confirmed ones.
    /// Each count is at most the one before it.
    /// </summary>
    /// <param name="hierarchy">The grid hierarchy the places are looked up in.</param>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">When the wishes were posted (half-open).</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public WishStatistics Statistics(GridHierarchy hierarchy, string subtreeCode, Interval window) => Statistics(hierarchy, subtreeCode, window, null);

    /// <summary>As the public overload, counting only wishes at places <paramref name="visible"/> sees (null: all).</summary>
    internal WishStatistics Statistics(GridHierarchy hierarchy, string subtreeCode, Interval window, Access.DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var top = hierarchy[subtreeCode];
        var totals = new Totals();
        lock (_gate)
        {
            foreach (var entry in _wishes.Values)
            {
                if (window.Contains(entry.PostedAt) && hierarchy.TryGetNode(entry.PlaceCode, out var place) && top.IsAncestorOrSelfOf(place) && (visible is null || visible.SeesIndex(place.Index)))
                {
                    totals.Add(entry);
                }
            }
        }

        return totals.ToStatistics();
    }

    /// <summary>Every claim a claimant made, in the order made, ended ones included.</summary>
    /// <param name="claimantId">The claimant's actor id.</param>
    /// <returns>The claims; empty for an unknown claimant.</returns>
    public IReadOnlyList<WishClaimRecord> ClaimsBy(string claimantId)
    {
        ArgumentNullException.ThrowIfNull(claimantId);
        lock (_gate)
        {
            return _byClaimant.TryGetValue(claimantId, out var claims) ? [.. claims.Select(c => c.ToRecord())] : [];
        }
    }

    /// <summary>What a claimant did in a window: claims made, fulfilments recorded, confirmations received, claims released and lapsed (each counted when it happened).</summary>
    /// <param name="claimantId">The claimant's actor id.</param>
    /// <param name="window">The window (half-open).</param>
    /// <returns>The statistics.</returns>
    public WishClaimantStatistics ClaimantStatistics(string claimantId, Interval window)
    {
        ArgumentNullException.ThrowIfNull(claimantId);
        int claimed = 0, fulfilled = 0, confirmed = 0, released = 0, expired = 0;
        lock (_gate)
        {
            if (_byClaimant.TryGetValue(claimantId, out var claims))
            {
                foreach (var c in claims)
                {
                    claimed = checked(claimed + (window.Contains(c.ClaimedAt) ? 1 : 0));
                    fulfilled = checked(fulfilled + (c.FirstFulfilledAt is { } f && window.Contains(f) ? 1 : 0));
                    if (c.EndedAt is { } ended && window.Contains(ended))
                    {
                        switch (c.Outcome)
                        {
                            case WishClaimOutcome.Confirmed: confirmed = checked(confirmed + 1); break;
                            case WishClaimOutcome.Released: released = checked(released + 1); break;
                            case WishClaimOutcome.Expired: expired = checked(expired + 1); break;
                        }
                    }
                }
            }
        }

        return new WishClaimantStatistics(claimed, fulfilled, confirmed, released, expired);
    }

    /// <summary>The wishes whose active claim's time limit has passed at <paramref name="now"/> and that are not fulfilled.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The wish ids, earliest time limit first.</returns>
    public IReadOnlyList<string> ClaimsDue(Instant now)
    {
        lock (_gate)
        {
            return [.. _due.Where(d => d.Value <= now).OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key)];
        }
    }

    private void ApplyInOrder(WishEvent evt, RecordedEvent recorded)
    {
        var at = recorded.Metadata.At;
        Entry entry;
        if (evt is WishPosted posted)
        {
            entry = new Entry(posted.PlaceCode, at, posted.EstimatedValue);
            _wishes.Add(evt.WishId, entry);
        }
        else
        {
            entry = _wishes[evt.WishId];
        }

        entry.Version = recorded.StreamVersion;
        switch (evt)
        {
            case WishApproved:
                entry.FirstPublishedAt ??= at;
                break;
            case WishResubmitted resubmitted:
                entry.Value = resubmitted.EstimatedValue;
                break;
            case WishClaimed claimed:
                entry.FirstClaimedAt ??= at;
                entry.Active = new Claim(evt.WishId, claimed.ClaimantId, claimed.Kind, entry.PlaceCode, at);
                if (!_byClaimant.TryGetValue(claimed.ClaimantId, out var list))
                {
                    _byClaimant[claimed.ClaimantId] = list = [];
                }

                list.Add(entry.Active);
                _due[evt.WishId] = claimed.DueAt;
                break;
            case WishClaimReleased:
                End(entry, evt.WishId, at, WishClaimOutcome.Released);
                break;
            case WishClaimExpired:
                End(entry, evt.WishId, at, WishClaimOutcome.Expired);
                break;
            case WishFulfilled:
                var claim = entry.Active!;
                claim.FirstFulfilledAt ??= at;
                if (entry.FirstFulfilledAt is null)
                {
                    entry.FirstFulfilledAt = at;
                    entry.TimeToFulfil = at - claim.ClaimedAt;
                }

                _due.Remove(evt.WishId);
                break;
            case WishDisputed disputed:
                _due[evt.WishId] = disputed.DueAt;
                break;
            case WishConfirmed:
                entry.ConfirmedAt = at;
                End(entry, evt.WishId, at, WishClaimOutcome.Confirmed);
                break;
        }
    }

    private void End(Entry entry, string wishId, Instant at, WishClaimOutcome outcome)
    {
        var claim = entry.Active!;
        claim.EndedAt = at;
        claim.Outcome = outcome;
        entry.Active = null;
        _due.Remove(wishId);
    }

    private sealed class Entry(string placeCode, Instant postedAt, decimal value)
    {
        public string PlaceCode { get; } = placeCode;

        public Instant PostedAt { get; } = postedAt;

        public decimal Value { get; set; } = value;

        public long Version { get; set; }

        public Instant? FirstPublishedAt { get; set; }

        public Instant? FirstClaimedAt { get; set; }

        public Instant? FirstFulfilledAt { get; set; }

        public Duration? TimeToFulfil { get; set; }

        public Instant? ConfirmedAt { get; set; }

        public Claim? Active { get; set; }
    }

    private sealed class Claim(string wishId, string claimantId, WishClaimantKind kind, string placeCode, Instant claimedAt)
    {
        public Instant ClaimedAt { get; } = claimedAt;

        public Instant? FirstFulfilledAt { get; set; }

        public Instant? EndedAt { get; set; }

        public WishClaimOutcome Outcome { get; set; }

        public WishClaimRecord ToRecord() => new(wishId, claimantId, kind, placeCode, ClaimedAt, FirstFulfilledAt, EndedAt, Outcome);
    }

    private sealed class Totals
    {
        private int _posted, _published, _claimed, _fulfilled, _confirmed;
        private Int128 _toClaimNanos, _toFulfilNanos;
        private decimal _confirmedValue;

        public void Add(Entry e)
        {
            _posted = checked(_posted + 1);
            if (e.FirstPublishedAt is null)
            {
                return;
            }

            _published = checked(_published + 1);
            if (e.FirstClaimedAt is { } claimedAt)
            {
                _claimed = checked(_claimed + 1);
                _toClaimNanos += (claimedAt - e.FirstPublishedAt.Value).ToInt64Nanoseconds();
            }

            if (e.TimeToFulfil is { } toFulfil)
            {
                _fulfilled = checked(_fulfilled + 1);
                _toFulfilNanos += toFulfil.ToInt64Nanoseconds();
            }

            if (e.ConfirmedAt is not null)
            {
                _confirmed = checked(_confirmed + 1);
                _confirmedValue += e.Value;
            }
        }

        public WishStatistics ToStatistics() => new(
            _posted,
            _published,
            _claimed,
            _fulfilled,
            _confirmed,
            _claimed == 0 ? null : Duration.FromNanoseconds((long)(_toClaimNanos / _claimed)),
            _fulfilled == 0 ? null : Duration.FromNanoseconds((long)(_toFulfilNanos / _fulfilled)),
            _confirmedValue);
    }
}

/// <summary>Statistics of the small wishes posted in a window in a subtree (see <see cref="WishReadModel.Statistics(GridHierarchy, string, Interval)"/>).</summary>
/// <param name="Posted">Wishes posted.</param>
/// <param name="Published">Of those, wishes approved and published (at least once).</param>
/// <param name="Claimed">Of those, wishes claimed (at least once).</param>
/// <param name="Fulfilled">Of those, wishes whose fulfilment was recorded (at least once).</param>
/// <param name="Confirmed">Of those, wishes the resident confirmed.</param>
/// <param name="AverageTimeToClaim">The average time from first publication to first claim; null when none was claimed.</param>
/// <param name="AverageTimeToFulfil">The average time from the claim to its first fulfilment; null when none was fulfilled.</param>
/// <param name="ConfirmedValue">The estimated value of the confirmed wishes, in yuan.</param>
public sealed record WishStatistics(int Posted, int Published, int Claimed, int Fulfilled, int Confirmed, Duration? AverageTimeToClaim, Duration? AverageTimeToFulfil, decimal ConfirmedValue);

/// <summary>What a claimant did in a window (see <see cref="WishReadModel.ClaimantStatistics"/>).</summary>
/// <param name="Claimed">Claims made.</param>
/// <param name="Fulfilled">Claims whose first fulfilment was recorded.</param>
/// <param name="Confirmed">Claims the resident confirmed.</param>
/// <param name="Released">Claims the claimant gave back.</param>
/// <param name="Expired">Claims that lapsed at their time limit.</param>
public sealed record WishClaimantStatistics(int Claimed, int Fulfilled, int Confirmed, int Released, int Expired);

/// <summary>One claim on a wish, as the read model keeps it.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="ClaimantId">The claimant.</param>
/// <param name="Kind">Party member, unit or enterprise.</param>
/// <param name="PlaceCode">The wish's grid node.</param>
/// <param name="ClaimedAt">When it was claimed.</param>
/// <param name="FirstFulfilledAt">When its fulfilment was first recorded; null when never.</param>
/// <param name="EndedAt">When it ended (confirmed, released or lapsed); null while active.</param>
/// <param name="Outcome">How it ended, or <see cref="WishClaimOutcome.Active"/>.</param>
public sealed record WishClaimRecord(string WishId, string ClaimantId, WishClaimantKind Kind, string PlaceCode, Instant ClaimedAt, Instant? FirstFulfilledAt, Instant? EndedAt, WishClaimOutcome Outcome);
