namespace GridGov.Sdk.Storage;

/// <summary>What kind of tampering a verification found.</summary>
public enum EventLogFault
{
    /// <summary>An event's content no longer matches its hash.</summary>
    Altered,

    /// <summary>An event is missing: a gap in positions or versions, or a chain link to an event that is gone.</summary>
    Deleted,

    /// <summary>An event was slipped in between two others.</summary>
    Inserted,

    /// <summary>Events are out of their original order.</summary>
    Reordered,
}

/// <summary>The result of verifying a store's event log (<see cref="IEventStore.VerifyAsync"/>).</summary>
/// <param name="EventsChecked">How many events were checked.</param>
/// <param name="FirstFaultPosition">The global position of the first fault; null when the log is intact.</param>
/// <param name="Fault">The kind of the first fault; null when the log is intact.</param>
/// <param name="Message">What was found, for a person; null when the log is intact.</param>
public sealed record EventLogVerification(long EventsChecked, long? FirstFaultPosition = null, EventLogFault? Fault = null, string? Message = null)
{
    /// <summary>Gets whether no fault was found.</summary>
    public bool IsIntact => Fault is null;
}

/// <summary>One event as a durable store keeps it: what <see cref="EventLogVerifier"/> checks.</summary>
/// <param name="Position">The global position.</param>
/// <param name="StreamId">The stream.</param>
/// <param name="StreamVersion">The version in the stream.</param>
/// <param name="Type">The stable type name.</param>
/// <param name="Payload">The payload bytes.</param>
/// <param name="Metadata">The metadata bytes.</param>
/// <param name="PreviousInStream">The stored hash of the stream predecessor.</param>
/// <param name="PreviousInLog">The stored hash of the global predecessor.</param>
/// <param name="Hash">The stored hash.</param>
public sealed record StoredEventRow(
    long Position,
    string StreamId,
    long StreamVersion,
    string Type,
    byte[] Payload,
    byte[] Metadata,
    byte[] PreviousInStream,
    byte[] PreviousInLog,
    byte[] Hash);

/// <summary>Checks a log of stored events for alteration, deletion, insertion and reordering.</summary>
/// <remarks>Thread-safe: stateless. For a log too large for memory, feed an <see cref="IncrementalEventLogVerifier"/> page by page.</remarks>
public static class EventLogVerifier
{
    /// <summary>Verifies rows given in ascending position order and reports the first fault.</summary>
    /// <param name="rows">The rows, ordered by position.</param>
    /// <returns>The verification.</returns>
    public static EventLogVerification Verify(IReadOnlyList<StoredEventRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Verify((IEnumerable<StoredEventRow>)rows);
    }

    /// <summary>Verifies rows given in ascending position order, one at a time, and reports the first fault.</summary>
    /// <param name="rows">The rows, ordered by position; enumerated once, and only as far as needed.</param>
    /// <returns>The verification.</returns>
    public static EventLogVerification Verify(IEnumerable<StoredEventRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var verifier = new IncrementalEventLogVerifier();
        foreach (var row in rows)
        {
            if (!verifier.Add(row))
            {
                break;
            }
        }

        return verifier.Complete();
    }
}

/// <summary>
/// Verifies a log row by row in position order, keeping only the running chain state: the last two
/// rows' hashes and positions, and each stream's last version and hash. Memory grows with the number of
/// streams, never with the number of events, so a store can check its log page by page.
/// </summary>
/// <remarks>
/// <para>Gives the same findings and first-fault positions as checking the whole log at once. A log link
/// that matches neither predecessor is a reordering if some later row carries the linked hash, and a
/// deletion otherwise; to tell them apart the verifier keeps reading (comparing stored hashes only, without
/// re-hashing) after such a fault until it finds the hash or the log ends.</para>
/// <para>Not thread-safe: one verification, fed by one reader.</para>
/// </remarks>
public sealed class IncrementalEventLogVerifier
{
    private readonly Dictionary<string, (long Version, byte[] Hash)> _lastInStream = new(StringComparer.Ordinal);
    private byte[] _previous = [];
    private byte[]? _beforePrevious;
    private long _previousPosition;
    private long _expectedPosition = 1;
    private long _checked;
    private EventLogVerification? _result;
    private PendingLink? _pending;

    /// <summary>Gets how many rows were checked and found good so far.</summary>
    public long EventsChecked => _checked;

    /// <summary>Gets the position of the last good row; 0 before the first.</summary>
    public long LastPosition => _previousPosition;

    /// <summary>Gets the stored hash of the last good row; empty before the first.</summary>
    public ReadOnlyMemory<byte> LastHash => _previous;

    /// <summary>Gets whether the outcome is settled: later rows cannot change it, so the reader may stop.</summary>
    public bool IsSettled => _result is not null;

    /// <summary>Checks the next row, in ascending position order.</summary>
    /// <param name="row">The row.</param>
    /// <returns><see langword="true"/> to keep feeding rows; <see langword="false"/> once the outcome is settled.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was called already.</exception>
    public bool Add(StoredEventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_result is not null)
        {
            return false;
        }

        if (_pending is { } pending)
        {
            // After a broken log link: is the linked event further on (reordered) or gone (deleted)?
            if (row.Hash.AsSpan().SequenceEqual(pending.Link))
            {
                _result = new EventLogVerification(pending.CheckedCount, pending.Position, EventLogFault.Reordered,
                    $"The event at position {pending.Position} links to an event that now comes after it: the log was reordered.");
            }

            return _result is null;
        }

        var recomputed = EventHash.Compute(row.PreviousInStream, row.PreviousInLog, row.StreamId, row.StreamVersion, row.Type, row.Payload, row.Metadata);
        if (!recomputed.AsSpan().SequenceEqual(row.Hash))
        {
            return Settle(row.Position, EventLogFault.Altered, $"The event at position {row.Position} ({row.StreamId} v{row.StreamVersion}) does not match its hash: its content was changed.");
        }

        if (row.Position != _expectedPosition)
        {
            return Settle(_expectedPosition, EventLogFault.Deleted, $"Position {_expectedPosition} is missing from the log.");
        }

        if (!row.PreviousInLog.AsSpan().SequenceEqual(_previous))
        {
            if (_beforePrevious is not null && row.PreviousInLog.AsSpan().SequenceEqual(_beforePrevious))
            {
                return Settle(_previousPosition, EventLogFault.Inserted, $"The event at position {_previousPosition} was inserted: its successor links past it.");
            }

            _pending = new PendingLink(row.PreviousInLog, _checked, row.Position);
            return true;
        }

        _lastInStream.TryGetValue(row.StreamId, out var last);
        if (row.StreamVersion != last.Version + 1 || !row.PreviousInStream.AsSpan().SequenceEqual(last.Hash ?? []))
        {
            var fault = row.StreamVersion > last.Version + 1 ? EventLogFault.Deleted : EventLogFault.Reordered;
            return Settle(row.Position, fault, $"Stream '{row.StreamId}' breaks at version {row.StreamVersion} (position {row.Position}).");
        }

        _lastInStream[row.StreamId] = (row.StreamVersion, row.Hash);
        _beforePrevious = _checked > 0 ? _previous : null;
        _previous = row.Hash;
        _previousPosition = row.Position;
        _expectedPosition = row.Position + 1;
        _checked++;
        return true;
    }

    /// <summary>Ends the verification: call after the last row (or when <see cref="Add"/> returned <see langword="false"/>).</summary>
    /// <returns>The verification.</returns>
    public EventLogVerification Complete()
    {
        if (_result is null && _pending is { } pending)
        {
            var missing = pending.CheckedCount > 0 ? _previousPosition + 1 : 1;
            _result = new EventLogVerification(pending.CheckedCount, missing, EventLogFault.Deleted,
                $"The event at position {missing} is missing: the chain of position {pending.Position} links to an event that is gone.");
        }

        return _result ??= new EventLogVerification(_checked);
    }

    private bool Settle(long position, EventLogFault fault, string message)
    {
        _result = new EventLogVerification(_checked, position, fault, message);
        return false;
    }

    private readonly record struct PendingLink(byte[] Link, long CheckedCount, long Position);
}
