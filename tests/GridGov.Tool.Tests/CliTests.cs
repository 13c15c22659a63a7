using GridGov.Sdk.Committees;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Tool.Tests;

/// <summary>The gridgov command line, run in process with captured output: every command, its output and its exit code.</summary>
public sealed class CliTests : IDisposable
{
    private const string Csv = """
        code,name,kind,parent_code,retired
        620104,西固区,District,,false
        620104001,陈坪街道,Street,620104,false
        620104001001,先锋社区,Community,620104001,false
        620104001002,合水社区,Community,620104001,false
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gridgov-cli-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task GridValidate_ValidFile_SummarizesAndExitsZero()
    {
        var csv = Write("ok.csv", Csv);
        var (code, output, _) = await RunAsync("grid", "validate", csv);
        Assert.Equal(0, code);
        Assert.Contains("valid: 4 nodes under 西固区 (620104); District 1, Street 1, Community 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GridValidate_InvalidFile_ListsEveryProblemWithCodeAndLine_ExitsOne()
    {
        var csv = Write("bad.csv", Csv.Replace("620104001002,合水社区,Community,620104001", "620104001002,合水社区,Community,999", StringComparison.Ordinal) + "\n620104001001,重复社区,Community,620104001,false");
        var (code, _, error) = await RunAsync("grid", "validate", csv);
        Assert.Equal(1, code);
        Assert.Contains("grid.code-duplicate", error, StringComparison.Ordinal);
        Assert.Contains("grid.parent-missing", error, StringComparison.Ordinal);
        Assert.Contains("line 5: [grid.parent-missing]", error, StringComparison.Ordinal);
        Assert.Contains("line 6: [grid.code-duplicate]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GridConvert_CsvToJsonAndBack_IsExact()
    {
        var csv = Write("in.csv", Csv);
        var json = Path.Combine(_dir.FullName, "out.json");
        var back = Path.Combine(_dir.FullName, "back.csv");
        Assert.Equal(0, (await RunAsync("grid", "convert", csv, json)).Code);
        Assert.Equal(0, (await RunAsync("grid", "convert", json, back)).Code);
        Assert.Equal(GridHierarchyCsv.ToCsv(GridHierarchyCsv.Parse(Csv)), await File.ReadAllTextAsync(back));
    }

    [Fact]
    public async Task MissingFile_BadArguments_UnknownFormat_ExitTwoWithAMessage()
    {
        var missing = await RunAsync("grid", "validate", Path.Combine(_dir.FullName, "none.csv"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("No hierarchy file", missing.Error, StringComparison.Ordinal);

        var unknown = await RunAsync("grid", "validate", Write("x.txt", Csv));
        Assert.Equal(2, unknown.Code);
        Assert.Contains("use a .csv or .json file", unknown.Error, StringComparison.Ordinal);

        var bogus = await RunAsync("bogus");
        Assert.Equal(2, bogus.Code);
        Assert.Contains("gridgov --help", bogus.Error, StringComparison.Ordinal);

        var noStore = await RunAsync("store", "verify");
        Assert.Equal(2, noStore.Code);
        Assert.Contains("exactly one store", noStore.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagramIssues_PrintsTheDefinitionInBothFormats()
    {
        var mermaid = await RunAsync("diagram", "issues");
        Assert.Equal(0, mermaid.Code);
        Assert.Equal(new IssueWorkflow().ToMermaidGraph().TrimEnd(), mermaid.Output.TrimEnd());
        var dot = await RunAsync("diagram", "issues", "--format", "dot");
        Assert.Equal(new IssueWorkflow().ToDotGraph().TrimEnd(), dot.Output.TrimEnd());
        Assert.Equal(2, (await RunAsync("diagram", "issues", "--format", "png")).Code);
    }

    [Fact]
    public async Task StoreVerify_IntactThenTampered_ExitsZeroThenOneNamingThePosition()
    {
        var db = await SeedStoreAsync();
        var intact = await RunAsync("store", "verify", "--sqlite", db);
        Assert.Equal(0, intact.Code);
        Assert.Contains("intact: 5 events", intact.Output, StringComparison.Ordinal);

        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE events SET metadata = CAST(replace(CAST(metadata AS TEXT), '社区受理', '伪造') AS BLOB) WHERE position = 2";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var tampered = await RunAsync("store", "verify", "--sqlite", db);
        Assert.Equal(1, tampered.Code);
        Assert.Contains("TAMPERED", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("position 2", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportIssues_ReplaysTheLog_AndPrintsASubtreeWithItsChildren()
    {
        var db = await SeedStoreAsync();
        var csv = Write("grid.csv", Csv);
        var (code, output, error) = await RunAsync("report", "issues", "--sqlite", db, "--hierarchy", csv, "--subtree", "620104001", "--from", "2026-03-01", "--to", "2026-03-31");
        Assert.True(code == 0, error);
        Assert.Contains("3 issues in the log", output, StringComparison.Ordinal);
        Assert.Contains("| **陈坪街道** (620104001) | 3 |", output, StringComparison.Ordinal);
        Assert.Contains("| 先锋社区 (620104001001) | 2 |", output, StringComparison.Ordinal);
        Assert.Contains("| 合水社区 (620104001002) | 1 |", output, StringComparison.Ordinal);

        var outside = await RunAsync("report", "issues", "--sqlite", db, "--hierarchy", csv, "--from", "2026-04-01", "--to", "2026-04-30");
        Assert.Contains("| **西固区** (620104) | 0 |", outside.Output, StringComparison.Ordinal);

        var badDate = await RunAsync("report", "issues", "--sqlite", db, "--hierarchy", csv, "--from", "2026-13-01");
        Assert.Equal(2, badDate.Code);
        Assert.Contains("is not a date", badDate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportIssues_WithoutAHierarchyFile_UsesTheOneRecordedInTheStore()
    {
        var recorded = await SeedStoreAsync(recordHierarchy: true);
        var (code, output, error) = await RunAsync("report", "issues", "--sqlite", recorded, "--subtree", "620104001", "--from", "2026-03-01", "--to", "2026-03-31");
        Assert.True(code == 0, error);
        Assert.Contains("| **陈坪街道** (620104001) | 3 |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportIssues_WithoutAHierarchyAnywhere_ExitsTwoSayingSo()
    {
        var db = await SeedStoreAsync();
        var (code, _, error) = await RunAsync("report", "issues", "--sqlite", db);
        Assert.Equal(2, code);
        Assert.Contains("pass --hierarchy FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportCommittees_PrintsTheComplianceRatePerNode_AndWhatEachCommitteeMisses()
    {
        var db = Path.Combine(_dir.FullName, "committees.db");
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2026, 3, 10, 2, 0))).UseSqlite(db);
        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<GridHierarchyHolder>().Load(GridHierarchyCsv.Parse(Csv));
            var secretary = new Actor("sec-01", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("620104001")] };
            await provider.GetRequiredService<CommitteeService>().ExecuteAsync(new FormCommittee(new CommitteeId("cm-xf"), secretary, "620104001001", "先锋社区社工委", new LocalDate(2026, 1, 1)));
        }

        var (code, output, error) = await RunAsync("report", "committees", "--sqlite", db, "--hierarchy", Write("grid.csv", Csv), "--subtree", "620104001", "--date", "2026-03-10");
        Assert.True(code == 0, error);
        Assert.Contains("1 committees under 陈坪街道 (620104001) on 2026-03-10; compliant 0.00%", output, StringComparison.Ordinal);
        Assert.Contains("| 先锋社区 (620104001001) | 0 | 1 | 0.00% |", output, StringComparison.Ordinal);
        Assert.Contains("| 合水社区 (620104001002) | 0 | 0 | n/a |", output, StringComparison.Ordinal);
        Assert.Contains("- 先锋社区社工委 (620104001001): misses ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("meetings")]
    [InlineData("wishes")]
    [InlineData("projects")]
    [InlineData("mediation")]
    [InlineData("cabinet")]
    [InlineData("programmes")]
    public async Task DiagramOfEveryLifecycle_PrintsMermaidAndDot(string lifecycle)
    {
        var mermaid = await RunAsync("diagram", lifecycle);
        Assert.Equal(0, mermaid.Code);
        Assert.StartsWith("stateDiagram", mermaid.Output.TrimStart(), StringComparison.Ordinal);
        var dot = await RunAsync("diagram", lifecycle, "--format", "dot");
        Assert.Contains("digraph", dot.Output, StringComparison.Ordinal);
    }

    /// <summary>Three issues (two in 先锋, one in 合水) reported on 2026-03-10, two of them accepted: five events.</summary>
    private async Task<string> SeedStoreAsync(bool recordHierarchy = false)
    {
        var path = Path.Combine(_dir.FullName, "store.db");
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2026, 3, 10, 2, 0))).UseSqlite(path);
        await using var provider = services.BuildServiceProvider();
        var admin = new Actor("admin-01", "管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
        var holder = provider.GetRequiredService<GridHierarchyHolder>();
        if (recordHierarchy)
        {
            await holder.ImportAsync(GridHierarchyCsv.Parse(Csv), admin, "导入网格", expectedVersion: 0);
        }
        else
        {
            holder.Load(GridHierarchyCsv.Parse(Csv));
        }

        var issues = provider.GetRequiredService<IssueService>();
        var worker = new Actor("gw-01", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("620104001")] };
        var secretary = new Actor("sec-01", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("620104001")] };
        foreach (var (place, accept) in new[] { ("620104001001", true), ("620104001001", true), ("620104001002", false) })
        {
            var reported = await issues.ReportAsync(new ReportIssue(worker, "environment", IssuePriority.Normal, IssueSource.GridPatrol, place, "楼道堆放杂物", "3单元楼道堆满杂物"));
            if (accept)
            {
                await issues.ExecuteAsync(new AcceptIssue(reported.Issue.Id, secretary) { Reason = "社区受理" });
            }
        }

        return path;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GridGovCli.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
