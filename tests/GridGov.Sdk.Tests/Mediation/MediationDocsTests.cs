using GridGov.Sdk.Mediation;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>The lifecycle diagram in docs/mediation.md is generated from the definition; this keeps it true.</summary>
public sealed class MediationDocsTests
{
    [Fact]
    public void MediationGuide_MermaidDiagram_EqualsTheDefinitionsExport()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "mediation.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var generated = MediationWorkflow.ToMermaidGraph().ReplaceLineEndings("\n").TrimEnd('\n');
        const string open = "```mermaid\n";
        var start = doc.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = doc.IndexOf("\n```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end > start, "docs/mediation.md has no ```mermaid block.");
        var documented = doc[start..end];
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1" && documented != generated)
        {
            File.WriteAllText(path, doc[..start] + generated + doc[end..]);
            return;
        }

        Assert.True(documented == generated, "docs/mediation.md's diagram is out of date; run the tests once with GRIDGOV_UPDATE_DOCS=1 to regenerate it.");
    }

    [Fact]
    public void MediationWorkflow_DotExport_NamesEveryStateAndGuard()
    {
        var dot = MediationWorkflow.ToDotGraph();

        Assert.All(Enum.GetNames<MediationState>(), s => Assert.Contains(s, dot));
        Assert.Contains(MediationWorkflow.LevelAboveGuard, dot);
        Assert.Contains(MediationWorkflow.ReferralLevelGuard, dot);
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
