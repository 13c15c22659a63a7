using System.Collections.Immutable;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;

namespace GridGov.Sdk.Mediation;

/// <summary>A category of dispute and the level its mediation starts at (枫桥经验: small matters stay in the building or compound).</summary>
/// <param name="Code">The stable code, such as <c>drain-blockage</c>.</param>
/// <param name="NameZh">The Chinese name, such as 下水道堵塞.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="StartLevel">The level mediation starts at.</param>
public sealed record MediationCategory(string Code, string NameZh, string NameEn, HandlingLevel StartLevel);

/// <summary>
/// The mediation rules of a deployment: categories and their starting levels, the time limit of each level on the
/// working-day calendar, how far up the grid hierarchy a case may escalate, and from which level it may be referred
/// outside. Data with defaults; change it with <c>AddGridGov().ConfigureMediation(...)</c>.
/// </summary>
/// <remarks>Not thread-safe while being configured; read-only once the service is built.</remarks>
public sealed class MediationOptions
{
    /// <summary>Gets or sets the definition's version every event records. The default value is 1.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Gets or sets the working-day calendar the limits count on. The default value is <see cref="WorkingDayCalendar.ShanghaiWeekdays"/>.</summary>
    public WorkingDayCalendar Calendar { get; set; } = WorkingDayCalendar.ShanghaiWeekdays;

    /// <summary>
    /// Gets or sets the categories. The default lists neighbour noise, water leaks and drain blockages (building level),
    /// shared costs, parking and pets (compound level), property services and boundaries (community level).
    /// </summary>
    public IList<MediationCategory> Categories { get; set; } =
    [
        new("neighbour-noise", "邻里噪音", "Neighbour noise", HandlingLevel.Building),
        new("water-leak", "漏水", "Water leak", HandlingLevel.Building),
        new("drain-blockage", "下水道堵塞", "Drain blockage", HandlingLevel.Compound),
        new("shared-cost", "公共费用分摊", "Sharing a common cost", HandlingLevel.Compound),
        new("parking", "停车", "Parking", HandlingLevel.Compound),
        new("pets", "宠物", "Pets", HandlingLevel.Compound),
        new("property-service", "物业服务", "Property services", HandlingLevel.Community),
        new("boundary", "界址相邻关系", "Boundaries and adjacency", HandlingLevel.Community),
    ];

    /// <summary>
    /// Gets or sets the time limit of each level, counted from when the case reaches it. The default value is 3
    /// working days at the building, 5 at the compound, 10 at the community and 15 at the street.
    /// </summary>
    public IDictionary<HandlingLevel, TimeLimit> LevelLimits { get; set; } = new Dictionary<HandlingLevel, TimeLimit>
    {
        [HandlingLevel.Building] = TimeLimit.WorkingDays(3),
        [HandlingLevel.Compound] = TimeLimit.WorkingDays(5),
        [HandlingLevel.Community] = TimeLimit.WorkingDays(10),
        [HandlingLevel.Street] = TimeLimit.WorkingDays(15),
    };

    /// <summary>Gets or sets the limit of a level missing from <see cref="LevelLimits"/>. The default value is 10 working days.</summary>
    public TimeLimit FallbackLimit { get; set; } = TimeLimit.WorkingDays(10);

    /// <summary>Gets or sets the highest level a case may escalate to; above it, only a referral is left. The default value is <see cref="HandlingLevel.Street"/>.</summary>
    public HandlingLevel HighestLevel { get; set; } = HandlingLevel.Street;

    /// <summary>Gets or sets the lowest level whose failure allows a referral outside. The default value is <see cref="HandlingLevel.Community"/> ("big matters do not leave the community").</summary>
    public HandlingLevel ReferFromLevel { get; set; } = HandlingLevel.Community;

    /// <summary>Gets or sets whether the overdue sweep escalates a case whose level's time limit passed (after recording the failure). The default value is <see langword="true"/>.</summary>
    public bool EscalateWhenOverdue { get; set; } = true;

    /// <summary>
    /// Gets or sets which node kinds stand for which level. By default Building and TertiaryGrid are the building
    /// level, Compound and SecondaryGrid the compound level, then Community, Street, District and City (as for issues).
    /// </summary>
    public IDictionary<GridNodeKind, HandlingLevel> LevelOfKind { get; set; } = new Dictionary<GridNodeKind, HandlingLevel>(IssueRuleSet.Default.LevelOfKind);

    /// <summary>
    /// Gets the rules of subtrees (a district or street with its own limits, calendar or levels), keyed by the code of the
    /// subtree's root node; the nearest one above a place wins, else these options. Each entry is a whole rule set with its
    /// own <see cref="Version"/>; its own subtree lists are ignored.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, MediationOptions> RulesBySubtree { get; } = new Dictionary<string, MediationOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Gets further versions of subtrees' rules, keyed by the code of the subtree's root node: earlier ones that cases
    /// opened under them keep, and later ones a manager may put in force with <see cref="MediationService.PublishRuleSetAsync"/>
    /// (docs/versions.md).
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, IList<MediationOptions>> VersionsBySubtree { get; } = new Dictionary<string, IList<MediationOptions>>(StringComparer.Ordinal);

    /// <summary>
    /// Gets earlier versions of these (deployment-wide) rules that cases opened under them keep.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IList<MediationOptions> EarlierVersions { get; } = [];

    /// <summary>Returns every problem with the settings; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var scoped = RulesBySubtree.Select(p => (Scope: p.Key, Rules: p.Value))
            .Concat(VersionsBySubtree.SelectMany(p => (p.Value ?? []).Select(r => (Scope: p.Key, Rules: r))))
            .Concat(EarlierVersions.Select(r => (Scope: "(earlier)", Rules: r)));
        foreach (var (scope, rules) in scoped)
        {
            if (rules is null || ReferenceEquals(rules, this))
            {
                errors.Add($"The mediation rules of '{scope}' must be a rule set of their own.");
                continue;
            }

            errors.AddRange(rules.ValidateOwn().Select(e => $"'{scope}' v{rules.Version}: {e}"));
        }

        errors.AddRange(ValidateOwn());
        return errors;
    }

    private List<string> ValidateOwn()
    {
        var errors = new List<string>();
        if (Version < 1)
        {
            errors.Add("MediationOptions.Version must be at least 1.");
        }

        if (Calendar is null || Categories is null || LevelLimits is null || LevelOfKind is null)
        {
            errors.Add("MediationOptions.Calendar, Categories, LevelLimits and LevelOfKind must be set.");
            return errors;
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var category in Categories)
        {
            if (category is null || string.IsNullOrWhiteSpace(category.Code) || string.IsNullOrWhiteSpace(category.NameZh) || string.IsNullOrWhiteSpace(category.NameEn))
            {
                errors.Add("Every mediation category needs a code and Chinese and English names.");
                continue;
            }

            if (!codes.Add(category.Code))
            {
                errors.Add($"Mediation category '{category.Code}' is listed twice.");
            }

            if (category.StartLevel > HighestLevel)
            {
                errors.Add($"Mediation category '{category.Code}' starts at {category.StartLevel}, above the highest level {HighestLevel}.");
            }
        }

        if (ReferFromLevel > HighestLevel)
        {
            errors.Add($"ReferFromLevel {ReferFromLevel} is above HighestLevel {HighestLevel}: no case could ever be referred.");
        }

        return errors;
    }

    /// <summary>These rules, their subtrees' and every version, for the service (see <see cref="VersionedGridRules{T}"/>).</summary>
    internal VersionedGridRules<CompiledMediationRules> Versions()
    {
        var scoped = new GridScopedValues<CompiledMediationRules>(Compile());
        foreach (var (code, rules) in RulesBySubtree)
        {
            scoped = scoped.With(code, rules.Compile());
        }

        var further = EarlierVersions.Select(r => (VersionedGridRules<CompiledMediationRules>.DefaultScope, r.Compile()))
            .Concat(VersionsBySubtree.SelectMany(p => p.Value.Select(r => (p.Key, r.Compile()))));
        return VersionedGridRules<CompiledMediationRules>.Create(scoped, further, r => r.Version);
    }

    internal CompiledMediationRules Compile() => new(
        Version,
        Calendar,
        Categories.ToImmutableDictionary(c => c.Code, StringComparer.Ordinal),
        LevelLimits.ToImmutableDictionary(),
        FallbackLimit,
        HighestLevel,
        ReferFromLevel,
        EscalateWhenOverdue,
        LevelOfKind.ToImmutableDictionary());
}

/// <summary>The options frozen for the service: immutable, so commands read them without locks.</summary>
internal sealed record CompiledMediationRules(
    int Version,
    WorkingDayCalendar Calendar,
    ImmutableDictionary<string, MediationCategory> Categories,
    ImmutableDictionary<HandlingLevel, TimeLimit> LevelLimits,
    TimeLimit FallbackLimit,
    HandlingLevel HighestLevel,
    HandlingLevel ReferFromLevel,
    bool EscalateWhenOverdue,
    ImmutableDictionary<GridNodeKind, HandlingLevel> LevelOfKind)
{
    public TimeLimit LimitOf(HandlingLevel level) => LevelLimits.TryGetValue(level, out var limit) ? limit : FallbackLimit;

    /// <summary>The node that mediates first: the place itself or its nearest ancestor at the start level or above.</summary>
    public GridNode? HandlingNodeFor(GridNode place, HandlingLevel start)
    {
        foreach (var node in place.AncestorsAndSelf())
        {
            if (!node.IsRetired && LevelOfKind.TryGetValue(node.Kind, out var level) && level >= start && level <= HighestLevel)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>The next node up whose level is above the current one and not above <see cref="HighestLevel"/>; null when none.</summary>
    public GridNode? LevelAbove(GridHierarchy hierarchy, string handlingNodeCode, HandlingLevel current)
    {
        if (!hierarchy.TryGetNode(handlingNodeCode, out var handling))
        {
            return null;
        }

        foreach (var node in handling.Ancestors())
        {
            if (!node.IsRetired && LevelOfKind.TryGetValue(node.Kind, out var up) && up > current)
            {
                return up <= HighestLevel ? node : null;
            }
        }

        return null;
    }
}
