using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.PostgreSql;
using GridGov.Sdk.PostgreSql.TestServer;
using GridGov.Sdk.Storage;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Target: a single-event append through <see cref="PostgreSqlEventStore"/> runs at ≥ 0.8× the rate of a raw
/// Npgsql insert-and-commit of the same row into a table of the same shape (<c>LIKE events INCLUDING ALL</c>),
/// on the same server, in the same run. The store's append is one round trip too, but it also serializes the
/// event, checks the version, takes the log head's row lock, hashes on the server, moves the head and notifies.
/// </summary>
/// <remarks>
/// <para>Both measurements run in this process (in-process toolchain), against one throwaway PostgreSQL server
/// that the first setup starts (<see cref="PostgreSqlTestServer"/>, durable settings: fsync and synchronous commit
/// on, as in production) and that stops when the process exits. Each setup gets its own fresh schema. Needs
/// Debian's postgresql package, like the PostgreSQL tests; works under <c>--job Dry</c>.</para>
/// <para>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</para>
/// </remarks>
[Config(typeof(PostgreSqlBenchmarkConfig))]
[MemoryDiagnoser]
public class PostgreSqlAppendBenchmarks
{
    private const int Streams = 64;
    private const string RawInsert = "INSERT INTO {0}.raw_events (position, stream_id, stream_version, type, payload, metadata, previous_in_stream, previous_in_log, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    private static readonly Lazy<PostgreSqlTestServer> Server = new(() => PostgreSqlTestServer.Start(durable: true), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string[] _streams = new string[Streams];
    private readonly long[] _versions = new long[Streams];
    private readonly EventData[] _events = new EventData[Streams];
    private PostgreSqlEventStore? _store;
    private NpgsqlDataSource? _raw;
    private NpgsqlDataSource? _rawPrepared;
    private string _rawInsert = string.Empty;
    private SerializedEvent _row = null!;
    private byte[] _hash = [];
    private long _position;
    private int _next;

    /// <summary>Starts (or reuses) the server, creates a fresh schema with the store's tables and a raw table of the same shape.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var server = Server.Value;
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        _store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = server.ConnectionString(), Schema = schema });
        _store.InitializeAsync().GetAwaiter().GetResult();
        _raw = NpgsqlDataSource.Create(server.ConnectionString());
        _rawPrepared = NpgsqlDataSource.Create(server.ConnectionString() + ";Max Auto Prepare=16;Auto Prepare Min Usages=2");
        using (var command = _raw.CreateCommand($"CREATE TABLE \"{schema}\".raw_events (LIKE \"{schema}\".events INCLUDING ALL)"))
        {
            command.ExecuteNonQuery();
        }

        _rawInsert = string.Format(System.Globalization.CultureInfo.InvariantCulture, RawInsert, $"\"{schema}\"");
        var at = Instant.FromUtc(2026, 3, 2, 1, 0);
        var actor = new Actor("gw-1", "网格员王");
        for (var i = 0; i < Streams; i++)
        {
            var id = IssueId.New();
            _streams[i] = id.StreamId;
            _versions[i] = 0;
            _events[i] = new EventData(
                new IssueDeadlineExtended("approver") { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = at + Duration.FromDays(3) },
                new EventMetadata(actor, at, "延期审批", 1));
        }

        _row = new EventSerializer().Serialize(_events[0]);
        _hash = EventHash.Compute([], [], _streams[0], 1, _row.Type, _row.Payload, _row.Metadata);
        _position = 0;
        _next = 0;
    }

    /// <summary>Closes the store and the raw data source (the server stops when the process exits).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _raw?.Dispose();
        _rawPrepared?.Dispose();
    }

    /// <summary>
    /// Baseline: one INSERT of the same row (pre-serialized, pre-hashed), committed (autocommit: one round trip),
    /// with Npgsql's defaults.
    /// </summary>
    /// <returns>A task.</returns>
    [Benchmark(Baseline = true)]
    public Task RawInsertAndCommit() => InsertAsync(_raw!);

    /// <summary>
    /// The same INSERT with automatic preparation on, as the store uses it: the strictest baseline (reported
    /// alongside; the target is stated against <see cref="RawInsertAndCommit"/>).
    /// </summary>
    /// <returns>A task.</returns>
    [Benchmark]
    public Task RawInsertAndCommitPrepared() => InsertAsync(_rawPrepared!);

    /// <summary>The store: <see cref="PostgreSqlEventStore.AppendAsync"/> of one event to a stream at its current version.</summary>
    /// <returns>The new stream version.</returns>
    [Benchmark]
    public async Task<long> StoreAppend()
    {
        var k = _next++ % Streams;
        var result = await _store!.AppendAsync(_streams[k], _versions[k], [_events[k]]).ConfigureAwait(false);
        _versions[k] = result.StreamVersion;
        return result.StreamVersion;
    }

    private async Task InsertAsync(NpgsqlDataSource dataSource)
    {
        var k = _next++ % Streams;
        var version = ++_versions[k];
        var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(_rawInsert, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++_position });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _streams[k] });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _row.Type });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _row.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _row.Metadata, NpgsqlDbType = NpgsqlDbType.Bytea });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = version == 1 ? [] : _hash, NpgsqlDbType = NpgsqlDbType.Bytea });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _position == 1 ? [] : _hash, NpgsqlDbType = NpgsqlDbType.Bytea });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _hash, NpgsqlDbType = NpgsqlDbType.Bytea });
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>
/// Runs the PostgreSQL benchmarks in the host process, whatever job the command line picks (a mutator job), so
/// that the baseline and the store share one throwaway server.
/// </summary>
/// <remarks>Not sealed, like the benchmarks, for BenchmarkDotNet.</remarks>
public class PostgreSqlBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public PostgreSqlBenchmarkConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
}
