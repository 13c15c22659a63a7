using GridGov.Sdk.Access;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Wishes;
using GridGov.Sdk.Workflows;
using Xunit;

namespace GridGov.Sdk.Tests.Wishes;

/// <summary>Many claimers race for one wish from separate nodes (separate runner caches, one store): exactly one claim wins.</summary>
public sealed class WishConcurrencyTests
{
    [Fact]
    public async Task Many_claimers_race_for_one_wish_and_exactly_one_wins()
    {
        var bed = new WishTestBed();
        var claimers = Enumerable.Range(0, 8)
            .Select(i => new Actor($"pm-{i}", $"党员{i}") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(XiguGrid.District)] })
            .ToArray();
        for (var trial = 0; trial < 100; trial++)
        {
            var id = $"R{trial}";
            await bed.PublishedAsync(id);
            var nodes = claimers.Select(_ => bed.NewNode()).ToArray();
            if (trial % 2 == 0)
            {
                // Half the trials start with every node's cache warm (they all saw it published).
                await Task.WhenAll(nodes.Select(n => n.FindAsync(id)));
            }

            using var go = new ManualResetEventSlim();
            var attempts = nodes.Select((node, i) => Task.Run(async () =>
            {
                go.Wait();
                try
                {
                    await node.ExecuteAsync(new ClaimWish(id, claimers[i], WishClaimantKind.PartyMember));
                    return claimers[i].Id;
                }
                catch (WorkflowConcurrencyException)
                {
                    return null;
                }
                catch (WishRejectedException ex) when (ex.Code == WishRejectedException.ClaimActiveCode)
                {
                    return null;
                }
            })).ToArray();
            go.Set();
            var winners = (await Task.WhenAll(attempts)).OfType<string>().ToList();

            var winner = Assert.Single(winners);
            var stream = await bed.Store.ReadStreamAsync(Wish.StreamIdOf(id));
            var claimed = Assert.Single(stream, e => e.Payload is WishClaimed);
            Assert.Equal(winner, ((WishClaimed)claimed.Payload).ClaimantId);
            Assert.Equal(winner, (await bed.NewNode().GetAsync(id)).Claim!.ClaimantId);
        }
    }
}
