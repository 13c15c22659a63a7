using GridGov.Sdk.Grids;

namespace GridGov.Samples.Xigu;

/// <summary>
/// Builds a district shaped like Xigu (西固区) in the 2021 report: streets and townships,
/// communities and villages, compounds and buildings, and under each community the three-level base
/// grid with party-member responsibility zones — 2,172 governance units in all — with households,
/// unit staff who take 30–50 households each (a few deliberately outside), and cadres assigned to
/// every community and compound (with a few deliberate gaps).
/// </summary>
internal sealed class XiguDistrict
{
    public const int GovernanceUnitTarget = 2172;

    private static readonly (string Code, string Name, int Communities)[] Streets =
    [
        ("620104001", "陈坪街道", 9),
        ("620104002", "先锋路街道", 8),
        ("620104003", "福利路街道", 8),
        ("620104004", "西固城街道", 7),
        ("620104005", "四季青街道", 7),
        ("620104006", "临洮街街道", 6),
        ("620104007", "西柳沟街道", 6),
        ("620104100", "新城镇", 5),
        ("620104101", "东川镇", 5),
        ("620104102", "河口镇", 4),
        ("620104103", "达川镇", 4),
        ("620104104", "柳泉镇", 3),
        ("620104200", "金沟乡", 2),
    ];

    private static readonly string[] CommunityNames =
    [
        "先锋", "福利", "合水", "玉门", "古浪", "寺儿沟", "南街", "北街", "西湖", "东湖", "钟家河", "崖头岭",
        "桃园", "牡丹园", "石化", "兰炼", "新安", "康乐", "和平", "阳光",
    ];

    private XiguDistrict(GridHierarchy hierarchy, HouseholdRegistry households, CadreRoster cadres, ProfessionalGridMap professionalGrids)
    {
        Hierarchy = hierarchy;
        Households = households;
        Cadres = cadres;
        ProfessionalGrids = professionalGrids;
    }

    public GridHierarchy Hierarchy { get; }

    public HouseholdRegistry Households { get; }

    public CadreRoster Cadres { get; }

    public ProfessionalGridMap ProfessionalGrids { get; }

    /// <summary>
    /// Builds the district. Given the hierarchy a previous run stored, it does not build the hierarchy again:
    /// it only generates the households, staff, cadres and professional grids (same seed, same figures) against it.
    /// </summary>
    public static XiguDistrict Build(int seed = 2021, GridHierarchy? stored = null)
    {
        var random = new Random(seed);
        var builder = stored is null ? new GridHierarchyBuilder(capacity: 20_000) : null;
        builder?.Add("620104", "西固区", GridNodeKind.District);

        var communities = new List<string>();
        foreach (var (code, name, count) in Streets)
        {
            builder?.Add(code, name, GridNodeKind.Street, "620104");
            for (var c = 1; c <= count; c++)
            {
                var communityCode = $"{code}{c:000}";
                var suffix = name.EndsWith('镇') || name.EndsWith('乡') ? "村" : "社区";
                builder?.Add(communityCode, $"{CommunityNames[(communities.Count + c) % CommunityNames.Length]}{suffix}{(c > 1 ? c.ToString() : string.Empty)}", GridNodeKind.Community, code);
                communities.Add(communityCode);
            }
        }

        // Spread the 2,172 governance units (三级网格) over the communities as evenly as the count allows.
        var unitsPerCommunity = new int[communities.Count];
        for (var i = 0; i < GovernanceUnitTarget; i++)
        {
            unitsPerCommunity[i % communities.Count]++;
        }

        var households = new List<Household>();
        var staff = new List<UnitStaff>();
        var contacts = new List<HouseholdContact>();
        var cadres = new List<CadreAssignment>();
        var staffSerial = 0;
        var cadreSerial = 0;
        for (var ci = 0; ci < communities.Count; ci++)
        {
            var community = communities[ci];

            // Administrative side: compounds and their buildings.
            var compounds = 2 + random.Next(3);
            var compoundCodes = new List<string>();
            for (var k = 1; k <= compounds; k++)
            {
                var compound = $"{community}Q{k:00}";
                builder?.Add(compound, $"{k}号小区", GridNodeKind.Compound, community);
                compoundCodes.Add(compound);
                for (var b = 1; b <= 3 + random.Next(6); b++)
                {
                    builder?.Add($"{compound}B{b:00}", $"{b}号楼", GridNodeKind.Building, compound);
                }
            }

            // Base grid: one first-level grid, a few second-level grids, the governance units, and zones.
            var primary = $"{community}G1";
            builder?.Add(primary, "一级网格", GridNodeKind.PrimaryGrid, community);
            var secondaries = Math.Max(1, unitsPerCommunity[ci] / 12);
            for (var u = 0; u < unitsPerCommunity[ci]; u++)
            {
                var secondary = $"{primary}-{(u % secondaries) + 1:00}";
                if (u < secondaries)
                {
                    builder?.Add(secondary, $"第{(u % secondaries) + 1}二级网格", GridNodeKind.SecondaryGrid, primary);
                }

                var unit = $"{community}U{u + 1:000}";
                builder?.Add(unit, $"第{u + 1}网格", GridNodeKind.TertiaryGrid, secondary);

                // Each unit has 1–2 staff; each staff takes 30–50 households in the unit's zones.
                var staffCount = 1 + random.Next(2);
                for (var s = 0; s < staffCount; s++)
                {
                    var staffId = $"S{++staffSerial:00000}";
                    staff.Add(new UnitStaff(staffId, $"网格员{staffSerial}", unit));
                    var zone = $"{unit}Z{s + 1}";
                    builder?.Add(zone, $"党员责任区{s + 1}", GridNodeKind.ResponsibilityZone, unit);

                    // Deliberate deviations: every 97th staff member is overloaded, every 89th underloaded,
                    // and every 53rd leaves two households without a contact.
                    var count = staffSerial % 97 == 0 ? 56 : staffSerial % 89 == 0 ? 24 : 30 + random.Next(21);
                    var uncovered = staffSerial % 53 == 0 ? 2 : 0;
                    for (var h = 1; h <= count + uncovered; h++)
                    {
                        var household = $"{zone}H{h:00}";
                        households.Add(new Household(household, zone));
                        if (h <= count)
                        {
                            contacts.Add(new HouseholdContact(household, staffId));
                        }
                    }
                }
            }

            // Cadres: both levels for the community and each compound, with deliberate gaps.
            var places = new List<string> { community };
            places.AddRange(compoundCodes);
            foreach (var place in places)
            {
                var serial = ++cadreSerial;
                if (serial % 41 != 0)
                {
                    cadres.Add(new CadreAssignment($"C{serial:0000}A", $"包抓干部{serial}", CadreAssignmentKind.TakeCharge, place, "区直部门干部"));
                }

                if (serial % 37 != 0)
                {
                    cadres.Add(new CadreAssignment($"C{serial:0000}D", $"下派干部{serial}", CadreAssignmentKind.Dispatched, place, "街道下派干部"));
                }
            }
        }

        var hierarchy = stored ?? builder!.Build();
        var professional = new List<ProfessionalGrid>
        {
            new("PG-ZJ", "区住建局房屋安全网格", ProfessionalGridLevel.DistrictDepartment, "西固区住房和城乡建设局", ["housing", "building-safety", "facilities"], ["620104"]),
            new("PG-CG", "区城管局市容环卫网格", ProfessionalGridLevel.DistrictDepartment, "西固区城市管理局", ["sanitation", "street-order", "environment", "road-traffic"], ["620104"]),
            new("PG-GA", "区公安分局治安网格", ProfessionalGridLevel.DistrictDepartment, "兰州市公安局西固分局", ["public-security"], ["620104"]),
        };
        foreach (var (code, name, _) in Streets)
        {
            professional.Add(new ProfessionalGrid($"PS-{code}", $"{name}派出所警务网格", ProfessionalGridLevel.GrassrootsStation, $"{name.TrimEnd('街', '道', '镇', '乡')}派出所", ["public-security"], [code]));
            professional.Add(new ProfessionalGrid($"SJ-{code}", $"{name}市场监管所网格", ProfessionalGridLevel.GrassrootsStation, $"{name.TrimEnd('街', '道', '镇', '乡')}市场监管所", ["market-supervision", "food-safety"], [code]));
        }

        return new XiguDistrict(
            hierarchy,
            HouseholdRegistry.Build(hierarchy, households, staff, contacts),
            CadreRoster.Build(hierarchy, cadres),
            ProfessionalGridMap.Build(hierarchy, professional));
    }
}
