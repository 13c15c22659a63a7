using System.Collections.Immutable;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// The committee standard of a district (or any subtree): by default the five haves (五有) — leading
/// cadres, working staff, law enforcement, enterprise and resident representatives, a volunteer service
/// team — and the director being the unit's party secretary. A district changes it without forking: add a
/// sixth requirement (<see cref="With"/>), raise a minimum (<see cref="WithMinimum"/>), require a category
/// from a date (<see cref="RequiringFrom"/>) or replace a predicate (<see cref="WithPredicate"/>).
/// </summary>
/// <remarks>Immutable and thread-safe. Versioned: every evaluation names the version it was made under.</remarks>
public sealed record FiveHavesRuleSet
{
    /// <summary>The code of the leading-cadres rule (有领导干部).</summary>
    public const string LeadingCadresRule = "leading-cadres";

    /// <summary>The code of the working-staff rule (有工作人员).</summary>
    public const string WorkingStaffRule = "working-staff";

    /// <summary>The code of the law-enforcement rule (有执法力量).</summary>
    public const string LawEnforcementRule = "law-enforcement";

    /// <summary>The code of the enterprise-and-resident-representatives rule (有企业群众代表).</summary>
    public const string RepresentativesRule = "enterprise-and-resident-representatives";

    /// <summary>The code of the volunteer-team rule (有志愿服务队伍).</summary>
    public const string VolunteerTeamRule = "volunteer-team";

    /// <summary>The code of the rule that the director is the unit's party secretary (主任由党组织书记担任).</summary>
    public const string DirectorIsSecretaryRule = "director-is-party-secretary";

    /// <summary>The most rules one set may hold.</summary>
    public const int MaxRules = 64;

    /// <summary>Gets the default standard: the five haves and the director rule, version 1.</summary>
    public static FiveHavesRuleSet Default { get; } = new()
    {
        Rules =
        [
            FiveHavesRule.Has(LeadingCadresRule, "有领导干部", "has leading cadres", new CategoryMinimum(MemberCategory.LeadingCadre.Code)),
            FiveHavesRule.Has(WorkingStaffRule, "有工作人员", "has working staff", new CategoryMinimum(MemberCategory.WorkingStaff.Code)),
            FiveHavesRule.Has(LawEnforcementRule, "有执法力量", "has law enforcement", new CategoryMinimum(MemberCategory.LawEnforcement.Code)),
            FiveHavesRule.Has(
                RepresentativesRule,
                "有企业群众代表",
                "has enterprise and resident representatives",
                new CategoryMinimum(MemberCategory.EnterpriseRepresentative.Code),
                new CategoryMinimum(MemberCategory.ResidentRepresentative.Code)),
            FiveHavesRule.Has(VolunteerTeamRule, "有志愿服务队伍", "has a volunteer service team", new CategoryMinimum(MemberCategory.VolunteerTeam.Code)),
            new FiveHavesRule { Code = DirectorIsSecretaryRule, NameZh = "主任由党组织书记担任", NameEn = "the director is the party secretary", DirectorMustBePartySecretary = true },
        ],
    };

    /// <summary>Gets the version; evaluations record it. The default value is 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Gets the rules, in the order evaluations list them. The default value is empty.</summary>
    public ImmutableArray<FiveHavesRule> Rules { get; init; } = [];

    /// <summary>Returns a copy with a rule added, or replaced if one has its code.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The new rule set.</returns>
    public FiveHavesRuleSet With(FiveHavesRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var index = IndexOf(rule.Code);
        return this with { Rules = index >= 0 ? Rules.SetItem(index, rule) : Rules.Add(rule) };
    }

    /// <summary>Returns a copy without the rule of that code.</summary>
    /// <param name="ruleCode">The rule's code.</param>
    /// <returns>The new rule set.</returns>
    /// <exception cref="ArgumentException">No rule has that code.</exception>
    public FiveHavesRuleSet Without(string ruleCode) => this with { Rules = Rules.RemoveAt(IndexOfExisting(ruleCode)) };

    /// <summary>Returns a copy in which one rule requires at least <paramref name="minimum"/> members of a category.</summary>
    /// <param name="ruleCode">The rule's code.</param>
    /// <param name="category">The category code.</param>
    /// <param name="minimum">The new minimum.</param>
    /// <returns>The new rule set.</returns>
    /// <exception cref="ArgumentException">No rule has that code.</exception>
    public FiveHavesRuleSet WithMinimum(string ruleCode, string category, int minimum)
    {
        var index = IndexOfExisting(ruleCode);
        return this with { Rules = Rules.SetItem(index, Rules[index].WithMinimum(category, minimum)) };
    }

    /// <summary>Returns a copy with a rule that requires a category from a date on (before it, the rule is not in force).</summary>
    /// <param name="from">The first date the category is required.</param>
    /// <param name="category">The category.</param>
    /// <param name="minimum">The minimum; the default value is 1.</param>
    /// <returns>The new rule set; the rule's code is <c>requires-</c> and the category's code.</returns>
    public FiveHavesRuleSet RequiringFrom(LocalDate from, MemberCategory category, int minimum = 1)
    {
        ArgumentNullException.ThrowIfNull(category);
        return With(FiveHavesRule.Has("requires-" + category.Code, "有" + category.NameZh, "has " + category.NameEn, new CategoryMinimum(category.Code, minimum)).From(from));
    }

    /// <summary>Returns a copy in which one rule is checked by <paramref name="predicate"/> instead of its built-in check.</summary>
    /// <param name="ruleCode">The rule's code.</param>
    /// <param name="predicate">The check; pure and thread-safe.</param>
    /// <returns>The new rule set.</returns>
    /// <exception cref="ArgumentException">No rule has that code.</exception>
    public FiveHavesRuleSet WithPredicate(string ruleCode, Func<CommitteeAsOf, FiveHavesCheck> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var index = IndexOfExisting(ruleCode);
        return this with { Rules = Rules.SetItem(index, Rules[index] with { Predicate = predicate }) };
    }

    /// <summary>Returns every problem with the rule set against the known categories; empty when valid.</summary>
    /// <param name="knownCategories">The category codes the deployment knows.</param>
    /// <returns>The problems, as messages a person can act on.</returns>
    public IReadOnlyList<string> Validate(IEnumerable<string> knownCategories)
    {
        ArgumentNullException.ThrowIfNull(knownCategories);
        var known = knownCategories.ToHashSet(StringComparer.Ordinal);
        var errors = new List<string>();
        if (Version < 1)
        {
            errors.Add($"FiveHavesRuleSet.Version must be at least 1 (is {Version}).");
        }

        if (Rules.IsDefault || Rules.Length > MaxRules)
        {
            errors.Add($"FiveHavesRuleSet.Rules must hold at most {MaxRules} rules.");
            return errors;
        }

        foreach (var group in Rules.GroupBy(r => r?.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"Rule code '{group.Key}' is used {group.Count()} times; each rule needs its own code.");
        }

        foreach (var rule in Rules)
        {
            if (rule is null || string.IsNullOrWhiteSpace(rule.Code) || string.IsNullOrWhiteSpace(rule.NameZh) || string.IsNullOrWhiteSpace(rule.NameEn))
            {
                errors.Add("Every rule needs a code and names in Chinese and English.");
                continue;
            }

            if (rule.Predicate is null && rule.Requires.IsDefaultOrEmpty && !rule.DirectorMustBePartySecretary)
            {
                errors.Add($"Rule '{rule.Code}' checks nothing: give it categories, the director requirement or a predicate.");
            }

            foreach (var requirement in rule.Requires.IsDefault ? [] : rule.Requires)
            {
                if (requirement is null || !known.Contains(requirement.Category ?? string.Empty))
                {
                    errors.Add($"Rule '{rule.Code}' requires unknown category '{requirement?.Category}'; add it to CommitteeOptions.Categories or fix the code.");
                }
                else if (requirement.Minimum < 1)
                {
                    errors.Add($"Rule '{rule.Code}' requires at least {requirement.Minimum} of '{requirement.Category}'; a minimum must be 1 or more.");
                }
            }

            if (!rule.Requires.IsDefault && rule.Requires.GroupBy(r => r?.Category).Any(g => g.Count() > 1))
            {
                errors.Add($"Rule '{rule.Code}' names a category twice; give each category one minimum.");
            }
        }

        return errors;
    }

    private int IndexOf(string code)
    {
        for (var i = 0; i < Rules.Length; i++)
        {
            if (Rules[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    private int IndexOfExisting(string code)
    {
        var index = IndexOf(code);
        return index >= 0 ? index : throw new ArgumentException($"No rule has code '{code}'.", nameof(code));
    }
}
