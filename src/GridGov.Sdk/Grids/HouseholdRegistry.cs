namespace GridGov.Sdk.Grids;

/// <summary>
/// The households of a district, the unit staff and who takes which household as a contact,
/// checked against one hierarchy snapshot. Reports staff outside the 30–50 rule and households
/// nobody contacts (<see cref="CheckContacts(HouseholdContactBounds)"/>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class HouseholdRegistry
{
    private readonly Household[] _households;
    private readonly UnitStaff[] _staff;
    private readonly HouseholdContact[] _contacts;
    private readonly Dictionary<string, int> _householdIndex;
    private readonly Dictionary<string, int> _staffIndex;
    private readonly int[] _contactOfHousehold; // household -> staff index, or -1
    private readonly int[] _loadOfStaff;

    private HouseholdRegistry(
        GridHierarchy hierarchy,
        Household[] households,
        UnitStaff[] staff,
        HouseholdContact[] contacts,
        Dictionary<string, int> householdIndex,
        Dictionary<string, int> staffIndex,
        int[] contactOfHousehold,
        int[] loadOfStaff)
    {
        Hierarchy = hierarchy;
        _households = households;
        _staff = staff;
        _contacts = contacts;
        _householdIndex = householdIndex;
        _staffIndex = staffIndex;
        _contactOfHousehold = contactOfHousehold;
        _loadOfStaff = loadOfStaff;
    }

    /// <summary>Gets the hierarchy snapshot the registry was checked against.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets the households, in the order given.</summary>
    public IReadOnlyList<Household> Households => _households;

    /// <summary>Gets the staff members, in the order given.</summary>
    public IReadOnlyList<UnitStaff> Staff => _staff;

    /// <summary>Gets the contacts, in the order given.</summary>
    public IReadOnlyList<HouseholdContact> Contacts => _contacts;

    /// <summary>
    /// Checks households, staff and contacts against the hierarchy. Checks: codes valid and unique;
    /// households on existing, in-service leaves; staff units exist and are in service; contacts name
    /// existing households and staff; a household has at most one contact; a contact household lies
    /// within the staff member's unit.
    /// </summary>
    /// <param name="hierarchy">The hierarchy snapshot.</param>
    /// <param name="households">The households.</param>
    /// <param name="staff">The unit staff.</param>
    /// <param name="contacts">Who takes which household.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="GridValidationException">Anything is wrong; every problem is listed.</exception>
    public static HouseholdRegistry Build(
        GridHierarchy hierarchy,
        IEnumerable<Household> households,
        IEnumerable<UnitStaff> staff,
        IEnumerable<HouseholdContact> contacts)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(contacts);
        var hs = households.ToArray();
        var ss = staff.ToArray();
        var cs = contacts.ToArray();
        var problems = new List<GridProblem>();

        var householdIndex = new Dictionary<string, int>(hs.Length, StringComparer.Ordinal);
        var householdNode = new int[hs.Length];
        for (var i = 0; i < hs.Length; i++)
        {
            var h = hs[i] ?? throw new ArgumentException("The sequence contains a null household.", nameof(households));
            householdNode[i] = -1;
            if (!GridHierarchyBuilder.IsValidText(h.Code, GridHierarchyBuilder.MaxCodeLength))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Household code '{h.Code}' is invalid.", h.Code));
                continue;
            }

            if (!householdIndex.TryAdd(h.Code, i))
            {
                problems.Add(new GridProblem(GridProblemCodes.DuplicateItem, $"Household code '{h.Code}' is used twice.", h.Code));
                continue;
            }

            if (h.NodeCode is null || !hierarchy.TryGetNode(h.NodeCode, out var node))
            {
                problems.Add(new GridProblem(GridProblemCodes.UnknownNode, $"Household '{h.Code}' is placed on '{h.NodeCode}', which is not in the hierarchy.", h.Code));
            }
            else if (!node.IsLeaf)
            {
                problems.Add(new GridProblem(GridProblemCodes.HouseholdNotOnLeaf,
                    $"Household '{h.Code}' is placed on '{h.NodeCode}' ({node.Kind}), which has children; households belong on leaves.", h.Code));
            }
            else if (node.IsRetired)
            {
                problems.Add(new GridProblem(GridProblemCodes.RetiredNode, $"Household '{h.Code}' is placed on '{h.NodeCode}', which is retired.", h.Code));
            }
            else
            {
                householdNode[i] = node.Index;
            }
        }

        var staffIndex = new Dictionary<string, int>(ss.Length, StringComparer.Ordinal);
        var staffUnit = new int[ss.Length];
        for (var i = 0; i < ss.Length; i++)
        {
            var s = ss[i] ?? throw new ArgumentException("The sequence contains a null staff member.", nameof(staff));
            staffUnit[i] = -1;
            if (!GridHierarchyBuilder.IsValidText(s.Id, GridHierarchyBuilder.MaxCodeLength)
                || !GridHierarchyBuilder.IsValidText(s.Name, GridHierarchyBuilder.MaxNameLength))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Staff member '{s.Id}' needs a valid id and name.", s.Id));
                continue;
            }

            if (!staffIndex.TryAdd(s.Id, i))
            {
                problems.Add(new GridProblem(GridProblemCodes.DuplicateItem, $"Staff id '{s.Id}' is used twice.", s.Id));
                continue;
            }

            if (s.UnitCode is null || !hierarchy.TryGetNode(s.UnitCode, out var unit))
            {
                problems.Add(new GridProblem(GridProblemCodes.UnknownNode, $"Staff member '{s.Id}' works in '{s.UnitCode}', which is not in the hierarchy.", s.Id));
            }
            else if (unit.IsRetired)
            {
                problems.Add(new GridProblem(GridProblemCodes.RetiredNode, $"Staff member '{s.Id}' works in '{s.UnitCode}', which is retired.", s.Id));
            }
            else
            {
                staffUnit[i] = unit.Index;
            }
        }

        var contactOf = new int[hs.Length];
        Array.Fill(contactOf, -1);
        var load = new int[ss.Length];
        foreach (var c in cs)
        {
            if (c is null)
            {
                throw new ArgumentException("The sequence contains a null contact.", nameof(contacts));
            }

            var knownHousehold = c.HouseholdCode is not null && householdIndex.TryGetValue(c.HouseholdCode, out var hi);
            var knownStaff = c.StaffId is not null && staffIndex.TryGetValue(c.StaffId, out var si);
            if (!knownHousehold || !knownStaff)
            {
                problems.Add(new GridProblem(GridProblemCodes.UnknownReference,
                    $"Contact {c.StaffId} → {c.HouseholdCode} names an unknown {(knownHousehold ? "staff member" : "household")}.", c.HouseholdCode));
                continue;
            }

            hi = householdIndex[c.HouseholdCode!];
            si = staffIndex[c.StaffId!];
            if (contactOf[hi] >= 0)
            {
                problems.Add(new GridProblem(GridProblemCodes.DuplicateContact,
                    $"Household '{c.HouseholdCode}' already has contact '{ss[contactOf[hi]].Id}'; a household has one contact.", c.HouseholdCode));
                continue;
            }

            if (householdNode[hi] >= 0 && staffUnit[si] >= 0
                && !hierarchy.NodeAt(staffUnit[si]).IsAncestorOrSelfOf(hierarchy.NodeAt(householdNode[hi])))
            {
                problems.Add(new GridProblem(GridProblemCodes.ContactOutsideUnit,
                    $"Household '{c.HouseholdCode}' lies outside '{ss[si].UnitCode}', the unit of staff member '{c.StaffId}'.", c.HouseholdCode));
                continue;
            }

            contactOf[hi] = si;
            load[si] = checked(load[si] + 1);
        }

        if (problems.Count > 0)
        {
            throw new GridValidationException("household registry", problems);
        }

        return new HouseholdRegistry(hierarchy, hs, ss, cs, householdIndex, staffIndex, contactOf, load);
    }

    /// <summary>Gets the staff member who takes a household as a contact, or null if none does.</summary>
    /// <param name="householdCode">The household's code.</param>
    /// <returns>The staff member, or null.</returns>
    /// <exception cref="KeyNotFoundException">No household has that code.</exception>
    public UnitStaff? ContactOf(string householdCode)
    {
        var s = _contactOfHousehold[_householdIndex[householdCode]];
        return s < 0 ? null : _staff[s];
    }

    /// <summary>Gets how many households a staff member takes as contacts.</summary>
    /// <param name="staffId">The staff member's identifier.</param>
    /// <returns>The number of households.</returns>
    /// <exception cref="KeyNotFoundException">No staff member has that identifier.</exception>
    public int ContactLoadOf(string staffId) => _loadOfStaff[_staffIndex[staffId]];

    /// <summary>Counts the households in every node's subtree.</summary>
    /// <returns>Household totals indexed by <see cref="GridNode.Index"/> of <see cref="Hierarchy"/>.</returns>
    public long[] HouseholdCountsByNode() => Hierarchy.RollUp(_households, h => h.NodeCode);

    /// <summary>Reports staff outside <paramref name="bounds"/> and households without a contact.</summary>
    /// <param name="bounds">The bounds in force everywhere.</param>
    /// <returns>The report.</returns>
    public ContactCoverageReport CheckContacts(HouseholdContactBounds bounds) => CheckContacts(new GridScopedValues<HouseholdContactBounds>(bounds));

    /// <summary>Reports staff outside the bounds in force for their unit and households without a contact.</summary>
    /// <param name="bounds">The bounds, which may differ by district or street.</param>
    /// <returns>The report.</returns>
    public ContactCoverageReport CheckContacts(GridScopedValues<HouseholdContactBounds> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var outside = new List<StaffContactLoad>();
        for (var i = 0; i < _staff.Length; i++)
        {
            var b = bounds.Resolve(Hierarchy[_staff[i].UnitCode]);
            if (!b.Contains(_loadOfStaff[i]))
            {
                outside.Add(new StaffContactLoad(_staff[i], _loadOfStaff[i], b));
            }
        }

        var uncovered = new List<Household>();
        for (var i = 0; i < _households.Length; i++)
        {
            if (_contactOfHousehold[i] < 0)
            {
                uncovered.Add(_households[i]);
            }
        }

        return new ContactCoverageReport(_staff.Length, _households.Length, outside, uncovered);
    }
}
