using GridGov.Sdk.Committees;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>The meeting diagram in docs/committees.md is generated from the definition; this keeps it true.</summary>
public sealed class CommitteeDocsTests
{
    [Fact]
    public void CommitteesGuide_MermaidDiagram_EqualsTheDefinitionsExport()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "committees.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var generated = new MeetingWorkflow().ToMermaidGraph().ReplaceLineEndings("\n").TrimEnd('\n');
        const string open = "```mermaid\n";
        var start = doc.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = doc.IndexOf("\n```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end > start, "docs/committees.md has no ```mermaid block.");
        var documented = doc[start..end];
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1" && documented != generated)
        {
            File.WriteAllText(path, doc[..start] + generated + doc[end..]);
            return;
        }

        Assert.True(documented == generated, "docs/committees.md's diagram is out of date; run the tests once with GRIDGOV_UPDATE_DOCS=1 to regenerate it.");
    }

    [Fact]
    public void MeetingWorkflow_DotExport_NamesEveryStateAndTheQuorumGuard()
    {
        var dot = new MeetingWorkflow().ToDotGraph();

        Assert.All(Enum.GetNames<MeetingState>(), s => Assert.Contains(s, dot));
        Assert.Contains(MeetingWorkflow.QuorumGuard, dot);
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
