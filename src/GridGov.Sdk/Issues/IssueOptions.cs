using GridGov.Sdk.Grids;

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

        foreach (var group in all.GroupBy(r => r.Version).Where(g => g.Distinct().Count() > 1 && g.Key != Rules.Version))
        {
            errors.Add($"Several different rule sets carry version {group.Key}; give each change its own version.");
        }

        return errors;
    }

    internal GridScopedValues<IssueRuleSet> Scoped()
    {
        var scoped = new GridScopedValues<IssueRuleSet>(Rules);
        foreach (var (code, rules) in RulesBySubtree)
        {
            scoped = scoped.With(code, rules);
        }

        return scoped;
    }

    internal IEnumerable<IssueRuleSet> AllRuleSets() => new[] { Rules }.Concat(RulesBySubtree.Values).Concat(EarlierRuleSets);
}
