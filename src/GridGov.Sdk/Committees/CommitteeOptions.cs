using GridGov.Sdk.Grids;
using Microsoft.Extensions.Options;

namespace GridGov.Sdk.Committees;

/// <summary>
/// The committee settings: the member categories the deployment knows, the standard in force (the
/// five-haves rule set), overrides for subtrees, and the quorum rule of consultation meetings.
/// Validated at start-up: a rule that names an unknown category is a configuration error.
/// </summary>
/// <remarks>Not thread-safe while being configured; treat it as read-only once the container is built.</remarks>
public sealed class CommitteeOptions
{
    /// <summary>
    /// Gets the member categories the deployment knows; add a district's own here.
    /// <value>The default value is <see cref="MemberCategory.Defaults"/>.</value>
    /// </summary>
    public IList<MemberCategory> Categories { get; } = [.. MemberCategory.Defaults];

    /// <summary>
    /// Gets or sets the standard in force everywhere no override applies.
    /// <value>The default value is <see cref="FiveHavesRuleSet.Default"/>.</value>
    /// </summary>
    public FiveHavesRuleSet Rules { get; set; } = FiveHavesRuleSet.Default;

    /// <summary>
    /// Gets the standards in force in subtrees, keyed by the code of the subtree's root node; the nearest
    /// one above a unit wins.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, FiveHavesRuleSet> RulesBySubtree { get; } = new Dictionary<string, FiveHavesRuleSet>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the quorum rule of consultation meetings.
    /// <value>The default value is <see cref="QuorumRule.MoreThanHalf"/>.</value>
    /// </summary>
    public QuorumRule Quorum { get; set; } = QuorumRule.MoreThanHalf;

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    /// <returns>The problems, as messages a person can act on.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Categories.Any(c => c is null || string.IsNullOrWhiteSpace(c.Code) || c.Code.Length > 64 || string.IsNullOrWhiteSpace(c.NameZh) || string.IsNullOrWhiteSpace(c.NameEn)))
        {
            errors.Add("CommitteeOptions.Categories: every category needs a code of 1–64 characters and names in Chinese and English.");
        }

        foreach (var group in Categories.Where(c => c is not null).GroupBy(c => c.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"CommitteeOptions.Categories lists '{group.Key}' {group.Count()} times.");
        }

        var codes = Categories.Where(c => c is not null).Select(c => c.Code).ToList();
        if (Rules is null)
        {
            errors.Add("CommitteeOptions.Rules must be set.");
        }
        else
        {
            errors.AddRange(Rules.Validate(codes));
        }

        foreach (var (code, rules) in RulesBySubtree)
        {
            if (string.IsNullOrWhiteSpace(code) || rules is null)
            {
                errors.Add($"CommitteeOptions.RulesBySubtree['{code}'] must name a node and hold a rule set.");
                continue;
            }

            errors.AddRange(rules.Validate(codes).Select(e => $"RulesBySubtree['{code}']: {e}"));
        }

        if (Quorum is null)
        {
            errors.Add("CommitteeOptions.Quorum must be set.");
        }
        else
        {
            errors.AddRange(Quorum.Validate());
        }

        return errors;
    }

    /// <summary>Compiles the rule sets into evaluators attached to their subtrees.</summary>
    /// <returns>The evaluators.</returns>
    /// <exception cref="CommitteeConfigurationException">The options are invalid.</exception>
    public GridScopedValues<FiveHavesEvaluator> Evaluators()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new CommitteeConfigurationException(errors);
        }

        var scoped = new GridScopedValues<FiveHavesEvaluator>(new FiveHavesEvaluator(Rules, Categories));
        foreach (var (code, rules) in RulesBySubtree)
        {
            scoped = scoped.With(code, new FiveHavesEvaluator(rules, Categories));
        }

        return scoped;
    }
}

/// <summary>Validates <see cref="CommitteeOptions"/> at start-up.</summary>
internal sealed class CommitteeOptionsValidator : IValidateOptions<CommitteeOptions>
{
    public ValidateOptionsResult Validate(string? name, CommitteeOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
