using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Options;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>
/// Takers racing for the capacity of one resource from separate nodes (each its own <see cref="ListService"/>, read model
/// and caches; one store): the share is decided against the resource's own stream, so capacity is never exceeded.
/// </summary>
public sealed class CapacityRaceTests
{
    private const string ResourceId = "res-1";
    private const string DemandId = "dem-1";

    [Fact]
    public async Task EightTakers_RaceForTheLastOfAResource_ExactlyOneWins_AndTheLosersChangeNothing()
    {
        for (var trial = 0; trial < 100; trial++)
        {
            using var host = new ListTestHost();
            await host.ResourceAndDemandAsync(capacity: 100m, need: 60m);
            var slow = new SlowAppendStore(host.Store, trial);
            var nodes = Enumerable.Range(0, 8).Select(_ => Node(host, slow)).ToArray();
            if (trial % 2 == 0)
            {
                // Half the trials start with every node's read model and cache warm.
                await Task.WhenAll(nodes.Select(n => n.GetResourceAsync(ResourceId)));
                await Task.WhenAll(nodes.Select(n => n.ReadModel.CatchUpAsync(host.Store)));
            }

            var outcomes = await RaceAsync(nodes.Select((node, i) => (Func<Task>)(() => node.ProposeProjectAsync(Proposal($"prj-{i}", 60m)))).ToArray());

            var winner = Assert.Single(outcomes, o => o is null);
            Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(ListRejectedException.OverCapacityCode, Assert.IsType<ListRejectedException>(o).Code));
            var stream = await host.Store.ReadStreamAsync(Resource.StreamPrefix + ResourceId);
            var taken = Assert.Single(stream, e => e.Payload is ResourceShareTaken);
            Assert.DoesNotContain(stream, e => e.Payload is ResourceShareReleased);
            var projectId = ((ResourceShareTaken)taken.Payload).ProjectId;
            Assert.Equal(Array.IndexOf(outcomes, winner), int.Parse(projectId["prj-".Length..], System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < nodes.Length; i++)
            {
                Assert.Equal($"prj-{i}" == projectId, (await host.Store.ReadStreamAsync(Project.StreamPrefix + $"prj-{i}")).Count == 1);
            }

            var fresh = Node(host);
            Assert.Equal(40m, (await fresh.GetResourceAsync(ResourceId)).Remaining);
            await fresh.ReadModel.CatchUpAsync(host.Store);
            Assert.Equal(40m, fresh.ReadModel.Remaining(ResourceId));
        }
    }

    [Fact]
    public async Task EightTakers_WhereThreeFit_ExactlyThreeWin_NoneRefusedWhileRoomIsLeft()
    {
        for (var trial = 0; trial < 20; trial++)
        {
            using var host = new ListTestHost();
            await host.ResourceAndDemandAsync(capacity: 100m, need: 30m);
            var slow = new SlowAppendStore(host.Store, trial);
            var nodes = Enumerable.Range(0, 8).Select(_ => Node(host, slow)).ToArray();

            var outcomes = await RaceAsync(nodes.Select((node, i) => (Func<Task>)(() => node.ProposeProjectAsync(Proposal($"prj-{i}", 30m)))).ToArray());

            Assert.Equal(3, outcomes.Count(o => o is null));
            Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(ListRejectedException.OverCapacityCode, Assert.IsType<ListRejectedException>(o).Code));
            Assert.Equal(10m, (await Node(host).GetResourceAsync(ResourceId)).Remaining);
        }
    }

    [Fact]
    public async Task OneProposal_SentByEightNodesAtOnce_IsRecordedOnce_AndHoldsItsShare()
    {
        for (var trial = 0; trial < 40; trial++)
        {
            using var host = new ListTestHost();
            await host.ResourceAndDemandAsync(capacity: 100m, need: 60m);
            var slow = new SlowAppendStore(host.Store, trial);
            var nodes = Enumerable.Range(0, 8).Select(_ => Node(host, slow)).ToArray();

            var outcomes = await RaceAsync(nodes.Select(node => (Func<Task>)(() => node.ProposeProjectAsync(Proposal("prj-1", 60m) with { IdempotencyKey = "once" }))).ToArray());

            Assert.All(outcomes, o => Assert.True(o is null or WorkflowConcurrencyException, o?.ToString()));
            Assert.Single(await host.Store.ReadStreamAsync(Project.StreamPrefix + "prj-1"));
            var resource = await Node(host).GetResourceAsync(ResourceId);
            Assert.Equal(new Dictionary<string, decimal> { ["prj-1"] = 60m }, resource.Shares);
            Assert.Equal(40m, resource.Remaining);
        }
    }

    [Fact]
    public async Task ACapacityCut_RacingAProposal_NeverLeavesLessThanIsHeld()
    {
        for (var trial = 0; trial < 50; trial++)
        {
            using var host = new ListTestHost();
            await host.ResourceAndDemandAsync(capacity: 100m, need: 60m);
            var slow = new SlowAppendStore(host.Store, trial);
            var a = Node(host, slow);
            var b = Node(host, slow);
            await a.GetResourceAsync(ResourceId);
            await b.GetResourceAsync(ResourceId);

            await RaceAsync(
                () => a.ProposeProjectAsync(Proposal("prj-a", 60m)),
                () => b.ChangeResourceAsync(new ChangeResource(ResourceId, ListTestHost.Enterprise, ListTestHost.Funds(50m)) { Reason = "减少认捐" }));

            var resource = await Node(host).GetResourceAsync(ResourceId);
            Assert.True(resource.Held <= resource.Capacity.Amount, $"{resource.Held} held of {resource.Capacity}");
        }
    }

    [Fact]
    public async Task ACancelledProject_GivesItsShareBack_InTheResourcesStream()
    {
        using var host = new ListTestHost();
        var projectId = await host.ProposedAsync(share: 100_000m);
        Assert.Equal(50_000m, (await host.Service.GetResourceAsync(ResourceId)).Remaining);

        await host.Service.ExecuteAsync(new CancelProject(projectId, ListTestHost.Secretary) { Reason = "企业撤回" });

        var resource = await Node(host).GetResourceAsync(ResourceId);
        Assert.Equal((150_000m, 0m), (resource.Remaining, resource.Held));
        Assert.Empty(resource.Shares);
        var stream = await host.Store.ReadStreamAsync(Resource.StreamPrefix + ResourceId);
        Assert.Equal(["ResourceRegistered", "ResourceShareTaken", "ResourceShareReleased"], stream.Select(e => e.Payload.GetType().Name));
        Assert.All(stream.Skip(1), e => Assert.NotNull(e.Metadata.Reason));
    }

    [Fact]
    public async Task AShareLeftBehindByACrashAfterACancellation_IsGivenBack_ByTheNextProposal()
    {
        using var host = new ListTestHost();
        var projectId = await host.ProposedAsync(share: 150_000m);

        // The cancellation reaches the project's stream, the release never reaches the resource's (a crash in between).
        var project = await host.Service.GetProjectAsync(projectId);
        await host.Store.AppendAsync(Project.StreamPrefix + projectId, project.Version, [new EventData(new ProjectCancelled { ProjectId = projectId, From = ProjectState.Proposed, To = ProjectState.Cancelled }, new EventMetadata(ListTestHost.Secretary, host.Clock.GetCurrentInstant(), "撤回", 1, null))]);
        var node = Node(host);
        Assert.Equal(0m, (await node.GetResourceAsync(ResourceId)).Remaining);

        await node.ProposeProjectAsync(Proposal("prj-2", 150_000m));

        var stream = await host.Store.ReadStreamAsync(Resource.StreamPrefix + ResourceId);
        Assert.Equal(["ResourceShareReleased", "ResourceShareTaken"], stream.TakeLast(2).Select(e => e.Payload.GetType().Name));
        Assert.Equal(stream[^1].Position - 1, stream[^2].Position);
        Assert.Equal(new Dictionary<string, decimal> { ["prj-2"] = 150_000m }, (await Node(host).GetResourceAsync(ResourceId)).Shares);
    }

    [Fact]
    public async Task AVetoedProposal_TakesNoShare()
    {
        using var host = new ListTestHost(b => b.AddProjectHook<VetoEveryProposal>());
        await host.ResourceAndDemandAsync();

        await Assert.ThrowsAsync<WorkflowVetoedException>(() => host.Service.ProposeProjectAsync(Proposal("prj-1", 10m)));

        var stream = await host.Store.ReadStreamAsync(Resource.StreamPrefix + ResourceId);
        Assert.Single(stream);
        Assert.Equal(150_000m, host.Service.ReadModel.Remaining(ResourceId));
    }

    /// <summary>
    /// Under any interleaving the generator can produce — rounds of concurrent proposals, cancellations and capacity
    /// changes from three nodes — the shares the resource's stream records never exceed its capacity, and they are
    /// exactly the shares of the projects that hold one.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property CapacityIsNeverExceeded_UnderConcurrentProposalsCancellationsAndCuts()
        => Prop.ForAll(Arb.From(Rounds), Arb.From(Gen.Choose(0, int.MaxValue)), (rounds, seed) => Task.Run(() => RunAsync(rounds, seed)).GetAwaiter().GetResult());

    private static readonly Gen<Op> Ops =
        from kind in Gen.Frequency((6, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
        from node in Gen.Choose(0, 2)
        from amount in Gen.Choose(1, 60)
        from pick in Gen.Choose(0, 1_000)
        select new Op(kind, node, amount, pick);

    private static readonly Gen<Op[][]> Rounds =
        from count in Gen.Choose(1, 8)
        from rounds in Gen.ArrayOf(Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Ops, n)), count)
        select rounds;

    private static async Task RunAsync(Op[][] rounds, int seed)
    {
        using var host = new ListTestHost();
        await host.Service.RegisterResourceAsync(new RegisterResource(ResourceId, ListTestHost.Enterprise, ResourceProvider.Enterprise, ListTestHost.Funds(100m)) { Reason = "企业认捐" });
        await host.Service.RaiseDemandAsync(new RaiseDemand(DemandId, ListTestHost.Worker, DemandSource.GridPatrol, ListTestHost.Park(10m)) { Reason = "排摸发现" });
        var slow = new SlowAppendStore(host.Store, seed);
        var nodes = Enumerable.Range(0, 3).Select(_ => Node(host, slow)).ToArray();
        var proposed = new List<string>();
        var next = 0;
        foreach (var round in rounds)
        {
            var actions = new List<Func<Task>>();
            foreach (var op in round)
            {
                var node = nodes[op.Node];
                switch (op.Kind)
                {
                    case 0:
                        var id = $"prj-{next++}";
                        proposed.Add(id);
                        actions.Add(() => node.ProposeProjectAsync(Proposal(id, op.Amount)));
                        break;
                    case 1 when proposed.Count > 0:
                        var victim = proposed[op.Pick % proposed.Count];
                        actions.Add(() => node.ExecuteAsync(new CancelProject(victim, ListTestHost.Secretary) { Reason = "撤回" }));
                        break;
                    default:
                        actions.Add(() => node.ChangeResourceAsync(new ChangeResource(ResourceId, ListTestHost.Enterprise, ListTestHost.Funds(op.Amount * 2)) { Reason = "调整认捐" }));
                        break;
                }
            }

            var outcomes = await RaceAsync([.. actions]);
            Assert.All(outcomes, o => Assert.True(o is null or ListRejectedException or WorkflowConcurrencyException or WorkflowRejectedException or WorkflowAggregateNotFoundException, o?.ToString()));

            var resource = await Node(host).GetResourceAsync(ResourceId);
            Assert.True(resource.Held <= resource.Capacity.Amount, $"{resource.Held} held of {resource.Capacity}");
            Assert.Equal(resource.Shares.Values.Sum(), resource.Held);
            var model = new ListsReadModel();
            await model.CatchUpAsync(host.Store);
            var holding = model.Projects().Where(p => p.HoldsShare).ToDictionary(p => p.Id, p => p.Share.Amount);
            Assert.Equal(holding.OrderBy(p => p.Key, StringComparer.Ordinal), resource.Shares.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(resource.Remaining, model.Remaining(ResourceId));
        }
    }

    private static async Task<Exception?[]> RaceAsync(params Func<Task>[] takers)
    {
        using var go = new ManualResetEventSlim();
        var tasks = takers.Select(taker => Task.Run(async () =>
        {
            go.Wait();
            try
            {
                await taker();
                return null;
            }
            catch (Exception ex) when (ex is GridGovException)
            {
                return ex;
            }
        })).ToArray();
        go.Set();
        return await Task.WhenAll(tasks);
    }

    private static ListService Node(ListTestHost host, IEventStore? store = null)
        => new(store ?? host.Store, host.Clock, host.Territory, new ListsReadModel(), [], Options.Create(new ListOptions()));

    private static ProposeProject Proposal(string id, decimal share)
        => new(id, ListTestHost.Worker, "口袋公园", "把荒地建成口袋公园", [DemandId], ResourceId, Quantity.Yuan(share)) { Reason = "联席会议" };

    private sealed record Op(int Kind, int Node, int Amount, int Pick);

    /// <summary>
    /// One store seen by every node, whose appends wait 0–3 ms (drawn from a seed) before they reach it: every taker
    /// has read and decided before the first append lands, which is the window a lost update needs.
    /// </summary>
    private sealed class SlowAppendStore(IEventStore inner, int seed) : IEventStore
    {
        private readonly Random _random = new(seed);

        public async ValueTask<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
        {
            int delay;
            lock (_random)
            {
                delay = _random.Next(4);
            }

            await Task.Delay(delay, cancellationToken);
            return await inner.AppendAsync(streamId, expectedVersion, events, cancellationToken);
        }

        public ValueTask<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, CancellationToken cancellationToken = default) => inner.ReadStreamAsync(streamId, cancellationToken);

        public IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default) => inner.ReadAllAsync(fromPosition, cancellationToken);

        public IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, CancellationToken cancellationToken = default) => inner.SubscribeAsync(fromPosition, cancellationToken);

        public ValueTask<EventLogVerification> VerifyAsync(CancellationToken cancellationToken = default) => inner.VerifyAsync(cancellationToken);
    }

    private sealed class VetoEveryProposal : IProjectHook
    {
        public ValueTask InvokeAsync(WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent> context, TransitionDelegate next)
        {
            if (context.Trigger is null)
            {
                context.Veto("test.no-proposals", "no proposals today");
                return ValueTask.CompletedTask;
            }

            return next();
        }
    }
}
