using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Tests.Issues;

public sealed class IssueReadModelPositionTests
{
    [Fact]
    public async Task CatchUp_AfterOutOfOrderLiveApplies_AppliesOnlyTheMissingEvents()
    {
        using var host = new IssueTestHost();
        var a = await host.ReportAsync();
        var b = await host.ReportAsync(place: "Z1");
        await host.Service.ExecuteAsync(new AcceptIssue(a.Id, IssueTestHost.Secretary));
        var store = host.Get<IEventStore>();
        var all = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync())
        {
            all.Add(e);
        }

        var model = new IssueReadModel();
        model.Apply(all[2]);
        model.Apply(all[2]);
        Assert.Equal(0, model.LastPosition);
        await model.CatchUpAsync(store);
        Assert.Equal(3, model.LastPosition);
        Assert.Equal(2, model.Count);
        var live = host.Service.ReadModel.Compute(host.Territory.Current, "D", new Interval(null, null));
        var caughtUp = model.Compute(host.Territory.Current, "D", new Interval(null, null));
        Assert.Equal(live, caughtUp);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void Compute_AMillionFortnightResolutions_DoesNotOverflowTheDurationSums()
    {
        var model = new IssueReadModel();
        var actor = new GridGov.Sdk.Access.Actor("t", "t");
        var start = Instant.FromUtc(2025, 1, 1, 0, 0);
        long position = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            var id = new IssueId("i" + i);
            var reported = new IssueReported("x", IssuePriority.Normal, IssueSource.GridPatrol, "B1", "B1", "t", "d", null, 1) { IssueId = id };
            model.Apply(new RecordedEvent(id.StreamId, 1, ++position, reported, new EventMetadata(actor, start)));
            model.Apply(new RecordedEvent(id.StreamId, 2, ++position, new IssueClaimed("c", ClaimantKind.Unit) { IssueId = id, To = IssueState.Claimed }, new EventMetadata(actor, start)));
            model.Apply(new RecordedEvent(id.StreamId, 3, ++position, new IssueResolved("n", []) { IssueId = id, To = IssueState.Resolved }, new EventMetadata(actor, start + Duration.FromDays(15))));
        }

        using var host = new IssueTestHost();
        var indicators = model.Compute(host.Territory.Current, "D", new Interval(null, null));
        Assert.Equal(Duration.FromDays(15), indicators.AverageToResolve);
    }
}
