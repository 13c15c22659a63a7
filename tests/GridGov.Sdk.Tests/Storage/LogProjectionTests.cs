using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Tests.Storage;

/// <summary>The base of every log-folded read model: in position order, once each, whatever order events are offered in.</summary>
public sealed class LogProjectionTests
{
    private static readonly Actor Clerk = new("clerk", "Clerk");

    private sealed class Recorder : LogProjection
    {
        public List<long> Applied { get; } = [];

        protected override void When(RecordedEvent recorded) => Applied.Add(recorded.Position);
    }

    private static RecordedEvent At(long position) =>
        new($"s-{position}", 1, position, new object(), new EventMetadata(Clerk, Instant.FromUtc(2026, 1, 1, 0, 0)));

    /// <summary>
    /// Offered any sequence of positions (shuffled, repeated, with holes), the projection applies exactly the
    /// contiguous prefix 1..k in order, once each; LastPosition is k, and HasGap says whether anything waits.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property AnyOfferOrder_AppliesTheContiguousPrefixInOrderOnce(int[] raw)
    {
        var offered = (raw ?? []).Select(x => (long)((Math.Abs((long)x) % 40) + 1)).ToArray();
        var projection = new Recorder();
        foreach (var p in offered)
        {
            projection.Apply(At(p));
        }

        var distinct = offered.ToHashSet();
        long k = 0;
        while (distinct.Contains(k + 1))
        {
            k++;
        }

        var expected = Enumerable.Range(1, (int)k).Select(i => (long)i).ToList();
        return (projection.Applied.SequenceEqual(expected)
                && projection.LastPosition == k
                && projection.HasGap == distinct.Any(p => p > k))
            .Label($"offered [{string.Join(",", offered)}]: applied [{string.Join(",", projection.Applied)}], last {projection.LastPosition}, gap {projection.HasGap}");
    }

    [Fact]
    public async Task CatchUp_FillsTheGap_FromTheStore()
    {
        var store = new InMemoryEventStore();
        var recorded = new List<RecordedEvent>();
        for (var i = 0; i < 5; i++)
        {
            var result = await store.AppendAsync($"s{i}", 0, [new EventData(new object(), new EventMetadata(Clerk, Instant.FromUtc(2026, 1, 1, 0, 0)))]);
            recorded.AddRange(result.Events);
        }

        var projection = new Recorder();
        projection.Apply(recorded[3]);
        projection.Apply(recorded[4]);
        Assert.True(projection.HasGap);
        Assert.Equal(0, projection.LastPosition);

        await projection.CatchUpAsync(store);
        Assert.Equal([1L, 2, 3, 4, 5], projection.Applied);
        Assert.False(projection.HasGap);
        Assert.Equal(5, projection.LastPosition);
    }

    [Fact]
    public void Apply_Null_Throws() => Assert.Throws<ArgumentNullException>(() => new Recorder().Apply(null!));
}
