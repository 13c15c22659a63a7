using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using NodaTime;

namespace GridGov.Sdk.Tests.Privacy;

public sealed class AuditExportTests
{
    private static List<List<string>> Rows(string csv) => CsvText.Lines(csv).Select(CsvText.Fields).ToList();

    private static async Task<(PrivacyTestHost Host, Issue Issue, PersonalDataRef Ref)> ReportedAsync()
    {
        var host = new PrivacyTestHost();
        var (issue, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact(), description: "张三家门口堆满杂物，电话13812345678");
        host.Host.Clock.AdvanceHours(2);
        await host.Issues.ExecuteAsync(new RejectIssue(issue.Id, PrivacyTestHost.Secretary) { Reason = "已电话联系 138 1234 5678，身份证620102199001011234" });
        return (host, issue, reference);
    }

    [Fact]
    public async Task ToCsvAsync_MasksTheActorTheReasonThePayloadAndTheContact()
    {
        var (host, issue, _) = await ReportedAsync();
        using var _ = host;

        var rows = Rows(await host.Export.ToCsvAsync());

        Assert.Equal(AuditExport.Header, string.Join(",", rows[0]));
        Assert.Equal(3, rows.Count);
        var reported = rows[1];
        Assert.Equal(["1", issue.Id.StreamId, "issue.reported", "r-1", "张*", "2026-03-02T09:00:00+08:00", string.Empty], reported.Take(7));
        Assert.Contains("电话138****5678", reported[7], StringComparison.Ordinal);
        Assert.Contains("\"reporterContact\":\"pd-", reported[7], StringComparison.Ordinal);
        Assert.Equal("张* 138****5678 西固区 / 陈坪街道 / 先锋社区 / 1号小区 ***", reported[8]);
        var rejected = rows[2];
        Assert.Equal(["2", issue.Id.StreamId, "issue.rejected", "sec-1", "社区书记李", "2026-03-02T11:00:00+08:00", "已电话联系 138****5678，身份证620102********1234"], rejected.Take(7));
        var all = string.Join("\n", rows.Select(r => string.Join(",", r)));
        Assert.DoesNotContain("13812345678", all, StringComparison.Ordinal);
        Assert.DoesNotContain("2单元501", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToCsvAsync_Query_SelectsByStreamActorAndWindow()
    {
        var (host, issue, reference) = await ReportedAsync();
        using var _ = host;
        await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, "回访");

        var byActor = Rows(await host.Export.ToCsvAsync(new AuditExportQuery { ActorId = "sec-1" }));
        var byStream = Rows(await host.Export.ToCsvAsync(new AuditExportQuery { StreamPrefix = PersonalDataEvents.StreamPrefix }));
        var start = Issues.IssueTestHost.Start;
        var byWindow = Rows(await host.Export.ToCsvAsync(new AuditExportQuery { Window = new Interval(start, start + Duration.FromHours(1)) }));

        Assert.Equal(["issue.rejected", "personal-data.revealed"], byActor.Skip(1).Select(r => r[2]));
        Assert.Equal(["personal-data.revealed"], byStream.Skip(1).Select(r => r[2]));
        Assert.Equal(["issue.reported"], byWindow.Skip(1).Select(r => r[2]));
        Assert.Equal([issue.Id.StreamId], Rows(await host.Export.ToCsvAsync(new AuditExportQuery { StreamId = issue.Id.StreamId })).Skip(1).Select(r => r[1]).Distinct());
    }

    [Fact]
    public async Task WriteAsync_WithAnAllowedReveal_ShowsTheContactAndRecordsEachReveal()
    {
        var (host, _, reference) = await ReportedAsync();
        using var _ = host;
        using var writer = new StringWriter();

        var summary = await host.Export.WriteAsync(writer, reveal: new AuditExportReveal(PrivacyTestHost.Secretary, "纪检核查"));

        var rows = Rows(writer.ToString());
        Assert.Equal(new AuditExportSummary(2, 1, 0, 0), summary);
        Assert.Equal("张三 13812345678 1号小区1号楼2单元501", rows[1][8]);
        Assert.Equal(3, rows.Count);
        var record = Assert.IsType<PersonalDataRevealed>(Assert.Single(await host.Store.ReadStreamAsync(reference.StreamId)).Payload);
        Assert.Equal("纪检核查", record.Purpose);
    }

    [Fact]
    public async Task WriteAsync_WithARefusedReveal_KeepsTheContactMaskedAndRecordsTheRefusal()
    {
        var (host, _, reference) = await ReportedAsync();
        using var _ = host;
        using var writer = new StringWriter();

        var summary = await host.Export.WriteAsync(writer, reveal: new AuditExportReveal(PrivacyTestHost.GridWorker, "看看"));

        Assert.Equal(1, summary.Refused);
        Assert.DoesNotContain("13812345678", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("(reveal refused)", writer.ToString(), StringComparison.Ordinal);
        Assert.IsType<PersonalDataRevealRefused>(Assert.Single(await host.Store.ReadStreamAsync(reference.StreamId)).Payload);
    }

    [Fact]
    public async Task ToCsvAsync_AfterErasure_ShowsTheErasedMarker()
    {
        var (host, _, reference) = await ReportedAsync();
        using var _ = host;
        await host.Vault.EraseAsync(reference, PrivacyTestHost.Secretary, "居民申请删除");

        var rows = Rows(await host.Export.ToCsvAsync(new AuditExportQuery { StreamPrefix = "issue-" }));

        Assert.Equal(PersonalDataMask.ErasedMarker, rows[1][8]);
    }

    [Fact]
    public async Task ToCsvAsync_AnIntegratorsEventWithMarkedMembers_IsMaskedByKind()
    {
        var store = new InMemoryEventStore();
        var vault = new PersonalDataVault(new InMemoryPersonalDataStore(), store, new NobodyMayReveal(), new NodaTime.Testing.FakeClock(Issues.IssueTestHost.Start));
        var export = new AuditExport(store, vault);
        var visit = new HomeVisit("张三丰", "13812345678", "620102199001011234", new HomeVisitNotes(["回访 13912345678", "无异常"]));
        await store.AppendAsync("visit-1", 0, [new EventData(visit, new EventMetadata(PrivacyTestHost.Secretary, Issues.IssueTestHost.Start, "入户走访"))]);

        var rows = Rows(await export.ToCsvAsync());

        var payload = rows[1][7];
        Assert.Equal("HomeVisit", rows[1][2]);
        Assert.Contains("\"residentName\":\"张**\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"phone\":\"138****5678\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"idNumber\":\"620102********1234\"", payload, StringComparison.Ordinal);
        Assert.Contains("回访 139****5678", payload, StringComparison.Ordinal);
        Assert.Contains("无异常", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("张三丰", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToCsvAsync_AFormulaInAReason_IsEscaped()
    {
        using var host = new PrivacyTestHost();
        var issue = await host.Host.ReportAsync();
        await host.Issues.ExecuteAsync(new RejectIssue(issue.Id, PrivacyTestHost.Secretary) { Reason = "=HYPERLINK(\"http://x\")" });

        var rows = Rows(await host.Export.ToCsvAsync());

        Assert.StartsWith("'=", rows[2][6], StringComparison.Ordinal);
    }

    private sealed record HomeVisit(
        [property: PersonalData(PersonalDataKind.Name)] string ResidentName,
        [property: PersonalData(PersonalDataKind.Phone)] string Phone,
        [property: PersonalData(PersonalDataKind.IdNumber)] string IdNumber,
        HomeVisitNotes Notes);

    private sealed record HomeVisitNotes(IReadOnlyList<string> Lines);

    private sealed class NobodyMayReveal : IPersonalDataAccessPolicy
    {
        public PersonalDataAccessDecision CanReveal(GridGov.Sdk.Access.Actor actor, PersonalDataSubject subject, string purpose) => PersonalDataAccessDecision.Deny("no");

        public PersonalDataAccessDecision CanErase(GridGov.Sdk.Access.Actor actor, PersonalDataSubject subject, string reason) => PersonalDataAccessDecision.Deny("no");
    }
}
