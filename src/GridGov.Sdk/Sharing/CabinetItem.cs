using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// One item of a convenience cabinet (便民共享服务柜) — a wheelchair, a first-aid kit, reading glasses —
/// as the fold of its stream: where it is in the lending lifecycle, who has it until when, and who is
/// waiting for it (first come, first served).
/// </summary>
/// <remarks>Immutable and thread-safe: every event gives a new value.</remarks>
public sealed record CabinetItem : IWorkflowAggregate<CabinetItemState>
{
    /// <summary>The prefix of every item's stream id.</summary>
    public const string StreamPrefix = "cabinet-item-";

    private CabinetItem()
    {
    }

    /// <summary>Gets the item's id.</summary>
    public string Id { get; private init; } = string.Empty;

    /// <summary>Gets the number of events in its stream.</summary>
    public long Version { get; private init; }

    /// <summary>Gets where it is in the lending lifecycle.</summary>
    public CabinetItemState State { get; private init; }

    /// <summary>Gets the grid node whose cabinet holds it.</summary>
    public string CommunityCode { get; private init; } = string.Empty;

    /// <summary>Gets what it is.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>Gets its category code.</summary>
    public string Category { get; private init; } = string.Empty;

    /// <summary>Gets its condition as last recorded.</summary>
    public ItemCondition Condition { get; private init; }

    /// <summary>Gets whether it was given or is lent by its owner.</summary>
    public ItemOwnership Ownership { get; private init; }

    /// <summary>Gets the donor's or owner's actor id; null when anonymous.</summary>
    public string? DonorId { get; private init; }

    /// <summary>Gets the actor id of the resident who has it (lent or overdue); null otherwise.</summary>
    public string? BorrowerId { get; private init; }

    /// <summary>Gets the date the current loan began; null when not lent.</summary>
    public LocalDate? LentOn { get; private init; }

    /// <summary>Gets the current loan's due date (the last day); null when not lent.</summary>
    public LocalDate? DueOn { get; private init; }

    /// <summary>Gets how many times the current loan was renewed.</summary>
    public int Renewals { get; private init; }

    /// <summary>Gets the reservation queue, first in line first; when <see cref="State"/> is <see cref="CabinetItemState.Held"/> the item is held for the first.</summary>
    public IReadOnlyList<string> Queue { get; private init; } = [];

    /// <summary>Gets how many times it has been lent.</summary>
    public int TimesLent { get; private init; }

    /// <summary>Gets the resident it is held for, when <see cref="State"/> is <see cref="CabinetItemState.Held"/>.</summary>
    public string? HeldFor => State == CabinetItemState.Held && Queue.Count > 0 ? Queue[0] : null;

    /// <summary>Gets whether it is out with a borrower (lent or overdue).</summary>
    public bool IsOut => State is CabinetItemState.Lent or CabinetItemState.Overdue;

    internal static string StreamIdOf(string id) => StreamPrefix + id;

    internal static CabinetItem Fold(CabinetItem? before, CabinetItemEvent evt, RecordedEvent recorded)
    {
        if (evt is CabinetItemDonated donated)
        {
            return new CabinetItem
            {
                Id = evt.ItemId,
                Version = recorded.StreamVersion,
                State = evt.To,
                CommunityCode = donated.CommunityCode,
                Name = donated.Name,
                Category = donated.Category,
                Condition = donated.Condition,
                Ownership = donated.Ownership,
                DonorId = donated.DonorId,
            };
        }

        var item = before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with the item's donation.");
        item = item with { Version = recorded.StreamVersion, State = evt.To };
        return evt switch
        {
            CabinetItemLent lent => item with
            {
                BorrowerId = lent.BorrowerId,
                LentOn = lent.LentOn,
                DueOn = lent.DueOn,
                Renewals = 0,
                TimesLent = checked(item.TimesLent + 1),
                Queue = lent.FromQueue ? [.. item.Queue.Skip(1)] : item.Queue,
            },
            CabinetLoanRenewed renewed => item with { DueOn = renewed.DueOn, Renewals = renewed.Renewal },
            CabinetItemReturned returned => Released(item) with { Condition = returned.Condition },
            CabinetItemLost => Released(item),
            CabinetItemDamaged => Released(item) with { Condition = ItemCondition.Damaged },
            CabinetItemRestored restored => item with { Condition = restored.Condition },
            CabinetItemRetired => Released(item) with { Queue = [] },
            CabinetItemReserved reserved => item with { Queue = [.. item.Queue, reserved.BorrowerId] },
            CabinetReservationCancelled cancelled => item with { Queue = [.. item.Queue.Where(b => b != cancelled.BorrowerId)] },
            _ => item, // overdue: the state says it all
        };
    }

    private static CabinetItem Released(CabinetItem item) => item with { BorrowerId = null, LentOn = null, DueOn = null, Renewals = 0 };
}

/// <summary>A resident registered to borrow from a cabinet: their actor id, community and the vault reference of their contact data.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CabinetBorrower : IWorkflowAggregate<CabinetBorrowerState>
{
    /// <summary>The prefix of every borrower's stream id.</summary>
    public const string StreamPrefix = "cabinet-borrower-";

    private CabinetBorrower()
    {
    }

    /// <summary>Gets the borrower's actor id.</summary>
    public string Id { get; private init; } = string.Empty;

    /// <summary>Gets the number of events in the stream.</summary>
    public long Version { get; private init; }

    /// <summary>Gets whether the registration stands.</summary>
    public CabinetBorrowerState State { get; private init; }

    /// <summary>Gets the community they registered in.</summary>
    public string CommunityCode { get; private init; } = string.Empty;

    /// <summary>Gets the reference of their name and phone in the personal-data vault.</summary>
    public Privacy.PersonalDataRef Contact { get; private init; }

    internal static string StreamIdOf(string id) => StreamPrefix + id;

    internal static CabinetBorrower Fold(CabinetBorrower? before, CabinetBorrowerEvent evt, RecordedEvent recorded) => evt switch
    {
        CabinetBorrowerRegistered registered => new CabinetBorrower
        {
            Id = evt.BorrowerId,
            Version = recorded.StreamVersion,
            State = CabinetBorrowerState.Registered,
            CommunityCode = registered.CommunityCode,
            Contact = registered.Contact,
        },
        _ => (before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with a registration.")) with
        {
            Version = recorded.StreamVersion,
            State = CabinetBorrowerState.Withdrawn,
        },
    };
}
