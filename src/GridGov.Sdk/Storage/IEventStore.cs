namespace GridGov.Sdk.Storage;

/// <summary>
/// Where every event goes: streams (one per aggregate) with optimistic concurrency, and one global
/// ordered log for projections. The domain does no I/O of its own; everything durable passes here.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IEventStore
{
    /// <summary>
    /// Appends events to a stream if the stream is at <paramref name="expectedVersion"/>; all or nothing.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="expectedVersion">The version the caller saw: 0 for a stream that must not exist yet.</param>
    /// <param name="events">The events, at least one.</param>
    /// <param name="cancellationToken">Cancels the append before it is made.</param>
    /// <returns>The new version and the recorded events.</returns>
    /// <exception cref="StreamVersionConflictException">The stream is not at <paramref name="expectedVersion"/>; nothing was appended.</exception>
    ValueTask<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole stream in order; empty if it does not exist.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stream's events.</returns>
    ValueTask<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Reads the global log from a position on, in order.</summary>
    /// <param name="fromPosition">The first position wanted (1 for the beginning).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the global log from a position on and then keeps waiting for new events (catch-up, then
    /// live) until <paramref name="cancellationToken"/> is cancelled. For projections.
    /// </summary>
    /// <param name="fromPosition">The first position wanted (1 for the beginning).</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The events, in order, without end.</returns>
    IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks the log's hash chains and reports the first altered, deleted, inserted or reordered event
    /// by position. A store that does not hash checks what it can (positions and versions without gaps).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verification.</returns>
    ValueTask<EventLogVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
