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
/// <remarks>Thread-safe: stateless.</remarks>
public static class EventLogVerifier
{
    /// <summary>Verifies rows given in ascending position order and reports the first fault.</summary>
    /// <param name="rows">The rows, ordered by position.</param>
    /// <returns>The verification.</returns>
    public static EventLogVerification Verify(IReadOnlyList<StoredEventRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var later = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            later.TryAdd(Convert.ToHexString(rows[i].Hash), i);
        }

        var lastInStream = new Dictionary<string, (long Version, byte[] Hash)>(StringComparer.Ordinal);
        byte[] previous = [];
        long expectedPosition = 1;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var recomputed = EventHash.Compute(row.PreviousInStream, row.PreviousInLog, row.StreamId, row.StreamVersion, row.Type, row.Payload, row.Metadata);
            if (!recomputed.AsSpan().SequenceEqual(row.Hash))
            {
                return Fault(i, row.Position, EventLogFault.Altered, $"The event at position {row.Position} ({row.StreamId} v{row.StreamVersion}) does not match its hash: its content was changed.");
            }

            if (row.Position != expectedPosition)
            {
                return Fault(i, expectedPosition, EventLogFault.Deleted, $"Position {expectedPosition} is missing from the log.");
            }

            if (!row.PreviousInLog.AsSpan().SequenceEqual(previous))
            {
                var link = Convert.ToHexString(row.PreviousInLog);
                if (i >= 2 && row.PreviousInLog.AsSpan().SequenceEqual(rows[i - 2].Hash))
                {
                    return Fault(i, rows[i - 1].Position, EventLogFault.Inserted, $"The event at position {rows[i - 1].Position} was inserted: its successor links past it.");
                }

                if (later.TryGetValue(link, out var at) && at > i)
                {
                    return Fault(i, row.Position, EventLogFault.Reordered, $"The event at position {row.Position} links to an event that now comes after it: the log was reordered.");
                }

                var missing = i > 0 ? rows[i - 1].Position + 1 : 1;
                return Fault(i, missing, EventLogFault.Deleted, $"The event at position {missing} is missing: the chain of position {row.Position} links to an event that is gone.");
            }

            lastInStream.TryGetValue(row.StreamId, out var last);
            if (row.StreamVersion != last.Version + 1 || !row.PreviousInStream.AsSpan().SequenceEqual(last.Hash ?? []))
            {
                var fault = row.StreamVersion > last.Version + 1 ? EventLogFault.Deleted : EventLogFault.Reordered;
                return Fault(i, row.Position, fault, $"Stream '{row.StreamId}' breaks at version {row.StreamVersion} (position {row.Position}).");
            }

            lastInStream[row.StreamId] = (row.StreamVersion, row.Hash);
            previous = row.Hash;
            expectedPosition = row.Position + 1;
        }

        return new EventLogVerification(rows.Count);

        static EventLogVerification Fault(int checkedCount, long position, EventLogFault fault, string message)
            => new(checkedCount, position, fault, message);
    }
}
