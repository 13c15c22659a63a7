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
}
