using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// Which committees in a grid subtree meet their standard on a date, which rules each misses, and the
/// compliance rate of every node's subtree (rolled up the hierarchy in one pass).
/// Each committee is judged by the rule set attached to its unit's subtree.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CommitteeComplianceReport
{
    private readonly long[] _compliant;
    private readonly long[] _total;
    private readonly List<(Committee Committee, FiveHavesEvaluator Evaluator)> _sources;
    private Dictionary<CommitteeId, int>? _index;

    private CommitteeComplianceReport(GridHierarchy hierarchy, string subtreeCode, LocalDate asOf, IReadOnlyList<CommitteeCompliance> committees, long[] compliant, long[] total, int unplaced, List<(Committee, FiveHavesEvaluator)> sources)
    {
        Hierarchy = hierarchy;
        SubtreeCode = subtreeCode;
        AsOf = asOf;
        Committees = committees;
        _compliant = compliant;
        _total = total;
        UnplacedCommittees = unplaced;
        _sources = sources;
    }

    /// <summary>Gets the hierarchy snapshot the report was computed on.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets the code of the subtree evaluated.</summary>
    public string SubtreeCode { get; }

    /// <summary>Gets the date evaluated.</summary>
    public LocalDate AsOf { get; }

    /// <summary>Gets one line per committee in the subtree, in the order given.</summary>
    public IReadOnlyList<CommitteeCompliance> Committees { get; }

    /// <summary>Gets how many committees were skipped because their unit is not in the hierarchy.</summary>
    public int UnplacedCommittees { get; }

    /// <summary>Gets the compliance rate of the whole subtree evaluated.</summary>
    public IndicatorRate Overall => RateAt(Hierarchy[SubtreeCode]);

    /// <summary>Gets the compliance rate of a node's subtree: compliant committees over committees (0/0 outside the subtree evaluated).</summary>
    /// <param name="node">A node of <see cref="Hierarchy"/>.</param>
    /// <returns>The rate.</returns>
    public IndicatorRate RateAt(GridNode node) => new(_compliant[node.Index], _total[node.Index]);

    /// <summary>Returns a committee's full evaluation (evidence and gaps, in Chinese and English) under the rule set the report applied.</summary>
    /// <param name="committeeId">A committee in the report.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="CommitteeNotFoundException">The committee is not in the report.</exception>
    public CommitteeEvaluation Explain(CommitteeId committeeId)
    {
        // Built on first use: most reports are read for their rates, and 100,000 dictionary inserts are not free.
        var index = Volatile.Read(ref _index);
        if (index is null)
        {
            index = new Dictionary<CommitteeId, int>(_sources.Count);
            for (var i = 0; i < _sources.Count; i++)
            {
                index[_sources[i].Committee.Id] = i;
            }

            Volatile.Write(ref _index, index);
        }

        return index.TryGetValue(committeeId, out var at) ? _sources[at].Evaluator.Evaluate(_sources[at].Committee, AsOf) : throw new CommitteeNotFoundException(committeeId);
    }

    /// <summary>Evaluates committees in a subtree as of a date and rolls the compliance rate up the hierarchy.</summary>
    /// <param name="hierarchy">The hierarchy.</param>
    /// <param name="subtreeCode">The subtree to evaluate (a district, a street…).</param>
    /// <param name="committees">The committees; those outside the subtree are ignored.</param>
    /// <param name="evaluators">The rule sets by subtree (see <see cref="CommitteeOptions.Evaluators"/>).</param>
    /// <param name="asOf">The date.</param>
    /// <returns>The report.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree code is unknown.</exception>
    public static CommitteeComplianceReport Compute(GridHierarchy hierarchy, string subtreeCode, IEnumerable<Committee> committees, GridScopedValues<FiveHavesEvaluator> evaluators, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(committees);
        ArgumentNullException.ThrowIfNull(evaluators);
        var root = hierarchy[subtreeCode];
        var compliant = new long[hierarchy.Count];
        var total = new long[hierarchy.Count];
        var capacity = committees.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var lines = new List<CommitteeCompliance>(capacity);
        var sources = new List<(Committee, FiveHavesEvaluator)>(capacity);

        // Few combinations of unmet rules occur; share one code list per combination instead of one per committee.
        var unmetLists = new Dictionary<(FiveHavesRuleSet, ulong), IReadOnlyList<string>>();
        var unplaced = 0;
        var single = evaluators.Overrides.Count == 0 ? evaluators.Default : null;
        foreach (var committee in committees)
        {
            if (!committee.TryPlace(hierarchy, out var unit))
            {
                unplaced++;
                continue;
            }

            if (!root.IsAncestorOrSelfOf(unit))
            {
                continue;
            }

            var evaluator = single ?? evaluators.Resolve(unit);
            var unmet = evaluator.UnmetMask(committee, asOf);
            total[unit.Index]++;
            if (unmet == 0)
            {
                compliant[unit.Index]++;
            }

            IReadOnlyList<string> codes = [];
            if (unmet != 0 && !unmetLists.TryGetValue((evaluator.RuleSet, unmet), out codes!))
            {
                codes = Array.AsReadOnly(UnmetCodes(evaluator.RuleSet, unmet));
                unmetLists[(evaluator.RuleSet, unmet)] = codes;
            }

            lines.Add(new CommitteeCompliance(committee.Id, committee.Name, committee.UnitCode, unmet == 0, evaluator.RuleSet.Version, codes));
            sources.Add((committee, evaluator));
        }

        return new CommitteeComplianceReport(hierarchy, root.Code, asOf, lines, hierarchy.RollUp(compliant), hierarchy.RollUp(total), unplaced, sources);
    }

    private static string[] UnmetCodes(FiveHavesRuleSet rules, ulong mask)
    {
        var codes = new string[System.Numerics.BitOperations.PopCount(mask)];
        var k = 0;
        for (var i = 0; i < rules.Rules.Length; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                codes[k++] = rules.Rules[i].Code;
            }
        }

        return codes;
    }
}

/// <summary>One committee's line in a compliance report.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Name">Its name.</param>
/// <param name="UnitCode">Its unit.</param>
/// <param name="MeetsStandard">Whether every rule in force is met.</param>
/// <param name="RuleSetVersion">The version of the rule set applied.</param>
/// <param name="UnmetRules">The codes of the rules not met; empty when compliant.</param>
public sealed record CommitteeCompliance(CommitteeId CommitteeId, string Name, string UnitCode, bool MeetsStandard, int RuleSetVersion, IReadOnlyList<string> UnmetRules);
