using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.PostgreSql.Tests;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlPersonalDataStoreTests
{
    private static readonly Actor Resident = new("r-1", "张三") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("D")] };
    private static readonly Actor Secretary = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    private readonly PostgreSqlServerFixture _server;

    public PostgreSqlPersonalDataStoreTests(PostgreSqlServerFixture server) => _server = server;

    private ServiceProvider Open(string schema)
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 0))).UsePostgreSql(_server.ConnectionString(), o => o.Schema = schema);
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
        => new(PersonName.Parse("欧阳娜娜"), PhoneNumber.Parse("0931-8123456"), ResidentAddress.Create("B1", "1号小区1号楼2单元501"));

    [Fact]
    public async Task UsePostgreSql_KeepsTheVaultInTheDatabase_RevealEraseAndTheLogStillVerifies()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        PersonalDataRef reference;
        await using (var provider = Open(schema))
        {
            Assert.IsType<PostgreSqlPersonalDataStore>(provider.GetRequiredService<IPersonalDataStore>());
            var result = await provider.GetRequiredService<IssueService>().ReportAsync(
                new ReportIssue(Resident, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "楼道堆放杂物", "3单元楼道堆满杂物") { ReporterContact = Contact() });
            reference = ((IssueReported)result.Events[0].Payload).ReporterContact!.Value;
        }

        await using (var provider = Open(schema))
        {
            var vault = provider.GetRequiredService<IPersonalDataVault>();
            Assert.Equal("欧*** 0931-***3456 西固区 / 陈坪街道 / 先锋社区 / 1号小区 ***", (await vault.ReadMaskedAsync(reference)).ToString());
            Assert.Equal(Contact(), await vault.RevealAsync(reference, Secretary, "回访"));

            await vault.EraseAsync(reference, Secretary, "居民申请删除个人信息");

            Assert.True((await vault.ReadMaskedAsync(reference)).IsErased);
            var verification = await provider.GetRequiredService<IEventStore>().VerifyAsync();
            Assert.True(verification.IsIntact, verification.Message);
            Assert.Equal(3, verification.EventsChecked);
        }

        Assert.Equal(0L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".personal_data WHERE name IS NOT NULL OR phone IS NOT NULL OR address_detail IS NOT NULL"));
        Assert.Equal(1L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".personal_data WHERE erased_at IS NOT NULL"));
    }

    [Fact]
    public async Task Store_AddGetDiscard_RoundTripsExactly()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var store = new PostgreSqlPersonalDataStore(_server.ConnectionString(), schema);
        var reference = PersonalDataRef.New();
        var row = new StoredPersonalData(reference, Contact(), "B1", Instant.FromUtc(2026, 1, 1, 0, 0));

        await store.AddAsync(row);
        var read = await store.GetAsync(reference);
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AddAsync(row));
        await store.DiscardAsync(reference);

        Assert.Equal(row, read);
        Assert.Null(await store.GetAsync(reference));
        Assert.False(await store.EraseAsync(reference, Instant.FromUtc(2026, 1, 2, 0, 0)));
    }

    [Fact]
    public async Task Store_ANewerPersonalDataSchema_IsRefused()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using (var store = new PostgreSqlPersonalDataStore(_server.ConnectionString(), schema))
        {
            Assert.Null(await store.GetAsync(PersonalDataRef.New()));
        }

        await _server.ExecuteAsync($"UPDATE \"{schema}\".personal_data_schema SET version = 2");

        await using var again = new PostgreSqlPersonalDataStore(_server.ConnectionString(), schema);
        var ex = await Assert.ThrowsAsync<EventStoreSchemaTooNewException>(async () => await again.GetAsync(PersonalDataRef.New()));
        Assert.Equal(2, ex.FoundVersion);
    }
}
