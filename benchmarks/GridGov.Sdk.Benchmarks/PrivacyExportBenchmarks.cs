using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// The inspector's export of 100,000 events (20,000 issues × 5 events; one report in ten carries a resident's
/// contact in the vault and a phone number in its description; residents are actors). Measured:
/// <see cref="AuditExport.WriteAsync"/>, which masks actor names, scrubs reasons and every string of the payload
/// JSON, masks marked members and reads referred contacts from the vault. Baseline: the same rows written with the
/// same CsvHelper writer and the same JSON options, nothing masked and no personal-data column.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class PrivacyExportBenchmarks
{
    private const int Issues = 20_000;

    private static readonly OffsetDateTimePattern AtPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    private InMemoryEventStore _store = null!;
    private AuditExport _export = null!;
    private EventTypeRegistry _registry = null!;
    private JsonSerializerOptions _json = null!;
    private DateTimeZone _zone = null!;

    /// <summary>Fills the store and the vault.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _store = new InMemoryEventStore();
        _registry = EventTypeRegistry.CreateDefault();
        _zone = DateTimeZoneProviders.Tzdb[GridGovOptions.DefaultTimeZoneId];
        var clock = new FixedClock(Instant.FromUtc(2025, 1, 1, 0, 0));
        var rows = new InMemoryPersonalDataStore();
        var vault = new PersonalDataVault(rows, _store, new AllowNobody(), clock);
        _export = new AuditExport(_store, vault, Options.Create(new GridGovOptions()));
        var secretary = new Actor("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary };
        var worker = new Actor("gw-1", "网格员王") { Roles = ActorRoles.GridWorker };
        for (var i = 0; i < Issues; i++)
        {
            var id = IssueId.New();
            var resident = new Actor($"r-{i}", "居民" + i) { Roles = ActorRoles.Resident };
            PersonalDataRef? contact = null;
            var description = "3单元楼道堆满杂物，影响通行";
            if (i % 10 == 0)
            {
                contact = vault.StoreAsync(new PersonalContact(PersonName.Parse("张三"), PhoneNumber.Parse($"139{i:00000000}"), ResidentAddress.Create("B1", "福利东路小区3号楼2单元501")), "B1").AsTask().GetAwaiter().GetResult();
                description += $"，电话139{i:00000000}";
            }

            var at = clock.GetCurrentInstant() + Duration.FromMinutes(i);
            EventData Data(object payload, Actor actor, string? reason, int minutes) => new(payload, new EventMetadata(actor, at + Duration.FromMinutes(minutes), reason));
            _store.AppendAsync(id.StreamId, 0,
            [
                Data(new IssueReported("environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "Q1", "楼道堆放杂物", description, resident.Id, 1) { IssueId = id, ReporterContact = contact, To = IssueState.Reported }, resident, "居民反映", 0),
                Data(new IssueAccepted { IssueId = id, From = IssueState.Reported, To = IssueState.Accepted }, secretary, "社区受理", 60),
                Data(new IssueClaimed("pm-1", ClaimantKind.PartyMember) { IssueId = id, From = IssueState.Accepted, To = IssueState.Claimed }, secretary, "双报到党员认领", 120),
                Data(new IssueResolved("已清理，已电话回访", ["photo:1.jpg"]) { IssueId = id, From = IssueState.InProgress, To = IssueState.Resolved }, worker, null, 600),
                Data(new IssueClosed(true) { IssueId = id, From = IssueState.Resolved, To = IssueState.Closed }, secretary, "现场核查合格", 900),
            ]).AsTask().GetAwaiter().GetResult();
        }

        _json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        _json.Converters.Add(new JsonStringEnumConverter());
        _json.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>Baseline: the same rows, plain.</summary>
    /// <returns>The rows written.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> PlainCsv()
    {
        await using var writer = new StreamWriter(Stream.Null);
        var options = CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.Escape };
        using var csv = CsvWriter.Create(writer, options, leaveOpen: true);
        csv.WriteHeader(["position", "stream", "type", "actor_id", "actor_name", "at", "reason", "payload"]);
        var rows = 0;
        await foreach (var e in _store.ReadAllAsync())
        {
            csv.WriteField(e.Position.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(e.StreamId);
            csv.WriteField(_registry.NameOf(e.Payload.GetType()));
            csv.WriteField(e.Metadata.Actor.Id);
            csv.WriteField(e.Metadata.Actor.DisplayName);
            csv.WriteField(AtPattern.Format(e.Metadata.At.InZone(_zone).ToOffsetDateTime()));
            csv.WriteField(e.Metadata.Reason ?? string.Empty);
            csv.WriteField(JsonSerializer.Serialize(e.Payload, e.Payload.GetType(), _json));
            csv.EndRecord();
            rows++;
        }

        csv.Flush();
        return rows;
    }

    /// <summary>The SDK: the masked inspector's export.</summary>
    /// <returns>The rows written.</returns>
    [Benchmark]
    public async Task<int> MaskedAuditExport()
    {
        await using var writer = new StreamWriter(Stream.Null);
        return (await _export.WriteAsync(writer)).Rows;
    }

    private sealed class FixedClock(Instant at) : IClock
    {
        public Instant GetCurrentInstant() => at;
    }

    private sealed class AllowNobody : IPersonalDataAccessPolicy
    {
        public PersonalDataAccessDecision CanReveal(Actor actor, PersonalDataSubject subject, string purpose) => PersonalDataAccessDecision.Deny("benchmark");

        public PersonalDataAccessDecision CanErase(Actor actor, PersonalDataSubject subject, string reason) => PersonalDataAccessDecision.Deny("benchmark");
    }
}
