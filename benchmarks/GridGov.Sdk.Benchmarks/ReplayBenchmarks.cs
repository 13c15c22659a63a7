using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Projections: replaying a 1,000,000-event log into the indicator projection
/// (<see cref="IssueReadModel.ReplayAsync"/>), with the rate and the bytes per event on disk. The setup
/// writes a SQLite store of issues with seven events each (reported, accepted, claimed, work started,
/// resolved, closed, rated), one issue per append (a batch of 7), from several concurrent appenders so
/// group commit keeps the setup short; then it prints the file size and the bytes per event.
/// </summary>
/// <remarks>
/// <para>Baseline: <see cref="RawReadAllRows"/>, one plain Microsoft.Data.Sqlite SELECT of the same columns
/// in position order, reading every value of every row (blobs as byte arrays, as the store does). The SDK row
/// adds what a replay costs over that: paging, JSON deserialization of payload and metadata, the
/// <see cref="RecordedEvent"/> objects and the projection's apply.</para>
/// <para>The event count is <c>GRIDGOV_BENCH_REPLAY_EVENTS</c> (default 1,000,000); the issue count is that
/// divided by 7, rounded up. Figures are per whole replay, not per event.</para>
/// <para>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</para>
/// </remarks>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    /// <summary>The environment variable that overrides the event count.</summary>
    public const string EventsVariable = "GRIDGOV_BENCH_REPLAY_EVENTS";

    /// <summary>The default event count.</summary>
    public const int DefaultEvents = 1_000_000;

    /// <summary>Events per issue.</summary>
    public const int EventsPerIssue = 7;

    private const int Appenders = 16;

    private static readonly Instant YearStart = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly Instant YearEnd = Instant.FromUtc(2026, 1, 1, 0, 0);
    private static readonly Actor Worker = new("gw-1", "网格员王");
    private static readonly Actor Secretary = new("sec-1", "社区书记李");
    private static readonly Actor PartyMember = new("pm-1", "党员赵");
    private static readonly Actor Resident = new("r-1", "居民张");
    private static readonly string[] Categories = ["environment", "sanitation", "public-safety", "facilities", "neighbourhood-dispute", "greening"];

    private string _folder = string.Empty;
    private string _path = string.Empty;
    private SqliteEventStore? _store;
    private string _readConnectionString = string.Empty;
    private int _issues;
    private long _events;

    /// <summary>Writes the store file, prints its size, and opens the store for reading.</summary>
    [GlobalSetup]
    public void GlobalSetup()
    {
        var requested = DefaultEvents;
        var variable = Environment.GetEnvironmentVariable(EventsVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            requested = int.Parse(variable, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (requested < EventsPerIssue)
            {
                throw new InvalidOperationException($"{EventsVariable} must be at least {EventsPerIssue}, not {requested}.");
            }
        }

        _issues = (requested + EventsPerIssue - 1) / EventsPerIssue;
        _events = (long)_issues * EventsPerIssue;
        _folder = SqliteBenchmarkSupport.NewFolder();
        _path = Path.Combine(_folder, "replay.db");

        var hierarchy = IssueBenchmarkData.BuildDistrict();
        var places = hierarchy.Nodes.Where(n => n.Kind == GridNodeKind.Compound).ToArray();
        var handling = places.Select(p => p.Parent!.Value.Code).ToArray();
        var placeCodes = places.Select(p => p.Code).ToArray();

        var watch = Stopwatch.StartNew();
        using (var writer = new SqliteEventStore(new SqliteEventStoreOptions { Path = _path, Durability = SqliteDurability.Normal }))
        {
            var next = -1;
            var workers = Enumerable.Range(0, Appenders).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < _issues)
                {
                    var p = i % placeCodes.Length;
                    var id = new IssueId(string.Create(CultureInfo.InvariantCulture, $"{i:x8}00000000000000000000000a"));
                    await writer.AppendAsync(id.StreamId, 0, Lifecycle(id, i, _issues, placeCodes[p], handling[p])).ConfigureAwait(false);
                }
            })).ToArray();
            Task.WaitAll(workers);
            if (writer.LastPosition != _events)
            {
                throw new InvalidOperationException($"Expected {_events} events in the store, found {writer.LastPosition}.");
            }
        }

        // Disposing the store checkpoints the write-ahead log into the database file.
        SqliteConnection.ClearAllPools();
        var written = watch.Elapsed;
        var db = new FileInfo(_path).Length;
        var wal = File.Exists(_path + "-wal") ? new FileInfo(_path + "-wal").Length : 0;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Replay setup: {_issues:N0} issues × {EventsPerIssue} = {_events:N0} events written in {written.TotalSeconds:F1} s ({_events / written.TotalSeconds:N0} events/s, {Appenders} appenders, Durability Normal)."));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Replay file: db {db:N0} B + wal {wal:N0} B = {db + wal:N0} B; {(double)(db + wal) / _events:F1} bytes per event on disk."));

        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using (var connection = new SqliteConnection(_readConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT avg(length(CAST(stream_id AS BLOB))), avg(length(CAST(type AS BLOB))), avg(length(payload)), avg(length(metadata)), avg(length(prev_stream_hash) + length(prev_log_hash) + length(hash)) FROM events";
            using var reader = command.ExecuteReader();
            reader.Read();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// Replay row averages (bytes): stream_id {reader.GetDouble(0):F1}, type {reader.GetDouble(1):F1}, payload {reader.GetDouble(2):F1}, metadata {reader.GetDouble(3):F1}, three hashes {reader.GetDouble(4):F1}."));
        }

        _store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _path, Durability = SqliteDurability.Normal });

        // Check once that the projection sees every issue in the year and every one closed.
        var model = new IssueReadModel();
        model.ReplayAsync(_store).GetAwaiter().GetResult();
        var indicators = model.Compute(hierarchy, "D", new Interval(YearStart, YearEnd));
        if (model.Count != _issues || indicators.Found != _issues)
        {
            throw new InvalidOperationException($"Expected {_issues} issues after the replay, found {model.Count} ({indicators.Found} in the window).");
        }

        Console.WriteLine($"// Replay check passed: {model.Count:N0} issues; district: {indicators}");
    }

    /// <summary>Closes the store and deletes the temp folder.</summary>
    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _store?.Dispose();
        _store = null;
        SqliteBenchmarkSupport.DeleteFolder(_folder);
    }

    /// <summary>Baseline: every row of the log read with plain Microsoft.Data.Sqlite, every value touched.</summary>
    /// <returns>A checksum over the values, so nothing is skipped.</returns>
    [Benchmark(Baseline = true)]
    public long RawReadAllRows()
    {
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, stream_id, stream_version, type, payload, metadata, prev_stream_hash, prev_log_hash, hash FROM events ORDER BY position";
        using var reader = command.ExecuteReader();
        long sum = 0;
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            sum += reader.GetInt64(0);
            sum += reader.GetString(1).Length;
            sum += reader.GetInt64(2);
            sum += reader.GetString(3).Length;
            sum += reader.GetFieldValue<byte[]>(4).Length;
            sum += reader.GetFieldValue<byte[]>(5).Length;
            sum += reader.GetFieldValue<byte[]>(6).Length;
            sum += reader.GetFieldValue<byte[]>(7).Length;
            sum += reader.GetFieldValue<byte[]>(8).Length;
        }

        if (rows != _events)
        {
            throw new InvalidOperationException($"Expected {_events} rows, read {rows}.");
        }

        return sum;
    }

    /// <summary>The SDK: a new <see cref="IssueReadModel"/> rebuilt from the whole log of the store.</summary>
    /// <returns>The number of issues.</returns>
    [Benchmark]
    public int ReplayIntoIndicatorProjection()
    {
        var model = new IssueReadModel();
        model.ReplayAsync(_store!).GetAwaiter().GetResult();
        var count = model.Count;
        if (count != _issues)
        {
            throw new InvalidOperationException($"Expected {_issues} issues after the replay, found {count}.");
        }

        return count;
    }

    /// <summary>The seven events of one issue's ordinary life, reported during 2025.</summary>
    private static EventData[] Lifecycle(IssueId id, int i, int issues, string place, string handlingNode)
    {
        var reported = YearStart + Duration.FromTicks((long)((double)i / issues * (YearEnd - YearStart - Duration.FromDays(2)).TotalTicks));
        var urgent = i % 10 == 0;
        var respondLimit = urgent ? Duration.FromHours(2) : Duration.FromHours(24);
        var resolveLimit = urgent ? Duration.FromDays(1) : Duration.FromDays(5);
        var accepted = reported + Duration.FromMinutes(10 + (i % 50));
        var claimed = accepted + Duration.FromMinutes(30 + (i % 120));
        var started = claimed + Duration.FromMinutes(15);
        var resolved = started + Duration.FromHours(3 + (i % 30));
        var closed = resolved + Duration.FromHours(2);
        var rated = closed + Duration.FromHours(1 + (i % 5));
        var resolveDeadline = claimed + resolveLimit;
        var rating = (i % 20) switch
        {
            0 => IssueRating.Dissatisfied,
            < 5 => IssueRating.BasicallySatisfied,
            _ => IssueRating.Satisfied,
        };

        return
        [
            new EventData(
                new IssueReported(
                    Categories[i % Categories.Length],
                    urgent ? IssuePriority.Urgent : IssuePriority.Normal,
                    (IssueSource)(i % 5),
                    place,
                    handlingNode,
                    "楼道堆放杂物",
                    "3单元楼道内长期堆放纸箱和旧家具，影响通行和消防安全。",
                    i % 3 == 0 ? null : $"r-{i % 5000}",
                    1)
                { IssueId = id, From = IssueState.Reported, To = IssueState.Reported, Deadline = reported + Duration.FromHours(4) },
                new EventMetadata(Worker, reported, null, 1, $"report-{i}")),
            new EventData(
                new IssueAccepted { IssueId = id, From = IssueState.Reported, To = IssueState.Accepted, Deadline = accepted + respondLimit },
                new EventMetadata(Secretary, accepted, "属实，立案")),
            new EventData(
                new IssueClaimed($"pm-{i % 800}", ClaimantKind.PartyMember) { IssueId = id, From = IssueState.Accepted, To = IssueState.Claimed, Deadline = resolveDeadline },
                new EventMetadata(PartyMember, claimed)),
            new EventData(
                new IssueWorkStarted { IssueId = id, From = IssueState.Claimed, To = IssueState.InProgress, Deadline = resolveDeadline },
                new EventMetadata(PartyMember, started)),
            new EventData(
                new IssueResolved("已联系住户清理，楼道恢复畅通。", [$"photo/{id.Value}/after-1.jpg", $"photo/{id.Value}/after-2.jpg"]) { IssueId = id, From = IssueState.InProgress, To = IssueState.Resolved, Deadline = resolved + Duration.FromDays(2) },
                new EventMetadata(PartyMember, resolved)),
            new EventData(
                new IssueClosed(resolved <= resolveDeadline) { IssueId = id, From = IssueState.Resolved, To = IssueState.Closed },
                new EventMetadata(Worker, closed, "现场核查通过")),
            new EventData(
                new IssueRated(rating) { IssueId = id, From = IssueState.Closed, To = IssueState.Closed },
                new EventMetadata(Resident, rated)),
        ];
    }
}
