using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Wishes;
using GridGov.Sdk.Workflows;
using NodaTime;
using Xunit;
using static GridGov.Sdk.Tests.Wishes.WishTestBed;

namespace GridGov.Sdk.Tests.Wishes;

/// <summary>The small-wish lifecycle, example by example: every path and every refusal code.</summary>
public sealed class WishServiceTests
{
    private readonly WishTestBed _bed = new();

    private WishService Wishes => _bed.Service;

    [Fact]
    public async Task A_wish_goes_from_posted_to_confirmed_and_every_step_is_an_attributed_event()
    {
        var posted = await Wishes.PostAsync(Post("W1") with { Reason = "居民自己发布" });
        Assert.Equal(WishState.Submitted, posted.Aggregate.State);
        Assert.Equal("r-1", posted.Aggregate.ResidentId);

        _bed.Clock.AdvanceHours(2);
        var approved = await Wishes.ExecuteAsync(new ApproveWish("W1", Secretary) { Reason = "符合条件" });
        Assert.Equal(WishState.Published, approved.Aggregate.State);
        Assert.Equal(_bed.Clock.GetCurrentInstant(), approved.Aggregate.FirstPublishedAt);

        _bed.Clock.AdvanceHours(24);
        var claimed = await Wishes.ExecuteAsync(new ClaimWish("W1", Member, WishClaimantKind.PartyMember));
        Assert.Equal(WishState.Claimed, claimed.Aggregate.State);
        Assert.Equal(new WishClaim("pm-1", WishClaimantKind.PartyMember, _bed.Clock.GetCurrentInstant(), _bed.Clock.GetCurrentInstant() + WishOptions.DefaultClaimTimeLimit), claimed.Aggregate.Claim);

        _bed.Clock.AdvanceHours(48);
        var fulfilled = await Wishes.ExecuteAsync(Fulfil("W1"));
        Assert.Equal(WishState.Fulfilled, fulfilled.Aggregate.State);
        Assert.Equal(["photo:https://example.org/w/1.jpg"], fulfilled.Aggregate.Fulfilment!.Evidence);

        var confirmed = await Wishes.ExecuteAsync(new ConfirmWish("W1", Resident));
        Assert.Equal(WishState.Confirmed, confirmed.Aggregate.State);
        Assert.NotNull(confirmed.Aggregate.ConfirmedAt);

        var stream = await _bed.Store.ReadStreamAsync(Wish.StreamIdOf("W1"));
        Assert.Equal(["WishPosted", "WishApproved", "WishClaimed", "WishFulfilled", "WishConfirmed"], stream.Select(e => e.Payload.GetType().Name));
        Assert.Equal([Resident.Id, Secretary.Id, Member.Id, Member.Id, Resident.Id], stream.Select(e => e.Metadata.Actor.Id));
        Assert.All(stream, e => Assert.Equal(WishWorkflow.DefinitionVersion, e.Metadata.DefinitionVersion));
        Assert.Equal("符合条件", stream[1].Metadata.Reason);

        var window = new Interval(Start, Start + Duration.FromDays(1));
        var stats = Wishes.ReadModel.Statistics(_bed.Holder.Current, XiguGrid.District, window);
        Assert.Equal(new WishStatistics(1, 1, 1, 1, 1, Duration.FromHours(24), Duration.FromHours(48), 120m), stats);
    }

    [Fact]
    public async Task Changes_asked_for_are_resubmitted_then_approved_and_a_rejection_is_final()
    {
        await Wishes.PostAsync(Post("W1"));
        await Wishes.ExecuteAsync(new RequestWishChanges("W1", Secretary, "请写明需要的型号"));
        var resubmitted = await Wishes.ExecuteAsync(new ResubmitWish("W1", Resident, "想要一台熊猫牌收音机", 150m) { Category = "appliances" });
        Assert.Equal(WishState.Submitted, resubmitted.Aggregate.State);
        Assert.Equal((1, "appliances", 150m), (resubmitted.Aggregate.Revisions, resubmitted.Aggregate.Category, resubmitted.Aggregate.EstimatedValue));
        Assert.Equal(WishState.Published, (await Wishes.ExecuteAsync(new ApproveWish("W1", Secretary))).Aggregate.State);

        await Wishes.PostAsync(Post("W2"));
        var rejected = await Wishes.ExecuteAsync(new RejectWish("W2", Secretary, "不属于小微心愿范围"));
        Assert.Equal((WishState.Rejected, "不属于小微心愿范围"), (rejected.Aggregate.State, rejected.Aggregate.ReviewNote));
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => Wishes.ExecuteAsync(new ApproveWish("W2", Secretary)));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
    }

    [Fact]
    public async Task A_grid_worker_posts_and_confirms_on_a_residents_behalf_and_the_contact_goes_to_the_vault()
    {
        var contact = new PersonalContact(PersonName.Parse("刘桂兰"), PhoneNumber.Parse("13893051234"));
        var posted = await Wishes.PostAsync(Post("W1", actor: GridWorker) with { ResidentContact = contact });
        Assert.Equal(GridWorker.Id, posted.Aggregate.PostedBy);
        var evt = (WishPosted)posted.Events[0].Payload;
        var reference = Assert.IsType<PersonalDataRef>(evt.ResidentContact);
        var json = System.Text.Json.JsonSerializer.Serialize(evt);
        Assert.DoesNotContain("13893051234", json, StringComparison.Ordinal);
        Assert.DoesNotContain("刘桂兰", json, StringComparison.Ordinal);
        Assert.Contains("138****1234", (await _bed.Vault.ReadMaskedAsync(reference)).ToString(), StringComparison.Ordinal);
        Assert.Equal(contact, await _bed.Vault.RevealAsync(reference, Secretary, "回访"));

        await Wishes.ExecuteAsync(new ApproveWish("W1", Secretary));
        await Wishes.ExecuteAsync(new ClaimWish("W1", Enterprise, WishClaimantKind.Enterprise));
        await Wishes.ExecuteAsync(Fulfil("W1", Enterprise));
        Assert.Equal(WishState.Confirmed, (await Wishes.ExecuteAsync(new ConfirmWish("W1", GridWorker) { Reason = "老人电话确认" })).Aggregate.State);
    }

    [Fact]
    public async Task A_dispute_sends_the_wish_back_to_the_same_claimant_with_a_new_time_limit()
    {
        await _bed.ClaimedAsync("W1");
        await Wishes.ExecuteAsync(Fulfil("W1"));
        _bed.Clock.AdvanceDays(3);
        var disputed = await Wishes.ExecuteAsync(new DisputeWish("W1", Resident, "收音机坏的"));
        Assert.Equal(WishState.Claimed, disputed.Aggregate.State);
        Assert.Equal("pm-1", disputed.Aggregate.Claim!.ClaimantId);
        Assert.Equal(_bed.Clock.GetCurrentInstant() + WishOptions.DefaultClaimTimeLimit, disputed.Aggregate.Claim.DueAt);
        Assert.Equal(1, disputed.Aggregate.Disputes);
        await Wishes.ExecuteAsync(Fulfil("W1"));
        Assert.Equal(WishState.Confirmed, (await Wishes.ExecuteAsync(new ConfirmWish("W1", Resident))).Aggregate.State);
        var record = Assert.Single(Wishes.ReadModel.ClaimsBy("pm-1"));
        Assert.Equal(WishClaimOutcome.Confirmed, record.Outcome);
    }

    [Fact]
    public async Task A_claim_not_fulfilled_in_time_lapses_in_the_sweep_and_the_wish_is_published_again()
    {
        await _bed.ClaimedAsync("W1");
        await _bed.ClaimedAsync("W2");
        await Wishes.ExecuteAsync(Fulfil("W2"));
        _bed.Clock.AdvanceDays(13);
        Assert.Empty(await Wishes.ExpireClaimsAsync());

        _bed.Clock.AdvanceDays(1);
        Assert.Equal(["W1"], await Wishes.ExpireClaimsAsync());
        var wish = await Wishes.GetAsync("W1");
        Assert.Equal((WishState.Published, null), (wish.State, wish.Claim));
        var last = (await _bed.Store.ReadStreamAsync(Wish.StreamIdOf("W1")))[^1];
        Assert.IsType<WishClaimExpired>(last.Payload);
        Assert.Equal(Actor.System, last.Metadata.Actor);
        Assert.Empty(await Wishes.ExpireClaimsAsync());

        // Someone else may claim it now.
        Assert.Equal(WishState.Claimed, (await Wishes.ExecuteAsync(new ClaimWish("W1", OtherMember, WishClaimantKind.PartyMember))).Aggregate.State);
        Assert.Equal(WishClaimOutcome.Expired, Assert.Single(Wishes.ReadModel.ClaimsBy("pm-1"), c => c.WishId == "W1").Outcome);
    }

    [Fact]
    public async Task The_claim_time_limit_is_configurable_per_subtree()
    {
        var options = new WishOptions { ClaimTimeLimit = Duration.FromDays(10) };
        options.ClaimTimeLimitBySubtree[XiguGrid.Compound] = Duration.FromDays(3);
        var bed = new WishTestBed(options);
        await bed.PublishedAsync("W1");
        await bed.PublishedAsync("W2", XiguGrid.Primary);
        var a = await bed.Service.ExecuteAsync(new ClaimWish("W1", Member, WishClaimantKind.PartyMember));
        var b = await bed.Service.ExecuteAsync(new ClaimWish("W2", Member, WishClaimantKind.PartyMember));
        Assert.Equal(Duration.FromDays(3), a.Aggregate.Claim!.DueAt - a.Aggregate.Claim.ClaimedAt);
        Assert.Equal(Duration.FromDays(10), b.Aggregate.Claim!.DueAt - b.Aggregate.Claim.ClaimedAt);
        bed.Clock.AdvanceDays(4);
        Assert.Equal(["W1"], await bed.Service.ExpireClaimsAsync());
        Assert.NotEmpty(new WishOptions { ClaimTimeLimit = Duration.Zero }.Validate());
    }

    [Fact]
    public async Task A_claimant_may_release_a_claim()
    {
        await _bed.ClaimedAsync("W1");
        var released = await Wishes.ExecuteAsync(new ReleaseWishClaim("W1", Member) { Reason = "出差" });
        Assert.Equal(WishState.Published, released.Aggregate.State);
        Assert.Equal(WishClaimOutcome.Released, Assert.Single(Wishes.ReadModel.ClaimsBy("pm-1")).Outcome);
        Assert.Empty(Wishes.ReadModel.ClaimsDue(_bed.Clock.GetCurrentInstant() + Duration.FromDays(100)));
    }

    [Fact]
    public async Task Claiming_a_wish_with_an_active_claim_is_refused_as_claim_active()
    {
        await _bed.ClaimedAsync("W1");
        var ex = await Assert.ThrowsAsync<WishRejectedException>(() => Wishes.ExecuteAsync(new ClaimWish("W1", OtherMember, WishClaimantKind.PartyMember)));
        Assert.Equal(WishRejectedException.ClaimActiveCode, ex.Code);
        Assert.Equal("W1", ex.WishId);
        await Wishes.ExecuteAsync(Fulfil("W1"));
        ex = await Assert.ThrowsAsync<WishRejectedException>(() => Wishes.ExecuteAsync(new ClaimWish("W1", Enterprise, WishClaimantKind.Enterprise)));
        Assert.Equal("wish.claim-active", ex.Code);
        Assert.Equal(4, (await _bed.Store.ReadStreamAsync(Wish.StreamIdOf("W1"))).Count);
    }

    public static TheoryData<string, PostWish> InvalidPosts => new()
    {
        { "empty description", Post("W1") with { Description = " " } },
        { "negative value", Post("W1", value: -1m) },
        { "value too large", Post("W1", value: 100_001m) },
        { "bad category", Post("W1") with { Category = "" } },
        { "unknown place", Post("W1", place: "nowhere") },
        { "retired place", Post("W1", place: XiguGrid.Tertiary2Retired) },
        { "empty resident", Post("W1", resident: "") },
        { "empty contact", Post("W1") with { ResidentContact = new PersonalContact() } },
        { "bad id", Post(new string('x', 65)) },
    };

    [Theory]
    [MemberData(nameof(InvalidPosts))]
    public async Task Invalid_posts_are_refused_as_command_invalid_and_record_nothing(string why, PostWish post)
    {
        var ex = await Assert.ThrowsAsync<WishRejectedException>(() => Wishes.PostAsync(post));
        Assert.True(ex.Code == WishRejectedException.InvalidCommandCode, why);
        Assert.Equal(0, _bed.Store.Count);
    }

    public static TheoryData<string, WishCommand> InvalidCommands => new()
    {
        { "reject without a note", new RejectWish("W1", Secretary, "") },
        { "changes without a note", new RequestWishChanges("W1", Secretary, " ") },
        { "resubmit with no description", new ResubmitWish("W1", Resident, "", 1m) },
        { "resubmit with a negative value", new ResubmitWish("W1", Resident, "x", -5m) },
        { "resubmit with a bad category", new ResubmitWish("W1", Resident, "x", 5m) { Category = " bad" } },
        { "undefined claimant kind", new ClaimWish("W1", Member, (WishClaimantKind)9) },
        { "fulfil without evidence", new FulfilWish("W1", Member, "done", []) },
        { "fulfil with blank evidence", new FulfilWish("W1", Member, "done", [" "]) },
        { "fulfil without a summary", new FulfilWish("W1", Member, "", ["photo"]) },
        { "dispute without a note", new DisputeWish("W1", Resident, "") },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task Invalid_commands_are_refused_as_command_invalid_and_change_nothing(string why, WishCommand command)
    {
        await _bed.ClaimedAsync("W1");
        var before = _bed.Store.Count;
        var ex = await Assert.ThrowsAsync<WishRejectedException>(() => Wishes.ExecuteAsync(command));
        Assert.True(ex.Code == WishRejectedException.InvalidCommandCode, why);
        Assert.Equal(before, _bed.Store.Count);
    }

    [Fact]
    public async Task An_unknown_wish_is_wish_not_found()
    {
        var ex = await Assert.ThrowsAsync<WishNotFoundException>(() => Wishes.ExecuteAsync(new ApproveWish("nope", Secretary)));
        Assert.Equal("wish.not-found", ex.Code);
        await Assert.ThrowsAsync<WishNotFoundException>(() => Wishes.GetAsync("nope"));
        Assert.Null(await Wishes.FindAsync("nope"));
    }

    [Fact]
    public async Task A_trigger_the_state_does_not_permit_is_refused()
    {
        await Wishes.PostAsync(Post("W1"));
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => Wishes.ExecuteAsync(new ClaimWish("W1", Member, WishClaimantKind.PartyMember)));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
        Assert.Equal("Submitted", ex.State);
        Assert.Single(await _bed.Store.ReadStreamAsync(Wish.StreamIdOf("W1")));
    }

    [Fact]
    public void Letting_a_claim_lapse_before_its_time_limit_fails_the_named_guard()
    {
        var due = Start + Duration.FromDays(14);
        var early = WishWorkflow.Definition.Decide(WishState.Claimed, WishTrigger.ExpireClaim, new WishFacts(due - Duration.FromSeconds(1), due));
        Assert.False(early.Allowed);
        Assert.Equal([WishWorkflow.ClaimOverdueGuard], early.UnmetGuards);
        Assert.True(WishWorkflow.Definition.Decide(WishState.Claimed, WishTrigger.ExpireClaim, new WishFacts(due, due)).Allowed);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_concurrency_error_and_a_second_post_of_one_id_too()
    {
        await _bed.PublishedAsync("W1");
        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => Wishes.ExecuteAsync(new ClaimWish("W1", Member, WishClaimantKind.PartyMember) { ExpectedVersion = 1 }));
        Assert.Equal((1, 2), (ex.ExpectedVersion, ex.ActualVersion));
        Assert.Equal("workflow.concurrency-conflict", ex.Code);
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => Wishes.PostAsync(Post("W1")));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_records_nothing_and_leaves_no_personal_data()
    {
        var contact = new PersonalContact(PersonName.Parse("刘桂兰"));
        var first = await Wishes.PostAsync(new PostWish(Resident, "daily-necessities", "收音机", 50m, XiguGrid.Compound, "r-1") { IdempotencyKey = "app-123", ResidentContact = contact });
        var again = await Wishes.PostAsync(new PostWish(Resident, "daily-necessities", "收音机", 50m, XiguGrid.Compound, "r-1") { IdempotencyKey = "app-123", ResidentContact = contact });
        Assert.True(again.WasDuplicate);
        Assert.Equal(first.Aggregate.Id, again.Aggregate.Id);
        Assert.StartsWith("wk", first.Aggregate.Id, StringComparison.Ordinal);
        await Wishes.ExecuteAsync(new ApproveWish(first.Aggregate.Id, Secretary) { IdempotencyKey = "a-1" });
        Assert.True((await Wishes.ExecuteAsync(new ApproveWish(first.Aggregate.Id, Secretary) { IdempotencyKey = "a-1" })).WasDuplicate);
        Assert.Equal(2, (await _bed.Store.ReadStreamAsync(Wish.StreamIdOf(first.Aggregate.Id))).Count);
    }

    [Fact]
    public async Task Residents_act_only_on_their_own_wishes()
    {
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.PostAsync(Post("W0", resident: "r-1", actor: Neighbour)));
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, ex.Code);
        Assert.Equal(0, _bed.Store.Count - (await _bed.Store.ReadStreamAsync(SecurityLog.StreamId)).Count);

        await _bed.ClaimedAsync("W1");
        await Wishes.ExecuteAsync(Fulfil("W1"));
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ConfirmWish("W1", Neighbour)));
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, refused.Code);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new DisputeWish("W1", Neighbour, "不是我的")));
        Assert.Equal(WishState.Fulfilled, (await Wishes.GetAsync("W1")).State);
        Assert.Equal(3, (await _bed.Store.ReadStreamAsync(SecurityLog.StreamId)).Count);
    }

    [Fact]
    public async Task The_review_is_the_communitys_within_its_subtree()
    {
        await Wishes.PostAsync(Post("W1"));
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ApproveWish("W1", OtherSecretary)));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        var role = await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ApproveWish("W1", GridWorker)));
        Assert.Equal(AccessDeniedException.RoleMissingCode, role.Code);
        Assert.Single(await _bed.Store.ReadStreamAsync(Wish.StreamIdOf("W1")));
    }

    [Fact]
    public async Task Only_the_claimant_fulfils_and_only_members_units_and_enterprises_claim()
    {
        await _bed.PublishedAsync("W1");
        var role = await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ClaimWish("W1", GridWorker, WishClaimantKind.PartyMember)));
        Assert.Equal(AccessDeniedException.RoleMissingCode, role.Code);
        var far = new Actor("pm-far", "外区党员") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(XiguGrid.Xiliugou)] };
        Assert.Equal(AccessDeniedException.OutOfScopeCode, (await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ClaimWish("W1", far, WishClaimantKind.PartyMember)))).Code);

        await Wishes.ExecuteAsync(new ClaimWish("W1", Member, WishClaimantKind.PartyMember));
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(Fulfil("W1", OtherMember)));
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, ex.Code);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ReleaseWishClaim("W1", OtherMember)));
    }

    [Fact]
    public async Task Permitted_triggers_answer_what_this_actor_may_do_here()
    {
        await Wishes.PostAsync(Post("W1"));
        Assert.Equal([WishTrigger.Approve, WishTrigger.Reject, WishTrigger.RequestChanges], await Wishes.GetPermittedTriggersAsync("W1", Secretary));
        Assert.Empty(await Wishes.GetPermittedTriggersAsync("W1", Member));
        await Wishes.ExecuteAsync(new ApproveWish("W1", Secretary));
        Assert.Equal([WishTrigger.Claim], await Wishes.GetPermittedTriggersAsync("W1", Member));
        await Wishes.ExecuteAsync(new ClaimWish("W1", Member, WishClaimantKind.PartyMember));
        Assert.Equal([WishTrigger.Release, WishTrigger.Fulfil], await Wishes.GetPermittedTriggersAsync("W1", Member));
        Assert.Empty(await Wishes.GetPermittedTriggersAsync("W1", OtherMember));
        Assert.Empty(await Wishes.GetPermittedTriggersAsync("W1", Actor.System));
        _bed.Clock.AdvanceDays(15);
        Assert.Equal([WishTrigger.ExpireClaim], await Wishes.GetPermittedTriggersAsync("W1", Actor.System));
    }

    [Fact]
    public async Task A_hook_may_veto_before_the_commit()
    {
        var hook = new NoLuxuryHook();
        var node = _bed.NewNode([hook]);
        await node.PostAsync(Post("W1", value: 80m));
        var ex = await Assert.ThrowsAsync<WorkflowVetoedException>(() => node.PostAsync(Post("W2", value: 5000m)));
        Assert.Equal("wish.too-expensive", ex.Code);
        Assert.Null(await node.FindAsync("W2"));
        Assert.Equal(1, hook.Committed);
    }

    [Fact]
    public async Task The_per_claimant_query_counts_what_happened_in_the_window()
    {
        await _bed.ClaimedAsync("W1");
        await _bed.ClaimedAsync("W2");
        await Wishes.ExecuteAsync(Fulfil("W1"));
        await Wishes.ExecuteAsync(new ConfirmWish("W1", Resident));
        await Wishes.ExecuteAsync(new ReleaseWishClaim("W2", Member));
        _bed.Clock.AdvanceDays(40);
        await Wishes.ExecuteAsync(new ClaimWish("W2", Member, WishClaimantKind.PartyMember));
        var firstMonth = new Interval(Start, Start + Duration.FromDays(30));
        Assert.Equal(new WishClaimantStatistics(2, 1, 1, 1, 0), Wishes.ReadModel.ClaimantStatistics("pm-1", firstMonth));
        Assert.Equal(new WishClaimantStatistics(3, 1, 1, 1, 0), Wishes.ReadModel.ClaimantStatistics("pm-1", new Interval(Start, Start + Duration.FromDays(60))));
        Assert.Equal(3, Wishes.ReadModel.ClaimsBy("pm-1").Count);
        Assert.Empty(Wishes.ReadModel.ClaimsBy("nobody"));
    }

    [Fact]
    public async Task The_read_model_rebuilt_from_the_log_equals_the_live_one()
    {
        await _bed.ClaimedAsync("W1");
        await _bed.ClaimedAsync("W2", XiguGrid.Primary);
        await _bed.PublishedAsync("W3");
        await Wishes.PostAsync(Post("W4"));
        await Wishes.ExecuteAsync(Fulfil("W1"));
        await Wishes.ExecuteAsync(new ConfirmWish("W1", Resident));
        _bed.Clock.AdvanceDays(20);
        await Wishes.ExpireClaimsAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => Wishes.ExecuteAsync(new ConfirmWish("W1", Neighbour)));

        var rebuilt = new WishReadModel();
        await rebuilt.CatchUpAsync(_bed.Store);
        await rebuilt.CatchUpAsync(_bed.Store); // a second pass changes nothing
        var window = new Interval(Start, Start + Duration.FromDays(1));
        foreach (var node in new[] { XiguGrid.District, XiguGrid.Xianfeng, XiguGrid.Compound, XiguGrid.Primary, XiguGrid.Xiliugou })
        {
            Assert.Equal(Wishes.ReadModel.Statistics(_bed.Holder.Current, node, window), rebuilt.Statistics(_bed.Holder.Current, node, window));
        }

        Assert.Equal(Wishes.ReadModel.ClaimsBy("pm-1"), rebuilt.ClaimsBy("pm-1"));
        Assert.Equal(4, rebuilt.Count);
        Assert.False(rebuilt.HasGap);
    }

    [Fact]
    public void The_event_registry_names_every_wish_event_and_they_round_trip()
    {
        var registry = EventTypeRegistry.CreateDefault();
        var types = typeof(WishEvent).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && typeof(WishEvent).IsAssignableFrom(t)).ToList();
        Assert.Equal(11, types.Count);
        Assert.All(types, t => Assert.StartsWith("wish.", registry.NameOf(t), StringComparison.Ordinal));

        var serializer = new EventSerializer(registry);
        WishEvent[] samples =
        [
            new WishPosted("c", "d", 12.5m, "XF", "r-1") { WishId = "W1", ResidentContact = PersonalDataRef.New() },
            new WishClaimed("pm-1", WishClaimantKind.Unit, Start) { WishId = "W1", From = WishState.Published, To = WishState.Claimed },
            new WishFulfilled("pm-1", "done", ["a", "b"]) { WishId = "W1", From = WishState.Claimed, To = WishState.Fulfilled },
        ];
        foreach (var payload in samples)
        {
            var stored = serializer.Serialize(new EventData(payload, new EventMetadata(Member, Start, null, 1, null)));
            var (back, _) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(payload, payload.GetType()), System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        }
    }

    private sealed class NoLuxuryHook : IWishHook
    {
        public int Committed { get; private set; }

        public async ValueTask InvokeAsync(WorkflowTransitionContext<Wish, WishTrigger, WishEvent> context, TransitionDelegate next)
        {
            if (context.Event is WishPosted { EstimatedValue: > 1000m })
            {
                context.Veto("wish.too-expensive", "小微心愿一般不超过1000元");
            }

            await next();
            Committed++;
        }
    }
}
