using GridGov.Sdk.Grids;
using GridGov.Sdk.Workflows;

namespace GridGov.Sdk.Issues;

/// <summary>
/// The problem-lifecycle settings: the rule set in force, overrides for subtrees (a district or street
/// with its own rules), and earlier rule-set versions that issues reported under them keep using.
/// </summary>
/// <remarks>Not thread-safe while being configured; treat it as read-only once the container is built.</remarks>
public sealed class IssueOptions
{
    /// <summary>
    /// Gets or sets the rule set in force everywhere no override applies.
    /// <value>The default value is <see cref="IssueRuleSet.Default"/>.</value>
    /// </summary>
    public IssueRuleSet Rules { get; set; } = IssueRuleSet.Default;

    /// <summary>
    /// Gets the rule sets in force in subtrees, keyed by the code of the subtree's root node; the
    /// nearest one above a place wins.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, IssueRuleSet> RulesBySubtree { get; } = new Dictionary<string, IssueRuleSet>(StringComparer.Ordinal);

    /// <summary>
    /// Gets earlier rule sets that issues reported under them keep using (by <see cref="IssueRuleSet.Version"/>).
    /// <value>The default value is empty.</value>
    /// </summary>
    public IList<IssueRuleSet> EarlierRuleSets { get; } = [];

    /// <summary>
    /// Gets further versions of subtrees' rule sets, keyed by the code of the subtree's root node: earlier versions that
    /// issues reported under them keep, and later ones a manager may put in force with
    /// <see cref="IssueService.PublishRuleSetAsync"/> (docs/versions.md). The version in force at start is the one in
    /// <see cref="RulesBySubtree"/> (or <see cref="Rules"/>).
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, IList<IssueRuleSet>> VersionsBySubtree { get; } = new Dictionary<string, IList<IssueRuleSet>>(StringComparer.Ordinal);

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Rules is null)
        {
            errors.Add("IssueOptions.Rules must be set.");
            return errors;
        }

        var all = AllRuleSets().ToList();
        foreach (var rules in all)
        {
            errors.AddRange(rules.Validate());
        }

        // A version names one rule set within a scope (the default with its earlier sets, or one subtree); several
        // districts may each have their own version 2.
        var byScope = new[] { (Scope: string.Empty, Rules) }
            .Concat(EarlierRuleSets.Select(r => (Scope: string.Empty, Rules: r)))
            .Concat(RulesBySubtree.Select(p => (Scope: p.Key, Rules: p.Value)))
            .Concat(VersionsBySubtree.SelectMany(p => (p.Value ?? []).Select(r => (Scope: p.Key, Rules: r))));
        foreach (var group in byScope.Where(p => p.Rules is not null).GroupBy(p => (p.Scope, p.Rules.Version)).Where(g => g.Select(p => p.Rules).Distinct().Count() > 1))
        {
            var where = group.Key.Scope.Length == 0 ? "the default rules" : $"subtree '{group.Key.Scope}'";
            errors.Add($"Several different rule sets of {where} carry version {group.Key.Version}; give each change its own version.");
        }

        return errors;
    }

    internal VersionedGridRules<IssueRuleSet> Versions()
    {
        var scoped = new GridScopedValues<IssueRuleSet>(Rules);
        foreach (var (code, rules) in RulesBySubtree)
        {
            scoped = scoped.With(code, rules);
        }

        var further = EarlierRuleSets.Select(r => (VersionedGridRules<IssueRuleSet>.DefaultScope, r))
            .Concat(VersionsBySubtree.SelectMany(p => p.Value.Select(r => (p.Key, r))));
        return VersionedGridRules<IssueRuleSet>.Create(scoped, further, r => r.Version);
    }

    internal IEnumerable<IssueRuleSet> AllRuleSets()
        => new[] { Rules }.Concat(RulesBySubtree.Values).Concat(EarlierRuleSets).Concat(VersionsBySubtree.Values.SelectMany(v => v));
}
