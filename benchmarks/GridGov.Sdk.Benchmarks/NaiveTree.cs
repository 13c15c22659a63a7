using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>A node of the naive baseline: an object with a parent reference and a list of children.</summary>
public sealed class NaiveNode
{
    /// <summary>Creates a node.</summary>
    /// <param name="code">The code.</param>
    /// <param name="name">The name.</param>
    /// <param name="kind">The kind.</param>
    public NaiveNode(string code, string name, GridNodeKind kind)
    {
        Code = code;
        Name = name;
        Kind = kind;
    }

    /// <summary>Gets the code.</summary>
    public string Code { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets the kind.</summary>
    public GridNodeKind Kind { get; }

    /// <summary>Gets or sets the parent, null for the root.</summary>
    public NaiveNode? Parent { get; set; }

    /// <summary>Gets the children, in input order.</summary>
    public List<NaiveNode> Children { get; } = [];

    /// <summary>The baseline is-ancestor: walk the parent pointers up from <paramref name="descendant"/>.</summary>
    /// <param name="descendant">The possible descendant.</param>
    /// <returns>Whether this node is <paramref name="descendant"/> or above it.</returns>
    public bool IsAncestorOrSelfOf(NaiveNode descendant)
    {
        for (NaiveNode? n = descendant; n is not null; n = n.Parent)
        {
            if (ReferenceEquals(n, this))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The naive baseline tree: <see cref="NaiveNode"/> objects indexed by code in a dictionary.</summary>
public sealed class NaiveTree
{
    private NaiveTree(NaiveNode root, Dictionary<string, NaiveNode> byCode)
    {
        Root = root;
        ByCode = byCode;
    }

    /// <summary>Gets the root.</summary>
    public NaiveNode Root { get; }

    /// <summary>Gets the nodes by code.</summary>
    public Dictionary<string, NaiveNode> ByCode { get; }

    /// <summary>Builds the tree from rows in any order (two passes: create every node, then link).
    /// Checks only what it must (unique codes, existing parents, one root); no level rules, no cycle check.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The tree.</returns>
    public static NaiveTree Build(ReadOnlySpan<GridRow> rows)
    {
        var byCode = new Dictionary<string, NaiveNode>(rows.Length, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byCode.Add(row.Code, new NaiveNode(row.Code, row.Name, row.Kind));
        }

        NaiveNode? root = null;
        foreach (var row in rows)
        {
            var node = byCode[row.Code];
            if (row.ParentCode is null)
            {
                root = root is null ? node : throw new InvalidOperationException("Two roots.");
                continue;
            }

            var parent = byCode[row.ParentCode];
            node.Parent = parent;
            parent.Children.Add(node);
        }

        return new NaiveTree(root ?? throw new InvalidOperationException("No root."), byCode);
    }
}

/// <summary>The naive roll-up baseline: children lists and counts keyed by code, summed by recursion.</summary>
public sealed class NaiveRollUp
{
    private readonly string _rootCode;
    private readonly Dictionary<string, List<string>> _children;
    private readonly Dictionary<string, long> _counts;

    /// <summary>Creates the dictionaries from rows and per-row counts.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="countsByRow">One count per row.</param>
    public NaiveRollUp(ReadOnlySpan<GridRow> rows, ReadOnlySpan<long> countsByRow)
    {
        _children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        _counts = new Dictionary<string, long>(rows.Length, StringComparer.Ordinal);
        _rootCode = string.Empty;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            _counts.Add(row.Code, countsByRow[i]);
            if (row.ParentCode is null)
            {
                _rootCode = row.Code;
                continue;
            }

            if (!_children.TryGetValue(row.ParentCode, out var list))
            {
                list = [];
                _children.Add(row.ParentCode, list);
            }

            list.Add(row.Code);
        }
    }

    /// <summary>Returns every node's subtree total, by code.</summary>
    /// <returns>The totals.</returns>
    public Dictionary<string, long> RollUp()
    {
        var totals = new Dictionary<string, long>(_counts.Count, StringComparer.Ordinal);
        Sum(_rootCode, totals);
        return totals;
    }

    private long Sum(string code, Dictionary<string, long> totals)
    {
        var total = _counts[code];
        if (_children.TryGetValue(code, out var children))
        {
            foreach (var child in children)
            {
                total = checked(total + Sum(child, totals));
            }
        }

        totals[code] = total;
        return total;
    }
}
