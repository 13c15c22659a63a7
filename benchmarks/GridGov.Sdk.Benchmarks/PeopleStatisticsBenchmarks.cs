using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.People;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// People target: service statistics over 10,000 party members and 1,000,000 service records for a district in
/// ≤ 200 ms. The district has 10 streets × 10 communities, each with 4 tertiary grids of 4 responsibility zones
/// (2,311 nodes); 100 party organizations in 20 work units; every member reported in to a community; records
/// spread over 2025 and the zones, hours in hundredths, problems and wishes now and then.
/// </summary>
/// <remarks>
/// <para>Measured: <see cref="PeopleReadModel.Statistics(GridHierarchy, string, NodaTime.DateInterval)"/> for the whole district over the year — the total and
/// rows per member, per organization and per unit.</para>
/// <para>Baseline: LINQ over the same <see cref="ServiceRecorded"/> events — filter by window and
/// <see cref="GridHierarchy.IsAncestorOrSelf"/>, group by person, then group the person rows by organization and
/// unit through a member dictionary. The setup checks both give the same rows.</para>
/// <para>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</para>
/// </remarks>
[MemoryDiagnoser]
public class PeopleStatisticsBenchmarks
{
    /// <summary>Members.</summary>
    public const int Members = 10_000;

    /// <summary>Service records.</summary>
    public const int Records = 1_000_000;

    private static readonly DateInterval Year = new(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));

    private GridHierarchy _hierarchy = null!;
    private PeopleReadModel _model = null!;
    private List<ServiceRecorded> _records = null!;
    private Dictionary<string, PartyOrganizationRegistered> _organizationOf = null!;

    /// <summary>Builds the district, the members and the records; checks the SDK and the baseline agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var builder = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District);
        var zones = new List<string>();
        var communities = new List<(string Code, string Zone)>();
        for (var s = 0; s < 10; s++)
        {
            builder.Add($"S{s}", $"街道{s}", GridNodeKind.Street, "D");
            for (var c = 0; c < 10; c++)
            {
                var community = $"S{s}C{c}";
                builder.Add(community, $"社区{c}", GridNodeKind.Community, $"S{s}")
                    .Add($"{community}P", "一级网格", GridNodeKind.PrimaryGrid, community)
                    .Add($"{community}Q", "二级网格", GridNodeKind.SecondaryGrid, $"{community}P");
                for (var t = 0; t < 4; t++)
                {
                    var tertiary = $"{community}T{t}";
                    builder.Add(tertiary, $"三级网格{t}", GridNodeKind.TertiaryGrid, $"{community}Q");
                    for (var z = 0; z < 4; z++)
                    {
                        builder.Add($"{tertiary}Z{z}", $"责任区{z}", GridNodeKind.ResponsibilityZone, tertiary);
                        zones.Add($"{tertiary}Z{z}");
                    }
                }

                communities.Add((community, $"{community}T0Z0"));
            }
        }

        _hierarchy = builder.Build();
        _model = new PeopleReadModel();
        var metadata = new EventMetadata(Actor.System, Instant.FromUtc(2026, 1, 1, 0, 0));
        long position = 0;
        void Apply(object payload) => _model.Apply(new RecordedEvent("bench", ++position, position, payload, metadata));

        _organizationOf = new Dictionary<string, PartyOrganizationRegistered>(StringComparer.Ordinal);
        var organizations = new PartyOrganizationRegistered[100];
        for (var o = 0; o < organizations.Length; o++)
        {
            organizations[o] = new PartyOrganizationRegistered($"ORG{o}", $"党支部{o}", $"UNIT{o % 20}", $"单位{o % 20}", PartyOrganizationKind.Institution, null, Year.Start);
            Apply(organizations[o]);
        }

        var random = new Random(2025);
        for (var m = 0; m < Members; m++)
        {
            var organization = organizations[m % organizations.Length];
            _organizationOf[$"pm{m}"] = organization;
            Apply(new PartyMemberEnrolled($"pm{m}", organization.OrganizationId, PersonalDataRef.New(), Year.Start));
            var (community, zone) = communities[random.Next(communities.Count)];
            Apply(new MemberReportedIn($"pm{m}", community, zone, Year.Start));
        }

        _records = new List<ServiceRecorded>(Records);
        for (var r = 0; r < Records; r++)
        {
            var record = new ServiceRecorded(
                $"log/{r}",
                $"pm{random.Next(Members)}",
                "into-grid",
                zones[random.Next(zones.Count)],
                Year.Start.PlusDays(random.Next(365)),
                random.Next(1, 800) / 100m,
                random.Next(20) == 0 ? 1 : 0,
                random.Next(40) == 0 ? 1 : 0,
                random.Next(50) == 0 ? 1 : 0,
                random.Next(60) == 0 ? 1 : 0,
                []);
            _records.Add(record);
            Apply(record);
        }

        var sdk = Sdk();
        var naive = Naive();
        if (sdk.Total != naive.Total || !sdk.People.SequenceEqual(naive.People) || !sdk.Organizations.SequenceEqual(naive.Organizations) || !sdk.Units.SequenceEqual(naive.Units))
        {
            throw new InvalidOperationException("The read model and the LINQ baseline disagree.");
        }
    }

    /// <summary>The read model: one pass over columns.</summary>
    /// <returns>The statistics.</returns>
    [Benchmark]
    public ServiceStatistics Sdk() => _model.Statistics(_hierarchy, "D", Year);

    /// <summary>LINQ over the event records.</summary>
    /// <returns>The statistics.</returns>
    [Benchmark(Baseline = true)]
    public ServiceStatistics Naive()
    {
        var inside = _records.Where(r => Year.Contains(r.Date) && _hierarchy.IsAncestorOrSelf("D", r.PlaceCode)).ToList();
        static ServiceTotals Sum(IEnumerable<ServiceRecorded> rs)
        {
            var list = rs.ToList();
            return new ServiceTotals(list.Sum(r => r.Hours), list.Count, list.Sum(r => r.ProblemsFound), list.Sum(r => r.ProblemsClaimed), list.Sum(r => r.WishesClaimed), list.Sum(r => r.WishesFulfilled));
        }

        var people = inside.GroupBy(r => r.PersonId)
            .Select(g => new PersonServiceRow(g.Key, _organizationOf[g.Key].OrganizationId, _organizationOf[g.Key].UnitId, Sum(g)))
            .OrderBy(p => p.PersonId, StringComparer.Ordinal)
            .ToList();
        var organizations = inside.GroupBy(r => _organizationOf[r.PersonId].OrganizationId)
            .Select(g => new GroupServiceRow(g.Key, _organizationOf[g.First().PersonId].Name, g.Select(r => r.PersonId).Distinct().Count(), Sum(g)))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        var units = inside.GroupBy(r => _organizationOf[r.PersonId].UnitId)
            .Select(g => new GroupServiceRow(g.Key, _organizationOf[g.First().PersonId].UnitName, g.Select(r => r.PersonId).Distinct().Count(), Sum(g)))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        return new ServiceStatistics("D", Year, Sum(inside), people, organizations, units);
    }
}
