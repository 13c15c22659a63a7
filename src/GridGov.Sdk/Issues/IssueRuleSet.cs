using System.Collections.Immutable;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Time;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>The time limits (时限) of each stage of an issue.</summary>
/// <param name="Accept">From report to acceptance (立案).</param>
/// <param name="Respond">From acceptance to claim or dispatch (认领/派遣); also from a return to re-dispatch.</param>
/// <param name="Resolve">From claim or dispatch to resolution (办结); also after rework, reopen and escalation.</param>
/// <param name="Verify">From resolution to verification (核查).</param>
public sealed record IssueStageLimits(TimeLimit Accept, TimeLimit Respond, TimeLimit Resolve, TimeLimit Verify)
{
    /// <summary>Gets the default limits for normal matters: 1, 1, 7 and 2 working days.</summary>
    public static IssueStageLimits DefaultNormal { get; } = new(TimeLimit.WorkingDays(1), TimeLimit.WorkingDays(1), TimeLimit.WorkingDays(7), TimeLimit.WorkingDays(2));

    /// <summary>Gets the default limits for urgent matters: 2 hours, 2 hours, 24 hours and 24 hours.</summary>
    public static IssueStageLimits DefaultUrgent { get; } = new(TimeLimit.Hours(2), TimeLimit.Hours(2), TimeLimit.Hours(24), TimeLimit.Hours(24));
}

/// <summary>The rule for one category of matter: where it is handled first and how fast.</summary>
/// <param name="Category">The category code, such as <c>environment</c>.</param>
/// <param name="Level">The level that handles it first (枫桥经验: as low as can).</param>
/// <param name="Normal">The limits for normal priority.</param>
/// <param name="Urgent">The limits for urgent priority.</param>
public sealed record IssueCategoryRule(string Category, HandlingLevel Level, IssueStageLimits Normal, IssueStageLimits Urgent)
{
    /// <summary>Gets the limits for a priority.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The limits.</returns>
    public IssueStageLimits LimitsFor(IssuePriority priority) => priority == IssuePriority.Urgent ? Urgent : Normal;
}

/// <summary>
/// The problem-lifecycle rules of a district (or any subtree): categories with their handling
/// levels and time limits, the working-day calendar, the reopen window and how many extensions
/// are allowed. Versioned: every issue records the version it was reported under and keeps it.
/// </summary>
/// <remarks>Immutable and thread-safe. Change it with the <c>With…</c> methods, which return a copy.</remarks>
public sealed record IssueRuleSet
{
    /// <summary>Gets the default rules: Asia/Shanghai weekdays, a 7-day reopen window, two extensions, and a few common categories.</summary>
    public static IssueRuleSet Default { get; } = CreateDefault();

    /// <summary>Gets the version; every issue records the version that set its limits. The default value is 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Gets the working-day calendar. The default value is <see cref="WorkingDayCalendar.ShanghaiWeekdays"/>.</summary>
    public WorkingDayCalendar Calendar { get; init; } = WorkingDayCalendar.ShanghaiWeekdays;

    /// <summary>Gets how long after closing a dissatisfied resident may reopen. The default value is 7 days.</summary>
    public Duration ReopenWindow { get; init; } = Duration.FromDays(7);

    /// <summary>Gets how many times a deadline may be extended. The default value is 2.</summary>
    public int MaxExtensions { get; init; } = 2;

    /// <summary>Gets the rule used for categories not listed: community level, default limits.</summary>
    public IssueCategoryRule Fallback { get; init; } = new("other", HandlingLevel.Community, IssueStageLimits.DefaultNormal, IssueStageLimits.DefaultUrgent);

    /// <summary>Gets the category rules, by category code.</summary>
    public ImmutableDictionary<string, IssueCategoryRule> Categories { get; init; } = ImmutableDictionary.Create<string, IssueCategoryRule>(StringComparer.Ordinal);

    /// <summary>
    /// Gets which node kinds stand for which handling level. By default Building and TertiaryGrid
    /// (the governance unit) are the building level, Compound and SecondaryGrid the compound level,
    /// then Community, Street, District and City.
    /// </summary>
    public ImmutableDictionary<GridNodeKind, HandlingLevel> LevelOfKind { get; init; } = ImmutableDictionary.CreateRange(new Dictionary<GridNodeKind, HandlingLevel>
    {
        [GridNodeKind.Building] = HandlingLevel.Building,
        [GridNodeKind.TertiaryGrid] = HandlingLevel.Building,
        [GridNodeKind.Compound] = HandlingLevel.Compound,
        [GridNodeKind.SecondaryGrid] = HandlingLevel.Compound,
        [GridNodeKind.Community] = HandlingLevel.Community,
        [GridNodeKind.Street] = HandlingLevel.Street,
        [GridNodeKind.District] = HandlingLevel.District,
        [GridNodeKind.City] = HandlingLevel.City,
    });

    /// <summary>Returns a copy with a category rule added or replaced.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The new rule set (same version: bump <see cref="Version"/> when the change should not reach issues already reported).</returns>
    public IssueRuleSet WithCategory(IssueCategoryRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return this with { Categories = Categories.SetItem(rule.Category, rule) };
    }

    /// <summary>Gets the rule for a category, or <see cref="Fallback"/>.</summary>
    /// <param name="category">The category code.</param>
    /// <returns>The rule.</returns>
    public IssueCategoryRule RuleFor(string category) => Categories.TryGetValue(category, out var rule) ? rule : Fallback;

    /// <summary>Returns every problem with the rules; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Version < 1)
        {
            errors.Add("IssueRuleSet.Version must be at least 1.");
        }

        if (Calendar is null)
        {
            errors.Add("IssueRuleSet.Calendar must be set.");
        }

        if (ReopenWindow < Duration.Zero)
        {
            errors.Add("IssueRuleSet.ReopenWindow must not be negative.");
        }

        if (MaxExtensions < 0)
        {
            errors.Add("IssueRuleSet.MaxExtensions must not be negative.");
        }

        foreach (var (code, rule) in Categories)
        {
            if (string.IsNullOrWhiteSpace(code) || code != rule.Category)
            {
                errors.Add($"IssueRuleSet.Categories['{code}'] must be keyed by its own category code.");
            }

            if (!LevelOfKind.ContainsValue(rule.Level))
            {
                errors.Add($"Category '{code}' is handled at {rule.Level}, which no node kind stands for.");
            }
        }

        return errors;
    }

    private static IssueRuleSet CreateDefault()
    {
        var normal = IssueStageLimits.DefaultNormal;
        var urgent = IssueStageLimits.DefaultUrgent;
        var complex = normal with { Resolve = TimeLimit.WorkingDays(15) };
        return new IssueRuleSet()
            .WithCategory(new IssueCategoryRule("neighbour-dispute", HandlingLevel.Building, normal, urgent))
            .WithCategory(new IssueCategoryRule("environment", HandlingLevel.Compound, normal, urgent))
            .WithCategory(new IssueCategoryRule("property-service", HandlingLevel.Compound, normal, urgent))
            .WithCategory(new IssueCategoryRule("facilities", HandlingLevel.Community, complex, urgent))
            .WithCategory(new IssueCategoryRule("public-security", HandlingLevel.Community, normal, urgent))
            .WithCategory(new IssueCategoryRule("elderly-care", HandlingLevel.Community, normal, urgent))
            .WithCategory(new IssueCategoryRule("road-traffic", HandlingLevel.Street, complex, urgent))
            .WithCategory(new IssueCategoryRule("housing", HandlingLevel.Street, complex, urgent));
    }
}
