using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.PostgreSql.Tests;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlDependencyInjectionTests
{
    private static readonly Actor Worker = new("gw-1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("C1")] };
    private static readonly Actor Secretary = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    private readonly PostgreSqlServerFixture _server;

    public PostgreSqlDependencyInjectionTests(PostgreSqlServerFixture server) => _server = server;

    [Fact]
    public async Task UsePostgreSql_ReplacesTheInMemoryStore_WithOneSingleton()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var services = new ServiceCollection();
        services.AddGridGov().UsePostgreSql(_server.ConnectionString(), o => o.Schema = schema);
        await using var provider = services.BuildServiceProvider();
        var store = Assert.IsType<PostgreSqlEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.Same(store, provider.GetRequiredService<PostgreSqlEventStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        Assert.Equal(schema, store.Schema);
        var id = TestEvents.NewIssueId();
        await store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 2));
        Assert.Equal(2, (await store.ReadStreamAsync(id.StreamId)).Count);
    }

    [Fact]
    public async Task UsePostgreSql_TwiceKeepsOneRegistration_TheLastOne()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UsePostgreSql(_server.ConnectionString(), o => o.Schema = "first_one").UsePostgreSql(_server.ConnectionString(), o => o.Schema = "second_one");
        await using var provider = services.BuildServiceProvider();
        Assert.Single(services, d => d.ServiceType == typeof(PostgreSqlEventStore));
        Assert.Equal("second_one", provider.GetRequiredService<PostgreSqlEventStore>().Schema);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Bogus=yes", "gridgov", PostgreSqlEventStoreException.InvalidConnectionStringCode)]
    [InlineData("", "gridgov", PostgreSqlEventStoreException.InvalidOptionsCode)]
    [InlineData("Host=127.0.0.1", "Bad-Schema", PostgreSqlEventStoreException.InvalidOptionsCode)]
    [InlineData("Host=127.0.0.1", "pg_catalog", PostgreSqlEventStoreException.InvalidOptionsCode)]
    public void UsePostgreSql_InvalidOptions_FailAtComposition(string connectionString, string schema, string code)
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<PostgreSqlEventStoreException>(() => services.AddGridGov().UsePostgreSql(connectionString, o => o.Schema = schema));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public async Task UsePostgreSql_TakesTheEventTypeRegistryFromTheContainer()
    {
        var registry = EventTypeRegistry.CreateDefault();
        var services = new ServiceCollection();
        services.AddSingleton(registry);
        services.AddGridGov().UsePostgreSql(_server.ConnectionString(), o => o.Schema = PostgreSqlServerFixture.NewSchema());
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<PostgreSqlEventStore>();
        Assert.Same(registry, store.Options.Registry);
    }

    [Fact]
    public async Task IssueService_RunsOnThePostgreSqlStore_AndAnotherNodeSeesTheIssue()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var nodeA = Node(schema);
        await using var nodeB = Node(schema);
        var serviceA = nodeA.GetRequiredService<IssueService>();
        var reported = await serviceA.ReportAsync(new ReportIssue(Worker, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "楼道堆放杂物", "3单元楼道堆满杂物") { IdempotencyKey = "report-1" });
        await serviceA.ExecuteAsync(new AcceptIssue(reported.Issue.Id, Secretary));

        // Node B, sharing the database, reads the same issue from the log.
        var issue = await nodeB.GetRequiredService<IssueService>().GetAsync(reported.Issue.Id);
        Assert.Equal(IssueState.Accepted, issue.State);
        Assert.Equal(2, issue.Version);

        // A re-delivered report lands on the same stream on node B and is recognised as a duplicate.
        var again = await nodeB.GetRequiredService<IssueService>().ReportAsync(new ReportIssue(Worker, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "楼道堆放杂物", "3单元楼道堆满杂物") { IdempotencyKey = "report-1" });
        Assert.True(again.WasDuplicate);
        var verification = await nodeB.GetRequiredService<IEventStore>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(2, verification.EventsChecked);
    }

    private ServiceProvider Node(string schema)
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 0))).UsePostgreSql(_server.ConnectionString(), o => o.Schema = schema);
        var provider = services.BuildServiceProvider();
        var territory = provider.GetRequiredService<GridHierarchyHolder>();
        territory.Load(new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
            .Add("Q1", "1号小区", GridNodeKind.Compound, "C1")
            .Add("B1", "1号楼", GridNodeKind.Building, "Q1")
            .Build());
        return provider;
    }
}
