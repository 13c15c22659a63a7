using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Grids;
using static GridGov.Sdk.Tests.Grids.OverlayFixtures;

namespace GridGov.Sdk.Tests.Grids;

/// <summary>
/// Properties of the overlays over the fixture district: every answer the SDK gives is compared
/// with a naive oracle computed from <see cref="OverlayFixtures.Rows"/> alone.
/// </summary>
public sealed class OverlayProperties
{
    private static readonly GridHierarchy Tree = Hierarchy();
    private static readonly string[] Categories = ["public-security", "housing", "sanitation"];

    // ---- Household contacts ------------------------------------------------------------------

    /// <summary>A random registry: households on live leaves, staff in live units, contacts within units, scoped bounds.</summary>
    public sealed class ContactScenario
    {
        public required Household[] Households { get; init; }

        public required UnitStaff[] Staff { get; init; }

        public required HouseholdContact[] Contacts { get; init; }

        public required HouseholdContactBounds DefaultBounds { get; init; }

        public required (string Node, HouseholdContactBounds Bounds)[] Overrides { get; init; }

        public GridScopedValues<HouseholdContactBounds> ScopedBounds()
            => Overrides.Aggregate(new GridScopedValues<HouseholdContactBounds>(DefaultBounds), (v, o) => v.With(o.Node, o.Bounds));

        public HouseholdRegistry Registry() => HouseholdRegistry.Build(Tree, Households, Staff, Contacts);

        public override string ToString()
            => $"households [{string.Join(", ", Households.Select(h => $"{h.Code}@{h.NodeCode}"))}]; "
               + $"staff [{string.Join(", ", Staff.Select(s => $"{s.Id}@{s.UnitCode}"))}]; "
               + $"contacts [{string.Join(", ", Contacts.Select(c => $"{c.HouseholdCode}->{c.StaffId}"))}]; "
               + $"bounds {DefaultBounds} overrides [{string.Join(", ", Overrides.Select(o => $"{o.Node}={o.Bounds}"))}]";
    }

    private static readonly Gen<HouseholdContactBounds> SmallBounds =
        from min in Gen.Choose(0, 5)
        from span in Gen.Choose(0, 5)
        select new HouseholdContactBounds(min, min + span);

    private static readonly Gen<ContactScenario> ContactScenarios =
        from leaves in Gen.Elements(LiveLeaves.ToArray()).ArrayOf()
        from staffCount in Gen.Choose(0, 6)
        from units in Gen.Elements(LiveCodes.ToArray()).ArrayOf(staffCount)
        from choices in Gen.Choose(-4, 30).ArrayOf(leaves.Length)
        from defaultBounds in SmallBounds
        from overrideCount in Gen.Choose(0, 3)
        from overrideNodes in Gen.Elements(AllCodes.ToArray()).ArrayOf(overrideCount)
        from overrideBounds in SmallBounds.ArrayOf(overrideCount)
        select MakeScenario(leaves, units, choices, defaultBounds, overrideNodes.Zip(overrideBounds).ToArray());

    private static ContactScenario MakeScenario(
        string[] leaves,
        string[] units,
        int[] choices,
        HouseholdContactBounds defaultBounds,
        (string, HouseholdContactBounds)[] overrides)
    {
        var households = leaves.Select((leaf, i) => new Household($"h-{i}", leaf)).ToArray();
        var staff = units.Select((unit, j) => new UnitStaff($"s-{j}", $"工作人员{j}", unit)).ToArray();
        var contacts = new List<HouseholdContact>();
        for (var i = 0; i < households.Length; i++)
        {
            var chain = NaiveAncestorsOrSelf(households[i].NodeCode);
            var eligible = staff.Where(s => chain.Contains(s.UnitCode)).ToArray();
            if (choices[i] >= 0 && eligible.Length > 0)
            {
                contacts.Add(new HouseholdContact(households[i].Code, eligible[choices[i] % eligible.Length].Id));
            }
        }

        return new ContactScenario
        {
            Households = households,
            Staff = staff,
            Contacts = [.. contacts],
            DefaultBounds = defaultBounds,
            Overrides = overrides,
        };
    }

    private static HouseholdContactBounds NaiveBoundsAt(ContactScenario s, string unitCode)
    {
        var overrides = new Dictionary<string, HouseholdContactBounds>(StringComparer.Ordinal);
        foreach (var (node, bounds) in s.Overrides)
        {
            overrides[node] = bounds; // a later override of the same node replaces the earlier one
        }

        foreach (var code in NaiveAncestorsOrSelf(unitCode))
        {
            if (overrides.TryGetValue(code, out var b))
            {
                return b;
            }
        }

        return s.DefaultBounds;
    }

    [Property]
    public Property CheckContacts_RandomRegistry_StaffOutsideBoundsAreExactlyThoseWhoseNaiveCountIsOutside()
        => Prop.ForAll(ContactScenarios.ToArbitrary(), s =>
        {
            var report = s.Registry().CheckContacts(s.ScopedBounds());

            var expected = s.Staff
                .Select(st => (st.Id, Count: s.Contacts.Count(c => c.StaffId == st.Id), Bounds: NaiveBoundsAt(s, st.UnitCode)))
                .Where(x => x.Count < x.Bounds.Minimum || x.Count > x.Bounds.Maximum)
                .ToArray();
            var actual = report.StaffOutsideBounds.Select(l => (l.Staff.Id, Count: l.HouseholdCount, l.Bounds)).ToArray();

            Assert.Equal(expected, actual);
            Assert.Equal(s.Staff.Length, report.StaffCount);
        });

    [Property]
    public Property CheckContacts_RandomRegistry_HouseholdsWithoutContactAreExactlyThoseNeverContacted()
        => Prop.ForAll(ContactScenarios.ToArbitrary(), s =>
        {
            var report = s.Registry().CheckContacts(s.ScopedBounds());

            var contacted = s.Contacts.Select(c => c.HouseholdCode).ToHashSet(StringComparer.Ordinal);
            var expected = s.Households.Where(h => !contacted.Contains(h.Code)).Select(h => h.Code);

            Assert.Equal(expected, report.HouseholdsWithoutContact.Select(h => h.Code));
            Assert.Equal(s.Households.Length, report.HouseholdCount);
            Assert.Equal(report.StaffOutsideBounds.Count == 0 && report.HouseholdsWithoutContact.Count == 0, report.IsCompliant);
        });

    [Property]
    public Property ContactLoadOf_RandomRegistry_EqualsTheNaiveNumberOfContacts()
        => Prop.ForAll(ContactScenarios.ToArbitrary(), s =>
        {
            var registry = s.Registry();

            Assert.All(s.Staff, st => Assert.Equal(s.Contacts.Count(c => c.StaffId == st.Id), registry.ContactLoadOf(st.Id)));
            Assert.All(s.Households, h => Assert.Equal(
                s.Contacts.SingleOrDefault(c => c.HouseholdCode == h.Code)?.StaffId,
                registry.ContactOf(h.Code)?.Id));
        });

    [Property]
    public Property HouseholdCountsByNode_RandomRegistry_EqualsANaiveSubtreeCount()
        => Prop.ForAll(ContactScenarios.ToArbitrary(), s =>
        {
            var counts = s.Registry().HouseholdCountsByNode();

            Assert.Equal(Tree.Count, counts.Length);
            foreach (var code in AllCodes)
            {
                var expected = s.Households.LongCount(h => NaiveAncestorsOrSelf(h.NodeCode).Contains(code));
                Assert.True(expected == counts[Tree[code].Index], $"{code}: expected {expected}, got {counts[Tree[code].Index]}");
            }
        });

    /// <summary>Households and staff as in <see cref="ContactScenarios"/>, but each contact names any staff member, inside the unit or not.</summary>
    private static readonly Gen<ContactScenario> UncheckedContactScenarios =
        from scenario in ContactScenarios
        from choices in Gen.Choose(-2, 30).ArrayOf(scenario.Households.Length)
        select new ContactScenario
        {
            Households = scenario.Households,
            Staff = scenario.Staff,
            Contacts = scenario.Staff.Length == 0
                ? []
                : scenario.Households
                    .Select((h, i) => (h, c: choices[i]))
                    .Where(x => x.c >= 0)
                    .Select(x => new HouseholdContact(x.h.Code, scenario.Staff[x.c % scenario.Staff.Length].Id))
                    .ToArray(),
            DefaultBounds = scenario.DefaultBounds,
            Overrides = scenario.Overrides,
        };

    [Property]
    public Property Build_RandomContacts_RefusesExactlyTheContactsOutsideTheStaffUnit()
        => Prop.ForAll(UncheckedContactScenarios.ToArbitrary(), s =>
        {
            var unitOf = s.Staff.ToDictionary(st => st.Id, st => st.UnitCode, StringComparer.Ordinal);
            var leafOf = s.Households.ToDictionary(h => h.Code, h => h.NodeCode, StringComparer.Ordinal);
            var expected = s.Contacts
                .Where(c => !NaiveAncestorsOrSelf(leafOf[c.HouseholdCode]).Contains(unitOf[c.StaffId]))
                .Select(c => c.HouseholdCode)
                .ToArray();

            var actual = Record.Exception(s.Registry) switch
            {
                null => [],
                GridValidationException ex => ex.Problems.Select(p => p.Code == GridProblemCodes.ContactOutsideUnit ? p.Subject : $"unexpected {p.Code}").ToArray(),
                var other => [$"unexpected {other.GetType().Name}: {other.Message}"],
            };

            Assert.Equal(expected, actual);
        });

    // ---- Professional-grid routing -----------------------------------------------------------

    /// <summary>Random professional grids over live nodes, and one matter to route.</summary>
    public sealed class RoutingScenario
    {
        public required ProfessionalGrid[] Grids { get; init; }

        public required string Place { get; init; }

        public required string Category { get; init; }

        public bool IsResponsible(ProfessionalGrid grid)
            => grid.Categories.Contains(Category) && grid.CoveredNodeCodes.Intersect(NaiveAncestorsOrSelf(Place)).Any();

        public override string ToString()
            => $"route {Category} at {Place} over [{string.Join("; ", Grids.Select(g => $"{g.Code} {g.Level} {{{string.Join(",", g.Categories)}}} covers {string.Join(",", g.CoveredNodeCodes)}"))}]";
    }

    private static readonly Gen<ProfessionalGrid> GridShapes =
        from level in Gen.Elements(ProfessionalGridLevel.DistrictDepartment, ProfessionalGridLevel.GrassrootsStation)
        from mask in Gen.Choose(1, (1 << Categories.Length) - 1)
        from coveredCount in Gen.Choose(1, 3)
        from covered in Gen.Elements(LiveCodes.ToArray()).ArrayOf(coveredCount)
        select new ProfessionalGrid(
            "placeholder",
            "专业网格",
            level,
            level == ProfessionalGridLevel.GrassrootsStation ? "基层站所" : "区直部门",
            Categories.Where((_, i) => (mask & (1 << i)) != 0),
            covered);

    private static readonly Gen<RoutingScenario> RoutingScenarios =
        from gridCount in Gen.Choose(0, 8)
        from shapes in GridShapes.ArrayOf(gridCount)
        from place in Gen.Elements(AllCodes.ToArray())
        from category in Gen.Elements(Categories.Append("food-safety").ToArray())
        select new RoutingScenario
        {
            Grids = shapes
                .Select((g, i) => new ProfessionalGrid($"pg-{i}", g.Name, g.Level, g.Agency, g.Categories, g.CoveredNodeCodes))
                .ToArray(),
            Place = place,
            Category = category,
        };

    [Property]
    public Property Route_RandomGrids_EveryResponsibleGridCoversAnAncestorOrSelfAndHandlesTheCategory()
        => Prop.ForAll(RoutingScenarios.ToArbitrary(), s =>
        {
            var route = ProfessionalGridMap.Build(Tree, s.Grids).Route(s.Place, s.Category);

            Assert.All(route.Responsible, g => Assert.True(s.IsResponsible(g), $"{g.Code} should not be responsible"));
        });

    [Property]
    public Property Route_RandomGrids_EveryGridThatCoversAndHandlesIsResponsibleExactlyOnce()
        => Prop.ForAll(RoutingScenarios.ToArbitrary(), s =>
        {
            var route = ProfessionalGridMap.Build(Tree, s.Grids).Route(s.Place, s.Category);

            foreach (var grid in s.Grids.Where(s.IsResponsible))
            {
                Assert.Equal(1, route.Responsible.Count(g => ReferenceEquals(g, grid)));
            }

            Assert.Equal(s.Grids.Count(s.IsResponsible), route.Responsible.Count);
        });

    [Property]
    public Property Route_RandomGrids_StationsPrecedeDepartmentsAndNearerCoveragePrecedesFarther()
        => Prop.ForAll(RoutingScenarios.ToArbitrary(), s =>
        {
            var route = ProfessionalGridMap.Build(Tree, s.Grids).Route(s.Place, s.Category);
            var chain = NaiveAncestorsOrSelf(s.Place).ToList();
            int Distance(ProfessionalGrid g) => g.CoveredNodeCodes.Select(c => chain.IndexOf(c)).Where(d => d >= 0).Min();

            var actual = route.Responsible.Select(g => (Station: g.Level == ProfessionalGridLevel.GrassrootsStation ? 0 : 1, Distance: Distance(g))).ToArray();
            var sorted = actual.OrderBy(x => x.Station).ThenBy(x => x.Distance).ToArray();

            Assert.Equal(sorted, actual);
            Assert.Equal(chain, route.TerritorialChain.Select(n => n.Code));
        });
}
