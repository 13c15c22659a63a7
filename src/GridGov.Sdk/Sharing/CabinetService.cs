using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// Runs the convenience cabinet (便民共享服务柜): items given or lent to a community's cabinet, residents who
/// register to borrow (their name and phone in the personal-data vault), loans with due dates, renewals,
/// returns with the item's condition, loss and damage, the overdue sweep, and a first-come-first-served
/// reservation queue — each a transition of the <see cref="CabinetLoanLifecycle"/> on the shared workflow
/// machinery (access policy before guards, idempotency keys, expected versions, hooks, optimistic concurrency).
/// </summary>
/// <remarks>
/// Thread-safe. An item is never lent to two people at once: a loan leaves <see cref="CabinetItemState.Available"/>
/// or <see cref="CabinetItemState.Held"/>, nothing lends from <see cref="CabinetItemState.Lent"/>, and of two racing
/// loans on one item the store accepts one append; the other gets a <see cref="WorkflowConcurrencyException"/>.
/// </remarks>
public sealed partial class CabinetService
{
    /// <summary>The access-policy workflow name of borrower registrations.</summary>
    public const string BorrowerWorkflowName = "cabinet-borrower";

    /// <summary>The access-policy trigger name of registering a borrower.</summary>
    public const string RegisterTrigger = "Register";

    private const ActorRoles Keepers = SharingAccess.Keepers | ActorRoles.SystemIntegration;
    private const string HoldsNoItemsGuard = "the borrower holds no items";

    private static readonly WorkflowDefinition<CabinetBorrowerState, CabinetBorrowerTrigger, int> BorrowerDefinition = new(BorrowerWorkflowName, 1, ConfigureBorrower);

    private readonly WorkflowRunner<CabinetItem, CabinetItemState, CabinetItemTrigger, CabinetItemEvent, CabinetItemFacts> _items;
    private readonly WorkflowRunner<CabinetBorrower, CabinetBorrowerState, CabinetBorrowerTrigger, CabinetBorrowerEvent, int> _borrowers;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly IPersonalDataVault _vault;
    private readonly SharingOptions _options;
    private readonly DateTimeZone _zone;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy (communities are checked against it when it is loaded).</param>
    /// <param name="readModel">The read model kept up to date with every commit.</param>
    /// <param name="vault">Where borrowers' names and phones are kept.</param>
    /// <param name="options">The cabinet's rules.</param>
    /// <param name="gridGovOptions">The SDK settings (the time zone that gives "today").</param>
    /// <param name="hooks">Hooks around every item transition.</param>
    /// <param name="logger">The logger; optional.</param>
    /// <param name="accessPolicy">Who may do what, where; <see cref="AccessPolicy.Default"/> when null.</param>
    public CabinetService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        CabinetReadModel readModel,
        IPersonalDataVault vault,
        IOptions<SharingOptions> options,
        IOptions<GridGovOptions> gridGovOptions,
        IEnumerable<ITransitionHook<WorkflowTransitionContext<CabinetItem, CabinetItemTrigger, CabinetItemEvent>>> hooks,
        ILogger<CabinetService>? logger = null,
        AccessPolicy? accessPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        ArgumentNullException.ThrowIfNull(hooks);
        _clock = clock;
        _territory = territory;
        _vault = vault;
        _options = options.Value;
        _zone = gridGovOptions.Value.TimeZone;
        ReadModel = readModel;
        ILogger log = logger ?? NullLogger<CabinetService>.Instance;
        var itemModel = new WorkflowAggregateModel<CabinetItem, CabinetItemEvent>
        {
            StreamIdOf = CabinetItem.StreamIdOf,
            Fold = CabinetItem.Fold,
            TargetOf = TargetOf,
            CreateTrigger = CabinetLoanLifecycle.DonateTrigger,
            Recorded = readModel.Apply,
        };
        _items = new(CabinetLoanLifecycle.Definition, itemModel, store, clock, territory, accessPolicy, log, hooks);
        var borrowerModel = new WorkflowAggregateModel<CabinetBorrower, CabinetBorrowerEvent>
        {
            StreamIdOf = CabinetBorrower.StreamIdOf,
            Fold = CabinetBorrower.Fold,
            TargetOf = b => new AccessTarget(b.Id, b.CommunityCode, OwnerId: b.Id),
            CreateTrigger = RegisterTrigger,
        };
        _borrowers = new(BorrowerDefinition, borrowerModel, store, clock, territory, accessPolicy, log, null);
    }

    /// <summary>Gets the read model this service keeps up to date (statistics, the overdue list).</summary>
    public CabinetReadModel ReadModel { get; }

    /// <summary>Gets today's date in the configured time zone, from the injected clock.</summary>
    public LocalDate Today => _clock.GetCurrentInstant().InZone(_zone).Date;

    /// <summary>Registers a resident to borrow; their contact goes to the vault and the event carries only its reference.</summary>
    /// <param name="command">The registration.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The registration and its event.</returns>
    /// <exception cref="CabinetRejectedException">Invalid input (<see cref="CabinetRejectedException.InvalidCommandCode"/>) or registered already (<see cref="CabinetRejectedException.AlreadyRegisteredCode"/>); nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed but the security log.</exception>
    public async Task<WorkflowCommandResult<CabinetBorrower>> RegisterBorrowerAsync(RegisterCabinetBorrower command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.BorrowerId, "BorrowerId");
        if (command.Actor is null)
        {
            throw Invalid(id, "The command must name its actor.");
        }

        CheckCommunity(id, command.CommunityCode);
        if (command.Contact is null || command.Contact.IsEmpty)
        {
            throw Invalid(id, "A borrower registers with a name or a phone number.");
        }

        if (await _borrowers.FindAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new CabinetRejectedException(CabinetRejectedException.AlreadyRegisteredCode, id, $"Borrower '{id}' is registered already.");
        }

        var contact = await _vault.StoreAsync(command.Contact, command.CommunityCode, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _borrowers.CreateAsync(
                id,
                new CabinetBorrowerRegistered(command.CommunityCode, contact) { BorrowerId = id },
                new AccessTarget(id, command.CommunityCode, OwnerId: id),
                command.Actor,
                command.Reason,
                command.IdempotencyKey,
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _vault.DiscardAsync(contact, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Withdraws a borrower's registration; they must hold no items.</summary>
    /// <param name="borrowerId">The borrower.</param>
    /// <param name="actor">A keeper, or the borrower.</param>
    /// <param name="reason">Why; optional.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The registration after and its event.</returns>
    /// <exception cref="CabinetRejectedException">The borrower still holds items (<see cref="CabinetRejectedException.HoldsItemsCode"/>).</exception>
    public async Task<WorkflowCommandResult<CabinetBorrower>> WithdrawBorrowerAsync(string borrowerId, Actor actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        var id = CheckId(borrowerId, "BorrowerId");
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return await _borrowers.FireAsync(id, CabinetBorrowerTrigger.Withdraw, actor, reason, null, null, b => ReadModel.OpenLoansOf(b.Id), (b, _, _) => new CabinetBorrowerWithdrawn { BorrowerId = b.Id }, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowRejectedException ex) when (ex.UnmetGuards.Contains(HoldsNoItemsGuard))
        {
            throw new CabinetRejectedException(CabinetRejectedException.HoldsItemsCode, id, $"Borrower '{id}' still holds items; they must come back first.");
        }
    }

    /// <summary>Gets a borrower's registration, or null.</summary>
    /// <param name="borrowerId">The borrower's actor id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The registration or null.</returns>
    public async Task<CabinetBorrower?> FindBorrowerAsync(string borrowerId, CancellationToken cancellationToken = default)
        => await _borrowers.FindAsync(CheckId(borrowerId, "BorrowerId"), cancellationToken).ConfigureAwait(false);

    /// <summary>Takes an item into a community's cabinet.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The new item and its event.</returns>
    /// <exception cref="CabinetRejectedException">Invalid input or the id is taken; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor.</exception>
    public async Task<WorkflowCommandResult<CabinetItem>> DonateAsync(DonateCabinetItem command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        CheckCommunity(id, command.CommunityCode);
        CheckText(id, command.Name, "Name", 100);
        CheckText(id, command.Category, "Category", 50);
        if (command.Condition == ItemCondition.Damaged || !Enum.IsDefined(command.Condition) || !Enum.IsDefined(command.Ownership))
        {
            throw Invalid(id, "A cabinet takes in only items in working order (new, good or worn), given or lent by their owner.");
        }

        if (await _items.FindAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new CabinetRejectedException(CabinetRejectedException.AlreadyExistsCode, id, $"Cabinet item '{id}' exists already.");
        }

        var donated = new CabinetItemDonated(command.CommunityCode, command.Name, command.Category, command.Condition, command.Ownership, command.DonorId) { ItemId = id, To = CabinetItemState.Available };
        return await _items.CreateAsync(id, donated, new AccessTarget(id, command.CommunityCode, OwnerId: command.DonorId), command.Actor, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lends an item to a registered resident with a due date.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    /// <exception cref="CabinetRejectedException">
    /// Not registered, over the loan limit, not available (out, held for somebody else, out of circulation), a resident
    /// borrowing for somebody else, or a bad due date; nothing changed.
    /// </exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the item came first (a racing borrower); nothing changed.</exception>
    public async Task<WorkflowCommandResult<CabinetItem>> LendAsync(LendCabinetItem command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        var borrowerId = CheckId(command.BorrowerId, "BorrowerId");
        RequireSelfOrKeeper(command.Actor, borrowerId, id);
        var today = Today;
        var due = command.DueOn ?? today.PlusDays(_options.LoanPeriodDays);
        if (due < today || Period.DaysBetween(today, due) > _options.MaxLoanDays)
        {
            throw new CabinetRejectedException(CabinetRejectedException.InvalidDueDateCode, id, $"The due date {due:yyyy-MM-dd} must be between today ({today:yyyy-MM-dd}) and {_options.MaxLoanDays} days ahead.");
        }

        var borrower = await _borrowers.FindAsync(borrowerId, cancellationToken).ConfigureAwait(false);
        return await FireAsync(
            command,
            CabinetItemTrigger.Lend,
            item => Facts(item, borrowerId, borrower),
            (item, to, _) => new CabinetItemLent(borrowerId, today, due, item.State == CabinetItemState.Held) { ItemId = item.Id, To = to },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renews the current loan by one loan period from its due date.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    /// <exception cref="CabinetRejectedException">No renewals left or somebody waits (<see cref="CabinetRejectedException.RenewalRefusedCode"/>); nothing changed.</exception>
    public Task<WorkflowCommandResult<CabinetItem>> RenewAsync(RenewCabinetLoan command, CancellationToken cancellationToken = default)
    {
        Check(command);
        return FireAsync(
            command,
            CabinetItemTrigger.Renew,
            item => Facts(item, item.BorrowerId, null),
            (item, to, _) => new CabinetLoanRenewed(item.BorrowerId!, item.DueOn!.Value.PlusDays(_options.LoanPeriodDays), item.Renewals + 1) { ItemId = item.Id, To = to },
            cancellationToken);
    }

    /// <summary>Takes an item back with its condition: held for the next in the queue, back available, or out of circulation when damaged.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    public Task<WorkflowCommandResult<CabinetItem>> ReturnAsync(ReturnCabinetItem command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        if (!Enum.IsDefined(command.Condition))
        {
            throw Invalid(id, "The condition is not one of ItemCondition's values.");
        }

        var today = Today;
        return FireAsync(
            command,
            CabinetItemTrigger.Return,
            item => Facts(item, item.BorrowerId, null) with { ReturnedDamaged = command.Condition == ItemCondition.Damaged },
            (item, to, _) => new CabinetItemReturned(item.BorrowerId!, command.Condition, today, today > item.DueOn, to == CabinetItemState.Held ? item.Queue[0] : null) { ItemId = item.Id, To = to },
            cancellationToken);
    }

    /// <summary>Reports an item lost.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    public Task<WorkflowCommandResult<CabinetItem>> ReportLostAsync(ReportCabinetItemLost command, CancellationToken cancellationToken = default)
    {
        Check(command);
        return FireAsync(command, CabinetItemTrigger.ReportLost, item => Facts(item, null, null), (item, to, _) => new CabinetItemLost(item.BorrowerId) { ItemId = item.Id, To = to }, cancellationToken);
    }

    /// <summary>Reports an item damaged; it leaves circulation until repaired.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    public Task<WorkflowCommandResult<CabinetItem>> ReportDamagedAsync(ReportCabinetItemDamaged command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        CheckText(id, command.Description, "Description", 500);
        return FireAsync(command, CabinetItemTrigger.ReportDamaged, item => Facts(item, null, null), (item, to, _) => new CabinetItemDamaged(item.BorrowerId, command.Description) { ItemId = item.Id, To = to }, cancellationToken);
    }

    /// <summary>Puts a damaged item (repaired) or a lost one (recovered) back in circulation, held for the next in the queue if anyone waits.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    public async Task<WorkflowCommandResult<CabinetItem>> RestoreAsync(RestoreCabinetItem command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        if (command.Condition == ItemCondition.Damaged || !Enum.IsDefined(command.Condition))
        {
            throw Invalid(id, "A restored item is in working order (new, good or worn).");
        }

        var current = await _items.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var trigger = current.State == CabinetItemState.Lost ? CabinetItemTrigger.Recover : CabinetItemTrigger.Repair;
        return await FireAsync(
            command,
            trigger,
            item => Facts(item, null, null),
            (item, to, _) => new CabinetItemRestored(command.Condition, to == CabinetItemState.Held ? item.Queue[0] : null) { ItemId = item.Id, To = to },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Retires an item for good; its queue is dropped.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    public Task<WorkflowCommandResult<CabinetItem>> RetireAsync(RetireCabinetItem command, CancellationToken cancellationToken = default)
    {
        Check(command);
        return FireAsync(command, CabinetItemTrigger.Retire, item => Facts(item, null, null), (item, to, _) => new CabinetItemRetired { ItemId = item.Id, To = to }, cancellationToken);
    }

    /// <summary>Puts a registered resident at the end of the item's reservation queue (only while the item is not free to borrow).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    /// <exception cref="CabinetRejectedException">Not registered, in the queue already or has the item, or the item is free to borrow; nothing changed.</exception>
    public async Task<WorkflowCommandResult<CabinetItem>> ReserveAsync(ReserveCabinetItem command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        var borrowerId = CheckId(command.BorrowerId, "BorrowerId");
        RequireSelfOrKeeper(command.Actor, borrowerId, id);
        var borrower = await _borrowers.FindAsync(borrowerId, cancellationToken).ConfigureAwait(false);
        if (borrower is not { State: CabinetBorrowerState.Registered })
        {
            throw new CabinetRejectedException(CabinetRejectedException.NotRegisteredCode, borrowerId, $"Borrower '{borrowerId}' is not registered with the cabinet.");
        }

        return await FireAsync(
            command,
            CabinetItemTrigger.Reserve,
            item => Facts(item, borrowerId, borrower),
            (item, to, _) => new CabinetItemReserved(borrowerId, item.Queue.Count + 1) { ItemId = item.Id, To = to },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a resident out of the reservation queue; if the item was held for them it passes to the next in line, or becomes available.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The item after and its event.</returns>
    public Task<WorkflowCommandResult<CabinetItem>> CancelReservationAsync(CancelCabinetReservation command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        var borrowerId = CheckId(command.BorrowerId, "BorrowerId");
        RequireSelfOrKeeper(command.Actor, borrowerId, id);
        return FireAsync(
            command,
            CabinetItemTrigger.CancelReservation,
            item => Facts(item, borrowerId, null),
            (item, to, _) => new CabinetReservationCancelled(borrowerId, to == CabinetItemState.Held ? item.Queue.First(b => b != borrowerId) : null) { ItemId = item.Id, To = to },
            cancellationToken);
    }

    /// <summary>
    /// The overdue sweep: marks every loan past its due date (by the injected clock, in the configured zone) as
    /// overdue, acting as <see cref="Actor.System"/>. Loans another node marked meanwhile are skipped.
    /// </summary>
    /// <param name="cancellationToken">Cancels between items.</param>
    /// <returns>The ids of the items marked, earliest due first.</returns>
    public async Task<IReadOnlyList<string>> SweepOverdueAsync(CancellationToken cancellationToken = default)
    {
        var marked = new List<string>();
        var today = Today;
        foreach (var loan in ReadModel.Overdue(today).Where(l => !l.Marked))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // One key per loan (the item's loan count), so two nodes sweeping together mark it once.
                var current = await _items.GetAsync(loan.ItemId, cancellationToken).ConfigureAwait(false);
                var result = await _items.FireAsync(
                    loan.ItemId,
                    CabinetItemTrigger.MarkOverdue,
                    Actor.System,
                    "逾期未还 overdue sweep",
                    $"overdue-{loan.ItemId}-{current.TimesLent}",
                    null,
                    item => Facts(item, item.BorrowerId, null),
                    (item, to, _) => new CabinetLoanOverdue(item.BorrowerId!, item.DueOn!.Value, today) { ItemId = item.Id, To = to },
                    cancellationToken).ConfigureAwait(false);
                if (!result.WasDuplicate)
                {
                    marked.Add(loan.ItemId);
                }
            }
            catch (Exception ex) when (ex is WorkflowRejectedException or WorkflowConcurrencyException)
            {
                // Returned, renewed or marked on another node since the read model saw it.
            }
        }

        return marked;
    }

    /// <summary>Gets an item.</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The item.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">No such item.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<CabinetItem> GetAsync(string itemId, CancellationToken cancellationToken = default)
        => await _items.GetAsync(CheckId(itemId, "ItemId"), cancellationToken).ConfigureAwait(false);

    /// <summary>Reads an item afresh from the store, past the cache (another node may have changed it).</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The item, or null.</returns>
    public async Task<CabinetItem?> ReloadAsync(string itemId, CancellationToken cancellationToken = default)
        => await _items.ReloadAsync(CheckId(itemId, "ItemId"), cancellationToken).ConfigureAwait(false);

    /// <summary>Answers "what may this actor do to this item now", with the actor as the borrower or resident concerned.</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers the policy allows the actor here and whose guards pass.</returns>
    public async Task<IReadOnlyList<CabinetItemTrigger>> GetPermittedTriggersAsync(string itemId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var item = await _items.GetAsync(CheckId(itemId, "ItemId"), cancellationToken).ConfigureAwait(false);
        var borrower = await _borrowers.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false);
        var subject = item.IsOut && actor.Id != item.BorrowerId && actor.HasAnyRole(Keepers) ? item.BorrowerId : actor.Id;
        return _items.Permitted(item, actor, Facts(item, subject, subject == actor.Id ? borrower : null));
    }

    /// <summary>Reads a borrower's name and phone masked (张*, 138****5678), or learns that they were erased.</summary>
    /// <param name="borrowerId">The borrower.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The masked view.</returns>
    /// <exception cref="CabinetRejectedException">The borrower is not registered.</exception>
    public async Task<PersonalDataView> ReadBorrowerMaskedAsync(string borrowerId, CancellationToken cancellationToken = default)
    {
        var borrower = await FindBorrowerAsync(borrowerId, cancellationToken).ConfigureAwait(false)
                       ?? throw new CabinetRejectedException(CabinetRejectedException.NotRegisteredCode, borrowerId, $"Borrower '{borrowerId}' is not registered with the cabinet.");
        return await _vault.ReadMaskedAsync(borrower.Contact, cancellationToken).ConfigureAwait(false);
    }

    internal static AccessTarget TargetOf(CabinetItem item) => new(item.Id, item.CommunityCode, OwnerId: item.DonorId, AssigneeId: item.BorrowerId ?? item.HeldFor);

    private static void ConfigureBorrower(StateMachine<CabinetBorrowerState, CabinetBorrowerTrigger> machine, Func<int> openLoans)
        => machine.Configure(CabinetBorrowerState.Registered)
            .PermitIf(CabinetBorrowerTrigger.Withdraw, CabinetBorrowerState.Withdrawn, () => openLoans() == 0, HoldsNoItemsGuard);

    private async Task<WorkflowCommandResult<CabinetItem>> FireAsync(
        CabinetCommand command,
        CabinetItemTrigger trigger,
        Func<CabinetItem, CabinetItemFacts> facts,
        Func<CabinetItem, CabinetItemState, Instant, CabinetItemEvent> build,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _items.FireAsync(command.ItemId, trigger, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, facts, build, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowRejectedException ex) when (Translate(ex, trigger) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Gives a lifecycle refusal that has a cabinet meaning its cabinet code; the unmet guards stay in the message.</summary>
    private static CabinetRejectedException? Translate(WorkflowRejectedException ex, CabinetItemTrigger trigger)
    {
        var unmet = ex.UnmetGuards;
        var code = trigger switch
        {
            _ when unmet.Contains(CabinetLoanLifecycle.RegisteredGuard) => CabinetRejectedException.NotRegisteredCode,
            _ when unmet.Contains(CabinetLoanLifecycle.LoanLimitGuard) => CabinetRejectedException.LoanLimitCode,
            CabinetItemTrigger.Lend => CabinetRejectedException.NotAvailableCode,
            CabinetItemTrigger.Renew when ex.Code == WorkflowRejectedException.GuardFailedCode => CabinetRejectedException.RenewalRefusedCode,
            CabinetItemTrigger.Reserve when unmet.Contains(CabinetLoanLifecycle.NotQueuedGuard) || unmet.Contains(CabinetLoanLifecycle.NotBorrowerGuard) => CabinetRejectedException.AlreadyQueuedCode,
            CabinetItemTrigger.Reserve when ex.State == nameof(CabinetItemState.Available) => CabinetRejectedException.FreeToBorrowCode,
            CabinetItemTrigger.CancelReservation when unmet.Contains(CabinetLoanLifecycle.QueuedGuard) => CabinetRejectedException.NotQueuedCode,
            _ => null,
        };
        return code is null ? null : new CabinetRejectedException(code, ex.AggregateId, ex.Message, ex);
    }

    private CabinetItemFacts Facts(CabinetItem item, string? subjectId, CabinetBorrower? borrower) => new(
        BorrowerRegistered: borrower is { State: CabinetBorrowerState.Registered },
        UnderLoanLimit: subjectId is null || ReadModel.OpenLoansOf(subjectId) < _options.MaxActiveLoansPerBorrower,
        BorrowerFirstInQueue: subjectId is not null && item.Queue.Count > 0 && item.Queue[0] == subjectId,
        BorrowerQueued: subjectId is not null && item.Queue.Contains(subjectId),
        BorrowerHasIt: subjectId is not null && item.BorrowerId == subjectId,
        QueueLength: item.Queue.Count,
        RenewalsLeft: item.Renewals < _options.MaxRenewals,
        PastDue: item.DueOn is { } due && Today > due,
        ReturnedDamaged: false);

    private static void RequireSelfOrKeeper(Actor actor, string borrowerId, string itemId)
    {
        if (actor.Id != borrowerId && !actor.HasAnyRole(Keepers))
        {
            throw new CabinetRejectedException(CabinetRejectedException.NotOwnLoanCode, itemId, $"A resident borrows, reserves and cancels only for themselves; '{actor.Id}' acted for '{borrowerId}'.");
        }
    }

    private static string CheckId(string? id, string name)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            throw Invalid(id ?? string.Empty, $"{name} must be 1–100 characters.");
        }

        return id;
    }

    private static void CheckText(string id, string? text, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max)
        {
            throw Invalid(id, $"{name} must be 1–{max} characters.");
        }
    }

    private static CabinetRejectedException Invalid(string id, string message) => new(CabinetRejectedException.InvalidCommandCode, id, message);

    private string Check(CabinetCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.ItemId, "ItemId");
        return command.Actor is null ? throw Invalid(id, "The command must name its actor.") : id;
    }

    private void CheckCommunity(string id, string? communityCode)
    {
        if (string.IsNullOrWhiteSpace(communityCode) || (_territory.IsLoaded && !_territory.Current.Contains(communityCode)))
        {
            throw Invalid(id, $"Community '{communityCode}' is not in the grid hierarchy.");
        }
    }
}
