using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Wishes;
using NodaTime;
using Xunit;
using static GridGov.Sdk.Tests.Wishes.WishTestBed;

namespace GridGov.Sdk.Tests.Wishes;

/// <summary>
/// Properties over arbitrary command sequences (most of them refused somewhere): a wish never has two
/// active claims, the statistics never count more fulfilled than claimed than published than posted,
/// and the read model rebuilt from the log equals the live one.
/// </summary>
public sealed class WishProperties
{
    private static readonly string[] Places = [XiguGrid.Compound, XiguGrid.Building1, XiguGrid.Primary];
    private static readonly string[] Subtrees = [XiguGrid.District, XiguGrid.Chenping, XiguGrid.Xianfeng, XiguGrid.Compound, XiguGrid.Building1, XiguGrid.Primary, XiguGrid.Xiliugou];
    private static readonly Actor[] Claimants = [Member, OtherMember, Enterprise];

    [Property(MaxTest = 150)]
    public void No_wish_ever_has_two_active_claims(int[] ops)
    {
        var bed = Run(ops);
        var active = new Dictionary<string, string>();
        foreach (var e in bed.Store.ReadAllAsync().ToBlockingEnumerable())
        {
            switch (e.Payload)
            {
                case WishClaimed c:
                    Assert.False(active.ContainsKey(c.WishId), $"{c.WishId} claimed by {c.ClaimantId} while {active.GetValueOrDefault(c.WishId)} holds an active claim");
                    active[c.WishId] = c.ClaimantId;
                    break;
                case WishClaimReleased or WishClaimExpired or WishConfirmed:
                    Assert.True(active.Remove(((WishEvent)e.Payload).WishId), "a claim ended that was not active");
                    break;
                case WishFulfilled or WishDisputed:
                    Assert.True(active.ContainsKey(((WishEvent)e.Payload).WishId), "a fulfilment or dispute without an active claim");
                    break;
            }
        }

        for (var i = 0; i < 4; i++)
        {
            var wish = bed.Service.FindAsync("W" + i).GetAwaiter().GetResult();
            if (wish is not null)
            {
                Assert.Equal(wish.State is WishState.Claimed or WishState.Fulfilled, active.ContainsKey(wish.Id));
                Assert.True(bed.Service.ReadModel.ClaimsBy(Member.Id).Concat(bed.Service.ReadModel.ClaimsBy(OtherMember.Id)).Concat(bed.Service.ReadModel.ClaimsBy(Enterprise.Id))
                    .Count(c => c.WishId == wish.Id && c.Outcome == WishClaimOutcome.Active) <= 1);
            }
        }
    }

    [Property(MaxTest = 150)]
    public void Fulfilled_never_exceeds_claimed_published_or_posted_in_any_subtree_and_window(int[] ops, byte subtree, byte from, byte length)
    {
        var bed = Run(ops);
        var start = Start + Duration.FromHours(from % 240);
        var window = new Interval(start, start + Duration.FromHours(length));
        var s = bed.Service.ReadModel.Statistics(bed.Holder.Current, Subtrees[subtree % Subtrees.Length], window);
        Assert.True(s.Confirmed <= s.Fulfilled && s.Fulfilled <= s.Claimed && s.Claimed <= s.Published && s.Published <= s.Posted, s.ToString());
        Assert.True(s.AverageTimeToClaim is null == (s.Claimed == 0) && (s.AverageTimeToClaim ?? Duration.Zero) >= Duration.Zero);

        var whole = bed.Service.ReadModel.Statistics(bed.Holder.Current, XiguGrid.District, new Interval(Start, Start + Duration.FromDays(400)));
        Assert.True(s.Posted <= whole.Posted && s.Fulfilled <= whole.Fulfilled);
    }

    [Property(MaxTest = 100)]
    public void The_read_model_rebuilt_from_the_log_equals_the_live_one(int[] ops, byte from, byte length)
    {
        var bed = Run(ops);
        var rebuilt = new WishReadModel();
        rebuilt.CatchUpAsync(bed.Store).GetAwaiter().GetResult();
        var start = Start + Duration.FromHours(from % 240);
        var window = new Interval(start, start + Duration.FromHours(length * 4));
        foreach (var subtree in Subtrees)
        {
            Assert.Equal(bed.Service.ReadModel.Statistics(bed.Holder.Current, subtree, window), rebuilt.Statistics(bed.Holder.Current, subtree, window));
        }

        foreach (var claimant in Claimants)
        {
            Assert.Equal(bed.Service.ReadModel.ClaimsBy(claimant.Id), rebuilt.ClaimsBy(claimant.Id));
            Assert.Equal(bed.Service.ReadModel.ClaimantStatistics(claimant.Id, window), rebuilt.ClaimantStatistics(claimant.Id, window));
        }

        Assert.Equal(bed.Service.ReadModel.ClaimsDue(bed.Clock.GetCurrentInstant()), rebuilt.ClaimsDue(bed.Clock.GetCurrentInstant()));
    }

    /// <summary>Decodes each int into a command on one of four wishes, by one of three claimants, then moves the clock on 0–3 days.</summary>
    private static WishTestBed Run(int[] ops)
    {
        var bed = new WishTestBed(new WishOptions { ClaimTimeLimit = Duration.FromDays(3) });
        foreach (var raw in ops ?? [])
        {
            var op = raw & int.MaxValue;
            var id = "W" + (op / 11 % 4);
            var claimant = Claimants[op / 44 % 3];
            try
            {
                Task task = (op % 11) switch
                {
                    0 => (Task)bed.Service.PostAsync(Post(id, Places[op / 11 % 3])),
                    1 => bed.Service.ExecuteAsync(new ApproveWish(id, Secretary)),
                    2 => bed.Service.ExecuteAsync(new RejectWish(id, Secretary, "不符合")),
                    3 => bed.Service.ExecuteAsync(new RequestWishChanges(id, Secretary, "请补充")),
                    4 => bed.Service.ExecuteAsync(new ResubmitWish(id, Resident, "改了", 30m)),
                    5 => bed.Service.ExecuteAsync(new ClaimWish(id, claimant, claimant == Enterprise ? WishClaimantKind.Enterprise : WishClaimantKind.PartyMember)),
                    6 => bed.Service.ExecuteAsync(new ReleaseWishClaim(id, claimant)),
                    7 => bed.Service.ExecuteAsync(Fulfil(id, claimant)),
                    8 => bed.Service.ExecuteAsync(new ConfirmWish(id, Resident)),
                    9 => bed.Service.ExecuteAsync(new DisputeWish(id, Resident, "不满意")),
                    _ => bed.Service.ExpireClaimsAsync(),
                };
                task.GetAwaiter().GetResult();
            }
            catch (GridGovException)
            {
                // Most arbitrary sequences are refused somewhere; a refusal changes nothing.
            }

            bed.Clock.Advance(Duration.FromHours(op / 132 % 4 * 24 + 1));
        }

        return bed;
    }
}
