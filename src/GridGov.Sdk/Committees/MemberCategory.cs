using System.Collections.Concurrent;

namespace GridGov.Sdk.Committees;

/// <summary>
/// A kind of committee member (成员类别): leading cadre, working staff, law enforcement, enterprise or
/// resident representative, volunteer service team, property company… Categories are data: a district
/// adds its own to <see cref="CommitteeOptions.Categories"/>; rules and appointments name them by code.
/// </summary>
/// <param name="Code">The stable code, such as <c>law-enforcement</c>.</param>
/// <param name="NameZh">The name in Chinese, used in evaluation messages.</param>
/// <param name="NameEn">The name in English, used in evaluation messages.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record MemberCategory(string Code, string NameZh, string NameEn)
{
    /// <summary>Leading cadres (领导干部).</summary>
    public static MemberCategory LeadingCadre { get; } = new("leading-cadre", "领导干部", "leading cadres");

    /// <summary>Working staff (工作人员).</summary>
    public static MemberCategory WorkingStaff { get; } = new("working-staff", "工作人员", "working staff");

    /// <summary>Law-enforcement force (执法力量): police station, urban management, market supervision.</summary>
    public static MemberCategory LawEnforcement { get; } = new("law-enforcement", "执法力量", "law enforcement");

    /// <summary>Enterprise representatives (企业代表).</summary>
    public static MemberCategory EnterpriseRepresentative { get; } = new("enterprise-representative", "企业代表", "enterprise representatives");

    /// <summary>Resident representatives (群众代表 / 居民代表).</summary>
    public static MemberCategory ResidentRepresentative { get; } = new("resident-representative", "群众代表", "resident representatives");

    /// <summary>A volunteer service team (志愿服务队伍).</summary>
    public static MemberCategory VolunteerTeam { get; } = new("volunteer-team", "志愿服务队伍", "volunteer service teams");

    /// <summary>A property-management company (物业公司).</summary>
    public static MemberCategory PropertyCompany { get; } = new("property-company", "物业公司", "property companies");

    /// <summary>A cadre of a district department who took charge of the area (包抓区直部门干部).</summary>
    public static MemberCategory DistrictDepartmentCadre { get; } = new("district-department-cadre", "区直部门干部", "district-department cadres");

    /// <summary>A people's congress deputy (人大代表), one of 两代表一委员.</summary>
    public static MemberCategory PeoplesCongressDeputy { get; } = new("peoples-congress-deputy", "人大代表", "people's congress deputies");

    /// <summary>A party congress deputy (党代表), one of 两代表一委员.</summary>
    public static MemberCategory PartyCongressDeputy { get; } = new("party-congress-deputy", "党代表", "party congress deputies");

    /// <summary>A CPPCC member (政协委员), one of 两代表一委员.</summary>
    public static MemberCategory CppccMember { get; } = new("cppcc-member", "政协委员", "CPPCC members");

    /// <summary>Gets the categories the SDK knows without configuration, in the order above.</summary>
    public static IReadOnlyList<MemberCategory> Defaults { get; } =
    [
        LeadingCadre, WorkingStaff, LawEnforcement, EnterpriseRepresentative, ResidentRepresentative, VolunteerTeam,
        PropertyCompany, DistrictDepartmentCadre, PeoplesCongressDeputy, PartyCongressDeputy, CppccMember,
    ];

    /// <inheritdoc />
    public override string ToString() => $"{Code} ({NameZh})";
}

/// <summary>
/// Process-wide small integers for category codes, so the evaluator counts members in a span instead of
/// comparing strings. A code keeps its key for the life of the process.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal static class CategoryKeys
{
    private static readonly ConcurrentDictionary<string, int> Keys = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static int Of(string code)
    {
        if (Keys.TryGetValue(code, out var key))
        {
            return key;
        }

        lock (Gate)
        {
            if (!Keys.TryGetValue(code, out key))
            {
                key = _count;
                Keys[code] = key;
                Volatile.Write(ref _count, checked(_count + 1));
            }

            return key;
        }
    }
}
