using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Sqlite.Tests;

public sealed class SqlitePersonalDataStoreTests : IDisposable
{
    private static readonly Actor Resident = new("r-1", "张三") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("D")] };
    private static readonly Actor Secretary = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private ServiceProvider Open()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 0))).UseSqlite(_db.Path, o => o.Durability = SqliteDurability.Normal);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<GridHierarchyHolder>().Load(new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
            .Add("Q1", "1号小区", GridNodeKind.Compound, "C1")
            .Add("B1", "1号楼", GridNodeKind.Building, "Q1")
            .Build());
        return provider;
    }

    private static PersonalContact Contact()
        => new(PersonName.Parse("欧阳娜娜"), PhoneNumber.Parse("13987654321"), ResidentAddress.Create("B1", "1号小区1号楼2单元501"));

    private static async Task<PersonalDataRef> ReportAsync(ServiceProvider provider)
    {
        var result = await provider.GetRequiredService<IssueService>().ReportAsync(
            new ReportIssue(Resident, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "楼道堆放杂物", "3单元楼道堆满杂物") { ReporterContact = Contact() });
        return ((IssueReported)result.Events[0].Payload).ReporterContact!.Value;
    }

    [Fact]
    public async Task UseSqlite_KeepsPersonalDataInTheSameFile_AcrossReopening()
    {
        PersonalDataRef reference;
        await using (var provider = Open())
        {
            Assert.IsType<SqlitePersonalDataStore>(provider.GetRequiredService<IPersonalDataStore>());
            reference = await ReportAsync(provider);
        }

        await using (var provider = Open())
        {
            var vault = provider.GetRequiredService<IPersonalDataVault>();
            Assert.Equal("欧*** 139****4321 西固区 / 陈坪街道 / 先锋社区 / 1号小区 ***", (await vault.ReadMaskedAsync(reference)).ToString());
            Assert.Equal(Contact(), await vault.RevealAsync(reference, Secretary, "回访"));
        }

        Assert.Equal(1L, _db.Scalar("SELECT version FROM personal_data_schema WHERE component = 'personal_data'"));
    }

    [Fact]
    public async Task EraseAsync_LogStillVerifies_ReferenceReadsErased_AndTheFileNoLongerHoldsTheData()
    {
        PersonalDataRef reference;
        await using (var provider = Open())
        {
            reference = await ReportAsync(provider);
            var vault = provider.GetRequiredService<IPersonalDataVault>();
            await vault.RevealAsync(reference, Secretary, "回访");

            var erased = await vault.EraseAsync(reference, Secretary, "居民申请删除个人信息");

            Assert.True(erased.IsErased);
            var verification = await provider.GetRequiredService<IEventStore>().VerifyAsync();
            Assert.True(verification.IsIntact, verification.Message);
            Assert.Equal(3, verification.EventsChecked);
        }

        await using (var provider = Open())
        {
            var vault = provider.GetRequiredService<IPersonalDataVault>();
            Assert.True((await vault.ReadMaskedAsync(reference)).IsErased);
            await Assert.ThrowsAsync<PersonalDataErasedException>(async () => await vault.RevealAsync(reference, Secretary, "回访"));
            var stream = await provider.GetRequiredService<IEventStore>().ReadStreamAsync(reference.StreamId);
            Assert.Equal(["PersonalDataRevealed", "PersonalDataErased"], stream.Select(e => e.Payload.GetType().Name));
            Assert.True((await provider.GetRequiredService<IEventStore>().VerifyAsync()).IsIntact);
        }

        // Every file of the database, log included: neither the phone nor the name nor the address line is left.
        var bytes = System.IO.Directory.GetFiles(_db.Directory).SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(-1, bytes.AsSpan().IndexOf("13987654321"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("欧阳娜娜")));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("2单元501")));
    }

    [Fact]
    public async Task ThePersonalDataTables_LeaveTheEventsTableAsItWas()
    {
        await using (var provider = Open())
        {
            await ReportAsync(provider);
        }

        var tables = new List<string>();
        using (var connection = TempDatabase.Open(_db.Path))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["events", "personal_data", "personal_data_schema"], tables);
        Assert.Equal((long)SqliteEventStore.CurrentSchemaVersion, _db.Scalar("PRAGMA user_version"));
        await using var reopened = new SqliteEventStore(_db.Path);
        Assert.True((await reopened.VerifyAsync()).IsIntact);
    }

    [Fact]
    public void Open_OnAFileThatIsNotAnEventStore_IsRefused()
    {
        _db.Sql("CREATE TABLE other (x INTEGER)");

        var ex = Assert.Throws<SqliteStoreException>(() => new SqlitePersonalDataStore(_db.Path));

        Assert.Equal(SqliteStoreException.NotAnEventStoreCode, ex.Code);
    }

    [Fact]
    public void Open_BeforeTheEventStoreCreatedTheFile_IsRefused()
    {
        var ex = Assert.Throws<SqliteStoreException>(() => new SqlitePersonalDataStore(_db.Path));

        Assert.Equal(SqliteStoreException.OpenFailedCode, ex.Code);
        Assert.False(File.Exists(_db.Path));
    }

    [Fact]
    public async Task Open_ANewerPersonalDataSchema_IsRefused()
    {
        await using (var store = new SqliteEventStore(_db.Path))
        {
            using var personal = new SqlitePersonalDataStore(store);
        }

        _db.Sql("UPDATE personal_data_schema SET version = 2");

        await using var again = new SqliteEventStore(_db.Path);
        var ex = Assert.Throws<EventStoreSchemaTooNewException>(() => new SqlitePersonalDataStore(again));
        Assert.Equal(2, ex.FoundVersion);
    }

    [Fact]
    public async Task DiscardAsync_RemovesTheRowWithoutATombstone()
    {
        await using var store = new SqliteEventStore(_db.Path);
        using var personal = new SqlitePersonalDataStore(store);
        var reference = PersonalDataRef.New();
        await personal.AddAsync(new StoredPersonalData(reference, Contact(), "B1", Instant.FromUtc(2026, 1, 1, 0, 0)));

        await personal.DiscardAsync(reference);

        Assert.Null(await personal.GetAsync(reference));
        Assert.False(await personal.EraseAsync(reference, Instant.FromUtc(2026, 1, 2, 0, 0)));
    }
}
