namespace GridGov.Sdk.Sharing;

/// <summary>Where a cabinet item is in its lending lifecycle. The numeric values are stable.</summary>
public enum CabinetItemState
{
    /// <summary>In the cabinet, nobody waiting: anyone registered may borrow it.</summary>
    Available = 0,

    /// <summary>In the cabinet, held for the first resident in the reservation queue: only they may borrow it.</summary>
    Held = 1,

    /// <summary>Lent to one resident, not yet due.</summary>
    Lent = 2,

    /// <summary>Lent and past its due date (marked by the overdue sweep).</summary>
    Overdue = 3,

    /// <summary>Damaged: out of circulation until repaired or retired.</summary>
    Damaged = 4,

    /// <summary>Reported lost: out of circulation until recovered or retired.</summary>
    Lost = 5,

    /// <summary>Retired for good (worn out, given back to its owner). Final.</summary>
    Retired = 6,
}

/// <summary>
/// What may happen to a cabinet item. The member names are the access policy's trigger names of the
/// <c>cabinet-item</c> workflow (<see cref="SharingAccess"/>); the creating command is <c>Donate</c>.
/// The numeric values are stable.
/// </summary>
public enum CabinetItemTrigger
{
    /// <summary>Lend it to a registered resident with a due date (借出).</summary>
    Lend = 0,

    /// <summary>Renew the loan by one loan period (续借).</summary>
    Renew = 1,

    /// <summary>Take it back, recording its condition (归还).</summary>
    Return = 2,

    /// <summary>Mark the loan overdue (the sweep, with the injected clock).</summary>
    MarkOverdue = 3,

    /// <summary>Report it lost (挂失).</summary>
    ReportLost = 4,

    /// <summary>Report it damaged (报损).</summary>
    ReportDamaged = 5,

    /// <summary>Put a damaged item back in circulation.</summary>
    Repair = 6,

    /// <summary>Put a lost item back in circulation.</summary>
    Recover = 7,

    /// <summary>Take it out of circulation for good.</summary>
    Retire = 8,

    /// <summary>Join the reservation queue while it is out (预约排队).</summary>
    Reserve = 9,

    /// <summary>Leave the reservation queue (or pass on one's hold to the next in line).</summary>
    CancelReservation = 10,
}

/// <summary>An item's condition, recorded when donated, returned, damaged or repaired. The numeric values are stable.</summary>
public enum ItemCondition
{
    /// <summary>New or as new.</summary>
    New = 0,

    /// <summary>Good: used, fully working.</summary>
    Good = 1,

    /// <summary>Worn but working.</summary>
    Worn = 2,

    /// <summary>Damaged: not to be lent until repaired.</summary>
    Damaged = 3,
}

/// <summary>Whether an item was given to the cabinet or is lent to it by its owner. The numeric values are stable.</summary>
public enum ItemOwnership
{
    /// <summary>Given to the community (捐赠).</summary>
    Donated = 0,

    /// <summary>Lent to the cabinet by a resident or unit who keeps ownership (闲置出借).</summary>
    LentByOwner = 1,
}

/// <summary>Where a registered borrower is. The numeric values are stable.</summary>
public enum CabinetBorrowerState
{
    /// <summary>Registered: may borrow.</summary>
    Registered = 0,

    /// <summary>Withdrawn: may no longer borrow.</summary>
    Withdrawn = 1,
}

/// <summary>What may happen to a registered borrower (workflow <c>cabinet-borrower</c>; the creating command is <c>Register</c>).</summary>
public enum CabinetBorrowerTrigger
{
    /// <summary>Withdraw the registration (no items held).</summary>
    Withdraw = 0,
}
