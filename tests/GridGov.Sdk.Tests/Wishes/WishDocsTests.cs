using GridGov.Sdk.Wishes;
using Xunit;

namespace GridGov.Sdk.Tests.Wishes;

/// <summary>The lifecycle diagram in docs/wishes.md is generated from the definition; this keeps it true.</summary>
public sealed class WishDocsTests
{
    [Fact]
    public void WishesGuide_MermaidDiagram_EqualsTheDefinitionsExport()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "wishes.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var generated = WishWorkflow.ToMermaidGraph().ReplaceLineEndings("\n").TrimEnd('\n');
        const string open = "```mermaid\n";
        var start = doc.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = doc.IndexOf("\n```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end > start, "docs/wishes.md has no ```mermaid block.");
        var documented = doc[start..end];
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1" && documented != generated)
        {
            File.WriteAllText(path, doc[..start] + generated + doc[end..]);
            return;
        }

        Assert.True(documented == generated, "docs/wishes.md's diagram is out of date; run the tests once with GRIDGOV_UPDATE_DOCS=1 to regenerate it.");
    }

    [Fact]
    public void The_dot_export_names_every_state_and_the_guard()
    {
        var dot = WishWorkflow.ToDotGraph();
        Assert.All(Enum.GetNames<WishState>(), s => Assert.Contains(s, dot, StringComparison.Ordinal));
        Assert.Contains(WishWorkflow.ClaimOverdueGuard, dot, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GridGov.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GridGov.Sdk.sln not found above the test's output folder.");
    }
}
