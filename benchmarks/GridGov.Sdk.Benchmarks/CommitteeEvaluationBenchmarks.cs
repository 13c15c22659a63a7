using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Committee target: evaluate 100,000 committees against the five-haves standard in ≤ 100 ms. A city
/// of 10 districts × 100 streets × 100 communities (101,011 nodes) has one committee per community, each
/// with 8–14 appointments over 2024–2026 (some ended, some starting later) and one or two party
/// secretaries; about half (49,356) meet the standard on the date asked.
/// </summary>
/// <remarks>
/// <para>Measured: <see cref="CommitteeComplianceReport.Compute"/> for the whole city — every committee's
/// unmet rules, one line per committee, and the compliance rate of every node's subtree rolled up —
/// and, on its own, <see cref="FiveHavesEvaluator.MeetsStandard"/> over every committee.</para>
/// <para>Baseline: LINQ over each committee's member list (one <c>Where(active).Any(category)</c> per
/// requirement, the director against the latest secretary by date), then compliance per node by walking
/// each unit's ancestors into a dictionary. The setup checks all three agree on every node's rate.</para>
/// <para>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</para>
/// </remarks>
[MemoryDiagnoser]
public class CommitteeEvaluationBenchmarks
{
    /// <summary>How many committees are evaluated.</summary>
    public const int Committees = 100_000;

    private static readonly LocalDate AsOf = new(2025, 12, 31);

    private GridHierarchy _hierarchy = null!;
    private List<Committee> _committees = null!;
    private List<NaiveCommittee> _naive = null!;
    private GridScopedValues<FiveHavesEvaluator> _evaluators = null!;
    private FiveHavesEvaluator _evaluator = null!;

    /// <summary>Builds the city and the committees; checks that the SDK and the baseline agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var builder = new GridHierarchyBuilder().Add("C", "兰州市", GridNodeKind.City);
        var units = new List<string>(Committees);
        for (var d = 0; d < 10; d++)
        {
            builder.Add($"D{d}", $"区{d}", GridNodeKind.District, "C");
            for (var s = 0; s < 100; s++)
            {
                var street = $"D{d}S{s}";
                builder.Add(street, $"街道{s}", GridNodeKind.Street, $"D{d}");
                for (var c = 0; c < 100; c++)
                {
                    var community = $"{street}C{c}";
                    builder.Add(community, $"社区{c}", GridNodeKind.Community, street);
                    units.Add(community);
                }
            }
        }

        _hierarchy = builder.Build();
        _evaluator = new FiveHavesEvaluator(FiveHavesRuleSet.Default);
        _evaluators = new GridScopedValues<FiveHavesEvaluator>(_evaluator);
        var random = new Random(20251231);
        string[] categories = [.. MemberCategory.Defaults.Select(c => c.Code)];
        var origin = new LocalDate(2024, 1, 1);
        _committees = new List<Committee>(Committees);
        _naive = new List<NaiveCommittee>(Committees);
        for (var i = 0; i < Committees; i++)
        {
            var id = new CommitteeId($"cm{i}");
            var committee = Committee.Start(new CommitteeFormed(units[i], $"社工委{i}", origin) { CommitteeId = id });
            var secretary = $"sec{i}";
            committee = committee.Apply(new PartySecretaryRecorded(secretary, "书记", origin) { CommitteeId = id });
            if (random.Next(10) == 0)
            {
                committee = committee.Apply(new PartySecretaryRecorded($"sec{i}b", "新书记", origin.PlusDays(random.Next(300, 900))) { CommitteeId = id });
            }

            var count = random.Next(8, 15);
            for (var m = 1; m <= count; m++)
            {
                // The first six cover the six checks most of the time; the rest are random categories.
                var category = m <= 6 && random.Next(12) != 0 ? categories[m - 1] : categories[random.Next(categories.Length)];
                var director = m == 1;
                var memberId = director ? (random.Next(15) == 0 ? $"other{i}" : secretary) : $"m{i}-{m}";
                var start = origin.PlusDays(random.Next(0, random.Next(20) == 0 ? 900 : 400));
                committee = committee.Apply(new CommitteeMemberAppointed(m, memberId, memberId, CommitteeMemberKind.Person, category, director ? CommitteePosition.Director : CommitteePosition.Member, start) { CommitteeId = id });
                if (random.Next(12) == 0)
                {
                    committee = committee.Apply(new CommitteeMembershipEnded(m, start.PlusDays(random.Next(30, 800))) { CommitteeId = id });
                }
            }

            _committees.Add(committee);
            _naive.Add(new NaiveCommittee(
                committee.UnitCode,
                [.. committee.Appointments.Select(a => new NaiveMember(a.MemberId, a.Category, a.Position == CommitteePosition.Director, a.Start, a.End))],
                [.. committee.PartySecretaries.Select(s => (s.SecretaryId, s.Since))]));
        }

        var report = SdkComplianceReport();
        var naive = NaiveLinq();
        var fast = SdkMeetsStandardOnly();
        foreach (var node in _hierarchy.Nodes)
        {
            var rate = report.RateAt(node);
            var expected = naive.TryGetValue(node.Code, out var n) ? n : (0, 0);
            if (rate.Numerator != expected.Item1 || rate.Denominator != expected.Item2)
            {
                throw new InvalidOperationException($"{node.Code}: SDK {rate}, naive {expected}.");
            }
        }

        if (fast != report.Overall.Numerator || report.Overall.Denominator != Committees)
        {
            throw new InvalidOperationException($"MeetsStandard counted {fast}, the report {report.Overall}.");
        }

        Console.WriteLine($"// committees compliant on {AsOf}: {report.Overall}");
    }

    /// <summary>Baseline: LINQ over member lists, then a dictionary walk up each unit's ancestors.</summary>
    /// <returns>Compliant and total committees by node code.</returns>
    [Benchmark(Baseline = true)]
    public Dictionary<string, (long, long)> NaiveLinq()
    {
        var date = AsOf;
        string[][] requirements = [["leading-cadre"], ["working-staff"], ["law-enforcement"], ["enterprise-representative", "resident-representative"], ["volunteer-team"]];
        var byNode = new Dictionary<string, (long Compliant, long Total)>(StringComparer.Ordinal);
        foreach (var c in _naive)
        {
            var active = c.Members.Where(m => m.Start <= date && (m.End == null || date < m.End)).ToList();
            var ok = requirements.All(r => r.All(category => active.Any(m => m.Category == category)));
            var director = active.FirstOrDefault(m => m.IsDirector);
            var secretary = c.Secretaries.Where(s => s.Since <= date).OrderBy(s => s.Since).Select(s => s.Id).LastOrDefault();
            ok = ok && director != null && director.Id == secretary;
            foreach (var node in _hierarchy[c.UnitCode].AncestorsAndSelf())
            {
                var (compliant, total) = byNode.GetValueOrDefault(node.Code);
                byNode[node.Code] = (compliant + (ok ? 1 : 0), total + 1);
            }
        }

        return byNode.ToDictionary(kv => kv.Key, kv => (kv.Value.Compliant, kv.Value.Total), StringComparer.Ordinal);
    }

    /// <summary>The SDK: the compliance report for the whole city (unmet rules per committee, rates rolled up).</summary>
    /// <returns>The report.</returns>
    [Benchmark]
    public CommitteeComplianceReport SdkComplianceReport() => CommitteeComplianceReport.Compute(_hierarchy, "C", _committees, _evaluators, AsOf);

    /// <summary>The SDK's evaluator alone: whether each committee meets the standard.</summary>
    /// <returns>How many do.</returns>
    [Benchmark]
    public int SdkMeetsStandardOnly()
    {
        var compliant = 0;
        foreach (var committee in _committees)
        {
            if (_evaluator.MeetsStandard(committee, AsOf))
            {
                compliant++;
            }
        }

        return compliant;
    }

    private sealed record NaiveMember(string Id, string Category, bool IsDirector, LocalDate Start, LocalDate? End);

    private sealed record NaiveCommittee(string UnitCode, List<NaiveMember> Members, List<(string Id, LocalDate Since)> Secretaries);
}
