using GridGov.Sdk.Access;

namespace GridGov.Sdk.Tests.Access;

/// <summary>The default policy's table in docs/access.md is generated from the policy itself; this keeps it true.</summary>
public sealed class AccessDocsTests
{
    private const string Begin = "<!-- default-access-policy:begin (generated: GRIDGOV_UPDATE_DOCS=1 dotnet test) -->\n";
    private const string End = "\n<!-- default-access-policy:end -->";

    [Fact]
    public void AccessGuide_DefaultPolicyTable_EqualsThePolicysOwnTable()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "access.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var generated = AccessPolicy.Default.ToMarkdownTable();
        var start = doc.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= Begin.Length && end >= start, "docs/access.md has no default-access-policy markers.");
        var documented = doc[start..end];
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1" && documented != generated)
        {
            File.WriteAllText(path, doc[..start] + generated + doc[end..]);
            return;
        }

        Assert.True(documented == generated, "docs/access.md's policy table is out of date; run the tests once with GRIDGOV_UPDATE_DOCS=1 to regenerate it.");
    }

    [Fact]
    public void MarkdownTable_HasAHeaderAndOneLinePerRule()
    {
        var lines = AccessPolicy.Default.ToMarkdownTable().Split('\n');

        Assert.Equal("| workflow | trigger | who (any of) | where |", lines[0]);
        Assert.Equal(AccessPolicy.Default.Rules.Count + 2, lines.Length);
        Assert.Contains("| issue | Accept | CommunitySecretary, StreetCadre, DistrictAdministrator | the place is in one of the actor's grid subtrees |", lines);
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
