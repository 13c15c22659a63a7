using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// A mainland China phone number (电话), personal data that shows masked by default: a mobile as 138****5678,
/// a landline as 0931-***3456. The number comes out only through <see cref="Reveal"/>.
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe. Equality compares the normalized numbers.</para>
/// <para>Accepted: a mobile of 11 digits starting 13–19, optionally after <c>+86</c>, <c>0086</c> or <c>86</c>;
/// a landline of an area code (010, 02x, or four digits starting with 0) and a 7- or 8-digit number. Spaces,
/// dashes and parentheses between digits are ignored. The number is kept normalized: a mobile as 11 digits
/// (13812345678), a landline as area code, dash, number (0931-8123456).</para>
/// <para>JSON reads any accepted form and writes the masked one: an interop payload never carries the number.</para>
/// </remarks>
[JsonConverter(typeof(PhoneNumberJsonConverter))]
public readonly struct PhoneNumber : IEquatable<PhoneNumber>, IFormattable
{
    private readonly string? _value;
    private readonly byte _areaLength;

    private PhoneNumber(string value, byte areaLength)
    {
        _value = value;
        _areaLength = areaLength;
    }

    /// <summary>Gets whether the number is a mobile (手机); otherwise it is a landline (座机).</summary>
    public bool IsMobile => _value is not null && _areaLength == 0;

    /// <summary>Gets whether this is the default value, holding no number.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Parses a phone number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The number, normalized.</returns>
    /// <exception cref="InvalidPersonalDataException">It is not a mainland mobile or landline number.</exception>
    public static PhoneNumber Parse(string value)
        => TryParse(value, out var phone, out var problem) ? phone : throw new InvalidPersonalDataException(PersonalDataKind.Phone, problem);

    /// <summary>Tries to parse a phone number.</summary>
    /// <param name="value">The number.</param>
    /// <param name="phone">The number when valid, normalized.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string? value, out PhoneNumber phone) => TryParse(value, out phone, out _);

    /// <summary>Gets the number, normalized. Call it only where the reader is allowed to see it (after a recorded reveal).</summary>
    /// <returns>The number (13812345678 or 0931-8123456); empty for the default value.</returns>
    public string Reveal() => _value ?? string.Empty;

    /// <summary>Returns the masked number (138****5678 or 0931-***3456).</summary>
    /// <returns>The masked number.</returns>
    public override string ToString()
    {
        if (_value is null)
        {
            return string.Empty;
        }

        if (_areaLength == 0)
        {
            return string.Concat(_value.AsSpan(0, 3), "****", _value.AsSpan(7));
        }

        var numberLength = _value.Length - _areaLength - 1;
        return string.Concat(_value.AsSpan(0, _areaLength + 1), new string(PersonalDataMask.MaskChar, numberLength - 4), _value.AsSpan(_value.Length - 4));
    }

    /// <summary>Returns the masked number, whatever the format.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The masked number.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(PhoneNumber other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhoneNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two numbers.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are the same number.</returns>
    public static bool operator ==(PhoneNumber left, PhoneNumber right) => left.Equals(right);

    /// <summary>Compares two numbers.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PhoneNumber left, PhoneNumber right) => !left.Equals(right);

    private static bool TryParse(string? value, out PhoneNumber phone, out string problem)
    {
        phone = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "A phone number must not be empty.";
            return false;
        }

        if (value.Length > 32)
        {
            problem = $"A phone number must be at most 32 characters; this one has {value.Length}.";
            return false;
        }

        var digits = new StringBuilder(16);
        var span = value.AsSpan().Trim();
        if (span.StartsWith("+"))
        {
            span = span[1..];
            if (!span.StartsWith("86"))
            {
                problem = "Only mainland China numbers (+86) are accepted.";
                return false;
            }
        }

        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')'))
            {
                problem = $"A phone number holds only digits, spaces, dashes, parentheses and a leading +86; this one ({value.Length} characters) holds something else.";
                return false;
            }
        }

        var d = digits.ToString();
        if (d.StartsWith("0086", StringComparison.Ordinal))
        {
            d = d[4..];
        }
        else if (d.StartsWith("86", StringComparison.Ordinal) && d.Length == 13)
        {
            d = d[2..];
        }

        if (d.Length == 11 && d[0] == '1' && d[1] is >= '3' and <= '9')
        {
            phone = new PhoneNumber(d, 0);
            problem = string.Empty;
            return true;
        }

        if (d.Length >= 2 && d[0] == '0' && d[1] != '0')
        {
            var area = d[1] == '1' || d[1] == '2' ? 3 : 4;
            var number = d.Length - area;
            if (number is 7 or 8 && d[area] != '0' && d[area] != '1')
            {
                phone = new PhoneNumber(string.Concat(d.AsSpan(0, area), "-", d.AsSpan(area)), (byte)area);
                problem = string.Empty;
                return true;
            }
        }

        problem = $"Not a mainland mobile (11 digits starting 13–19) or landline (area code and 7–8 digits) number: it has {d.Length} digits.";
        return false;
    }
}

/// <summary>Reads any accepted form; writes the masked one.</summary>
internal sealed class PhoneNumberJsonConverter : JsonConverter<PhoneNumber>
{
    public override PhoneNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => PhoneNumber.TryParse(reader.GetString(), out var phone) ? phone : throw new JsonException("The value is not a valid phone number (it is not repeated here: it may be personal data).");

    public override void Write(Utf8JsonWriter writer, PhoneNumber value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
