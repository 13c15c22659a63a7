using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Target: a committed append through <see cref="SqliteEventStore"/> runs at ≥ 0.8× the rate of a raw
/// Microsoft.Data.Sqlite insert-and-commit of the same row at the same synchronous setting (Ratio ≤ 1.25),
/// for one event and for a batch of 100 in one transaction. The store's figure includes everything it
/// does per append: JSON serialization, the version check, SHA-256 chaining and the commit; the raw
/// baseline inserts rows serialized once up front (a prepared single-row INSERT per row, the usual way;
/// the store writes batches 16 rows per INSERT). <see cref="RawSerializeInsertCommit"/> adds the
/// serialization to the raw path, for reference. One writer, no concurrency: group commit plays no part.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class SqliteAppendBenchmarks
{
    private string _folder = string.Empty;
    private SqliteEventStore? _store;
    private SqliteBenchmarkSupport.RawWriter? _raw;
    private IReadOnlyList<EventData> _events = [];
    private long _version;

    /// <summary>Gets or sets the number of events per append (one transaction each).</summary>
    [Params(1, 100)]
    public int Events { get; set; }

    /// <summary>Gets or sets the synchronous setting, for the store and the baseline alike.</summary>
    [Params(SqliteDurability.Full, SqliteDurability.Normal)]
    public SqliteDurability Durability { get; set; }

    /// <summary>Creates a fresh store file.</summary>
    [GlobalSetup(Target = nameof(StoreAppend))]
    public void SetupStore()
    {
        _folder = SqliteBenchmarkSupport.NewFolder();
        _events = SqliteBenchmarkSupport.Events(Events);
        _store = SqliteBenchmarkSupport.OpenStore(_folder, Durability);
        _version = 0;
    }

    /// <summary>Creates a fresh raw file.</summary>
    [GlobalSetup(Targets = [nameof(RawInsertCommit), nameof(RawSerializeInsertCommit)])]
    public void SetupRaw()
    {
        _folder = SqliteBenchmarkSupport.NewFolder();
        _raw = new SqliteBenchmarkSupport.RawWriter(_folder, Durability, SqliteBenchmarkSupport.Events(Events));
    }

    /// <summary>Closes the files and deletes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _raw?.Dispose();
        SqliteBenchmarkSupport.DeleteFolder(_folder);
    }

    /// <summary>Baseline: BEGIN, the prepared INSERT per row, COMMIT.</summary>
    /// <returns>The last position.</returns>
    [Benchmark(Baseline = true)]
    public long RawInsertCommit() => _raw!.InsertAndCommit();

    /// <summary>
    /// For reference, not the target's baseline: the raw insert-and-commit plus the JSON serialization of the
    /// same events on every call (what an application writing its own rows would also pay).
    /// </summary>
    /// <returns>The last position.</returns>
    [Benchmark]
    public long RawSerializeInsertCommit() => _raw!.SerializeInsertAndCommit();

    /// <summary>The store: AppendAsync of the events to one stream, awaited until committed.</summary>
    /// <returns>The stream version.</returns>
    [Benchmark]
    public long StoreAppend()
    {
        var result = _store!.AppendAsync("s", _version, _events).AsTask().GetAwaiter().GetResult();
        _version = result.StreamVersion;
        return _version;
    }
}
