using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Sdk.Committees;

/// <summary>The stable identifier of a committee (社工委).</summary>
/// <remarks>Immutable and thread-safe. Serializes to JSON as its text.</remarks>
[JsonConverter(typeof(CommitteeIdJsonConverter))]
public readonly record struct CommitteeId
{
    /// <summary>Creates an identifier from its text.</summary>
    /// <param name="value">1–64 characters, no white space.</param>
    /// <exception cref="ArgumentException">The value is empty, too long or has white space.</exception>
    public CommitteeId(string value)
    {
        Value = CommitteeIds.Check(value, nameof(value));
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => field ?? throw new InvalidOperationException("This CommitteeId is the default value.");

    /// <summary>Gets the name of the committee's event stream.</summary>
    public string StreamId => "committee-" + Value;

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The stable identifier of a consultation meeting (协商议事会议).</summary>
/// <remarks>Immutable and thread-safe. Serializes to JSON as its text.</remarks>
[JsonConverter(typeof(MeetingIdJsonConverter))]
public readonly record struct MeetingId
{
    /// <summary>Creates an identifier from its text.</summary>
    /// <param name="value">1–64 characters, no white space.</param>
    /// <exception cref="ArgumentException">The value is empty, too long or has white space.</exception>
    public MeetingId(string value)
    {
        Value = CommitteeIds.Check(value, nameof(value));
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => field ?? throw new InvalidOperationException("This MeetingId is the default value.");

    /// <summary>Gets the name of the meeting's event stream.</summary>
    public string StreamId => "meeting-" + Value;

    /// <summary>Creates a new random identifier.</summary>
    /// <returns>The identifier.</returns>
    public static MeetingId New() => new(Guid.CreateVersion7().ToString("N"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

internal static class CommitteeIds
{
    public static string Check(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Length > 64 || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            throw new ArgumentException("An id is 1–64 characters with no white space or control characters.", name);
        }

        return value;
    }
}

internal sealed class CommitteeIdJsonConverter : JsonConverter<CommitteeId>
{
    public override CommitteeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("A committee id cannot be null."));

    public override void Write(Utf8JsonWriter writer, CommitteeId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

internal sealed class MeetingIdJsonConverter : JsonConverter<MeetingId>
{
    public override MeetingId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("A meeting id cannot be null."));

    public override void Write(Utf8JsonWriter writer, MeetingId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}
