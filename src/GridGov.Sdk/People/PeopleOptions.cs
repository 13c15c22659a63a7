namespace GridGov.Sdk.People;

/// <summary>A category of service (服务类别), such as the four-into (四进) categories.</summary>
/// <param name="Code">The stable code stored in records.</param>
/// <param name="NameZh">The name in Chinese.</param>
/// <param name="NameEn">The name in English.</param>
public sealed record ServiceCategory(string Code, string NameZh, string NameEn)
{
    /// <summary>Into the community (进社区).</summary>
    public static ServiceCategory IntoCommunity { get; } = new("into-community", "进社区", "into the community");

    /// <summary>Into the grid (进网格).</summary>
    public static ServiceCategory IntoGrid { get; } = new("into-grid", "进网格", "into the grid");

    /// <summary>Into the building (进楼院).</summary>
    public static ServiceCategory IntoBuilding { get; } = new("into-building", "进楼院", "into the buildings");

    /// <summary>Into the household (进家庭).</summary>
    public static ServiceCategory IntoHousehold { get; } = new("into-household", "进家庭", "into the households");

    /// <summary>A service given at a mutual-aid service fair (便民服务集市); the fair credits it by itself.</summary>
    public static ServiceCategory ServiceFair { get; } = new("service-fair", "便民服务集市", "service fair");

    /// <summary>Taking part in a (co-hosted) activity; the activity credits it by itself.</summary>
    public static ServiceCategory Activity { get; } = new("activity", "共建活动", "joint activity");

    /// <summary>Gets the default categories: the four-into ones, the fair and activities.</summary>
    public static IReadOnlyList<ServiceCategory> Defaults { get; } = [IntoCommunity, IntoGrid, IntoBuilding, IntoHousehold, ServiceFair, Activity];
}

/// <summary>Settings of dual reporting, service records, fairs and pairings. Configure with <c>AddGridGov().ConfigurePeople(...)</c>.</summary>
/// <remarks>Not thread-safe while being configured; read-only afterwards by convention.</remarks>
public sealed class PeopleOptions
{
    /// <summary>Gets the service categories a record may name. The default value is <see cref="ServiceCategory.Defaults"/>.</summary>
    public IList<ServiceCategory> Categories { get; } = [.. ServiceCategory.Defaults];

    /// <summary>Gets or sets the most hours one record may credit. The default value is 24.</summary>
    public decimal MaxHoursPerRecord { get; set; } = 24m;

    /// <summary>Gets or sets the highest price a fair stall may ask, in yuan (低价). The default value is 30.</summary>
    public decimal MaxStallPriceYuan { get; set; } = 30m;

    /// <summary>Gets or sets the least number of current members a volunteer team needs to count as a committee's volunteer service team. The default value is 3.</summary>
    public int MinimumTeamMembers { get; set; } = 3;

    /// <summary>Checks the settings.</summary>
    /// <returns>The problems found; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Categories.Count == 0 || Categories.Any(c => c is null || string.IsNullOrWhiteSpace(c.Code)))
        {
            problems.Add("People: at least one service category is needed, each with a code.");
        }
        else if (Categories.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != Categories.Count)
        {
            problems.Add("People: service category codes must be unique.");
        }

        if (MaxHoursPerRecord <= 0)
        {
            problems.Add("People: MaxHoursPerRecord must be positive.");
        }

        if (MaxStallPriceYuan < 0)
        {
            problems.Add("People: MaxStallPriceYuan must not be negative.");
        }

        if (MinimumTeamMembers < 1)
        {
            problems.Add("People: MinimumTeamMembers must be at least 1.");
        }

        return problems;
    }
}

/// <summary>What kind of party organization a <see cref="PartyOrganizationRegistered"/> is. The numeric values are stable.</summary>
public enum PartyOrganizationKind
{
    /// <summary>A government organ or institution (机关事业单位).</summary>
    Institution = 0,

    /// <summary>An enterprise (企业).</summary>
    Enterprise = 1,

    /// <summary>A community party committee (社区党委).</summary>
    Community = 2,

    /// <summary>Another kind (社会组织…).</summary>
    Other = 3,
}
