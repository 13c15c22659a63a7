using System.Diagnostics;
using System.Text;
using GridGov.Sdk.Issues;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// The lifecycle's exports are drawn from the definition itself: every state and every trigger is in
/// them, and Graphviz renders the DOT. Graphviz is a test dependency (<c>scripts/test.sh</c> installs
/// the Debian package <c>graphviz</c>); without it the rendering test fails rather than skips.
/// </summary>
public sealed class IssueWorkflowGraphTests
{
    public static TheoryData<string> StateNames() => [.. Enum.GetNames<IssueState>()];

    public static TheoryData<string> TriggerNames() => [.. Enum.GetNames<IssueTrigger>()];

    [Theory]
    [MemberData(nameof(StateNames))]
    public void ToDotGraph_ContainsEveryStateAsANode(string state)
        => Assert.Contains($"\"{state}\" [label=\"{state}\"", new IssueWorkflow().ToDotGraph(), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(TriggerNames))]
    public void ToDotGraph_ContainsEveryTriggerAsAnEdgeLabel(string trigger)
        => Assert.Matches($"-> \"[^\"]+\" \\[[^\\]]*label=\"{trigger}( |\")", new IssueWorkflow().ToDotGraph());

    [Theory]
    [MemberData(nameof(StateNames))]
    public void ToMermaidGraph_ContainsEveryState(string state)
        => Assert.Matches($"(?m)(^\\s*{state} -->|--> {state} :)", new IssueWorkflow().ToMermaidGraph());

    [Theory]
    [MemberData(nameof(TriggerNames))]
    public void ToMermaidGraph_ContainsEveryTriggerAsATransitionLabel(string trigger)
        => Assert.Matches($"(?m)--> \\w+ : {trigger}( |\\r?$)", new IssueWorkflow().ToMermaidGraph());

    [Fact]
    public void ToDotGraph_ShowsGuardDescriptions()
    {
        var dot = new IssueWorkflow().ToDotGraph();

        Assert.Contains(IssueWorkflow.ClaimantOnlyGuard, dot, StringComparison.Ordinal);
        Assert.Contains(IssueWorkflow.IndependentVerifierGuard, dot, StringComparison.Ordinal);
        Assert.Contains(IssueWorkflow.ReopenWindowGuard, dot, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDotGraph_StartsInReported()
        => Assert.Contains("init -> \"Reported\"", new IssueWorkflow().ToDotGraph(), StringComparison.Ordinal);

    [Fact]
    public void ToMermaidGraph_StartsInReported()
        => Assert.Contains("[*] --> Reported", new IssueWorkflow().ToMermaidGraph(), StringComparison.Ordinal);

    [Fact]
    public void ToDotGraph_IsTheSameEveryTime()
    {
        var workflow = new IssueWorkflow();

        Assert.Equal(workflow.ToDotGraph(), workflow.ToDotGraph());
        Assert.Equal(workflow.ToDotGraph(), new IssueWorkflow().ToDotGraph());
    }

    [Fact]
    public async Task ToDotGraph_RendersWithGraphviz()
    {
        var dotExe = FindOnPath("dot");
        if (dotExe is null)
        {
            var where = Environment.GetEnvironmentVariable("CI") == "true"
                ? "CI must provide it: scripts/test.sh installs the Debian package 'graphviz' (APT_PACKAGES)."
                : "Install it with 'apt-get install graphviz' (or run scripts/test.sh as root, which does).";
            Assert.Fail($"Graphviz 'dot' is not on PATH ({Environment.GetEnvironmentVariable("PATH")}); the lifecycle's DOT export cannot be rendered. {where}");
        }

        var graph = new IssueWorkflow().ToDotGraph();
        var start = new ProcessStartInfo(dotExe, "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dotExe}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(graph);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var svg = await stdout;
        var errors = await stderr;

        Assert.True(process.ExitCode == 0, $"dot -Tsvg exited with {process.ExitCode}: {errors}");
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("</svg>", svg, StringComparison.Ordinal);
        foreach (var state in Enum.GetNames<IssueState>())
        {
            Assert.Contains($">{state}<", svg, StringComparison.Ordinal);
        }

        Assert.Contains("不满意", svg, StringComparison.Ordinal); // a guard description, kept intact through UTF-8
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidates = OperatingSystem.IsWindows() ? new[] { name + ".exe", name } : new[] { name };
            foreach (var candidate in candidates)
            {
                var full = Path.Combine(dir, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }
}
