using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// An opaque reference to personal data kept in the <see cref="IPersonalDataVault"/>: events carry this, never
/// the data. It is random (128 bits), so it tells nothing about the person and stays meaningful, as "erased",
/// after the data is gone.
/// </summary>
/// <remarks>Immutable and thread-safe. The text form is <c>pd-</c> followed by 26 lower-case base-32 characters.</remarks>
[JsonConverter(typeof(PersonalDataRefJsonConverter))]
public readonly struct PersonalDataRef : IEquatable<PersonalDataRef>
{
    /// <summary>The prefix of every reference's text form.</summary>
    public const string Prefix = "pd-";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int Length = 26;

    private readonly string? _value;

    private PersonalDataRef(string value) => _value = value;

    /// <summary>Gets the text form; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets the event stream that records reveals and the erasure of this reference's data.</summary>
    public string StreamId => PersonalDataEvents.StreamPrefix + Value;

    /// <summary>Creates a new, random reference.</summary>
    /// <returns>The reference.</returns>
    public static PersonalDataRef New()
    {
        Span<byte> random = stackalloc byte[17];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            // 26 characters × 5 bits = 130 bits, taken from 136 random bits.
            var bit = i * 5;
            var word = (random[bit / 8] << 8) | random[(bit / 8) + 1];
            chars[i] = Alphabet[(word >> (11 - (bit % 8))) & 31];
        }

        return new PersonalDataRef(Prefix + new string(chars));
    }

    /// <summary>Parses the text form.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">It is not a reference's text form.</exception>
    public static PersonalDataRef Parse(string value)
        => TryParse(value, out var reference) ? reference : throw new FormatException($"'{value}' is not a personal data reference (pd- and 26 base-32 characters).");

    /// <summary>Tries to parse the text form.</summary>
    /// <param name="value">The text.</param>
    /// <param name="reference">The reference when valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string? value, out PersonalDataRef reference)
    {
        reference = default;
        if (value is null || value.Length != Prefix.Length + Length || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value.AsSpan(Prefix.Length))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        reference = new PersonalDataRef(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <inheritdoc />
    public bool Equals(PersonalDataRef other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PersonalDataRef other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two references.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(PersonalDataRef left, PersonalDataRef right) => left.Equals(right);

    /// <summary>Compares two references.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PersonalDataRef left, PersonalDataRef right) => !left.Equals(right);
}

/// <summary>Reads and writes the text form.</summary>
internal sealed class PersonalDataRefJsonConverter : JsonConverter<PersonalDataRef>
{
    public override PersonalDataRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => PersonalDataRef.TryParse(reader.GetString(), out var r) ? r : throw new JsonException("Not a personal data reference.");

    public override void Write(Utf8JsonWriter writer, PersonalDataRef value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
