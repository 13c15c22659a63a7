using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Target: with 8 concurrent writers (each appending single events to its own stream, awaiting each append)
/// the store commits ≥ 3× as many appends per second as one writer alone, at full durability: group commit
/// lets the writers share each flush to the disk. Both figures are per append (OperationsPerInvoke), so
/// Ratio ≤ 0.33 meets the target.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
public class SqliteGroupCommitBenchmarks
{
    private const int Appends = 400;
    private const int Writers = 8;

    private string _folder = string.Empty;
    private SqliteEventStore? _store;
    private IReadOnlyList<EventData> _event = [];
    private long[] _versions = [];

    /// <summary>Creates a fresh store file.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = SqliteBenchmarkSupport.NewFolder();
        _store = SqliteBenchmarkSupport.OpenStore(_folder, SqliteDurability.Full);
        _event = SqliteBenchmarkSupport.Events(1);
        _versions = new long[Writers];
    }

    /// <summary>Closes the file and deletes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        SqliteBenchmarkSupport.DeleteFolder(_folder);
    }

    /// <summary>Baseline: one writer, 400 appends one after the other.</summary>
    /// <returns>A task.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Appends)]
    public Task OneWriter() => WriteAsync(0, Appends);

    /// <summary>Eight writers at once, 50 appends each.</summary>
    /// <returns>A task.</returns>
    [Benchmark(OperationsPerInvoke = Appends)]
    public Task EightWriters() => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w, Appends / Writers))));

    private async Task WriteAsync(int writer, int count)
    {
        var stream = $"writer-{writer}";
        for (var i = 0; i < count; i++)
        {
            var result = await _store!.AppendAsync(stream, _versions[writer], _event).ConfigureAwait(false);
            _versions[writer] = result.StreamVersion;
        }
    }
}
