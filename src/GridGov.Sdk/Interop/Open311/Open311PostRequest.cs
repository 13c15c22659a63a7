using System.Globalization;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// A <c>POST requests</c> as sent (form-encoded): the spec's fields by their names, with the personal
/// data kept apart in <see cref="PersonalData"/>.
/// </summary>
/// <remarks>Immutable and thread-safe. <see cref="ToString"/> shows no personal data.</remarks>
public sealed record Open311PostRequest
{
    /// <summary>Gets api_key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Gets jurisdiction_id.</summary>
    public string? JurisdictionId { get; init; }

    /// <summary>Gets service_code.</summary>
    public string? ServiceCode { get; init; }

    /// <summary>Gets lat (accepted on input, but a grid node cannot be found from it).</summary>
    public double? Lat { get; init; }

    /// <summary>Gets long (accepted on input, but a grid node cannot be found from it).</summary>
    public double? Long { get; init; }

    /// <summary>Gets address_string: a grid node's name (when unique) or its full path.</summary>
    public string? AddressString { get; init; }

    /// <summary>Gets address_id: a grid node code.</summary>
    public string? AddressId { get; init; }

    /// <summary>Gets account_id: the resident's account in the client's system; becomes the reporter id.</summary>
    public string? AccountId { get; init; }

    /// <summary>Gets description, at most 4,000 characters.</summary>
    public string? Description { get; init; }

    /// <summary>Gets media_url (not kept).</summary>
    public string? MediaUrl { get; init; }

    /// <summary>Gets the <c>attribute[code]</c> values by code (several for a multivaluelist).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets first_name, last_name, phone, email and device_id, kept apart.</summary>
    public Open311PersonalData PersonalData { get; init; } = new(null, null, null, null, null);

    /// <summary>Gets problems found while reading the form (a lat that is not a number…).</summary>
    public IReadOnlyList<Open311Error> ParseErrors { get; init; } = [];

    /// <summary>Reads a form-encoded request's fields. Empty values count as absent; unknown fields are ignored.</summary>
    /// <param name="form">The fields, in order; a repeated field keeps its first value (except attributes).</param>
    /// <returns>The request.</returns>
    public static Open311PostRequest FromForm(IEnumerable<KeyValuePair<string, string?>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var attributes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (string.IsNullOrWhiteSpace(value) || key is null)
            {
                continue;
            }

            if (key.StartsWith("attribute[", StringComparison.Ordinal))
            {
                var end = key.IndexOf(']', StringComparison.Ordinal);
                if (end > "attribute[".Length)
                {
                    var code = key["attribute[".Length..end];
                    if (!attributes.TryGetValue(code, out var values))
                    {
                        attributes[code] = values = [];
                    }

                    values.Add(value.Trim());
                }

                continue;
            }

            fields.TryAdd(key, value.Trim());
        }

        var errors = new List<Open311Error>();
        string? Field(string name) => fields.GetValueOrDefault(name);
        double? Number(string name)
        {
            if (Field(name) is not { } text)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number;
            }

            errors.Add(new Open311Error(400, $"{name} must be a decimal number."));
            return null;
        }

        return new Open311PostRequest
        {
            ApiKey = Field("api_key"),
            JurisdictionId = Field("jurisdiction_id"),
            ServiceCode = Field("service_code"),
            Lat = Number("lat"),
            Long = Number("long"),
            AddressString = Field("address_string"),
            AddressId = Field("address_id"),
            AccountId = Field("account_id"),
            Description = fields.TryGetValue("description", out var description) ? description : null,
            MediaUrl = Field("media_url"),
            Attributes = attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal),
            PersonalData = new Open311PersonalData(Field("first_name"), Field("last_name"), Field("phone"), Field("email"), Field("device_id")),
            ParseErrors = errors,
        };
    }

    /// <summary>Describes the request without its personal data or api_key.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"Open311PostRequest(service_code={ServiceCode}, address_id={AddressId}, address_string={AddressString}, account_id={AccountId}, {PersonalData})";
}
