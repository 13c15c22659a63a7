using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Grids;

/// <summary>
/// An immutable, validated snapshot of the grid hierarchy (网格体系): the administrative tree
/// (district → street → community → compound → building) and the base grid under each community
/// (三级网格 + 党员责任区). Build one with <see cref="GridHierarchyBuilder"/>, import one with
/// <see cref="GridHierarchyCsv"/> or <see cref="GridHierarchyJson"/>, and change it with
/// <see cref="Apply"/>, which returns a new snapshot and the event that describes the change.
/// </summary>
/// <remarks>
/// <para>Nodes are stored in pre-order in flat arrays, so is-ancestor is two comparisons, a
/// subtree is a contiguous range and a roll-up is one backwards pass. A node costs well under
/// 200 bytes resident, its code and name included.</para>
/// <para>Immutable and thread-safe: share one snapshot freely across threads.</para>
/// </remarks>
public sealed class GridHierarchy : IEquatable<GridHierarchy>
{
    private readonly string[] _codes;
    private readonly string[] _names;
    private readonly GridNodeKind[] _kinds;
    private readonly int[] _parent;
    private readonly int[] _end;
    private readonly ushort[] _depth;
    private readonly bool[] _retired;
    private readonly Dictionary<string, int> _index;
    private int[]? _districtOf;
    private int[]? _districts;

    internal GridHierarchy(
        GridLevelRules rules,
        long version,
        string[] codes,
        string[] names,
        GridNodeKind[] kinds,
        int[] parent,
        int[] end,
        ushort[] depth,
        bool[] retired,
        Dictionary<string, int> index)
    {
        Rules = rules;
        Version = version;
        _codes = codes;
        _names = names;
        _kinds = kinds;
        _parent = parent;
        _end = end;
        _depth = depth;
        _retired = retired;
        _index = index;
    }

    /// <summary>Gets the level order this snapshot was validated against.</summary>
    public GridLevelRules Rules { get; }

    /// <summary>
    /// Gets the snapshot's version: 1 for a freshly built hierarchy unless the builder said
    /// otherwise, and one more after each <see cref="Apply"/>. Not part of equality.
    /// </summary>
    public long Version { get; }

    /// <summary>Gets the number of nodes, retired ones included.</summary>
    public int Count => _codes.Length;

    /// <summary>Gets the root node.</summary>
    public GridNode Root => new(this, 0);

    /// <summary>Gets every node in pre-order (each parent before its children, siblings in display order).</summary>
    public IEnumerable<GridNode> Nodes => Root.Subtree();

    /// <summary>Gets the governance units (治理单元): live nodes of <see cref="GridLevelRules.GovernanceUnitKind"/>.</summary>
    public IEnumerable<GridNode> GovernanceUnits => OfKind(Rules.GovernanceUnitKind);

    /// <summary>Gets the node with the given code.</summary>
    /// <param name="code">The node's code.</param>
    /// <returns>The node.</returns>
    /// <exception cref="GridNodeNotFoundException">No node has that code.</exception>
    public GridNode this[string code]
        => TryGetNode(code, out var node) ? node : throw new GridNodeNotFoundException(code);

    /// <summary>Looks a node up by code.</summary>
    /// <param name="code">The node's code.</param>
    /// <param name="node">The node, when found.</param>
    /// <returns><see langword="true"/> if a node has that code.</returns>
    public bool TryGetNode(string code, out GridNode node)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (_index.TryGetValue(code, out var i))
        {
            node = new GridNode(this, i);
            return true;
        }

        node = default;
        return false;
    }

    /// <summary>Returns whether a node has the given code.</summary>
    /// <param name="code">The code to look for.</param>
    /// <returns><see langword="true"/> if a node has that code.</returns>
    public bool Contains(string code) => code is not null && _index.ContainsKey(code);

    /// <summary>Gets the node at a pre-order position.</summary>
    /// <param name="index">The position, from 0 (the root) to <see cref="Count"/> − 1.</param>
    /// <returns>The node.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public GridNode NodeAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return new GridNode(this, index);
    }

    /// <summary>Enumerates the live (not retired) nodes of one kind, in pre-order.</summary>
    /// <param name="kind">The kind wanted.</param>
    /// <returns>The nodes.</returns>
    public IEnumerable<GridNode> OfKind(GridNodeKind kind)
    {
        for (var i = 0; i < _kinds.Length; i++)
        {
            if (_kinds[i] == kind && !_retired[i])
            {
                yield return new GridNode(this, i);
            }
        }
    }

    /// <summary>Returns whether the node coded <paramref name="ancestorCode"/> is the node coded <paramref name="descendantCode"/> or above it.</summary>
    /// <param name="ancestorCode">The code of the possible ancestor.</param>
    /// <param name="descendantCode">The code of the possible descendant.</param>
    /// <returns><see langword="true"/> if the first node's subtree contains the second.</returns>
    /// <exception cref="GridNodeNotFoundException">Either code is unknown.</exception>
    public bool IsAncestorOrSelf(string ancestorCode, string descendantCode)
        => this[ancestorCode].IsAncestorOrSelfOf(this[descendantCode]);

    /// <summary>
    /// Adds a per-node count up to every ancestor: the result at position <c>i</c> is the sum of
    /// <paramref name="countsByIndex"/> over node <c>i</c>'s whole subtree. Linear time, one pass.
    /// </summary>
    /// <param name="countsByIndex">One count per node, indexed by <see cref="GridNode.Index"/>.</param>
    /// <returns>The subtree totals, indexed by <see cref="GridNode.Index"/>.</returns>
    /// <exception cref="ArgumentException">The span's length is not <see cref="Count"/>.</exception>
    /// <exception cref="OverflowException">A total exceeds <see cref="long.MaxValue"/>.</exception>
    public long[] RollUp(ReadOnlySpan<long> countsByIndex)
    {
        if (countsByIndex.Length != Count)
        {
            throw new ArgumentException($"Expected one count per node ({Count}), got {countsByIndex.Length}.", nameof(countsByIndex));
        }

        var totals = countsByIndex.ToArray();
        RollUpInPlace(totals);
        return totals;
    }

    /// <summary>Adds a per-node count up to every ancestor. See <see cref="RollUp(ReadOnlySpan{long})"/>.</summary>
    /// <param name="countsByIndex">One count per node, indexed by <see cref="GridNode.Index"/>.</param>
    /// <returns>The subtree totals, indexed by <see cref="GridNode.Index"/>.</returns>
    /// <exception cref="ArgumentException">The span's length is not <see cref="Count"/>.</exception>
    public long[] RollUp(ReadOnlySpan<int> countsByIndex)
    {
        if (countsByIndex.Length != Count)
        {
            throw new ArgumentException($"Expected one count per node ({Count}), got {countsByIndex.Length}.", nameof(countsByIndex));
        }

        var totals = new long[Count];
        for (var i = 0; i < totals.Length; i++)
        {
            totals[i] = countsByIndex[i];
        }

        RollUpInPlace(totals);
        return totals;
    }

    /// <summary>
    /// Counts items per node and rolls the counts up: the result at position <c>i</c> is the number
    /// of items placed anywhere in node <c>i</c>'s subtree.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items to count.</param>
    /// <param name="nodeCodeOf">Returns the code of the node an item is placed on.</param>
    /// <returns>The subtree totals, indexed by <see cref="GridNode.Index"/>.</returns>
    /// <exception cref="GridNodeNotFoundException">An item names an unknown node; nothing is returned.</exception>
    public long[] RollUp<T>(IEnumerable<T> items, Func<T, string> nodeCodeOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(nodeCodeOf);
        var totals = new long[Count];
        foreach (var item in items)
        {
            var code = nodeCodeOf(item);
            if (code is null || !_index.TryGetValue(code, out var i))
            {
                throw new GridNodeNotFoundException(code ?? "(null)");
            }

            totals[i]++;
        }

        RollUpInPlace(totals);
        return totals;
    }

    /// <summary>Returns a builder holding this snapshot's nodes in pre-order, to change and build anew.</summary>
    /// <returns>A new builder; changing it does not change this snapshot.</returns>
    public GridHierarchyBuilder ToBuilder()
    {
        var builder = new GridHierarchyBuilder(Rules, Count) { Version = Version };
        for (var i = 0; i < Count; i++)
        {
            builder.Add(_codes[i], _names[i], _kinds[i], _parent[i] < 0 ? null : _codes[_parent[i]], _retired[i]);
        }

        return builder;
    }

    /// <summary>
    /// Applies one change (add, move, rename or retire a node) and returns the new snapshot with
    /// the event that records it. This snapshot is unchanged. Cost is linear in <see cref="Count"/>.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="actor">Who makes the change.</param>
    /// <param name="at">When the change is made (from the injected <see cref="IClock"/>).</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <returns>The new snapshot and the event.</returns>
    /// <exception cref="GridValidationException">The change is refused (unknown node, a move under its own
    /// descendant, a level-order violation, …); nothing is changed.</exception>
    public GridChangeResult Apply(GridChange change, Actor actor, Instant at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        var builder = change.ApplyTo(this);
        builder.Version = checked(Version + 1);
        var next = builder.Build();
        return new GridChangeResult(next, new GridHierarchyChanged(Version, next.Version, change, actor, at, reason));
    }

    /// <summary>
    /// Returns whether both snapshots hold the same nodes (code, name, kind, parent, retired) in the
    /// same pre-order under equal level rules. <see cref="Version"/> is not compared.
    /// </summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> if the contents are equal.</returns>
    public bool Equals(GridHierarchy? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
               && Count == other.Count
               && Rules.Equals(other.Rules)
               && _parent.AsSpan().SequenceEqual(other._parent)
               && _kinds.AsSpan().SequenceEqual(other._kinds)
               && _retired.AsSpan().SequenceEqual(other._retired)
               && _codes.AsSpan().SequenceEqual(other._codes)
               && _names.AsSpan().SequenceEqual(other._names);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GridHierarchy);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count, _codes[0], _codes[^1], _names[^1]);

    /// <inheritdoc />
    public override string ToString() => $"GridHierarchy v{Version}: {Count} nodes under {_codes[0]} {_names[0]}";

    internal string CodeAt(int i) => _codes[i];

    internal string NameAt(int i) => _names[i];

    internal GridNodeKind KindAt(int i) => _kinds[i];

    internal bool IsRetiredAt(int i) => _retired[i];

    internal int DepthAt(int i) => _depth[i];

    internal int ParentAt(int i) => _parent[i];

    internal int SubtreeEndAt(int i) => _end[i];

    internal bool TryGetIndex(string code, out int index) => _index.TryGetValue(code, out index);

    /// <summary>
    /// For each pre-order position, the position of the nearest node of kind <see cref="GridNodeKind.District"/>
    /// at or above it, or −1 for a city-level node (above or outside every district). Built once per snapshot on
    /// first use, in one forward pass (a parent precedes its children in pre-order); 4 bytes per node. Races are
    /// benign: two threads build equal arrays.
    /// </summary>
    internal int[] DistrictOfArray => Volatile.Read(ref _districtOf) ?? BuildDistricts().Of;

    /// <summary>The positions of every district node, ascending (pre-order).</summary>
    internal int[] DistrictPositions => Volatile.Read(ref _districts) ?? BuildDistricts().Positions;

    private (int[] Of, int[] Positions) BuildDistricts()
    {
        var of = new int[_codes.Length];
        var positions = new List<int>();
        for (var i = 0; i < of.Length; i++)
        {
            if (_kinds[i] == GridNodeKind.District)
            {
                of[i] = i;
                positions.Add(i);
            }
            else
            {
                of[i] = _parent[i] < 0 ? -1 : of[_parent[i]];
            }
        }

        var array = positions.ToArray();
        Volatile.Write(ref _districts, array);
        Volatile.Write(ref _districtOf, of);
        return (of, array);
    }

    private void RollUpInPlace(long[] totals)
    {
        var parent = _parent;
        for (var k = totals.Length - 1; k > 0; k--)
        {
            totals[parent[k]] = checked(totals[parent[k]] + totals[k]);
        }
    }
}
