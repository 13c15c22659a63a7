namespace GridGov.Sdk.Interop.Open311;

/// <summary>What a resident sees of one issue category as an Open311 service.</summary>
/// <param name="Name">service_name.</param>
/// <param name="Keywords">keywords, comma-separated.</param>
public sealed record Open311ServiceText(string Name, string Keywords);

/// <summary>The settings of the Open311 GeoReport v2 mapping.</summary>
/// <remarks>Not thread-safe while being configured; treat it as read-only once the container is built.</remarks>
public sealed class Open311Options
{
    /// <summary>
    /// Gets the api_keys that may create requests; a POST with any other key (or none) is refused with 403.
    /// <value>The default value is empty: no client may create requests until a key is configured.</value>
    /// </summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>
    /// Gets or sets the jurisdiction_id this server answers for; a request naming another is refused with 404.
    /// <value>The default value is null: any jurisdiction_id (or none) is accepted.</value>
    /// </summary>
    public string? JurisdictionId { get; set; }

    /// <summary>
    /// Gets the names and keywords of the services, by issue category code; a category not listed shows its code.
    /// <value>The default value names the categories of <see cref="Issues.IssueRuleSet.Default"/> in Chinese.</value>
    /// </summary>
    public IDictionary<string, Open311ServiceText> Services { get; } = new Dictionary<string, Open311ServiceText>(StringComparer.Ordinal)
    {
        ["neighbour-dispute"] = new("邻里纠纷", "纠纷,噪音,邻里,调解"),
        ["environment"] = new("环境卫生", "垃圾,杂物,楼道,卫生"),
        ["property-service"] = new("物业服务", "物业,维修,下水道,电梯"),
        ["facilities"] = new("公共设施", "路灯,道路,设施,通道"),
        ["public-security"] = new("治安隐患", "治安,消防,隐患,飞线充电"),
        ["elderly-care"] = new("养老服务", "老人,助餐,照护"),
        ["road-traffic"] = new("道路交通", "交通,占道,停车"),
        ["housing"] = new("住房保障", "住房,漏水,老旧小区"),
        ["other"] = new("其他问题", "其他"),
    };

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ApiKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length < 16))
        {
            errors.Add("Open311Options.ApiKeys must hold keys of at least 16 characters.");
        }

        foreach (var (code, text) in Services)
        {
            if (text is null || string.IsNullOrWhiteSpace(text.Name))
            {
                errors.Add($"Open311Options.Services['{code}'] needs a name.");
            }
        }

        return errors;
    }
}
