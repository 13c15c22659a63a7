using GridGov.Sdk.Sharing;

namespace GridGov.Sdk.Tests.Sharing;

/// <summary>The loan lifecycle diagram in docs/sharing.md is generated from the definition; this keeps it true.</summary>
public sealed class SharingDocsTests
{
    [Fact]
    public void SharingGuide_MermaidDiagram_EqualsTheDefinitionsExport()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "sharing.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var generated = CabinetLoanLifecycle.ToMermaidGraph().ReplaceLineEndings("\n").TrimEnd('\n');
        const string open = "```mermaid\n";
        var start = doc.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = doc.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end >= start, "docs/sharing.md has no ```mermaid block.");
        var documented = doc[start..end].TrimEnd('\n');
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1" && documented != generated)
        {
            File.WriteAllText(path, doc[..start] + generated + "\n" + doc[end..]);
            return;
        }

        Assert.True(documented == generated, "docs/sharing.md's diagram is out of date; run the tests once with GRIDGOV_UPDATE_DOCS=1 to regenerate it.");
    }

    [Fact]
    public void The_sharing_events_have_stable_names()
    {
        var registry = GridGov.Sdk.Storage.EventTypeRegistry.CreateDefault();
        Assert.Equal("cabinet.item-lent", registry.NameOf(typeof(CabinetItemLent)));
        Assert.Equal("venue.booked", registry.NameOf(typeof(VenueBooked)));
        Assert.Equal(typeof(CabinetBorrowerRegistered), registry.TypeOf("cabinet.borrower-registered"));
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
