namespace GridGov.Sdk.Grids;

/// <summary>One staff member's number of contact households, against the bounds in force for the staff member's unit.</summary>
/// <param name="Staff">The staff member.</param>
/// <param name="HouseholdCount">How many households the staff member takes.</param>
/// <param name="Bounds">The bounds in force.</param>
public sealed record StaffContactLoad(UnitStaff Staff, int HouseholdCount, HouseholdContactBounds Bounds)
{
    /// <summary>Gets whether the staff member takes fewer households than the minimum.</summary>
    public bool IsBelowMinimum => HouseholdCount < Bounds.Minimum;

    /// <summary>Gets whether the staff member takes more households than the maximum.</summary>
    public bool IsAboveMaximum => HouseholdCount > Bounds.Maximum;
}

/// <summary>
/// The household-contact coverage of a registry: every staff member outside the bounds and every
/// household that no staff member has taken as a contact.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ContactCoverageReport
{
    internal ContactCoverageReport(int staffCount, int householdCount, IReadOnlyList<StaffContactLoad> outside, IReadOnlyList<Household> uncovered)
    {
        StaffCount = staffCount;
        HouseholdCount = householdCount;
        StaffOutsideBounds = outside;
        HouseholdsWithoutContact = uncovered;
    }

    /// <summary>Gets the number of staff members checked.</summary>
    public int StaffCount { get; }

    /// <summary>Gets the number of households checked.</summary>
    public int HouseholdCount { get; }

    /// <summary>Gets every staff member whose number of contact households is outside the bounds, in registry order.</summary>
    public IReadOnlyList<StaffContactLoad> StaffOutsideBounds { get; }

    /// <summary>Gets every household with no contact staff member, in registry order.</summary>
    public IReadOnlyList<Household> HouseholdsWithoutContact { get; }

    /// <summary>Gets whether every staff member is within bounds and every household has a contact.</summary>
    public bool IsCompliant => StaffOutsideBounds.Count == 0 && HouseholdsWithoutContact.Count == 0;
}
