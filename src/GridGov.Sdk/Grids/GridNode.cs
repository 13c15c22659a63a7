using System.Collections;

namespace GridGov.Sdk.Grids;

/// <summary>
/// A node of a <see cref="GridHierarchy"/>: a cheap handle (the snapshot and a position) that
/// reads the node's data from the snapshot. Handles allocate nothing and compare by snapshot and position.
/// </summary>
/// <remarks>Immutable and thread-safe. The <c>default</c> value is not a node; its members throw.</remarks>
public readonly struct GridNode : IEquatable<GridNode>
{
    private readonly GridHierarchy? _hierarchy;

    internal GridNode(GridHierarchy hierarchy, int index)
    {
        _hierarchy = hierarchy;
        Index = index;
    }

    /// <summary>Gets the snapshot this node belongs to.</summary>
    public GridHierarchy Hierarchy => _hierarchy ?? throw new InvalidOperationException("This GridNode is the default value and is not part of any hierarchy.");

    /// <summary>
    /// Gets the node's position in the snapshot's pre-order (0 is the root). Stable within one
    /// snapshot; use it to index per-node arrays such as those of <see cref="GridHierarchy.RollUp(ReadOnlySpan{long})"/>.
    /// </summary>
    public int Index { get; }

    /// <summary>Gets the node's stable code.</summary>
    public string Code => Hierarchy.CodeAt(Index);

    /// <summary>Gets the node's name.</summary>
    public string Name => Hierarchy.NameAt(Index);

    /// <summary>Gets the node's kind.</summary>
    public GridNodeKind Kind => Hierarchy.KindAt(Index);

    /// <summary>Gets whether the node is retired (kept for history, no longer in service).</summary>
    public bool IsRetired => Hierarchy.IsRetiredAt(Index);

    /// <summary>Gets the node's depth: 0 for the root.</summary>
    public int Depth => Hierarchy.DepthAt(Index);

    /// <summary>Gets whether this is the root.</summary>
    public bool IsRoot => Index == 0 && _hierarchy is not null;

    /// <summary>Gets whether the node has no children.</summary>
    public bool IsLeaf => Hierarchy.SubtreeEndAt(Index) == Index + 1;

    /// <summary>Gets the number of nodes in this node's subtree, itself included.</summary>
    public int SubtreeSize => Hierarchy.SubtreeEndAt(Index) - Index;

    /// <summary>Gets the parent, or null for the root.</summary>
    public GridNode? Parent
    {
        get
        {
            var p = Hierarchy.ParentAt(Index);
            return p < 0 ? null : new GridNode(_hierarchy!, p);
        }
    }

    /// <summary>Gets the direct children, in display order.</summary>
    public ChildCollection Children => new(Hierarchy, Index);

    /// <summary>Returns whether this node is <paramref name="other"/> or one of its ancestors. Constant time.</summary>
    /// <param name="other">A node of the same snapshot.</param>
    /// <returns><see langword="true"/> if this node's subtree contains <paramref name="other"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="other"/> belongs to another snapshot.</exception>
    public bool IsAncestorOrSelfOf(GridNode other)
    {
        if (!ReferenceEquals(_hierarchy, other._hierarchy) || _hierarchy is null)
        {
            throw new ArgumentException("Both nodes must belong to the same hierarchy snapshot.", nameof(other));
        }

        // One unsigned comparison tests Index <= other.Index < end; the wrap-around is the point, so unchecked.
        return unchecked((uint)(other.Index - Index) < (uint)(_hierarchy.SubtreeEndAt(Index) - Index));
    }

    /// <summary>Returns whether this node is a proper ancestor of <paramref name="other"/> (not itself). Constant time.</summary>
    /// <param name="other">A node of the same snapshot.</param>
    /// <returns><see langword="true"/> if this node is above <paramref name="other"/>.</returns>
    public bool IsAncestorOf(GridNode other) => IsAncestorOrSelfOf(other) && other.Index != Index;

    /// <summary>Enumerates the ancestors, nearest (the parent) first, ending with the root.</summary>
    /// <returns>The ancestors.</returns>
    public IEnumerable<GridNode> Ancestors()
    {
        var h = Hierarchy;
        for (var p = h.ParentAt(Index); p >= 0; p = h.ParentAt(p))
        {
            yield return new GridNode(h, p);
        }
    }

    /// <summary>Enumerates this node and then its ancestors up to the root.</summary>
    /// <returns>The node and its ancestors.</returns>
    public IEnumerable<GridNode> AncestorsAndSelf()
    {
        yield return this;
        foreach (var a in Ancestors())
        {
            yield return a;
        }
    }

    /// <summary>Returns the nearest ancestor-or-self of the given kind, or null if there is none.</summary>
    /// <param name="kind">The kind sought (for example <see cref="GridNodeKind.Community"/>).</param>
    /// <returns>The node found, or null.</returns>
    public GridNode? NearestOfKind(GridNodeKind kind)
    {
        var h = Hierarchy;
        for (var i = Index; i >= 0; i = h.ParentAt(i))
        {
            if (h.KindAt(i) == kind)
            {
                return new GridNode(h, i);
            }
        }

        return null;
    }

    /// <summary>Enumerates this node's subtree in pre-order, itself first.</summary>
    /// <returns>The subtree's nodes.</returns>
    public IEnumerable<GridNode> Subtree()
    {
        var h = Hierarchy;
        var end = h.SubtreeEndAt(Index);
        for (var i = Index; i < end; i++)
        {
            yield return new GridNode(h, i);
        }
    }

    /// <summary>Gets the names from the root down to this node, joined with " / " (for example 西固区 / 陈坪街道 / 先锋社区).</summary>
    public string Path => GetPath(" / ", useCodes: false);

    /// <summary>Gets the path from the root down to this node.</summary>
    /// <param name="separator">What to put between levels.</param>
    /// <param name="useCodes">Whether to join codes instead of names.</param>
    /// <returns>The path.</returns>
    public string GetPath(string separator, bool useCodes = false)
    {
        ArgumentNullException.ThrowIfNull(separator);
        var h = Hierarchy;
        var parts = new string[Depth + 1];
        var i = Index;
        for (var k = parts.Length - 1; k >= 0; k--)
        {
            parts[k] = useCodes ? h.CodeAt(i) : h.NameAt(i);
            i = h.ParentAt(i);
        }

        return string.Join(separator, parts);
    }

    /// <inheritdoc />
    public bool Equals(GridNode other) => ReferenceEquals(_hierarchy, other._hierarchy) && Index == other.Index;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GridNode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_hierarchy, Index);

    /// <summary>Compares two handles for equality.</summary>
    /// <param name="left">The first handle.</param>
    /// <param name="right">The second handle.</param>
    /// <returns><see langword="true"/> if both denote the same node of the same snapshot.</returns>
    public static bool operator ==(GridNode left, GridNode right) => left.Equals(right);

    /// <summary>Compares two handles for inequality.</summary>
    /// <param name="left">The first handle.</param>
    /// <param name="right">The second handle.</param>
    /// <returns><see langword="true"/> unless both denote the same node of the same snapshot.</returns>
    public static bool operator !=(GridNode left, GridNode right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => _hierarchy is null ? "(no node)" : $"{Kind} {Code} {Name}";

    /// <summary>The direct children of a node, enumerated without allocation.</summary>
    public readonly struct ChildCollection : IEnumerable<GridNode>
    {
        private readonly GridHierarchy _hierarchy;
        private readonly int _parent;

        internal ChildCollection(GridHierarchy hierarchy, int parent)
        {
            _hierarchy = hierarchy;
            _parent = parent;
        }

        /// <summary>Gets the number of direct children (walks them: linear in their count).</summary>
        public int Count
        {
            get
            {
                var count = 0;
                foreach (var unused in this)
                {
                    count++;
                }

                return count;
            }
        }

        /// <summary>Returns an enumerator over the children.</summary>
        /// <returns>The enumerator.</returns>
        public Enumerator GetEnumerator() => new(_hierarchy, _parent);

        IEnumerator<GridNode> IEnumerable<GridNode>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Enumerates children by jumping from each child to the end of its subtree.</summary>
        public struct Enumerator : IEnumerator<GridNode>
        {
            private readonly GridHierarchy _hierarchy;
            private readonly int _end;
            private int _next;
            private int _current;

            internal Enumerator(GridHierarchy hierarchy, int parent)
            {
                _hierarchy = hierarchy;
                _end = hierarchy.SubtreeEndAt(parent);
                _next = parent + 1;
                _current = -1;
            }

            /// <inheritdoc />
            public readonly GridNode Current => new(_hierarchy, _current);

            readonly object IEnumerator.Current => Current;

            /// <inheritdoc />
            public bool MoveNext()
            {
                if (_next >= _end)
                {
                    return false;
                }

                _current = _next;
                _next = _hierarchy.SubtreeEndAt(_current);
                return true;
            }

            /// <inheritdoc />
            public void Reset() => throw new NotSupportedException();

            /// <inheritdoc />
            public readonly void Dispose()
            {
            }
        }
    }
}
