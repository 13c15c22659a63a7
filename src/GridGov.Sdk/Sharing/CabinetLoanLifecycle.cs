using GridGov.Sdk.Workflows;
using Stateless;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// The lending lifecycle of a cabinet item (workflow <c>cabinet-item</c>) as a Stateless definition on the
/// shared workflow machinery: available → lent → overdue → back available, held for the next in the
/// reservation queue, damaged, lost or retired. An item leaves <see cref="CabinetItemState.Available"/> or
/// <see cref="CabinetItemState.Held"/> for one borrower only, and nothing lends it again until it is back.
/// </summary>
/// <remarks>Thread-safe. The guard descriptions below are what a refusal names.</remarks>
public static class CabinetLoanLifecycle
{
    /// <summary>The workflow's name, as the access policy and the events know it.</summary>
    public const string WorkflowName = "cabinet-item";

    /// <summary>The access-policy trigger name of the creating command.</summary>
    public const string DonateTrigger = "Donate";

    /// <summary>The definition's version, recorded in every event.</summary>
    public const int Version = 1;

    /// <summary>Guard: the borrower registered with the cabinet and was not withdrawn.</summary>
    public const string RegisteredGuard = "the borrower is registered with the cabinet";

    /// <summary>Guard: the borrower holds fewer items than the limit.</summary>
    public const string LoanLimitGuard = "the borrower holds fewer items than the limit";

    /// <summary>Guard: the item is held for this borrower (first in the reservation queue).</summary>
    public const string FirstInQueueGuard = "the borrower is first in the reservation queue";

    /// <summary>Guard: the loan has renewals left.</summary>
    public const string RenewalsLeftGuard = "the loan has renewals left";

    /// <summary>Guard: nobody is waiting in the reservation queue.</summary>
    public const string NobodyWaitingGuard = "nobody is waiting in the reservation queue";

    /// <summary>Guard: somebody is waiting in the reservation queue.</summary>
    public const string SomebodyWaitingGuard = "somebody is waiting in the reservation queue";

    /// <summary>Guard: the due date has passed.</summary>
    public const string PastDueGuard = "the due date has passed";

    /// <summary>Guard: the item came back damaged.</summary>
    public const string ReturnedDamagedGuard = "the item came back damaged";

    /// <summary>Guard: the item came back in working order.</summary>
    public const string ReturnedWorkingGuard = "the item came back in working order";

    /// <summary>Guard: the resident is not in the queue already.</summary>
    public const string NotQueuedGuard = "the resident is not in the queue already";

    /// <summary>Guard: the resident does not have the item.</summary>
    public const string NotBorrowerGuard = "the resident does not have the item";

    /// <summary>Guard: the resident is in the queue.</summary>
    public const string QueuedGuard = "the resident is in the queue";

    internal static WorkflowDefinition<CabinetItemState, CabinetItemTrigger, CabinetItemFacts> Definition { get; } = new(WorkflowName, Version, Configure);

    /// <summary>Renders the lifecycle in Graphviz DOT, from the definition itself.</summary>
    /// <returns>The DOT text.</returns>
    public static string ToDotGraph() => Definition.ToDotGraph();

    /// <summary>Renders the lifecycle as a Mermaid state diagram, from the definition itself.</summary>
    /// <returns>The Mermaid text.</returns>
    public static string ToMermaidGraph() => Definition.ToMermaidGraph();

    private static void Configure(StateMachine<CabinetItemState, CabinetItemTrigger> machine, Func<CabinetItemFacts> facts)
    {
        var registered = Guard(() => facts().BorrowerRegistered, RegisteredGuard);
        var underLimit = Guard(() => facts().UnderLoanLimit, LoanLimitGuard);
        var nobodyWaiting = Guard(() => facts().QueueLength == 0, NobodyWaitingGuard);
        var somebodyWaiting = Guard(() => facts().QueueLength > 0, SomebodyWaitingGuard);
        var notQueued = Guard(() => !facts().BorrowerQueued, NotQueuedGuard);
        var notBorrower = Guard(() => !facts().BorrowerHasIt, NotBorrowerGuard);
        var queued = Guard(() => facts().BorrowerQueued, QueuedGuard);
        var working = Guard(() => !facts().ReturnedDamaged, ReturnedWorkingGuard);
        var damaged = Guard(() => facts().ReturnedDamaged, ReturnedDamagedGuard);

        // Cancelling a hold passes it on: the item stays held while someone remains after the canceller.
        var othersRemain = Guard(() => facts().QueueLength > 1, "others remain in the queue after the resident");
        var noneRemain = Guard(() => facts().QueueLength <= 1, "nobody remains in the queue after the resident");

        machine.Configure(CabinetItemState.Available)
            .PermitIf(CabinetItemTrigger.Lend, CabinetItemState.Lent, registered, underLimit)
            .Permit(CabinetItemTrigger.ReportLost, CabinetItemState.Lost)
            .Permit(CabinetItemTrigger.ReportDamaged, CabinetItemState.Damaged)
            .Permit(CabinetItemTrigger.Retire, CabinetItemState.Retired);

        machine.Configure(CabinetItemState.Held)
            .PermitIf(CabinetItemTrigger.Lend, CabinetItemState.Lent, registered, underLimit, Guard(() => facts().BorrowerFirstInQueue, FirstInQueueGuard))
            .PermitReentryIf(CabinetItemTrigger.Reserve, notQueued)
            .PermitIf(CabinetItemTrigger.CancelReservation, CabinetItemState.Available, queued, noneRemain)
            .PermitReentryIf(CabinetItemTrigger.CancelReservation, queued, othersRemain)
            .Permit(CabinetItemTrigger.ReportLost, CabinetItemState.Lost)
            .Permit(CabinetItemTrigger.ReportDamaged, CabinetItemState.Damaged)
            .Permit(CabinetItemTrigger.Retire, CabinetItemState.Retired);

        foreach (var state in new[] { CabinetItemState.Lent, CabinetItemState.Overdue })
        {
            var configuration = machine.Configure(state)
                .PermitIf(CabinetItemTrigger.Return, CabinetItemState.Available, working, nobodyWaiting)
                .PermitIf(CabinetItemTrigger.Return, CabinetItemState.Held, working, somebodyWaiting)
                .PermitIf(CabinetItemTrigger.Return, CabinetItemState.Damaged, damaged)
                .PermitReentryIf(CabinetItemTrigger.Reserve, notQueued, notBorrower)
                .PermitReentryIf(CabinetItemTrigger.CancelReservation, queued)
                .Permit(CabinetItemTrigger.ReportLost, CabinetItemState.Lost)
                .Permit(CabinetItemTrigger.ReportDamaged, CabinetItemState.Damaged);
            if (state == CabinetItemState.Lent)
            {
                configuration
                    .PermitReentryIf(CabinetItemTrigger.Renew, Guard(() => facts().RenewalsLeft, RenewalsLeftGuard), nobodyWaiting)
                    .PermitIf(CabinetItemTrigger.MarkOverdue, CabinetItemState.Overdue, () => facts().PastDue, PastDueGuard);
            }
        }

        foreach (var (state, trigger) in new[] { (CabinetItemState.Damaged, CabinetItemTrigger.Repair), (CabinetItemState.Lost, CabinetItemTrigger.Recover) })
        {
            machine.Configure(state)
                .PermitIf(trigger, CabinetItemState.Available, nobodyWaiting)
                .PermitIf(trigger, CabinetItemState.Held, somebodyWaiting)
                .PermitReentryIf(CabinetItemTrigger.Reserve, notQueued)
                .PermitReentryIf(CabinetItemTrigger.CancelReservation, queued)
                .Permit(CabinetItemTrigger.Retire, CabinetItemState.Retired);
        }

        machine.Configure(CabinetItemState.Damaged).Permit(CabinetItemTrigger.ReportLost, CabinetItemState.Lost);
        machine.Configure(CabinetItemState.Retired);
    }

    private static Tuple<Func<bool>, string> Guard(Func<bool> guard, string description) => Tuple.Create(guard, description);
}

/// <summary>What the cabinet lifecycle's guards look at, for one command's subject (the borrower or resident named).</summary>
/// <param name="BorrowerRegistered">The resident is registered and not withdrawn.</param>
/// <param name="UnderLoanLimit">They hold fewer items than the limit.</param>
/// <param name="BorrowerFirstInQueue">They are first in the item's queue.</param>
/// <param name="BorrowerQueued">They are in the item's queue.</param>
/// <param name="BorrowerHasIt">They have the item now.</param>
/// <param name="QueueLength">How many wait for the item.</param>
/// <param name="RenewalsLeft">The loan may be renewed once more.</param>
/// <param name="PastDue">Today is after the due date.</param>
/// <param name="ReturnedDamaged">A return records the item damaged.</param>
internal readonly record struct CabinetItemFacts(
    bool BorrowerRegistered,
    bool UnderLoanLimit,
    bool BorrowerFirstInQueue,
    bool BorrowerQueued,
    bool BorrowerHasIt,
    int QueueLength,
    bool RenewalsLeft,
    bool PastDue,
    bool ReturnedDamaged);
