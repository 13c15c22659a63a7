using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>An event in a cabinet item's stream (<c>cabinet-item-{id}</c>). Who, when and why are in the stored event's metadata.</summary>
public abstract record CabinetItemEvent
{
    /// <summary>Gets the item's id.</summary>
    public required string ItemId { get; init; }

    /// <summary>Gets the state the event leaves the item in.</summary>
    public CabinetItemState To { get; init; }
}

/// <summary>An item was given or lent to a community's cabinet.</summary>
/// <param name="CommunityCode">The grid node whose cabinet holds it (usually a community).</param>
/// <param name="Name">What it is (轮椅, 老花镜…).</param>
/// <param name="Category">A category code for statistics (medical, tools, reading…).</param>
/// <param name="Condition">Its condition when received.</param>
/// <param name="Ownership">Given or lent by its owner.</param>
/// <param name="DonorId">The donor's or owner's actor id; null when anonymous.</param>
public sealed record CabinetItemDonated(string CommunityCode, string Name, string Category, ItemCondition Condition, ItemOwnership Ownership, string? DonorId) : CabinetItemEvent;

/// <summary>An item was lent to a registered resident.</summary>
/// <param name="BorrowerId">The borrower's actor id (their contact data is in the vault, under their registration).</param>
/// <param name="LentOn">The local date of lending.</param>
/// <param name="DueOn">The last day of the loan; overdue from the day after.</param>
/// <param name="FromQueue">Whether the borrower came off the reservation queue.</param>
public sealed record CabinetItemLent(string BorrowerId, LocalDate LentOn, LocalDate DueOn, bool FromQueue) : CabinetItemEvent;

/// <summary>A loan was renewed.</summary>
/// <param name="BorrowerId">The borrower.</param>
/// <param name="DueOn">The new due date.</param>
/// <param name="Renewal">Which renewal of this loan, from 1.</param>
public sealed record CabinetLoanRenewed(string BorrowerId, LocalDate DueOn, int Renewal) : CabinetItemEvent;

/// <summary>An item came back.</summary>
/// <param name="BorrowerId">Who returned it.</param>
/// <param name="Condition">Its condition on return; <see cref="ItemCondition.Damaged"/> takes it out of circulation.</param>
/// <param name="ReturnedOn">The local date of return.</param>
/// <param name="WasLate">Whether it came back after its due date.</param>
/// <param name="HeldFor">The next resident in the queue, for whom it is now held; null when nobody waits or it is damaged.</param>
public sealed record CabinetItemReturned(string BorrowerId, ItemCondition Condition, LocalDate ReturnedOn, bool WasLate, string? HeldFor) : CabinetItemEvent;

/// <summary>A loan was found past its due date.</summary>
/// <param name="BorrowerId">The borrower.</param>
/// <param name="DueOn">The due date that passed.</param>
/// <param name="MarkedOn">The local date of the sweep.</param>
public sealed record CabinetLoanOverdue(string BorrowerId, LocalDate DueOn, LocalDate MarkedOn) : CabinetItemEvent;

/// <summary>An item was reported lost.</summary>
/// <param name="BorrowerId">The borrower who had it; null when it went missing from the cabinet.</param>
public sealed record CabinetItemLost(string? BorrowerId) : CabinetItemEvent;

/// <summary>An item was reported damaged.</summary>
/// <param name="BorrowerId">The borrower who had it; null when found damaged in the cabinet.</param>
/// <param name="Description">What is wrong with it.</param>
public sealed record CabinetItemDamaged(string? BorrowerId, string Description) : CabinetItemEvent;

/// <summary>A damaged item was repaired, or a lost one recovered, and is back in circulation.</summary>
/// <param name="Condition">Its condition now.</param>
/// <param name="HeldFor">The next resident in the queue, for whom it is now held; null when nobody waits.</param>
public sealed record CabinetItemRestored(ItemCondition Condition, string? HeldFor) : CabinetItemEvent;

/// <summary>An item was retired for good; the queue, if any, is dropped.</summary>
public sealed record CabinetItemRetired : CabinetItemEvent;

/// <summary>A resident joined the item's reservation queue.</summary>
/// <param name="BorrowerId">The resident.</param>
/// <param name="Position">Their place in the queue, from 1.</param>
public sealed record CabinetItemReserved(string BorrowerId, int Position) : CabinetItemEvent;

/// <summary>A resident left the reservation queue (or passed on their hold).</summary>
/// <param name="BorrowerId">The resident.</param>
/// <param name="HeldFor">When the item was held for them: the next in line it is now held for, or null when nobody waits.</param>
public sealed record CabinetReservationCancelled(string BorrowerId, string? HeldFor) : CabinetItemEvent;

/// <summary>An event in a borrower's stream (<c>cabinet-borrower-{actor id}</c>).</summary>
public abstract record CabinetBorrowerEvent
{
    /// <summary>Gets the borrower's actor id.</summary>
    public required string BorrowerId { get; init; }
}

/// <summary>A resident registered to borrow from a community's cabinet (登记).</summary>
/// <param name="CommunityCode">The community (grid node) they registered in.</param>
/// <param name="Contact">Their name and phone, kept in the personal-data vault, never in the event.</param>
public sealed record CabinetBorrowerRegistered(string CommunityCode, PersonalDataRef Contact) : CabinetBorrowerEvent;

/// <summary>A borrower's registration was withdrawn.</summary>
public sealed record CabinetBorrowerWithdrawn : CabinetBorrowerEvent;
