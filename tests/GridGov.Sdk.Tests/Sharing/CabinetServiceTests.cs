using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Sharing.SharingHarness;

namespace GridGov.Sdk.Tests.Sharing;

/// <summary>The convenience cabinet (便民共享服务柜): lending, returns, the queue, the overdue sweep, and every refusal.</summary>
public sealed class CabinetServiceTests : IDisposable
{
    private readonly SharingHarness _h = new();

    private CabinetService Cabinet => _h.Cabinet;

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Lend_then_return_records_who_when_and_the_condition()
    {
        await _h.DonateAsync("wheelchair");
        await _h.RegisterAsync("r1");
        var lent = await Cabinet.LendAsync(new LendCabinetItem("wheelchair", Keeper, "r1") { Reason = "腿伤" });
        Assert.Equal(CabinetItemState.Lent, lent.Aggregate.State);
        Assert.Equal("r1", lent.Aggregate.BorrowerId);
        Assert.Equal(new LocalDate(2026, 5, 18), lent.Aggregate.DueOn); // 14 days by default
        Assert.Equal(Keeper, lent.Events[0].Metadata.Actor);
        Assert.Equal("腿伤", lent.Events[0].Metadata.Reason);

        _h.AdvanceDays(3);
        var back = await Cabinet.ReturnAsync(new ReturnCabinetItem("wheelchair", Resident("r1"), ItemCondition.Worn));
        Assert.Equal(CabinetItemState.Available, back.Aggregate.State);
        Assert.Null(back.Aggregate.BorrowerId);
        Assert.Equal(ItemCondition.Worn, back.Aggregate.Condition);
        var returned = Assert.IsType<CabinetItemReturned>(back.Events[0].Payload);
        Assert.False(returned.WasLate);
        Assert.Equal(new LocalDate(2026, 5, 7), returned.ReturnedOn);
    }

    [Fact]
    public async Task A_resident_borrows_for_themselves()
    {
        await _h.DonateAsync("glasses", "老花镜");
        await _h.RegisterAsync("r1");
        var lent = await Cabinet.LendAsync(new LendCabinetItem("glasses", Resident("r1"), "r1") { DueOn = new LocalDate(2026, 5, 10) });
        Assert.Equal(new LocalDate(2026, 5, 10), lent.Aggregate.DueOn);
    }

    [Fact]
    public async Task The_queue_is_first_come_first_served_and_the_next_in_line_gets_the_item_on_return()
    {
        await _h.DonateAsync("ladder", "人字梯");
        await _h.RegisterAsync("r1", "r2", "r3");
        await Cabinet.LendAsync(new LendCabinetItem("ladder", Keeper, "r1"));
        await Cabinet.ReserveAsync(new ReserveCabinetItem("ladder", Resident("r2"), "r2"));
        var queued = await Cabinet.ReserveAsync(new ReserveCabinetItem("ladder", Resident("r3"), "r3"));
        Assert.Equal(["r2", "r3"], queued.Aggregate.Queue);
        Assert.Equal(2, Assert.IsType<CabinetItemReserved>(queued.Events[0].Payload).Position);

        var back = await Cabinet.ReturnAsync(new ReturnCabinetItem("ladder", Keeper, ItemCondition.Good));
        Assert.Equal(CabinetItemState.Held, back.Aggregate.State);
        Assert.Equal("r2", back.Aggregate.HeldFor);

        // r3 may not jump the queue; r2 takes it.
        var jump = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("ladder", Resident("r3"), "r3")));
        Assert.Equal(CabinetRejectedException.NotAvailableCode, jump.Code);
        Assert.Contains(CabinetLoanLifecycle.FirstInQueueGuard, jump.Message, StringComparison.Ordinal);
        var lent = await Cabinet.LendAsync(new LendCabinetItem("ladder", Resident("r2"), "r2"));
        Assert.Equal("r2", lent.Aggregate.BorrowerId);
        Assert.Equal(["r3"], lent.Aggregate.Queue);
        Assert.True(Assert.IsType<CabinetItemLent>(lent.Events[0].Payload).FromQueue);
    }

    [Fact]
    public async Task Cancelling_a_hold_passes_it_to_the_next_in_line_then_frees_the_item()
    {
        await _h.DonateAsync("drill", "小电钻");
        await _h.RegisterAsync("r1", "r2", "r3");
        await Cabinet.LendAsync(new LendCabinetItem("drill", Keeper, "r1"));
        await Cabinet.ReserveAsync(new ReserveCabinetItem("drill", Keeper, "r2"));
        await Cabinet.ReserveAsync(new ReserveCabinetItem("drill", Keeper, "r3"));
        await Cabinet.ReturnAsync(new ReturnCabinetItem("drill", Keeper, ItemCondition.Good));
        var passed = await Cabinet.CancelReservationAsync(new CancelCabinetReservation("drill", Resident("r2"), "r2"));
        Assert.Equal(CabinetItemState.Held, passed.Aggregate.State);
        Assert.Equal("r3", passed.Aggregate.HeldFor);
        var freed = await Cabinet.CancelReservationAsync(new CancelCabinetReservation("drill", Resident("r3"), "r3"));
        Assert.Equal(CabinetItemState.Available, freed.Aggregate.State);
        Assert.Empty(freed.Aggregate.Queue);
    }

    [Fact]
    public async Task The_sweep_marks_loans_past_due_with_the_injected_clock_and_lists_them()
    {
        await _h.DonateAsync("kit", "急救包");
        await _h.DonateAsync("stapler", "重型订书机");
        await _h.RegisterAsync("r1", "r2");
        await Cabinet.LendAsync(new LendCabinetItem("kit", Keeper, "r1") { DueOn = new LocalDate(2026, 5, 5) });
        await Cabinet.LendAsync(new LendCabinetItem("stapler", Keeper, "r2") { DueOn = new LocalDate(2026, 5, 20) });

        _h.AdvanceDays(1); // 5 May: due today, not overdue yet
        Assert.Empty(await Cabinet.SweepOverdueAsync());
        _h.AdvanceDays(1);
        var listed = Assert.Single(Cabinet.ReadModel.Overdue(Cabinet.Today));
        Assert.False(listed.Marked);
        Assert.Equal(["kit"], await Cabinet.SweepOverdueAsync());
        Assert.Empty(await Cabinet.SweepOverdueAsync()); // marked once
        var kit = await Cabinet.GetAsync("kit");
        Assert.Equal(CabinetItemState.Overdue, kit.State);
        var marked = (await _h.Store.ReadStreamAsync(CabinetItem.StreamPrefix + "kit"))[^1];
        Assert.Equal(Actor.System, marked.Metadata.Actor);
        Assert.True(Assert.Single(Cabinet.ReadModel.Overdue(Cabinet.Today)).Marked);

        var back = await Cabinet.ReturnAsync(new ReturnCabinetItem("kit", Keeper, ItemCondition.Good));
        Assert.True(Assert.IsType<CabinetItemReturned>(back.Events[0].Payload).WasLate);
        Assert.Empty(Cabinet.ReadModel.Overdue(Cabinet.Today));
    }

    [Fact]
    public async Task Renewal_extends_by_one_period_up_to_the_limit()
    {
        await _h.DonateAsync("chair");
        await _h.RegisterAsync("r1");
        await Cabinet.LendAsync(new LendCabinetItem("chair", Keeper, "r1"));
        var once = await Cabinet.RenewAsync(new RenewCabinetLoan("chair", Resident("r1")));
        Assert.Equal(new LocalDate(2026, 6, 1), once.Aggregate.DueOn);
        await Cabinet.RenewAsync(new RenewCabinetLoan("chair", Resident("r1")));
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.RenewAsync(new RenewCabinetLoan("chair", Resident("r1"))));
        Assert.Equal(CabinetRejectedException.RenewalRefusedCode, ex.Code);
        Assert.Contains(CabinetLoanLifecycle.RenewalsLeftGuard, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renewal_is_refused_while_somebody_waits()
    {
        await _h.DonateAsync("chair");
        await _h.RegisterAsync("r1", "r2");
        await Cabinet.LendAsync(new LendCabinetItem("chair", Keeper, "r1"));
        await Cabinet.ReserveAsync(new ReserveCabinetItem("chair", Resident("r2"), "r2"));
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.RenewAsync(new RenewCabinetLoan("chair", Resident("r1"))));
        Assert.Equal(CabinetRejectedException.RenewalRefusedCode, ex.Code);
        Assert.Contains(CabinetLoanLifecycle.NobodyWaitingGuard, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damaged_on_return_leaves_circulation_until_repaired_then_goes_to_the_queue()
    {
        await _h.DonateAsync("kit", "理发工具");
        await _h.RegisterAsync("r1", "r2");
        await Cabinet.LendAsync(new LendCabinetItem("kit", Keeper, "r1"));
        await Cabinet.ReserveAsync(new ReserveCabinetItem("kit", Resident("r2"), "r2"));
        var damaged = await Cabinet.ReturnAsync(new ReturnCabinetItem("kit", Keeper, ItemCondition.Damaged));
        Assert.Equal(CabinetItemState.Damaged, damaged.Aggregate.State);
        Assert.Null(Assert.IsType<CabinetItemReturned>(damaged.Events[0].Payload).HeldFor);
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("kit", Keeper, "r1")));
        Assert.Equal(CabinetRejectedException.NotAvailableCode, ex.Code);
        var repaired = await Cabinet.RestoreAsync(new RestoreCabinetItem("kit", Keeper, ItemCondition.Good));
        Assert.Equal(CabinetItemState.Held, repaired.Aggregate.State);
        Assert.Equal("r2", repaired.Aggregate.HeldFor);
    }

    [Fact]
    public async Task Lost_then_recovered_or_retired()
    {
        await _h.DonateAsync("a");
        await _h.DonateAsync("b");
        await _h.RegisterAsync("r1");
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        var lost = await Cabinet.ReportLostAsync(new ReportCabinetItemLost("a", Resident("r1")));
        Assert.Equal(CabinetItemState.Lost, lost.Aggregate.State);
        Assert.Equal(0, Cabinet.ReadModel.OpenLoansOf("r1"));
        var found = await Cabinet.RestoreAsync(new RestoreCabinetItem("a", Keeper, ItemCondition.Worn));
        Assert.Equal(CabinetItemState.Available, found.Aggregate.State);
        Assert.Equal(ItemCondition.Worn, Assert.IsType<CabinetItemRestored>(found.Events[0].Payload).Condition);
        await Cabinet.ReportDamagedAsync(new ReportCabinetItemDamaged("b", Keeper, "轮子坏了"));
        var retired = await Cabinet.RetireAsync(new RetireCabinetItem("b", Keeper));
        Assert.Equal(CabinetItemState.Retired, retired.Aggregate.State);
    }

    [Fact]
    public async Task State_is_rebuilt_from_the_store_by_a_second_service()
    {
        await _h.DonateAsync("ladder");
        await _h.RegisterAsync("r1", "r2");
        await Cabinet.LendAsync(new LendCabinetItem("ladder", Keeper, "r1"));
        await Cabinet.ReserveAsync(new ReserveCabinetItem("ladder", Keeper, "r2"));
        using var other = new SharingHarness(_h.Store);
        var reloaded = await other.Cabinet.GetAsync("ladder");
        Assert.Equal(CabinetItemState.Lent, reloaded.State);
        Assert.Equal("r1", reloaded.BorrowerId);
        Assert.Equal(["r2"], reloaded.Queue);
        Assert.Equal(3, reloaded.Version); // donated, lent, reserved
    }

    [Fact]
    public async Task Borrowers_contact_is_in_the_vault_masked_never_in_an_event()
    {
        await _h.RegisterAsync("r1");
        var stream = await _h.Store.ReadStreamAsync(CabinetBorrower.StreamPrefix + "r1");
        var registered = Assert.IsType<CabinetBorrowerRegistered>(Assert.Single(stream).Payload);
        var serialized = System.Text.Json.JsonSerializer.Serialize(registered);
        Assert.DoesNotContain("13812345678", serialized, StringComparison.Ordinal);
        Assert.DoesNotContain("居民王", serialized, StringComparison.Ordinal);
        var masked = await Cabinet.ReadBorrowerMaskedAsync("r1");
        Assert.Equal("138****5678", masked.Phone);
        Assert.DoesNotContain("r1", masked.Name ?? string.Empty, StringComparison.Ordinal);
        var revealed = await _h.Vault.RevealAsync(registered.Contact, new Actor("admin", "管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] }, "逾期催还");
        Assert.Equal("13812345678", revealed.Phone!.Value.Reveal());
    }

    [Fact]
    public async Task Statistics_loans_by_community_overdue_and_most_borrowed_and_the_rebuilt_read_model_agrees()
    {
        await _h.DonateAsync("a", "轮椅");
        await _h.DonateAsync("b", "老花镜");
        await _h.RegisterAsync("r1", "r2");
        var window = new Interval(Start, Start + Duration.FromDays(30));
        for (var i = 0; i < 3; i++)
        {
            await Cabinet.LendAsync(new LendCabinetItem("b", Keeper, "r1"));
            _h.AdvanceDays(1);
            await Cabinet.ReturnAsync(new ReturnCabinetItem("b", Keeper, ItemCondition.Good));
        }

        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r2") { DueOn = Cabinet.Today.PlusDays(1) });
        _h.AdvanceDays(3);
        await Cabinet.SweepOverdueAsync();

        Assert.Equal(new Dictionary<string, int> { [XiguGrid.Xianfeng] = 4 }, Cabinet.ReadModel.LoansByCommunity(window));
        Assert.Equal([new CabinetItemUsage("b", "老花镜", XiguGrid.Xianfeng, 3), new CabinetItemUsage("a", "轮椅", XiguGrid.Xianfeng, 1)], Cabinet.ReadModel.MostBorrowed(window));
        Assert.Single(Cabinet.ReadModel.Overdue(Cabinet.Today));
        Assert.Empty(Cabinet.ReadModel.LoansByCommunity(new Interval(Start - Duration.FromDays(9), Start)));

        var rebuilt = await CabinetReadModel.RebuildAsync(_h.Store);
        Assert.Equal(Cabinet.ReadModel.LoansByCommunity(window), rebuilt.LoansByCommunity(window));
        Assert.Equal(Cabinet.ReadModel.MostBorrowed(window), rebuilt.MostBorrowed(window));
        Assert.Equal(Cabinet.ReadModel.Overdue(Cabinet.Today), rebuilt.Overdue(Cabinet.Today));
        Assert.Equal(Cabinet.ReadModel.ItemsByState(), rebuilt.ItemsByState());
        Assert.Equal(Cabinet.ReadModel.OpenLoansOf("r2"), rebuilt.OpenLoansOf("r2"));
    }

    [Fact]
    public async Task Permitted_triggers_answer_what_the_actor_may_do_here()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1", "r2");
        Assert.Equal([CabinetItemTrigger.Lend], await Cabinet.GetPermittedTriggersAsync("a", Resident("r1")));
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        Assert.Equal([CabinetItemTrigger.Renew, CabinetItemTrigger.Return, CabinetItemTrigger.ReportLost, CabinetItemTrigger.ReportDamaged], await Cabinet.GetPermittedTriggersAsync("a", Resident("r1")));
        Assert.Equal([CabinetItemTrigger.Reserve], await Cabinet.GetPermittedTriggersAsync("a", Resident("r2")));
        Assert.Empty(await Cabinet.GetPermittedTriggersAsync("a", OutsideKeeper));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_records_nothing()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1");
        var first = await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1") { IdempotencyKey = "lend-1" });
        var again = await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1") { IdempotencyKey = "lend-1" });
        Assert.False(first.WasDuplicate);
        Assert.True(again.WasDuplicate);
        Assert.Equal(2, (await _h.Store.ReadStreamAsync(CabinetItem.StreamPrefix + "a")).Count);
    }

    // ---- Refusals, each with its code; nothing changes ----

    [Fact]
    public async Task Refused_invalid_input()
    {
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.DonateAsync(new DonateCabinetItem("x", Keeper, "nowhere", "轮椅", "medical", ItemCondition.Good)));
        Assert.Equal(CabinetRejectedException.InvalidCommandCode, ex.Code);
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.DonateAsync(new DonateCabinetItem("x", Keeper, XiguGrid.Xianfeng, " ", "medical", ItemCondition.Good)));
        Assert.Equal(CabinetRejectedException.InvalidCommandCode, ex.Code);
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.DonateAsync(new DonateCabinetItem("x", Keeper, XiguGrid.Xianfeng, "轮椅", "medical", ItemCondition.Damaged)));
        Assert.Equal(CabinetRejectedException.InvalidCommandCode, ex.Code);
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.RegisterBorrowerAsync(new RegisterCabinetBorrower("r9", Keeper, XiguGrid.Xianfeng, new PersonalContact())));
        Assert.Equal(CabinetRejectedException.InvalidCommandCode, ex.Code);
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task Refused_an_item_id_taken()
    {
        await _h.DonateAsync("a");
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => _h.DonateAsync("a"));
        Assert.Equal(CabinetRejectedException.AlreadyExistsCode, ex.Code);
    }

    [Fact]
    public async Task Refused_a_due_date_in_the_past_or_too_far()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1");
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1") { DueOn = new LocalDate(2026, 5, 3) }));
        Assert.Equal(CabinetRejectedException.InvalidDueDateCode, ex.Code);
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1") { DueOn = new LocalDate(2026, 8, 1) }));
        Assert.Equal(CabinetRejectedException.InvalidDueDateCode, ex.Code);
        Assert.Equal(CabinetItemState.Available, (await Cabinet.GetAsync("a")).State);
    }

    [Fact]
    public async Task Refused_a_resident_borrowing_reserving_or_cancelling_for_someone_else()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1", "r2");
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", Resident("r1"), "r2")));
        Assert.Equal(CabinetRejectedException.NotOwnLoanCode, ex.Code);
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.ReserveAsync(new ReserveCabinetItem("a", Resident("r1"), "r2")));
        Assert.Equal(CabinetRejectedException.NotOwnLoanCode, ex.Code);
        await Cabinet.ReserveAsync(new ReserveCabinetItem("a", Resident("r2"), "r2"));
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.CancelReservationAsync(new CancelCabinetReservation("a", Resident("r1"), "r2")));
        Assert.Equal(CabinetRejectedException.NotOwnLoanCode, ex.Code);
    }

    [Fact]
    public async Task Refused_an_unregistered_or_withdrawn_borrower()
    {
        await _h.DonateAsync("a");
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1")));
        Assert.Equal(CabinetRejectedException.NotRegisteredCode, ex.Code);
        await _h.RegisterAsync("r1");
        await Cabinet.WithdrawBorrowerAsync("r1", Resident("r1"), "搬家");
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1")));
        Assert.Equal(CabinetRejectedException.NotRegisteredCode, ex.Code);
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.ReserveAsync(new ReserveCabinetItem("a", Keeper, "r1")));
        Assert.Equal(CabinetRejectedException.NotRegisteredCode, ex.Code);
        Assert.Single(await _h.Store.ReadStreamAsync(CabinetItem.StreamPrefix + "a"));
    }

    [Fact]
    public async Task Refused_registering_twice()
    {
        await _h.RegisterAsync("r1");
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => _h.RegisterAsync("r1"));
        Assert.Equal(CabinetRejectedException.AlreadyRegisteredCode, ex.Code);
    }

    [Fact]
    public async Task Refused_over_the_loan_limit()
    {
        using var h = new SharingHarness(configure: o => o.MaxActiveLoansPerBorrower = 2);
        await h.RegisterAsync("r1");
        foreach (var id in new[] { "a", "b", "c" })
        {
            await h.DonateAsync(id);
        }

        await h.Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        await h.Cabinet.LendAsync(new LendCabinetItem("b", Keeper, "r1"));
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => h.Cabinet.LendAsync(new LendCabinetItem("c", Keeper, "r1")));
        Assert.Equal(CabinetRejectedException.LoanLimitCode, ex.Code);
        await h.Cabinet.ReturnAsync(new ReturnCabinetItem("a", Keeper, ItemCondition.Good));
        await h.Cabinet.LendAsync(new LendCabinetItem("c", Keeper, "r1"));
    }

    [Fact]
    public async Task Refused_lending_an_item_already_out()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1", "r2");
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r2")));
        Assert.Equal(CabinetRejectedException.NotAvailableCode, ex.Code);
        Assert.Equal("r1", (await Cabinet.GetAsync("a")).BorrowerId);
    }

    [Fact]
    public async Task Refused_queueing_twice_for_the_item_one_has_or_for_a_free_item_and_cancelling_when_not_queued()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1", "r2");
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.ReserveAsync(new ReserveCabinetItem("a", Resident("r2"), "r2")));
        Assert.Equal(CabinetRejectedException.FreeToBorrowCode, ex.Code);
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.ReserveAsync(new ReserveCabinetItem("a", Resident("r1"), "r1")));
        Assert.Equal(CabinetRejectedException.AlreadyQueuedCode, ex.Code);
        await Cabinet.ReserveAsync(new ReserveCabinetItem("a", Resident("r2"), "r2"));
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.ReserveAsync(new ReserveCabinetItem("a", Resident("r2"), "r2")));
        Assert.Equal(CabinetRejectedException.AlreadyQueuedCode, ex.Code);
        ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.CancelReservationAsync(new CancelCabinetReservation("a", Resident("r1"), "r1")));
        Assert.Equal(CabinetRejectedException.NotQueuedCode, ex.Code);
    }

    [Fact]
    public async Task Refused_withdrawing_a_borrower_who_holds_items()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1");
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        var ex = await Assert.ThrowsAsync<CabinetRejectedException>(() => Cabinet.WithdrawBorrowerAsync("r1", Keeper));
        Assert.Equal(CabinetRejectedException.HoldsItemsCode, ex.Code);
    }

    [Fact]
    public async Task Refused_retiring_an_item_that_is_out()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1");
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => Cabinet.RetireAsync(new RetireCabinetItem("a", Keeper)));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
    }

    [Fact]
    public async Task Refused_by_the_access_policy_before_the_guards_and_logged()
    {
        await _h.DonateAsync("a");
        await _h.RegisterAsync("r1", "r2");
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Cabinet.LendAsync(new LendCabinetItem("a", OutsideKeeper, "r1")));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, denied.Code);
        denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Cabinet.DonateAsync(new DonateCabinetItem("z", Resident("r1"), XiguGrid.Xianfeng, "伞", "daily", ItemCondition.Good)));
        Assert.Equal(AccessDeniedException.RoleMissingCode, denied.Code);
        await Cabinet.LendAsync(new LendCabinetItem("a", Keeper, "r1"));
        denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Cabinet.ReturnAsync(new ReturnCabinetItem("a", Resident("r2"), ItemCondition.Good)));
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, denied.Code);
        Assert.Equal(3, (await _h.Store.ReadStreamAsync(SecurityLog.StreamId)).Count);
        Assert.Equal("r1", (await Cabinet.GetAsync("a")).BorrowerId);
    }

    [Fact]
    public async Task Racing_borrowers_on_separate_nodes_exactly_one_wins()
    {
        var store = new InMemoryEventStore();
        using var setup = new SharingHarness(store);
        var residents = Enumerable.Range(0, 6).Select(i => $"r{i}").ToArray();
        await setup.RegisterAsync(residents);
        var nodes = Enumerable.Range(0, residents.Length).Select(_ => new SharingHarness(store)).ToArray();
        try
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var item = $"chair-{trial}";
                await setup.DonateAsync(item);
                var attempts = nodes.Select((node, i) => Task.Run(async () =>
                {
                    try
                    {
                        await node.Cabinet.LendAsync(new LendCabinetItem(item, Resident(residents[i]), residents[i]));
                        return true;
                    }
                    catch (Exception ex) when (ex is WorkflowConcurrencyException or CabinetRejectedException)
                    {
                        return false;
                    }
                })).ToArray();
                var outcomes = await Task.WhenAll(attempts);
                Assert.Equal(1, outcomes.Count(won => won));
                var stream = await store.ReadStreamAsync(CabinetItem.StreamPrefix + item);
                var lent = Assert.Single(stream, e => e.Payload is CabinetItemLent);
                Assert.Equal(residents[Array.IndexOf(outcomes, true)], ((CabinetItemLent)lent.Payload).BorrowerId);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    [Fact]
    public void The_lifecycle_diagram_comes_from_the_definition()
    {
        var mermaid = CabinetLoanLifecycle.ToMermaidGraph();
        Assert.Contains("Available --> Lent", mermaid, StringComparison.Ordinal);
        Assert.Contains(CabinetLoanLifecycle.FirstInQueueGuard, CabinetLoanLifecycle.ToDotGraph(), StringComparison.Ordinal);
    }

    private async Task<List<RecordedEvent>> ReadAllAsync()
    {
        var all = new List<RecordedEvent>();
        await foreach (var e in _h.Store.ReadAllAsync())
        {
            all.Add(e);
        }

        return all;
    }
}
