using System.Runtime.CompilerServices;

namespace GridGov.Sdk.Storage;

/// <summary>
/// The in-memory event store: for tests, samples and single-process simulations. Nothing survives
/// the process. Appends are serialized by one lock, so the global log has no gaps and a stream's
/// version check and append are atomic.
/// </summary>
/// <remarks>
/// <para>Thread-safe.</para>
/// <para>Given an <see cref="EventSerializer"/>, every append is serialized and hash-chained like a durable
/// store's (a test can then check that its events survive serialization); without one, events are kept
/// as objects and verification checks positions and versions only. The default is without, for speed.</para>
/// </remarks>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<RecordedEvent>> _streams = new(StringComparer.Ordinal);
    private readonly List<RecordedEvent> _all = [];
    private readonly List<StoredEventRow>? _rows;
    private readonly EventSerializer? _serializer;
    private readonly AppendSignal _signal = new();

    /// <summary>Creates an empty store that keeps events as objects.</summary>
    public InMemoryEventStore()
    {
    }

    /// <summary>Creates an empty store that serializes and hash-chains every event.</summary>
    /// <param name="serializer">The serializer.</param>
    public InMemoryEventStore(EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        _serializer = serializer;
        _rows = [];
    }

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
        var serialized = _serializer is null ? null : events.Select(e => _serializer.Serialize(e ?? throw new ArgumentException("The list contains a null event.", nameof(events)))).ToArray();
        AppendResult result;
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
                var version = stream.Count + 1L;
                var position = _all.Count + 1L;
                ReadOnlyMemory<byte> hash = default;
                if (serialized is not null)
                {
                    var s = serialized[i];
                    var previousInStream = stream.Count > 0 ? stream[^1].Hash.ToArray() : [];
                    var previousInLog = _all.Count > 0 ? _all[^1].Hash.ToArray() : [];
                    var h = EventHash.Compute(previousInStream, previousInLog, streamId, version, s.Type, s.Payload, s.Metadata);
                    _rows!.Add(new StoredEventRow(position, streamId, version, s.Type, s.Payload, s.Metadata, previousInStream, previousInLog, h));
                    hash = h;
                }

                recorded[i] = new RecordedEvent(streamId, version, position, e.Payload, e.Metadata) { Hash = hash };
                stream.Add(recorded[i]);
                _all.Add(recorded[i]);
            }

            result = new AppendResult(stream.Count, recorded);
        }

        _signal.Set();
        return ValueTask.FromResult(result);
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
        var next = fromPosition;
        while (true)
        {
            var batch = Page(next);
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

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        var next = fromPosition;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = _signal.WaitAsync(cancellationToken);
            var batch = Page(next);
            foreach (var e in batch)
            {
                yield return e;
            }

            next += batch.Length;
            if (batch.Length == 0)
            {
                try
                {
                    await wake.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A hashing store checks its rows page by page with an <see cref="IncrementalEventLogVerifier"/>: the lock is
    /// held only to copy one page, so appends go on during a long verification, and the check keeps the chain
    /// state, not the log.
    /// </remarks>
    public ValueTask<EventLogVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (_rows is null)
        {
            lock (_gate)
            {
                for (var i = 0; i < _all.Count; i++)
                {
                    if (_all[i].Position != i + 1)
                    {
                        return ValueTask.FromResult(new EventLogVerification(i, i + 1, EventLogFault.Deleted, $"Position {i + 1} is missing."));
                    }
                }

                return ValueTask.FromResult(new EventLogVerification(_all.Count));
            }
        }

        var verifier = new IncrementalEventLogVerifier();
        var next = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StoredEventRow[] page;
            lock (_gate)
            {
                page = _rows.GetRange(next, Math.Min(VerifyPageSize, _rows.Count - next)).ToArray();
            }

            foreach (var row in page)
            {
                if (!verifier.Add(row))
                {
                    return ValueTask.FromResult(verifier.Complete());
                }
            }

            if (page.Length < VerifyPageSize)
            {
                return ValueTask.FromResult(verifier.Complete());
            }

            next += page.Length;
        }
    }

    /// <summary>Replaces a stored row, to let tests tamper with a hashing store. Not for production use.</summary>
    internal void TamperRow(int index, Func<StoredEventRow, StoredEventRow> change)
    {
        lock (_gate)
        {
            _rows![index] = change(_rows[index]);
        }
    }

    /// <summary>Returns a copy of the stored rows of a hashing store.</summary>
    internal IReadOnlyList<StoredEventRow> Rows()
    {
        lock (_gate)
        {
            return _rows!.ToArray();
        }
    }

    /// <summary>Removes a stored row, to let tests tamper with a hashing store.</summary>
    internal void DeleteRow(int index)
    {
        lock (_gate)
        {
            _rows!.RemoveAt(index);
        }
    }

    /// <summary>The number of rows <see cref="VerifyAsync"/> copies under the lock at a time.</summary>
    internal const int VerifyPageSize = 4096;

    private RecordedEvent[] Page(long next)
    {
        const int page = 4096;
        lock (_gate)
        {
            var start = checked((int)Math.Min(next - 1, _all.Count));
            return _all.GetRange(start, Math.Min(page, _all.Count - start)).ToArray();
        }
    }
}
