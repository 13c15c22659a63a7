using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Storage;

/// <summary>
/// Who, when and why of one event: the audit trail the event log keeps for every change.
/// </summary>
/// <param name="Actor">Who caused the event.</param>
/// <param name="At">When it happened, from the injected clock.</param>
/// <param name="Reason">Why, as the actor gave it; optional.</param>
/// <param name="DefinitionVersion">The version of the workflow definition and rule set the event was produced under.</param>
/// <param name="IdempotencyKey">The key of the command that produced the event, if it had one.</param>
/// <param name="Annotations">What hooks added to the event (for example a ticket number of another system); may be empty.</param>
public sealed record EventMetadata(
    Actor Actor,
    Instant At,
    string? Reason = null,
    int DefinitionVersion = 1,
    string? IdempotencyKey = null,
    IReadOnlyDictionary<string, string>? Annotations = null)
{
    /// <summary>Returns the members with personal data masked (a resident actor's name, phone and ID numbers in the reason).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder("EventMetadata { ");
        if (PrintMembers(builder))
        {
            builder.Append(' ');
        }

        return PersonalDataMask.Scrub(builder.Append('}').ToString());
    }
}

/// <summary>An event to append: its payload (a domain event record) and metadata.</summary>
/// <param name="Payload">The domain event, such as an <c>IssueClaimed</c>.</param>
/// <param name="Metadata">Who, when and why.</param>
public sealed record EventData(object Payload, EventMetadata Metadata);

/// <summary>An event as the store recorded it.</summary>
/// <param name="StreamId">The stream (one aggregate) it belongs to.</param>
/// <param name="StreamVersion">Its 1-based position in the stream.</param>
/// <param name="Position">Its 1-based position in the store's global ordered log.</param>
/// <param name="Payload">The domain event.</param>
/// <param name="Metadata">Who, when and why.</param>
public sealed record RecordedEvent(string StreamId, long StreamVersion, long Position, object Payload, EventMetadata Metadata)
{
    /// <summary>
    /// Gets the event's hash: SHA-256 over its stored form chained to its predecessor in its stream and in
    /// the global log (see <see cref="EventHash"/>). Empty for a store that does not hash.
    /// </summary>
    public ReadOnlyMemory<byte> Hash { get; init; }
}

/// <summary>The outcome of an append.</summary>
/// <param name="StreamVersion">The stream's version after the append (the version of its last event).</param>
/// <param name="Events">The events as recorded, in order.</param>
public sealed record AppendResult(long StreamVersion, IReadOnlyList<RecordedEvent> Events);
