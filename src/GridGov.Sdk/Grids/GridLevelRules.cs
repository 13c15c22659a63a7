namespace GridGov.Sdk.Grids;

/// <summary>
/// The level order of a grid hierarchy: which kinds of node may be a root and which kind may
/// sit directly under which. Districts differ, so this is data with a sensible default
/// (<see cref="Default"/>) that an integrator changes with <see cref="WithAllowedParents"/>.
/// </summary>
/// <remarks>
/// <para>The default is the Xigu shape: city → district → street → community, and under a
/// community both the administrative compounds and buildings (小区 → 楼院) and the three-level base
/// grid with party-member responsibility zones (一级网格 → 二级网格 → 三级网格 → 党员责任区).
/// A building may also sit directly under a community that has no compounds.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class GridLevelRules : IEquatable<GridLevelRules>
{
    private const int KindCount = 10;
    private readonly ushort[] _allowedParents; // bit p set in [c] => kind p may be the parent of kind c
    private readonly ushort _rootKinds;

    private GridLevelRules(ushort[] allowedParents, ushort rootKinds, GridNodeKind governanceUnitKind)
    {
        _allowedParents = allowedParents;
        _rootKinds = rootKinds;
        GovernanceUnitKind = governanceUnitKind;
    }

    /// <summary>
    /// Gets the default rules: any kind may be the root; District under City; Street under District;
    /// Community under Street; Compound under Community; Building under Compound or Community;
    /// PrimaryGrid under Community; SecondaryGrid under PrimaryGrid; TertiaryGrid under SecondaryGrid;
    /// ResponsibilityZone under TertiaryGrid. The governance unit kind is <see cref="GridNodeKind.TertiaryGrid"/>.
    /// </summary>
    public static GridLevelRules Default { get; } = CreateDefault();

    /// <summary>
    /// Gets the kind of node that counts as a governance unit (治理单元, "grid + party-member
    /// responsibility zone"). The default value is <see cref="GridNodeKind.TertiaryGrid"/>.
    /// </summary>
    public GridNodeKind GovernanceUnitKind { get; }

    /// <summary>Gets every node kind the SDK knows.</summary>
    public static IReadOnlyList<GridNodeKind> AllKinds { get; } = Enum.GetValues<GridNodeKind>();

    /// <summary>Returns whether a node of kind <paramref name="child"/> may sit directly under one of kind <paramref name="parent"/>.</summary>
    /// <param name="parent">The kind of the parent.</param>
    /// <param name="child">The kind of the child.</param>
    /// <returns><see langword="true"/> if the level order allows it.</returns>
    public bool Allows(GridNodeKind parent, GridNodeKind child)
        => IsKnown(parent) && IsKnown(child) && (_allowedParents[(int)child] & (1 << (int)parent)) != 0;

    /// <summary>Returns whether a node of the given kind may be the root of a hierarchy.</summary>
    /// <param name="kind">The kind to check.</param>
    /// <returns><see langword="true"/> if the kind may be the root.</returns>
    public bool AllowsRoot(GridNodeKind kind) => IsKnown(kind) && (_rootKinds & (1 << (int)kind)) != 0;

    /// <summary>Gets the kinds that may be the parent of <paramref name="child"/>.</summary>
    /// <param name="child">The kind of the child.</param>
    /// <returns>The allowed parent kinds, in enum order.</returns>
    public IReadOnlyList<GridNodeKind> AllowedParentsOf(GridNodeKind child)
        => AllKinds.Where(p => Allows(p, child)).ToArray();

    /// <summary>Returns a copy of these rules in which <paramref name="child"/> may sit under exactly <paramref name="parents"/>.</summary>
    /// <param name="child">The kind whose parents are being set.</param>
    /// <param name="parents">The kinds that may be its parent; empty means it may only be a root.</param>
    /// <returns>The new rules; this instance is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A kind is not a defined <see cref="GridNodeKind"/>.</exception>
    public GridLevelRules WithAllowedParents(GridNodeKind child, params GridNodeKind[] parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        EnsureKnown(child, nameof(child));
        ushort mask = 0;
        foreach (var p in parents)
        {
            EnsureKnown(p, nameof(parents));
            mask |= (ushort)(1 << (int)p);
        }

        var copy = (ushort[])_allowedParents.Clone();
        copy[(int)child] = mask;
        return new GridLevelRules(copy, _rootKinds, GovernanceUnitKind);
    }

    /// <summary>Returns a copy of these rules in which only <paramref name="kinds"/> may be a root.</summary>
    /// <param name="kinds">The kinds that may be a root; at least one.</param>
    /// <returns>The new rules; this instance is unchanged.</returns>
    /// <exception cref="ArgumentException"><paramref name="kinds"/> is empty.</exception>
    public GridLevelRules WithRootKinds(params GridNodeKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Length == 0)
        {
            throw new ArgumentException("At least one kind must be allowed as the root.", nameof(kinds));
        }

        ushort mask = 0;
        foreach (var k in kinds)
        {
            EnsureKnown(k, nameof(kinds));
            mask |= (ushort)(1 << (int)k);
        }

        return new GridLevelRules(_allowedParents, mask, GovernanceUnitKind);
    }

    /// <summary>Returns a copy of these rules with another governance unit kind.</summary>
    /// <param name="kind">The kind of node that counts as a governance unit.</param>
    /// <returns>The new rules; this instance is unchanged.</returns>
    public GridLevelRules WithGovernanceUnitKind(GridNodeKind kind)
    {
        EnsureKnown(kind, nameof(kind));
        return new GridLevelRules(_allowedParents, _rootKinds, kind);
    }

    /// <inheritdoc />
    public bool Equals(GridLevelRules? other)
        => other is not null
           && _rootKinds == other._rootKinds
           && GovernanceUnitKind == other.GovernanceUnitKind
           && _allowedParents.AsSpan().SequenceEqual(other._allowedParents);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GridLevelRules);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_rootKinds);
        hash.Add(GovernanceUnitKind);
        foreach (var m in _allowedParents)
        {
            hash.Add(m);
        }

        return hash.ToHashCode();
    }

    internal static bool IsKnown(GridNodeKind kind) => (uint)kind < KindCount;

    /// <summary>Parses a kind's exact name (no numbers, lists, case changes or white space).</summary>
    internal static bool TryParseKind(string? text, out GridNodeKind kind)
    {
        kind = default;
        return text is not null
               && Enum.TryParse(text, ignoreCase: false, out kind)
               && IsKnown(kind)
               && string.Equals(kind.ToString(), text, StringComparison.Ordinal);
    }

    private static void EnsureKnown(GridNodeKind kind, string paramName)
    {
        if (!IsKnown(kind))
        {
            throw new ArgumentOutOfRangeException(paramName, kind, "Not a defined grid node kind.");
        }
    }

    private static GridLevelRules CreateDefault()
    {
        var parents = new ushort[KindCount];
        void Allow(GridNodeKind child, params GridNodeKind[] ps)
        {
            foreach (var p in ps)
            {
                parents[(int)child] |= (ushort)(1 << (int)p);
            }
        }

        Allow(GridNodeKind.District, GridNodeKind.City);
        Allow(GridNodeKind.Street, GridNodeKind.District);
        Allow(GridNodeKind.Community, GridNodeKind.Street);
        Allow(GridNodeKind.Compound, GridNodeKind.Community);
        Allow(GridNodeKind.Building, GridNodeKind.Compound, GridNodeKind.Community);
        Allow(GridNodeKind.PrimaryGrid, GridNodeKind.Community);
        Allow(GridNodeKind.SecondaryGrid, GridNodeKind.PrimaryGrid);
        Allow(GridNodeKind.TertiaryGrid, GridNodeKind.SecondaryGrid);
        Allow(GridNodeKind.ResponsibilityZone, GridNodeKind.TertiaryGrid);
        const ushort anyRoot = (1 << KindCount) - 1;
        return new GridLevelRules(parents, anyRoot, GridNodeKind.TertiaryGrid);
    }
}
