using System.Runtime.CompilerServices;

namespace GridGov.Sdk.Storage;

/// <summary>
/// The in-memory event store: for tests, samples and single-process simulations. Nothing survives
/// the process. Appends are serialized by one lock, so the global log has no gaps and a stream's
/// version check and append are atomic.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<RecordedEvent>> _streams = new(StringComparer.Ordinal);
    private readonly List<RecordedEvent> _all = [];

    /// <summary>Gets the number of events in the global log.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (events.Count == 0)
        {
            throw new ArgumentException("At least one event is needed.", nameof(events));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _streams.TryGetValue(streamId, out var stream);
            var actual = stream?.Count ?? 0;
            if (actual != expectedVersion)
            {
                throw new StreamVersionConflictException(streamId, expectedVersion, actual);
            }

            if (stream is null)
            {
                _streams[streamId] = stream = new List<RecordedEvent>(8);
            }

            var recorded = new RecordedEvent[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i] ?? throw new ArgumentException("The list contains a null event.", nameof(events));
                recorded[i] = new RecordedEvent(streamId, stream.Count + 1, _all.Count + 1, e.Payload, e.Metadata);
                stream.Add(recorded[i]);
                _all.Add(recorded[i]);
            }

            return ValueTask.FromResult(new AppendResult(stream.Count, recorded));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RecordedEvent> copy = _streams.TryGetValue(streamId, out var stream) ? stream.ToArray() : [];
            return ValueTask.FromResult(copy);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        const int page = 4096;
        var next = fromPosition;
        while (true)
        {
            RecordedEvent[] batch;
            lock (_gate)
            {
                var start = checked((int)Math.Min(next - 1, _all.Count));
                batch = _all.GetRange(start, Math.Min(page, _all.Count - start)).ToArray();
            }

            if (batch.Length == 0)
            {
                yield break;
            }

            foreach (var e in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
            }

            next += batch.Length;
            await Task.Yield();
        }
    }
}
