using System.Text.Json;
using System.Text.Json.Serialization;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// A resident's address (住址), personal data that shows masked by default: only down to the compound (小区).
/// It is structured as the grid node of the compound or building the resident lives in, if known, and a detail
/// line (门牌: building, unit, room). <see cref="Mask(GridHierarchy?)"/> resolves the compound through the grid
/// hierarchy; without one, <see cref="ToString()"/> keeps only the coarse part of the line
/// (<see cref="PersonalDataMask.AddressLine"/>). The full address comes out only through <see cref="RevealDetail"/>
/// and <see cref="RevealNodeCode"/>.
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe. Equality compares node code and detail line (ordinal).</para>
/// <para>JSON reads <c>{"nodeCode": …, "detail": …}</c> and writes the masked form as a string: an interop payload
/// never carries the full address.</para>
/// </remarks>
[JsonConverter(typeof(ResidentAddressJsonConverter))]
public readonly struct ResidentAddress : IEquatable<ResidentAddress>, IFormattable
{
    /// <summary>The longest detail line accepted, in characters.</summary>
    public const int MaxDetailLength = 200;

    private readonly string? _nodeCode;
    private readonly string? _detail;

    private ResidentAddress(string? nodeCode, string detail)
    {
        _nodeCode = nodeCode;
        _detail = detail;
    }

    /// <summary>Gets whether this is the default value, holding no address.</summary>
    public bool IsEmpty => _detail is null;

    /// <summary>Creates an address.</summary>
    /// <param name="nodeCode">The code of the grid node (a building or compound) the resident lives in; null when unknown.</param>
    /// <param name="detail">The detail line, 1–200 characters, such as 福利东路小区3号楼2单元501.</param>
    /// <returns>The address.</returns>
    /// <exception cref="InvalidPersonalDataException">The detail line is empty, too long or holds control characters, or the node code is blank.</exception>
    public static ResidentAddress Create(string? nodeCode, string detail)
    {
        var trimmed = detail?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new InvalidPersonalDataException(PersonalDataKind.Address, "An address needs a detail line.");
        }

        if (trimmed.Length > MaxDetailLength)
        {
            throw new InvalidPersonalDataException(PersonalDataKind.Address, $"An address line must be at most {MaxDetailLength} characters; this one has {trimmed.Length}.");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw new InvalidPersonalDataException(PersonalDataKind.Address, "An address line must not hold control characters (line breaks, tabs).");
        }

        if (nodeCode is not null && string.IsNullOrWhiteSpace(nodeCode))
        {
            throw new InvalidPersonalDataException(PersonalDataKind.Address, "An address's node code must be null or a code, not blank.");
        }

        return new ResidentAddress(nodeCode, trimmed);
    }

    /// <summary>Gets the full detail line. Call it only where the reader is allowed to see it (after a recorded reveal).</summary>
    /// <returns>The line; empty for the default value.</returns>
    public string RevealDetail() => _detail ?? string.Empty;

    /// <summary>Gets the grid node the resident lives in, which may be finer than the compound. Only after a recorded reveal.</summary>
    /// <returns>The node code, or null when unknown.</returns>
    public string? RevealNodeCode() => _nodeCode;

    /// <summary>
    /// Gets the code of the compound (小区) the address is in, or of the nearest community (社区) when the node is not
    /// under a compound: the finest place a masked address shows. Null when the node is unknown or not in the hierarchy.
    /// </summary>
    /// <param name="hierarchy">The grid hierarchy.</param>
    /// <returns>The coarse node, or null.</returns>
    public GridNode? CoarseNode(GridHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        if (_nodeCode is null || !hierarchy.TryGetNode(_nodeCode, out var node))
        {
            return null;
        }

        return node.NearestOfKind(GridNodeKind.Compound) ?? node.NearestOfKind(GridNodeKind.Community);
    }

    /// <summary>
    /// Returns the address masked down to the compound: the path of the compound (or nearest community) in the
    /// hierarchy followed by <c>***</c> (西固区 / 陈坪街道 / 先锋社区 / 福利东路小区 ***); without a hierarchy, or when
    /// the node is not in it, the coarse part of the detail line (<see cref="PersonalDataMask.AddressLine"/>).
    /// </summary>
    /// <param name="hierarchy">The grid hierarchy; optional.</param>
    /// <returns>The masked address.</returns>
    public string Mask(GridHierarchy? hierarchy)
    {
        if (_detail is null)
        {
            return string.Empty;
        }

        if (hierarchy is not null && CoarseNode(hierarchy) is { } coarse)
        {
            return coarse.Path + " ***";
        }

        return PersonalDataMask.AddressLine(_detail);
    }

    /// <summary>Returns the masked address without a hierarchy: the coarse part of the detail line (福利东路小区***).</summary>
    /// <returns>The masked address.</returns>
    public override string ToString() => Mask(null);

    /// <summary>Returns the masked address, whatever the format.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The masked address.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool Equals(ResidentAddress other)
        => string.Equals(_nodeCode, other._nodeCode, StringComparison.Ordinal) && string.Equals(_detail, other._detail, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ResidentAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_nodeCode, _detail);

    /// <summary>Compares two addresses.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are the same address.</returns>
    public static bool operator ==(ResidentAddress left, ResidentAddress right) => left.Equals(right);

    /// <summary>Compares two addresses.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(ResidentAddress left, ResidentAddress right) => !left.Equals(right);
}

/// <summary>Reads <c>{"nodeCode", "detail"}</c>; writes the masked string.</summary>
internal sealed class ResidentAddressJsonConverter : JsonConverter<ResidentAddress>
{
    public override ResidentAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An address is read from an object {\"nodeCode\", \"detail\"}; a masked address string cannot be read back.");
        }

        string? nodeCode = null;
        string? detail = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "nodeCode", StringComparison.OrdinalIgnoreCase))
            {
                nodeCode = reader.GetString();
            }
            else if (string.Equals(name, "detail", StringComparison.OrdinalIgnoreCase))
            {
                detail = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        try
        {
            return ResidentAddress.Create(nodeCode, detail ?? string.Empty);
        }
        catch (InvalidPersonalDataException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, ResidentAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
