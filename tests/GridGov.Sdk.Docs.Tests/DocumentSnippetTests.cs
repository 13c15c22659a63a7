namespace GridGov.Sdk.Docs.Tests;

/// <summary>Every C# snippet in the README, the package READMEs and docs/ compiles against the SDK.</summary>
public sealed class DocumentSnippetTests
{
    /// <summary>The documents: README.md, src/*/README.md, samples/*/README.md and every Markdown file under docs/.</summary>
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in DocumentPaths())
        {
            data.Add(file);
        }

        return data;
    }

    private static IEnumerable<string> DocumentPaths()
    {
        var root = RepositoryRoot();
        return new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories))
            .Concat(Directory.Exists(Path.Combine(root, "samples")) ? Directory.EnumerateFiles(Path.Combine(root, "samples"), "README.md", SearchOption.AllDirectories) : [])
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EverySnippet_Compiles(string document)
    {
        var snippets = SnippetCompiler.Extract(document, File.ReadAllText(Path.Combine(RepositoryRoot(), document)));
        var errors = SnippetCompiler.Compile(document, snippets);
        Assert.True(errors.Count == 0, $"{document}: {errors.Count} error(s) in its C# snippets:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void TheDocumentsHaveSnippets()
    {
        var root = RepositoryRoot();
        var count = 0;
        foreach (var document in DocumentPaths())
        {
            count += SnippetCompiler.Extract(document, File.ReadAllText(Path.Combine(root, document))).Count(s => s.Mode != SnippetMode.Skipped);
        }

        Assert.True(count >= 5, $"Only {count} compiled snippets were found: is the extraction broken?");
    }

    [Theory]
    [InlineData("docs/getting-started.md")]
    [InlineData("docs/extending.md")]
    [InlineData("docs/storage.md")]
    [InlineData("docs/indicators.md")]
    [InlineData("docs/security.md")]
    public void TheGuides_AreAmongTheCompiledDocuments_WithSnippets(string guide)
    {
        Assert.Contains(guide.Replace('/', Path.DirectorySeparatorChar), DocumentPaths());
        var snippets = SnippetCompiler.Extract(guide, File.ReadAllText(Path.Combine(RepositoryRoot(), guide)));
        Assert.Contains(snippets, s => s.Mode is SnippetMode.Shared or SnippetMode.Separate);
    }

    [Theory]
    [InlineData("docs/issues.md", "IssueWorkflow.ToMermaidGraph()")]
    [InlineData("docs/committees.md", "MeetingWorkflow.ToMermaidGraph()")]
    public void EachWorkflowPage_ShowsItsGeneratedDiagram(string page, string generator)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), page));
        Assert.Contains(generator, text, StringComparison.Ordinal);
        Assert.Matches(@"```mermaid\r?\nstateDiagram-v2\r?\n", text);
    }

    [Fact]
    public void ABrokenSnippet_IsReportedAtItsMarkdownLine()
    {
        const string markdown = "# Doc\n\nText.\n\n```csharp\nvar hierarchy = new GridHierarchyBuilder().Build();\nhierarchy.NoSuchMember();\n```\n";
        var errors = SnippetCompiler.Compile("doc.md", SnippetCompiler.Extract("doc.md", markdown));
        Assert.Single(errors);
        Assert.StartsWith("doc.md:7: CS1061", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void SharedSnippetsContinueEachOther_SeparateOnesDoNot_SetupIsHidden_SkipNeedsAReason()
    {
        const string markdown = """
            <!-- snippet-setup
            var clock = NodaTime.SystemClock.Instance;
            -->
            ```csharp
            var now = clock.GetCurrentInstant();
            ```
            Later:
            ```csharp
            Console.WriteLine(now);
            public sealed record Note(string Text);
            ```
            <!-- snippet: separate -->
            ```csharp
            Console.WriteLine(now);
            ```
            <!-- snippet: skip -->
            ```csharp
            this does not compile
            ```
            """;
        var snippets = SnippetCompiler.Extract("doc.md", markdown);
        Assert.Equal([SnippetMode.Setup, SnippetMode.Shared, SnippetMode.Shared, SnippetMode.Separate, SnippetMode.Skipped], snippets.Select(s => s.Mode));
        var errors = SnippetCompiler.Compile("doc.md", snippets);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("doc.md:14: CS0103", StringComparison.Ordinal)); // 'now' is not in the separate scope
        Assert.Contains(errors, e => e.Contains("must say why", StringComparison.Ordinal));
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

        throw new InvalidOperationException($"GridGov.Sdk.sln not found above {AppContext.BaseDirectory}.");
    }
}
