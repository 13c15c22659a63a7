using System.Collections.Immutable;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>A category a rule requires, and how many members of it.</summary>
/// <param name="Category">The member category code.</param>
/// <param name="Minimum">The least number of distinct members in that category. The default value is 1.</param>
public sealed record CategoryMinimum(string Category, int Minimum = 1);

/// <summary>
/// One requirement of the five-haves standard (五有), as data: the categories it requires with their
/// minimums, whether the director must be the unit's party secretary, the date it comes into force, and
/// optionally a predicate that replaces the built-in check.
/// </summary>
/// <remarks>Immutable and thread-safe (a <see cref="Predicate"/> must be thread-safe too).</remarks>
public sealed record FiveHavesRule
{
    /// <summary>Gets the stable code, such as <c>law-enforcement</c>; evaluations and gaps name it.</summary>
    public required string Code { get; init; }

    /// <summary>Gets the rule's name in Chinese, such as 有执法力量.</summary>
    public required string NameZh { get; init; }

    /// <summary>Gets the rule's name in English.</summary>
    public required string NameEn { get; init; }

    /// <summary>Gets the categories required, each with its minimum; all must be met. The default value is empty.</summary>
    public ImmutableArray<CategoryMinimum> Requires { get; init; } = [];

    /// <summary>Gets whether the director must be the secretary of the unit's party organization. The default value is false.</summary>
    public bool DirectorMustBePartySecretary { get; init; }

    /// <summary>Gets the first date the rule applies; before it the rule is not in force (and counts as met). The default value is null: always.</summary>
    public LocalDate? InForceFrom { get; init; }

    /// <summary>
    /// Gets a check that replaces the built-in one (categories and director), for requirements data cannot
    /// express. It must be pure and thread-safe. The default value is null.
    /// </summary>
    public Func<CommitteeAsOf, FiveHavesCheck>? Predicate { get; init; }

    /// <summary>Creates a rule that requires members in one or more categories.</summary>
    /// <param name="code">The stable code.</param>
    /// <param name="nameZh">The name in Chinese.</param>
    /// <param name="nameEn">The name in English.</param>
    /// <param name="requires">The categories with their minimums.</param>
    /// <returns>The rule.</returns>
    public static FiveHavesRule Has(string code, string nameZh, string nameEn, params CategoryMinimum[] requires)
        => new() { Code = code, NameZh = nameZh, NameEn = nameEn, Requires = [.. requires] };

    /// <summary>Creates a rule checked by a predicate of the integrator's own.</summary>
    /// <param name="code">The stable code.</param>
    /// <param name="nameZh">The name in Chinese.</param>
    /// <param name="nameEn">The name in English.</param>
    /// <param name="predicate">The check; pure and thread-safe.</param>
    /// <returns>The rule.</returns>
    public static FiveHavesRule Custom(string code, string nameZh, string nameEn, Func<CommitteeAsOf, FiveHavesCheck> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new() { Code = code, NameZh = nameZh, NameEn = nameEn, Predicate = predicate };
    }

    /// <summary>Returns a copy whose minimum for a category is <paramref name="minimum"/> (added if the category was not required).</summary>
    /// <param name="category">The category code.</param>
    /// <param name="minimum">The new minimum.</param>
    /// <returns>The new rule.</returns>
    public FiveHavesRule WithMinimum(string category, int minimum)
    {
        var index = Requires.IndexOf(Requires.FirstOrDefault(r => r.Category == category)!);
        return this with { Requires = index >= 0 ? Requires.SetItem(index, new CategoryMinimum(category, minimum)) : Requires.Add(new CategoryMinimum(category, minimum)) };
    }

    /// <summary>Returns a copy in force from a date on.</summary>
    /// <param name="date">The first date it applies.</param>
    /// <returns>The new rule.</returns>
    public FiveHavesRule From(LocalDate date) => this with { InForceFrom = date };

    /// <inheritdoc />
    public override string ToString() => $"{Code} ({NameZh})";
}

/// <summary>What a custom <see cref="FiveHavesRule.Predicate"/> found.</summary>
/// <param name="Met">Whether the rule holds.</param>
/// <param name="Evidence">The members that satisfy it.</param>
/// <param name="Gaps">What is missing; empty when met.</param>
public sealed record FiveHavesCheck(bool Met, IReadOnlyList<CommitteeAppointment> Evidence, IReadOnlyList<FiveHavesGap> Gaps);

/// <summary>One thing a committee lacks for a rule, with a stable code and messages in Chinese and English.</summary>
/// <param name="Code">The stable code: <c>five-haves.category-short</c>, <c>five-haves.no-director</c>,
/// <c>five-haves.no-party-secretary</c>, <c>five-haves.director-not-secretary</c>, or a custom rule's own.</param>
/// <param name="Category">The category short of its minimum, if that is the gap.</param>
/// <param name="Required">How many were required (0 when not about a count).</param>
/// <param name="Present">How many there are (0 when not about a count).</param>
/// <param name="MessageZh">The gap in Chinese.</param>
/// <param name="MessageEn">The gap in English.</param>
public sealed record FiveHavesGap(string Code, string? Category, int Required, int Present, string MessageZh, string MessageEn)
{
    /// <summary>A category has fewer members than the rule requires.</summary>
    public const string CategoryShortCode = "five-haves.category-short";

    /// <summary>No director serves.</summary>
    public const string NoDirectorCode = "five-haves.no-director";

    /// <summary>The unit's party secretary is not recorded.</summary>
    public const string NoPartySecretaryCode = "five-haves.no-party-secretary";

    /// <summary>The director is not the unit's party secretary.</summary>
    public const string DirectorNotSecretaryCode = "five-haves.director-not-secretary";
}
