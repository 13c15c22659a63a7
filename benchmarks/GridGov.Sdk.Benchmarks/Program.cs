using BenchmarkDotNet.Running;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Entry point. <c>--memory</c> runs the resident-memory check (exit code 1 if the SDK misses
/// 200 bytes per node); anything else goes to BenchmarkDotNet, for example
/// <c>--filter '*' --job Dry</c> (CI smoke run) or <c>--filter '*' --job short</c>.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks or the memory check.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success; 1 if a benchmark failed or the memory target is missed.</returns>
    public static int Main(string[] args)
    {
        if (args.Contains("--memory"))
        {
            return MemoryMode.Run();
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
