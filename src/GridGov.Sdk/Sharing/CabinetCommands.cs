using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>A command on a cabinet item: which item, who acts, why, and the bookkeeping every command carries.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">Who acts; the access policy checks them.</param>
public abstract record CabinetCommand(string ItemId, Actor Actor)
{
    /// <summary>Gets why; optional, recorded in the event.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key: a repeat records nothing and says so.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version of the item the caller saw; null to accept the current one.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>Takes an item into a community's cabinet (a gift, or lent by its owner).</summary>
/// <param name="ItemId">The new item's id.</param>
/// <param name="Actor">The keeper who receives it.</param>
/// <param name="CommunityCode">The grid node whose cabinet holds it.</param>
/// <param name="Name">What it is (轮椅, 急救包…), 1–100 characters.</param>
/// <param name="Category">A category code for statistics, 1–50 characters.</param>
/// <param name="Condition">Its condition; a damaged item is not taken in.</param>
public sealed record DonateCabinetItem(string ItemId, Actor Actor, string CommunityCode, string Name, string Category, ItemCondition Condition) : CabinetCommand(ItemId, Actor)
{
    /// <summary>Gets whether it is given or lent by its owner. Defaults to <see cref="ItemOwnership.Donated"/>.</summary>
    public ItemOwnership Ownership { get; init; }

    /// <summary>Gets the donor's or owner's actor id; null when anonymous.</summary>
    public string? DonorId { get; init; }
}

/// <summary>Lends an item to a registered resident (a resident may borrow only for themselves).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The keeper, or the resident borrowing.</param>
/// <param name="BorrowerId">The borrower's actor id.</param>
public sealed record LendCabinetItem(string ItemId, Actor Actor, string BorrowerId) : CabinetCommand(ItemId, Actor)
{
    /// <summary>Gets the last day of the loan; null for today plus <see cref="SharingOptions.LoanPeriodDays"/>.</summary>
    public LocalDate? DueOn { get; init; }
}

/// <summary>Renews the current loan by one loan period from its due date.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The borrower or a keeper.</param>
public sealed record RenewCabinetLoan(string ItemId, Actor Actor) : CabinetCommand(ItemId, Actor);

/// <summary>Takes an item back, recording its condition; it goes to the next in the queue if anyone waits.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The borrower or a keeper.</param>
/// <param name="Condition">Its condition now.</param>
public sealed record ReturnCabinetItem(string ItemId, Actor Actor, ItemCondition Condition) : CabinetCommand(ItemId, Actor);

/// <summary>Reports an item lost.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The borrower or a keeper.</param>
public sealed record ReportCabinetItemLost(string ItemId, Actor Actor) : CabinetCommand(ItemId, Actor);

/// <summary>Reports an item damaged.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The borrower or a keeper.</param>
/// <param name="Description">What is wrong with it, 1–500 characters.</param>
public sealed record ReportCabinetItemDamaged(string ItemId, Actor Actor, string Description) : CabinetCommand(ItemId, Actor);

/// <summary>Puts a damaged item back in circulation (repaired) or a lost one (recovered).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">A keeper.</param>
/// <param name="Condition">Its condition now; not damaged.</param>
public sealed record RestoreCabinetItem(string ItemId, Actor Actor, ItemCondition Condition) : CabinetCommand(ItemId, Actor);

/// <summary>Retires an item for good (it must be in the cabinet, damaged or lost); the queue is dropped.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">A keeper.</param>
public sealed record RetireCabinetItem(string ItemId, Actor Actor) : CabinetCommand(ItemId, Actor);

/// <summary>Puts a registered resident in the item's reservation queue (a resident may queue only for themselves).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The resident or a keeper.</param>
/// <param name="BorrowerId">Who waits.</param>
public sealed record ReserveCabinetItem(string ItemId, Actor Actor, string BorrowerId) : CabinetCommand(ItemId, Actor);

/// <summary>Takes a resident out of the reservation queue; a hold passes to the next in line.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Actor">The resident or a keeper.</param>
/// <param name="BorrowerId">Who leaves the queue.</param>
public sealed record CancelCabinetReservation(string ItemId, Actor Actor, string BorrowerId) : CabinetCommand(ItemId, Actor);

/// <summary>Registers a resident to borrow from a community's cabinet; their name and phone go to the personal-data vault.</summary>
/// <param name="BorrowerId">The resident's actor id.</param>
/// <param name="Actor">A keeper, or the resident registering themselves.</param>
/// <param name="CommunityCode">The community (grid node).</param>
/// <param name="Contact">Name and phone; kept in the vault, never in an event.</param>
public sealed record RegisterCabinetBorrower(string BorrowerId, Actor Actor, string CommunityCode, PersonalContact Contact)
{
    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key.</summary>
    public string? IdempotencyKey { get; init; }
}
