using System.Runtime.InteropServices;

namespace GridGov.Sdk.Grids;

/// <summary>
/// Collects nodes and builds an immutable, validated <see cref="GridHierarchy"/>. Nodes may be
/// added in any order; a parent need not be added before its children. Siblings keep the order
/// in which they were added (it is their display order).
/// </summary>
/// <remarks>Not thread-safe: use one builder from one thread. Building does not change the builder.</remarks>
public sealed class GridHierarchyBuilder
{
    /// <summary>The longest code accepted, in UTF-16 code units.</summary>
    public const int MaxCodeLength = 64;

    /// <summary>The longest name accepted, in UTF-16 code units.</summary>
    public const int MaxNameLength = 200;

    private readonly List<string> _codes;
    private readonly List<string> _names;
    private readonly List<GridNodeKind> _kinds;
    private readonly List<string?> _parents;
    private readonly List<bool> _retired;
    private readonly List<int> _lines;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="rules">The level order to validate against; <see cref="GridLevelRules.Default"/> when null.</param>
    /// <param name="capacity">How many nodes to make room for up front.</param>
    public GridHierarchyBuilder(GridLevelRules? rules = null, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Rules = rules ?? GridLevelRules.Default;
        _codes = new List<string>(capacity);
        _names = new List<string>(capacity);
        _kinds = new List<GridNodeKind>(capacity);
        _parents = new List<string?>(capacity);
        _retired = new List<bool>(capacity);
        _lines = new List<int>(capacity);
    }

    /// <summary>Gets the level order the hierarchy is validated against.</summary>
    public GridLevelRules Rules { get; }

    /// <summary>Gets how many nodes have been added.</summary>
    public int Count => _codes.Count;

    /// <summary>Gets or sets the version the built hierarchy carries. The default value is 1.</summary>
    public long Version { get; set; } = 1;

    /// <summary>Adds a node.</summary>
    /// <param name="code">The node's stable code, unique in the hierarchy (for example an administrative division code).</param>
    /// <param name="name">The node's name (Chinese names are kept exactly).</param>
    /// <param name="kind">The node's kind.</param>
    /// <param name="parentCode">The parent's code, or null for the root.</param>
    /// <param name="isRetired">Whether the node is retired (kept for history, no longer in service).</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    /// <remarks>Nothing is checked here; <see cref="Build"/> checks everything at once.</remarks>
    public GridHierarchyBuilder Add(string code, string name, GridNodeKind kind, string? parentCode = null, bool isRetired = false)
        => Add(code, name, kind, parentCode, isRetired, line: 0);

    internal GridHierarchyBuilder Add(string code, string name, GridNodeKind kind, string? parentCode, bool isRetired, int line)
    {
        _codes.Add(code);
        _names.Add(name);
        _kinds.Add(kind);
        _parents.Add(string.IsNullOrEmpty(parentCode) ? null : parentCode);
        _retired.Add(isRetired);
        _lines.Add(line);
        return this;
    }

    internal void SetParent(int i, string parentCode) => _parents[i] = parentCode;

    internal void SetName(int i, string name) => _names[i] = name;

    internal void SetRetired(int i) => _retired[i] = true;

    internal void MoveToEnd(int i)
    {
        static void Move<T>(List<T> list, int i)
        {
            var item = list[i];
            list.RemoveAt(i);
            list.Add(item);
        }

        Move(_codes, i);
        Move(_names, i);
        Move(_kinds, i);
        Move(_parents, i);
        Move(_retired, i);
        Move(_lines, i);
    }

    /// <summary>
    /// Validates every node and builds the hierarchy. Checks: valid codes and names, unique codes,
    /// exactly one root of an allowed kind, parents that exist, no cycles, the level order, and no
    /// live node under a retired one.
    /// </summary>
    /// <returns>The new hierarchy.</returns>
    /// <exception cref="GridValidationException">Anything is wrong; <see cref="GridValidationException.Problems"/> lists all of it.</exception>
    public GridHierarchy Build()
    {
        var problems = new List<GridProblem>();
        var hierarchy = TryBuild(problems);
        return hierarchy ?? throw new GridValidationException("grid hierarchy", problems);
    }

    /// <summary>Validates and builds the hierarchy without throwing.</summary>
    /// <param name="problems">Receives every problem found.</param>
    /// <returns>The new hierarchy, or null when <paramref name="problems"/> received any problem.</returns>
    public GridHierarchy? TryBuild(ICollection<GridProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var n = _codes.Count;
        if (n == 0)
        {
            problems.Add(new GridProblem(GridProblemCodes.Empty, "The hierarchy has no nodes."));
            return null;
        }

        var codes = CollectionsMarshal.AsSpan(_codes);
        var names = CollectionsMarshal.AsSpan(_names);
        var kinds = CollectionsMarshal.AsSpan(_kinds);
        var parentCodes = CollectionsMarshal.AsSpan(_parents);
        var retired = CollectionsMarshal.AsSpan(_retired);

        // 1. Codes, names, kinds; the code index.
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var usable = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var ok = true;
            if (!IsValidText(codes[i], MaxCodeLength))
            {
                problems.Add(Problem(i, GridProblemCodes.InvalidCode,
                    $"Code '{codes[i]}' is invalid: a code is 1–{MaxCodeLength} characters with no surrounding white space or control characters."));
                ok = false;
            }

            if (!IsValidText(names[i], MaxNameLength))
            {
                problems.Add(Problem(i, GridProblemCodes.InvalidName,
                    $"Node '{codes[i]}' has an invalid name: a name is 1–{MaxNameLength} characters with no surrounding white space or control characters."));
            }

            if (!GridLevelRules.IsKnown(kinds[i]))
            {
                problems.Add(Problem(i, GridProblemCodes.InvalidKind, $"Node '{codes[i]}' has unknown kind {(int)kinds[i]}."));
                ok = false;
            }

            if (ok && codes[i] is not null)
            {
                if (!index.TryAdd(codes[i], i))
                {
                    var first = index[codes[i]];
                    var firstWhere = _lines[first] > 0 ? $"line {_lines[first]}" : $"entry {first + 1}";
                    problems.Add(Problem(i, GridProblemCodes.DuplicateCode, $"Code '{codes[i]}' is used twice (first at {firstWhere})."));
                    ok = false;
                }
            }

            usable[i] = ok;
        }

        // 2. Parents, roots, level order.
        var parent = new int[n];
        var root = -1;
        var rootCount = 0;
        for (var i = 0; i < n; i++)
        {
            parent[i] = -2; // -2: unusable, -1: root
            if (!usable[i])
            {
                continue;
            }

            var pc = parentCodes[i];
            if (pc is null)
            {
                parent[i] = -1;
                rootCount++;
                if (root < 0)
                {
                    root = i;
                }
                else
                {
                    problems.Add(Problem(i, GridProblemCodes.MultipleRoots,
                        $"Node '{codes[i]}' has no parent, but '{codes[root]}' is already the root; a hierarchy has exactly one root."));
                }

                if (!Rules.AllowsRoot(kinds[i]))
                {
                    problems.Add(Problem(i, GridProblemCodes.RootKindNotAllowed, $"A {kinds[i]} may not be the root under the level rules."));
                }

                continue;
            }

            if (!index.TryGetValue(pc, out var p) || !usable[p])
            {
                problems.Add(Problem(i, GridProblemCodes.MissingParent, $"Node '{codes[i]}' names parent '{pc}', which does not exist."));
                continue;
            }

            parent[i] = p;
            if (!Rules.Allows(kinds[p], kinds[i]))
            {
                problems.Add(Problem(i, GridProblemCodes.LevelOrder,
                    $"A {kinds[i]} ('{codes[i]}') may not sit under a {kinds[p]} ('{codes[p]}'); allowed parents: {string.Join(", ", Rules.AllowedParentsOf(kinds[i]))}."));
            }

            if (retired[p] && !retired[i])
            {
                problems.Add(Problem(i, GridProblemCodes.LiveUnderRetired,
                    $"Node '{codes[i]}' is in service but its parent '{codes[p]}' is retired; retire the node or move it."));
            }
        }

        if (rootCount == 0)
        {
            problems.Add(new GridProblem(GridProblemCodes.NoRoot, "No node is without a parent, so the hierarchy has no root."));
        }

        // 3. Children in CSR form (stable: siblings in insertion order), then a pre-order walk from the root.
        var childStart = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            if (parent[i] >= 0)
            {
                childStart[parent[i] + 1]++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            childStart[i + 1] += childStart[i];
        }

        var children = new int[childStart[n]];
        var fill = new int[n];
        for (var i = 0; i < n; i++)
        {
            var p = parent[i];
            if (p >= 0)
            {
                children[childStart[p] + fill[p]++] = i;
            }
        }

        var order = new int[n]; // pre-order position -> input index
        var position = new int[n]; // input index -> pre-order position
        Array.Fill(position, -1);
        var visited = 0;
        if (root >= 0)
        {
            var stack = new Stack<int>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var v = stack.Pop();
                position[v] = visited;
                order[visited++] = v;
                for (var c = childStart[v + 1] - 1; c >= childStart[v]; c--)
                {
                    stack.Push(children[c]);
                }
            }
        }

        // 4. Cycles: usable nodes with a parent that the walk never reached.
        if (visited < n)
        {
            ReportCycles(parent, position, problems);
        }

        if (problems.Count > before)
        {
            return null;
        }

        // 5. Lay the nodes out in pre-order.
        var pCodes = new string[n];
        var pNames = new string[n];
        var pKinds = new GridNodeKind[n];
        var pParent = new int[n];
        var pEnd = new int[n];
        var pDepth = new ushort[n];
        var pRetired = new bool[n];
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            pCodes[k] = codes[i];
            pNames[k] = names[i];
            pKinds[k] = kinds[i];
            pRetired[k] = retired[i];
            var p = parent[i];
            pParent[k] = p < 0 ? -1 : position[p];
            if (k > 0)
            {
                var depth = pDepth[pParent[k]] + 1;
                if (depth > ushort.MaxValue)
                {
                    problems.Add(Problem(i, GridProblemCodes.TooDeep, $"Node '{codes[i]}' is deeper than {ushort.MaxValue} levels."));
                    return null;
                }

                pDepth[k] = (ushort)depth;
            }

            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(index, codes[i]);
            slot = k;
        }

        for (var k = 0; k < n; k++)
        {
            pEnd[k] = k + 1;
        }

        for (var k = n - 1; k > 0; k--)
        {
            var p = pParent[k];
            if (pEnd[k] > pEnd[p])
            {
                pEnd[p] = pEnd[k];
            }
        }

        return new GridHierarchy(Rules, Version, pCodes, pNames, pKinds, pParent, pEnd, pDepth, pRetired, index);
    }

    private void ReportCycles(int[] parent, int[] position, ICollection<GridProblem> problems)
    {
        // Colour: 0 unseen, 1 on the current walk, 2 done. Walk up from every unreached node;
        // a walk that meets its own colour found a cycle, reported once with all its members.
        var n = parent.Length;
        var colour = new byte[n];
        var walk = new List<int>();
        for (var start = 0; start < n; start++)
        {
            if (position[start] >= 0 || colour[start] != 0 || parent[start] < 0)
            {
                continue;
            }

            walk.Clear();
            var v = start;
            while (v >= 0 && colour[v] == 0 && position[v] < 0)
            {
                colour[v] = 1;
                walk.Add(v);
                v = parent[v];
            }

            if (v >= 0 && colour[v] == 1)
            {
                var members = new List<string>();
                var u = v;
                do
                {
                    members.Add(_codes[u]);
                    u = parent[u];
                }
                while (u != v);

                problems.Add(Problem(v, GridProblemCodes.Cycle,
                    $"Parent links form a cycle: {string.Join(" → ", members)} → {_codes[v]}."));
            }

            foreach (var w in walk)
            {
                colour[w] = 2;
            }
        }
    }

    private GridProblem Problem(int i, string code, string message)
        => new(code, message, _codes[i], _lines[i] > 0 ? _lines[i] : null);

    internal static bool IsValidText(string? s, int maxLength)
    {
        if (string.IsNullOrEmpty(s) || s.Length > maxLength || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]))
        {
            return false;
        }

        foreach (var ch in s)
        {
            if (char.IsControl(ch))
            {
                return false;
            }
        }

        return true;
    }
}
