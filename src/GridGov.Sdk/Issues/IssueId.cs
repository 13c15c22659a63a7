using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Sdk.Issues;

/// <summary>The stable identifier of an issue (问题编号).</summary>
/// <remarks>Immutable and thread-safe. Serializes to JSON as its text.</remarks>
[JsonConverter(typeof(IssueIdJsonConverter))]
public readonly record struct IssueId
{
    /// <summary>Creates an identifier from its text.</summary>
    /// <param name="value">1–64 characters, no white space.</param>
    /// <exception cref="ArgumentException">The value is empty, too long or has white space.</exception>
    public IssueId(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Length > 64 || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            throw new ArgumentException("An issue id is 1–64 characters with no white space or control characters.", nameof(value));
        }

        Value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => field ?? throw new InvalidOperationException("This IssueId is the default value.");

    /// <summary>Gets the name of the issue's event stream.</summary>
    public string StreamId => "issue-" + Value;

    /// <summary>Creates a new random identifier.</summary>
    /// <returns>The identifier.</returns>
    public static IssueId New() => new(Guid.CreateVersion7().ToString("N"));

    /// <summary>
    /// Derives an identifier from a report's idempotency key, so the same report delivered twice
    /// lands on the same issue.
    /// </summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The identifier.</returns>
    public static IssueId FromIdempotencyKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return new IssueId("k" + Convert.ToHexStringLower(hash, 0, 16));
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Writes an <see cref="IssueId"/> as its text.</summary>
internal sealed class IssueIdJsonConverter : JsonConverter<IssueId>
{
    public override IssueId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("An issue id cannot be null."));

    public override void Write(Utf8JsonWriter writer, IssueId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}
