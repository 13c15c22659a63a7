namespace GridGov.Sdk.Storage;

/// <summary>
/// A read model folded from the store's global log in position order. Events may be offered out of order (a
/// live subscription and a catch-up read can overlap, and other services append between): an event waits until
/// every position before it has been applied, a repeat is ignored, and <see cref="CatchUpAsync"/> reads the log
/// from the last position applied on. Rebuilding from scratch therefore gives the same model as following live.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Apply"/> is serialized on <see cref="Gate"/>, and <see cref="When"/> runs under it;
/// a derived read model takes the same lock for its reads. Derive from it for a read model of your own.
/// </remarks>
public abstract class LogProjection
{
    private readonly SortedDictionary<long, RecordedEvent> _pending = [];
    private long _contiguous;

    /// <summary>Gets the lock that serializes applying events; derived read models take it to read.</summary>
    protected object Gate { get; } = new();

    /// <summary>Gets the position of the last event applied without a gap before it.</summary>
    public long LastPosition
    {
        get
        {
            lock (Gate)
            {
                return _contiguous;
            }
        }
    }

    /// <summary>Gets whether events wait for an earlier position that has not been applied (call <see cref="CatchUpAsync"/>).</summary>
    public bool HasGap
    {
        get
        {
            lock (Gate)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>Applies one recorded event. Out-of-order events wait until the gap before them is filled; a repeat is ignored.</summary>
    /// <param name="recorded">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is null.</exception>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        lock (Gate)
        {
            if (recorded.Position <= _contiguous || !_pending.TryAdd(recorded.Position, recorded))
            {
                return;
            }

            while (_pending.Remove(_contiguous + 1, out var next))
            {
                _contiguous++;
                When(next);
            }
        }
    }

    /// <summary>Reads the store's log from the last position applied on.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the model has caught up.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public async Task CatchUpAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var recorded in store.ReadAllAsync(LastPosition + 1, cancellationToken).ConfigureAwait(false))
        {
            Apply(recorded);
        }
    }

    /// <summary>
    /// Folds the next event of the log into the model: called under <see cref="Gate"/>, once per position, in
    /// position order. Events of other aggregates arrive too; skip what the model does not keep.
    /// </summary>
    /// <param name="recorded">The event.</param>
    protected abstract void When(RecordedEvent recorded);
}
