using FsCheck.Xunit;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Grids;

/// <summary>
/// Properties of grid hierarchies over random valid trees of up to 200 nodes (see <see cref="GridTreeGen"/>),
/// each checked against a naive oracle that walks parent codes.
/// </summary>
[Properties(Arbitrary = [typeof(GridArbitraries)], MaxTest = 100)]
public sealed class GridHierarchyProperties
{
    // ---- Building ----

    [Property]
    public void Build_AnyValidTree_KeepsEveryNodeAsGiven(GridTreeSpec tree)
    {
        var grid = tree.Build();

        Assert.Equal(tree.Count, grid.Count);
        Assert.Equal(tree.Version, grid.Version);
        Assert.Equal(tree.Root.Code, grid.Root.Code);
        foreach (var spec in tree.Nodes)
        {
            var node = grid[spec.Code];
            Assert.Equal(spec.Name, node.Name);
            Assert.Equal(spec.Kind, node.Kind);
            Assert.Equal(spec.IsRetired, node.IsRetired);
            Assert.Equal(spec.ParentCode, node.Parent?.Code);
        }
    }

    [Property]
    public void Build_AnyInsertionOrder_PutsEveryParentBeforeItsChildren(GridTreeSpec tree)
    {
        var grid = tree.Build();

        Assert.All(grid.Nodes.Skip(1), n => Assert.True(n.Parent!.Value.Index < n.Index, $"{n} comes before its parent"));
        Assert.Equal(Enumerable.Range(0, grid.Count), grid.Nodes.Select(n => n.Index));
    }

    [Property]
    public void Children_AreTheChildrenInTheOrderTheyWereAdded(GridTreeSpec tree)
    {
        var grid = tree.Build();

        foreach (var node in grid.Nodes)
        {
            Assert.Equal(tree.ChildrenInInsertionOrder(node.Code), node.Children.Select(c => c.Code));
            Assert.Equal(node.Children.Count(), node.Children.Count);
            Assert.Equal(node.Children.Count == 0, node.IsLeaf);
        }
    }

    // ---- Ancestry ----

    [Property]
    public void IsAncestorOrSelfOf_EqualsTheReflexiveTransitiveClosureOfParent(GridTreeSpec tree)
    {
        var grid = tree.Build();
        var nodes = grid.Nodes.ToList();
        var wrong = new List<string>();

        foreach (var a in nodes)
        {
            foreach (var b in nodes)
            {
                var expected = tree.NaiveIsAncestorOrSelf(a.Code, b.Code);
                bool actual;
                try
                {
                    actual = a.IsAncestorOrSelfOf(b);
                }
                catch (Exception ex)
                {
                    wrong.Add($"{a.Code}(#{a.Index}).IsAncestorOrSelfOf({b.Code}(#{b.Index})) threw {ex.GetType().Name}");
                    continue;
                }

                if (actual != expected)
                {
                    wrong.Add($"{a.Code}(#{a.Index}).IsAncestorOrSelfOf({b.Code}(#{b.Index})) = {actual}, expected {expected}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong answers, for example:\n{string.Join("\n", wrong.Take(5))}");
    }

    [Property]
    public void IsAncestorOf_IsTheClosureWithoutTheNodeItself(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();

        for (var slot = 0; slot < sample.Picks.Count - 1; slot += 2)
        {
            var a = grid.NodeAt(sample.Pick(slot, grid.Count));
            var b = grid.NodeAt(sample.Pick(slot + 1, grid.Count));
            var expected = a.Code != b.Code && sample.Tree.NaiveIsAncestorOrSelf(a.Code, b.Code);
            Assert.Equal(expected, a.IsAncestorOf(b));
            Assert.Equal(sample.Tree.NaiveIsAncestorOrSelf(a.Code, b.Code), grid.IsAncestorOrSelf(a.Code, b.Code));
        }
    }

    [Property]
    public void Ancestors_AreTheParentWalkNearestFirst(GridTreeSpec tree)
    {
        var grid = tree.Build();

        foreach (var node in grid.Nodes)
        {
            var walk = tree.AncestorsAndSelf(node.Code).ToList();
            Assert.Equal(walk.Skip(1), node.Ancestors().Select(a => a.Code));
            Assert.Equal(walk.Count - 1, node.Depth);
            Assert.Equal(string.Join(" / ", walk.AsEnumerable().Reverse().Select(c => tree[c].Name)), node.Path);
        }
    }

    [Property]
    public void NearestOfKind_IsTheFirstOfThatKindOnTheParentWalk(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();
        var node = grid.NodeAt(sample.Pick(0, grid.Count));

        foreach (var kind in GridLevelRules.AllKinds)
        {
            var expected = sample.Tree.AncestorsAndSelf(node.Code).FirstOrDefault(c => sample.Tree[c].Kind == kind);
            Assert.Equal(expected, node.NearestOfKind(kind)?.Code);
        }
    }

    // ---- Subtrees and roll-ups ----

    [Property]
    public void SubtreeSize_IsOnePlusTheChildrensSubtreeSizes(GridTreeSpec tree)
    {
        var grid = tree.Build();

        Assert.Equal(grid.Count, grid.Root.SubtreeSize);
        foreach (var node in grid.Nodes)
        {
            Assert.Equal(1 + node.Children.Sum(c => c.SubtreeSize), node.SubtreeSize);
            Assert.Equal(tree.Nodes.Count(n => tree.NaiveIsAncestorOrSelf(node.Code, n.Code)), node.SubtreeSize);
            Assert.Equal(node.SubtreeSize, node.Subtree().Count());
        }
    }

    [Property]
    public void Subtree_IsExactlyTheNodesBelowOrAt(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();
        var node = grid.NodeAt(sample.Pick(0, grid.Count));

        var expected = sample.Tree.Nodes.Where(n => sample.Tree.NaiveIsAncestorOrSelf(node.Code, n.Code)).Select(n => n.Code).Order(StringComparer.Ordinal);

        Assert.Equal(expected, node.Subtree().Select(n => n.Code).Order(StringComparer.Ordinal));
        Assert.Equal(node, node.Subtree().First());
    }

    [Property]
    public void RollUp_EachTotalIsTheNaiveSumOverTheSubtree(GridTreeWithCounts sample)
    {
        var tree = sample.Tree;
        var grid = tree.Build();
        var countOf = tree.Nodes.Select((n, i) => (n.Code, Count: sample.Counts[i])).ToDictionary(x => x.Code, x => x.Count, StringComparer.Ordinal);
        var longs = new long[grid.Count];
        var ints = new int[grid.Count];
        foreach (var node in grid.Nodes)
        {
            longs[node.Index] = countOf[node.Code];
            ints[node.Index] = countOf[node.Code];
        }

        var items = tree.Nodes.SelectMany(n => Enumerable.Repeat(n.Code, countOf[n.Code] % 7)).ToList();

        var fromLongs = grid.RollUp(longs);
        var fromInts = grid.RollUp(ints.AsSpan());
        var fromItems = grid.RollUp(items, code => code);

        foreach (var node in grid.Nodes)
        {
            var below = tree.Nodes.Where(n => tree.NaiveIsAncestorOrSelf(node.Code, n.Code)).ToList();
            Assert.Equal(below.Sum(n => (long)countOf[n.Code]), fromLongs[node.Index]);
            Assert.Equal(fromLongs[node.Index], fromInts[node.Index]);
            Assert.Equal(below.Sum(n => (long)(countOf[n.Code] % 7)), fromItems[node.Index]);
        }
    }

    [Property]
    public void OfKind_IsTheLiveNodesOfThatKindInPreOrder(GridTreeSpec tree)
    {
        var grid = tree.Build();

        foreach (var kind in GridLevelRules.AllKinds)
        {
            Assert.Equal(
                grid.Nodes.Where(n => n.Kind == kind && !n.IsRetired).Select(n => n.Code),
                grid.OfKind(kind).Select(n => n.Code));
        }

        Assert.Equal(grid.OfKind(GridNodeKind.TertiaryGrid), grid.GovernanceUnits);
    }

    // ---- Import and export ----

    [Property]
    public void CsvExportThenImport_IsTheIdentity(GridTreeSpec tree)
    {
        var grid = tree.Build();

        var imported = GridHierarchyCsv.Parse(GridHierarchyCsv.ToCsv(grid));

        Assert.Equal(grid, imported);
        Assert.Equal(GridHierarchyCsv.ToCsv(grid), GridHierarchyCsv.ToCsv(imported));
    }

    [Property]
    public void JsonExportThenImport_IsTheIdentityAndKeepsTheVersion(GridTreeSpec tree)
    {
        var grid = tree.Build();

        var imported = GridHierarchyJson.Parse(GridHierarchyJson.ToJson(grid));

        Assert.Equal(grid, imported);
        Assert.Equal(tree.Version, imported.Version);
    }

    [Property]
    public void CsvImport_AnySingleCorruption_IsReportedOnTheCorruptedLine(CsvCorruptionCase corruption)
    {
        var csv = GridHierarchyCsv.ToCsv(corruption.Tree.Build());
        var (corrupted, expectedCode, expectedLine) = Corrupt(csv, corruption);

        var ex = Assert.Throws<GridValidationException>(() => GridHierarchyCsv.Parse(corrupted));

        Assert.True(
            ex.Problems.Any(p => p.Code == expectedCode && p.LineNumber == expectedLine),
            $"Expected [{expectedCode}] on line {expectedLine}; got:\n{string.Join("\n", ex.Problems)}\nin:\n{corrupted}");
    }

    [Property]
    public void JsonImport_AnyTruncation_IsReported(GridTreeWithPicks sample)
    {
        var json = GridHierarchyJson.ToJson(sample.Tree.Build()).TrimEnd();
        var cut = sample.Pick(0, json.Length); // strictly shorter than the whole document

        var ex = Assert.Throws<GridValidationException>(() => GridHierarchyJson.Parse(json[..cut]));

        Assert.Contains(ex.Problems, p => p.Code == GridProblemCodes.MalformedFile);
    }

    // ---- Changes ----

    [Property]
    public void Move_IntoOwnSubtree_IsAlwaysRefusedAndChangesNothing(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();
        var before = GridHierarchyCsv.ToCsv(grid);
        var node = grid.NodeAt(sample.Pick(0, grid.Count));
        var target = node.Subtree().ElementAt(sample.Pick(1, node.SubtreeSize));

        var ex = Assert.Throws<GridValidationException>(
            () => grid.Apply(new MoveGridNode(node.Code, target.Code), XiguGrid.Clerk, XiguGrid.Now));

        Assert.Equal(GridProblemCodes.MoveIntoOwnSubtree, Assert.Single(ex.Problems).Code);
        Assert.Equal(sample.Tree.Build(), grid);
        Assert.Equal(before, GridHierarchyCsv.ToCsv(grid));
        Assert.Equal(sample.Tree.Version, grid.Version);
    }

    [Property]
    public void Move_Valid_KeepsTheCountAndTheMovedSubtree(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();
        if (grid.Count == 1)
        {
            return; // nothing but the root, which cannot move anywhere valid
        }

        var before = GridHierarchyCsv.ToCsv(grid);
        var node = grid.NodeAt(1 + sample.Pick(0, grid.Count - 1));
        var targets = grid.Nodes
            .Where(p => !IsAncestorOrSelfByWalk(node, p)
                        && grid.Rules.Allows(p.Kind, node.Kind)
                        && (node.IsRetired || !p.IsRetired))
            .ToList();
        var target = targets[sample.Pick(1, targets.Count)]; // never empty: the current parent qualifies
        var subtree = node.Subtree().Select(n => n.Code).ToHashSet(StringComparer.Ordinal);

        var result = grid.Apply(new MoveGridNode(node.Code, target.Code), XiguGrid.Clerk, XiguGrid.Now);

        var moved = result.Hierarchy[node.Code];
        Assert.Equal(grid.Count, result.Hierarchy.Count);
        Assert.Equal(node.SubtreeSize, moved.SubtreeSize);
        Assert.Equal(subtree, moved.Subtree().Select(n => n.Code).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(target.Code, moved.Parent?.Code);
        Assert.Equal(node.Code, result.Hierarchy[target.Code].Children.Last().Code);
        Assert.Equal(grid.Version + 1, result.Hierarchy.Version);
        Assert.Equal(before, GridHierarchyCsv.ToCsv(grid));
    }

    /// <summary>Is-ancestor-or-self by walking parents (independent of the index arithmetic under test).</summary>
    private static bool IsAncestorOrSelfByWalk(GridNode ancestor, GridNode node)
        => node.AncestorsAndSelf().Any(a => a.Code == ancestor.Code);

    // ---- Corruptions ----

    private static (string Csv, string Code, int Line) Corrupt(string csv, CsvCorruptionCase c)
    {
        var lines = CsvText.Lines(csv);
        var k = 1 + (c.LinePick % (lines.Count - 1)); // index of a data line; its line number is k + 1
        var fields = CsvText.Fields(lines[k]);

        string Replace(int field, string value)
        {
            var copy = fields.ToList();
            copy[field] = value;
            return CsvText.Record(copy);
        }

        switch (c.Corruption)
        {
            case CsvCorruption.DuplicateDataLine:
                lines.Insert(k + 1, lines[k]);
                return (CsvText.Join(lines), GridProblemCodes.DuplicateCode, k + 2);
            case CsvCorruption.UnknownKind:
                lines[k] = Replace(2, "Hamlet");
                return (CsvText.Join(lines), GridProblemCodes.InvalidKind, k + 1);
            case CsvCorruption.ParentDoesNotExist:
                lines[k] = Replace(3, GridTreeGen.AbsentCode);
                return (CsvText.Join(lines), GridProblemCodes.MissingParent, k + 1);
            case CsvCorruption.BlankCode:
                lines[k] = Replace(0, string.Empty);
                return (CsvText.Join(lines), GridProblemCodes.InvalidCode, k + 1);
            case CsvCorruption.RemoveSeparator:
            {
                var encoded = fields.Select(f => CsvText.Encode(f)).ToList();
                var j = c.FieldPick % (encoded.Count - 1);
                encoded[j] += encoded[j + 1];
                encoded.RemoveAt(j + 1);
                lines[k] = string.Join(",", encoded);
                return (CsvText.Join(lines), GridProblemCodes.MalformedLine, k + 1);
            }

            case CsvCorruption.StrayField:
                lines[k] += c.Leading ? "," : ",stray";
                return (CsvText.Join(lines), GridProblemCodes.MalformedLine, k + 1);
            case CsvCorruption.OwnParent:
                lines[k] = Replace(3, fields[0]);
                return (CsvText.Join(lines), GridProblemCodes.Cycle, k + 1);
            case CsvCorruption.WhitespaceAroundCode:
                lines[k] = Replace(0, c.Leading ? " " + fields[0] : fields[0] + " ");
                return (CsvText.Join(lines), GridProblemCodes.InvalidCode, k + 1);
            case CsvCorruption.BadRetiredValue:
                lines[k] = Replace(4, c.Leading ? "yes" : "True");
                return (CsvText.Join(lines), GridProblemCodes.MalformedLine, k + 1);
            case CsvCorruption.RemoveHeader:
                lines.RemoveAt(0);
                return (CsvText.Join(lines), GridProblemCodes.MalformedFile, 1);
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Corruption, null);
        }
    }
}

