using GridGov.Sdk.Committees;

namespace GridGov.Samples.Hooks;

/// <summary>
/// (c) A district's own standard, as data: the five haves (五有) plus a sixth, "has a property company" (有物业公司),
/// and at least two volunteer service teams instead of one. Registered with
/// <c>AddGridGov().ConfigureCommittees(o =&gt; o.Rules = SixHaves.RuleSet)</c>; the options are validated at start
/// (an unknown category or a minimum below 1 stops the application before it serves anything).
/// </summary>
internal static class SixHaves
{
    /// <summary>The sixth rule's stable code.</summary>
    public const string PropertyCompanyRule = "property-company";

    /// <summary>Gets the rule set. A new <see cref="FiveHavesRuleSet.Version"/>: evaluations record which one they applied.</summary>
    public static FiveHavesRuleSet RuleSet { get; } = FiveHavesRuleSet.Default
        .With(FiveHavesRule.Has(PropertyCompanyRule, "有物业公司", "has a property company", new CategoryMinimum(MemberCategory.PropertyCompany.Code)))
        .WithMinimum(FiveHavesRuleSet.VolunteerTeamRule, MemberCategory.VolunteerTeam.Code, 2)
        with { Version = 2 };
}
