using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Grids;

/// <summary>The grid hierarchy kept in the <c>grid-hierarchy</c> stream: import, change sets, replay, refusals.</summary>
public sealed class GridHierarchyPersistenceTests
{
    private static readonly Actor Clerk = new("clerk-7", "王书记") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 3, 1, 8, 30), Duration.FromMinutes(1));
    private readonly InMemoryEventStore _store = new(new EventSerializer());

    private GridHierarchyHolder NewHolder() => GridHierarchyStreamModel.NewHolder(_store, _clock);

    private async Task<GridHierarchyHolder> ImportedHolderAsync()
    {
        var holder = NewHolder();
        await holder.ImportAsync(GridHierarchyStreamModel.Start(), Clerk, "首次导入");
        return holder;
    }

    private async Task<IReadOnlyList<RecordedEvent>> StreamAsync() => await _store.ReadStreamAsync(GridHierarchyHolder.StreamId);

    [Fact]
    public async Task LoadFromStore_EmptyStream_LoadsNothing()
    {
        var holder = NewHolder();

        Assert.False(await holder.LoadFromStoreAsync());
        Assert.False(holder.IsLoaded);
        Assert.False(holder.IsPersisted);
    }

    [Fact]
    public async Task ImportThenChanges_AreRecordedWithWhoWhenWhy_AndReplayIntoAFreshHolder()
    {
        var holder = await ImportedHolderAsync();
        var move = await holder.ApplyAsync(new MoveGridNode("XF", "XL"), Clerk, "街道区划调整", expectedVersion: 1);
        var set = await holder.ApplyAsync([new AddGridNode("XF-C2", "新小区", GridNodeKind.Compound, "XF"), new RenameGridNode("XF-C2", "新小区（二期）")], Actor.System);

        var stream = await StreamAsync();
        Assert.Equal(3, stream.Count);
        Assert.IsType<GridHierarchyImported>(stream[0].Payload);
        Assert.Equal("首次导入", stream[0].Metadata.Reason);
        var moved = Assert.IsType<GridChangesApplied>(stream[1].Payload);
        Assert.Equal((1L, 2L), (moved.FromVersion, moved.ToVersion));
        Assert.Equal(new MoveGridNode("XF", "XL"), Assert.Single(moved.Changes));
        Assert.Equal(Clerk, stream[1].Metadata.Actor);
        Assert.Equal("街道区划调整", stream[1].Metadata.Reason);
        Assert.Equal(move.Event.At, stream[1].Metadata.At);
        Assert.Equal((2L, 4L), (((GridChangesApplied)stream[2].Payload).FromVersion, ((GridChangesApplied)stream[2].Payload).ToVersion));
        Assert.Equal(4, set.Hierarchy.Version);
        Assert.Equal(2, set.Events.Count);

        var fresh = NewHolder();
        Assert.True(await fresh.LoadFromStoreAsync());
        Assert.True(fresh.IsPersisted);
        Assert.Equal(GridHierarchyJson.ToJson(holder.Current), GridHierarchyJson.ToJson(fresh.Current));
        Assert.Equal(holder.History(), fresh.History());
        Assert.Equal("XL", fresh.Current["XF"].Parent!.Value.Code);
        Assert.Equal("新小区（二期）", fresh.Current["XF-C2"].Name);
    }

    [Fact]
    public async Task StoredForm_NamesTheEventsAndTheChangeKinds()
    {
        var serializer = new EventSerializer();
        var payload = new GridChangesApplied(3, 7,
        [
            new AddGridNode("A", "甲", GridNodeKind.Building, "P"),
            new MoveGridNode("A", "Q"),
            new RenameGridNode("A", "乙 \"quoted\""),
            new RetireGridNode("A"),
        ]);

        var stored = serializer.Serialize(new EventData(payload, new EventMetadata(Clerk, _clock.GetCurrentInstant(), "why")));
        var json = Encoding.UTF8.GetString(stored.Payload);
        var back = (GridChangesApplied)serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata).Payload;

        Assert.Equal("grid.changes-applied", stored.Type);
        Assert.Equal(
            """{"fromVersion":3,"toVersion":7,"changes":[{"change":"add-node","code":"A","name":"甲","kind":"Building","parentCode":"P"},{"change":"move-node","code":"A","newParentCode":"Q"},{"change":"rename-node","code":"A","newName":"乙 \u0022quoted\u0022"},{"change":"retire-node","code":"A"}]}""",
            json);
        Assert.Equal(payload.Changes, back.Changes);
        Assert.Equal((3L, 7L), (back.FromVersion, back.ToVersion));

        var imported = serializer.Serialize(new EventData(GridHierarchyImported.From(GridHierarchyStreamModel.Start()), new EventMetadata(Clerk, _clock.GetCurrentInstant())));
        Assert.Equal("grid.hierarchy-imported", imported.Type);
        Assert.StartsWith("""{"hierarchy":{"format":"gridgov.grid-hierarchy","formatVersion":1,"version":1,"nodes":[{"code":"XG","name":"西固区","kind":"District","parent":null}""", Encoding.UTF8.GetString(imported.Payload));
        var importedBack = (GridHierarchyImported)serializer.Deserialize(imported.Type, imported.Payload, imported.Metadata).Payload;
        Assert.Equal(GridHierarchyStreamModel.Start(), importedBack.ToHierarchy());
    }

    [Fact]
    public async Task InvalidChange_IsRefusedWithItsTypedError_AndNothingIsAppended()
    {
        var holder = await ImportedHolderAsync();
        var before = holder.Current;

        var cycle = await Assert.ThrowsAsync<GridValidationException>(() => holder.ApplyAsync(new MoveGridNode("CP", "XF-C1"), Clerk));
        var unknown = await Assert.ThrowsAsync<GridValidationException>(() => holder.ApplyAsync(new RenameGridNode("NOPE", "x"), Clerk));
        var secondBad = await Assert.ThrowsAsync<GridValidationException>(() => holder.ApplyAsync([new RenameGridNode("XF", "ok"), new RetireGridNode("XF")], Clerk));

        Assert.Equal(GridProblemCodes.MoveIntoOwnSubtree, cycle.Problems[0].Code);
        Assert.Equal(GridProblemCodes.NodeNotFound, unknown.Problems[0].Code);
        Assert.Equal(GridProblemCodes.RetireWithLiveChildren, secondBad.Problems[0].Code);
        Assert.Single(await StreamAsync());
        Assert.Same(before, holder.Current);
        Assert.Empty(holder.History());
    }

    [Fact]
    public async Task StaleExpectedVersion_IsRefused_AndNothingIsAppended()
    {
        var holder = await ImportedHolderAsync();
        await holder.ApplyAsync(new RenameGridNode("XF", "一"), Clerk, expectedVersion: 1);

        var ex = await Assert.ThrowsAsync<GridConcurrencyException>(() => holder.ApplyAsync(new RenameGridNode("XF", "二"), Clerk, expectedVersion: 1));

        Assert.Equal((1L, 2L), (ex.ExpectedVersion, ex.ActualVersion));
        Assert.Equal(2, (await StreamAsync()).Count);
        Assert.Equal("一", holder.Current["XF"].Name);
    }

    [Fact]
    public async Task AnotherProcessCameFirst_IsAConcurrencyConflict_AndTheLoserCatchesUp()
    {
        var a = await ImportedHolderAsync();
        var b = NewHolder();
        await b.LoadFromStoreAsync();
        await a.ApplyAsync(new RenameGridNode("XF", "甲改"), Clerk);

        var ex = await Assert.ThrowsAsync<GridConcurrencyException>(() => b.ApplyAsync(new RenameGridNode("HP", "乙改"), Clerk));

        Assert.IsType<StreamVersionConflictException>(ex.InnerException);
        Assert.Equal((1L, 2L), (ex.ExpectedVersion, ex.ActualVersion));
        Assert.Equal(2, (await StreamAsync()).Count);
        Assert.Equal("甲改", b.Current["XF"].Name);
        Assert.Equal("环行东路社区", b.Current["HP"].Name);
        await b.ApplyAsync(new RenameGridNode("HP", "乙改"), Clerk, expectedVersion: 2);
        Assert.Equal(3, (await StreamAsync()).Count);
    }

    [Fact]
    public async Task ConcurrentChangesInOneProcess_AreSerialized_AndAllRecorded()
    {
        var holder = await ImportedHolderAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => holder.ApplyAsync(new RenameGridNode("XF", $"名{i}"), Clerk))));

        Assert.Equal(21, (await StreamAsync()).Count);
        Assert.Equal(21, holder.Current.Version);
        var fresh = NewHolder();
        await fresh.LoadFromStoreAsync();
        Assert.Equal(holder.Current["XF"].Name, fresh.Current["XF"].Name);
    }

    [Fact]
    public async Task Reimport_ReplacesEverythingBefore_OnReplay()
    {
        var holder = await ImportedHolderAsync();
        await holder.ApplyAsync(new RenameGridNode("XF", "旧名"), Clerk);
        var census = new GridHierarchyBuilder { Version = 10 }.Add("XG", "西固区", GridNodeKind.District).Add("S9", "新街道", GridNodeKind.Street, "XG").Build();

        await holder.ImportAsync(census, Clerk, "年度普查", expectedVersion: 2);
        await holder.ApplyAsync(new RenameGridNode("S9", "新街道（更名）"), Clerk);

        var fresh = NewHolder();
        await fresh.LoadFromStoreAsync();
        Assert.Equal(11, fresh.Current.Version);
        Assert.Equal(2, fresh.Current.Count);
        Assert.Equal(GridHierarchyJson.ToJson(holder.Current), GridHierarchyJson.ToJson(fresh.Current));
    }

    [Fact]
    public async Task OncePersisted_TheInMemoryLoadAndApplyAreRefused()
    {
        var holder = await ImportedHolderAsync();

        Assert.Throws<InvalidOperationException>(() => holder.Apply(new RenameGridNode("XF", "x"), Clerk));
        Assert.Throws<InvalidOperationException>(() => holder.Load(GridHierarchyStreamModel.Start()));
        Assert.Single(await StreamAsync());
    }

    [Fact]
    public async Task ApplyAsync_BeforeImport_IsRefused_AndNothingIsAppended()
    {
        var holder = NewHolder();
        holder.Load(GridHierarchyStreamModel.Start());

        await Assert.ThrowsAsync<InvalidOperationException>(() => holder.ApplyAsync(new RenameGridNode("XF", "x"), Clerk));
        Assert.Empty(await StreamAsync());
    }

    [Fact]
    public async Task ApplyAsync_WithoutAStore_IsRefused()
    {
        var holder = new GridHierarchyHolder(_clock, Microsoft.Extensions.Options.Options.Create(new GridGovOptions()));
        holder.Load(GridHierarchyStreamModel.Start());

        await Assert.ThrowsAsync<InvalidOperationException>(() => holder.ApplyAsync(new RenameGridNode("XF", "x"), Clerk));
        await Assert.ThrowsAsync<InvalidOperationException>(() => holder.LoadFromStoreAsync());
    }

    [Fact]
    public async Task ForeignEventInTheStream_IsReported_AndNothingIsLoaded()
    {
        await _store.AppendAsync(GridHierarchyHolder.StreamId, 0, TestEventsFor.Foreign());
        var holder = NewHolder();

        var ex = await Assert.ThrowsAsync<GridHierarchyStreamException>(() => holder.LoadFromStoreAsync());

        Assert.Equal(GridHierarchyStreamException.ErrorCode, ex.Code);
        Assert.Equal(1, ex.StreamVersion);
        Assert.False(holder.IsLoaded);
    }

    [Theory]
    [InlineData("""{"hierarchy":null}""")]
    [InlineData("""{"hierarchy":{"format":"gridgov.grid-hierarchy","formatVersion":1,"version":1,"nodes":[{"code":"A","name":"甲","kind":"District","parent":"NOPE"}]}}""")]
    public async Task StoredImportThatDoesNotLoad_IsReportedAsAnInvalidStream(string payload)
    {
        var serializer = new EventSerializer();
        var (imported, _) = serializer.Deserialize("grid.hierarchy-imported", Encoding.UTF8.GetBytes(payload), serializer.Serialize(new EventData(new GridChangesApplied(1, 2, []), new EventMetadata(Clerk, _clock.GetCurrentInstant()))).Metadata);
        await _store.AppendAsync(GridHierarchyHolder.StreamId, 0, [new EventData(imported, new EventMetadata(Clerk, _clock.GetCurrentInstant()))]);
        var holder = NewHolder();

        var ex = await Assert.ThrowsAsync<GridHierarchyStreamException>(() => holder.LoadFromStoreAsync());

        Assert.IsType<GridValidationException>(ex.InnerException);
        Assert.False(holder.IsLoaded);
    }

    [Fact]
    public void ToHierarchy_WithoutADocument_IsAValidationError()
    {
        var ex = Assert.Throws<GridValidationException>(() => new GridHierarchyImported(default).ToHierarchy());

        Assert.Equal(GridProblemCodes.MalformedFile, Assert.Single(ex.Problems).Code);
    }

    [Fact]
    public async Task AddGridGov_LoadsTheHierarchyFromTheRegisteredStore()
    {
        var writer = await ImportedHolderAsync();
        await writer.ApplyAsync(new RenameGridNode("XF", "先锋社区（示范）"), Clerk);
        var services = new ServiceCollection();
        services.AddSingleton<IEventStore>(_store);
        services.AddGridGov().UseClock(_clock);
        using var provider = services.BuildServiceProvider();

        var holder = provider.GetRequiredService<GridHierarchyHolder>();

        Assert.True(holder.IsPersisted);
        Assert.Equal("先锋社区（示范）", holder.Current["XF"].Name);
        Assert.Equal(writer.History(), holder.History());
    }

    private static class TestEventsFor
    {
        public static IReadOnlyList<EventData> Foreign() => GridGov.Sdk.Testing.TestEvents.Lifecycle(GridGov.Sdk.Testing.TestEvents.NewIssueId(), 1);
    }
}
