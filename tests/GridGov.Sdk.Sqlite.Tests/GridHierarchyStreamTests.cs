using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>The grid hierarchy kept in a SQLite file: the model test with a reopen, and the DI start-up load.</summary>
public sealed class GridHierarchyStreamTests
{
    [Property(MaxTest = 25)]
    public Property ReplayingTheReopenedFile_GivesTheLiveHierarchy_AndRefusedSetsAppendNothing()
        => Prop.ForAll(GridHierarchyStreamModel.Scripts.ToArbitrary(), script =>
        {
            using var db = new TempDatabase();
            RunAsync(db.Path, script).GetAwaiter().GetResult();
        });

    [Fact]
    public async Task UseSqlite_TheSecondContainer_LoadsTheHierarchyFromTheFile()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Instant.FromUtc(2025, 3, 1, 8, 30), Duration.FromMinutes(1));
        var clerk = new Actor("clerk-7", "王书记") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
        string exported;
        await using (var first = Container(db.Path, clock))
        {
            var holder = first.GetRequiredService<GridHierarchyHolder>();
            Assert.False(holder.IsLoaded);
            await holder.ImportAsync(GridHierarchyStreamModel.Start(), clerk, "首次导入");
            await holder.ApplyAsync(new MoveGridNode("XF", "XL"), clerk, "街道区划调整");
            exported = GridHierarchyJson.ToJson(holder.Current);
        }

        await using var second = Container(db.Path, clock);
        var reopened = second.GetRequiredService<GridHierarchyHolder>();
        Assert.True(reopened.IsPersisted);
        Assert.Equal(exported, GridHierarchyJson.ToJson(reopened.Current));
        var change = Assert.Single(reopened.History());
        Assert.Equal((clerk, "街道区划调整"), (change.Actor, change.Reason));
    }

    [Property(MaxTest = 15)]
    public Property ReplayingTheOverlayStreamsOfTheReopenedFile_GivesTheLiveOverlays()
        => Prop.ForAll(GridOverlayModel.Scripts.ToArbitrary(), script =>
        {
            using var db = new TempDatabase();
            RunOverlaysAsync(db.Path, script).GetAwaiter().GetResult();
        });

    [Fact]
    public async Task UseSqlite_TheSecondContainer_LoadsProfessionalGridsHouseholdsAndRosterFromTheFile()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Instant.FromUtc(2025, 3, 1, 8, 30), Duration.FromMinutes(1));
        var admin = new Actor("admin-1", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
        string live;
        await using (var first = Container(db.Path, clock))
        {
            var holder = first.GetRequiredService<GridHierarchyHolder>();
            await holder.ImportAsync(GridHierarchyStreamModel.Start(), admin, "首次导入");
            await holder.SetProfessionalGridsAsync([new ProfessionalGrid("PG-A", "治安网格", ProfessionalGridLevel.GrassrootsStation, "陈坪派出所", ["public-security"], ["XF"])], admin, "公安");
            await holder.SetHouseholdsAsync([new Household("h1", "XF-C1-B1")], [new UnitStaff("s1", "张三", "XF")], [new HouseholdContact("h1", "s1")], admin, "入户");
            await holder.SetCadreRosterAsync([new CadreAssignment("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF", "区住建局副局长")], admin, "包抓");
            live = GridOverlayModel.Snapshot(holder);
        }

        await using var second = Container(db.Path, clock);
        var reopened = second.GetRequiredService<GridHierarchyHolder>();
        Assert.Equal(live, GridOverlayModel.Snapshot(reopened));
        Assert.Equal((1L, 1L, 1L), (reopened.ProfessionalGridsVersion, reopened.HouseholdsVersion, reopened.CadreRosterVersion));
        Assert.Equal("s1", reopened.Households!.ContactOf("h1")!.Id);
        Assert.True((await second.GetRequiredService<IEventStore>().VerifyAsync()).IsIntact);
    }

    private static async Task RunOverlaysAsync(string path, GridOverlayModel.Step[] script)
    {
        var store = new SqliteEventStore(path);
        IEventStore? reopened = null;
        try
        {
            await GridOverlayModel.RunAsync(store, async s =>
            {
                await store.DisposeAsync();
                reopened = new SqliteEventStore(path);
                return reopened;
            }, script);
        }
        finally
        {
            await store.DisposeAsync();
            if (reopened is SqliteEventStore r)
            {
                await r.DisposeAsync();
            }
        }
    }

    private static ServiceProvider Container(string path, IClock clock)
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(clock).UseSqlite(path, o => o.Durability = SqliteDurability.Normal);
        return services.BuildServiceProvider();
    }

    private static async Task RunAsync(string path, GridHierarchyStreamModel.SetSpec[] script)
    {
        var store = new SqliteEventStore(path);
        IEventStore? reopened = null;
        try
        {
            await GridHierarchyStreamModel.RunAsync(store, async s =>
            {
                await store.DisposeAsync();
                reopened = new SqliteEventStore(path);
                return reopened;
            }, script);
        }
        finally
        {
            await store.DisposeAsync();
            if (reopened is SqliteEventStore r)
            {
                await r.DisposeAsync();
            }
        }
    }
}
