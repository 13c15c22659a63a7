using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// A person's name (姓名), personal data that shows masked by default: <see cref="ToString()"/>, string
/// formatting and JSON give 张* for 张三 (the first character kept, every other one masked). The real name comes
/// out only through <see cref="Reveal"/>.
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe. Equality compares the real names (ordinal).</para>
/// <para>Valid names are 1–64 characters after trimming: letters, combining marks, spaces and the separators
/// <c>·</c> (as in 阿依古丽·买买提), <c>.</c>, <c>-</c> and <c>'</c>. Digits and <c>*</c> are refused, so a phone
/// number or an already masked name cannot pass for a name.</para>
/// <para>JSON reads a plain name and writes the masked one: an interop payload never carries the real name.</para>
/// </remarks>
[JsonConverter(typeof(PersonNameJsonConverter))]
public readonly struct PersonName : IEquatable<PersonName>, IFormattable
{
    /// <summary>The longest name accepted, in characters.</summary>
    public const int MaxLength = 64;

    private readonly string? _value;

    private PersonName(string value) => _value = value;

    /// <summary>Gets whether this is the default value, holding no name.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Parses a name.</summary>
    /// <param name="value">The name; surrounding white space is trimmed.</param>
    /// <returns>The name.</returns>
    /// <exception cref="InvalidPersonalDataException">The name is empty, too long or holds a character a name cannot hold.</exception>
    public static PersonName Parse(string value)
        => TryParse(value, out var name, out var problem) ? name : throw new InvalidPersonalDataException(PersonalDataKind.Name, problem);

    /// <summary>Tries to parse a name.</summary>
    /// <param name="value">The name.</param>
    /// <param name="name">The name when valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string? value, out PersonName name) => TryParse(value, out name, out _);

    /// <summary>Gets the real name. Call it only where the reader is allowed to see it (after a recorded reveal).</summary>
    /// <returns>The name as given (trimmed); empty for the default value.</returns>
    public string Reveal() => _value ?? string.Empty;

    /// <summary>Returns the masked name (张*).</summary>
    /// <returns>The masked name.</returns>
    public override string ToString() => PersonalDataMask.Name(_value);

    /// <summary>Returns the masked name, whatever the format.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The masked name.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(PersonName other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PersonName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two names.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are the same name.</returns>
    public static bool operator ==(PersonName left, PersonName right) => left.Equals(right);

    /// <summary>Compares two names.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PersonName left, PersonName right) => !left.Equals(right);

    private static bool TryParse(string? value, out PersonName name, out string problem)
    {
        name = default;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "A name must not be empty.";
            return false;
        }

        if (trimmed.Length > MaxLength)
        {
            problem = $"A name must be at most {MaxLength} characters; this one has {trimmed.Length}.";
            return false;
        }

        foreach (var c in trimmed)
        {
            var category = char.GetUnicodeCategory(c);
            var ok = char.IsLetter(c)
                     || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Surrogate
                     || c is ' ' or '·' or '•' or '.' or '-' or '\'';
            if (!ok)
            {
                problem = $"A name holds only letters, spaces and · . - '; this one ({trimmed.Length} characters) holds a {(char.IsDigit(c) ? "digit" : c == PersonalDataMask.MaskChar ? "mask character *" : "character of category " + category)}.";
                return false;
            }
        }

        name = new PersonName(trimmed);
        problem = string.Empty;
        return true;
    }
}

/// <summary>Reads a plain name; writes the masked one.</summary>
internal sealed class PersonNameJsonConverter : JsonConverter<PersonName>
{
    public override PersonName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return PersonName.TryParse(text, out var name) ? name : throw new JsonException("The value is not a valid person name (it is not repeated here: it may be personal data).");
    }

    public override void Write(Utf8JsonWriter writer, PersonName value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
