using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GridGov.Sdk.Docs.Tests;

/// <summary>How a snippet takes part in its document's compilation.</summary>
internal enum SnippetMode
{
    /// <summary>Statements share one scope with the document's other shared snippets, in order (a story told in steps).</summary>
    Shared,

    /// <summary>Statements get a scope of their own (<c>&lt;!-- snippet: separate --&gt;</c>).</summary>
    Separate,

    /// <summary>Hidden set-up code from a <c>&lt;!-- snippet-setup … --&gt;</c> comment, compiled as a shared snippet.</summary>
    Setup,

    /// <summary>Not compiled, with the reason given (<c>&lt;!-- snippet: skip — reason --&gt;</c>).</summary>
    Skipped,
}

/// <summary>One C# code block of a Markdown document.</summary>
/// <param name="File">The document (path relative to the repository).</param>
/// <param name="Line">The 1-based line of the block's first code line in the document.</param>
/// <param name="Code">The code.</param>
/// <param name="Mode">How it is compiled.</param>
/// <param name="SkipReason">Why it is not compiled, for <see cref="SnippetMode.Skipped"/>.</param>
internal sealed record Snippet(string File, int Line, string Code, SnippetMode Mode, string? SkipReason = null);

/// <summary>
/// Compiles the C# blocks of Markdown documents against the SDK, so every snippet a reader copies builds.
/// Each document is one compilation: type declarations go to namespace level; statements go, in document
/// order, into one async method (one scope for the shared ones, a scope each for separate ones). <c>#line</c>
/// directives make every error point at the Markdown line.
/// </summary>
internal static partial class SnippetCompiler
{
    private static readonly string[] GlobalUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks",
        "NodaTime", "Microsoft.Extensions.DependencyInjection",
        "GridGov.Sdk", "GridGov.Sdk.Access", "GridGov.Sdk.Grids", "GridGov.Sdk.Issues", "GridGov.Sdk.Storage",
        "GridGov.Sdk.Time", "GridGov.Sdk.Workflows", "GridGov.Sdk.Sqlite", "GridGov.Sdk.PostgreSql", "GridGov.Sdk.Committees",
        "GridGov.Sdk.Interop.Open311", "GridGov.Sdk.Privacy", "GridGov.Sdk.Wishes",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>Finds the C# blocks (<c>```csharp</c> or <c>```cs</c>) and the hidden set-up comments of a document.</summary>
    /// <param name="file">The document's name, for messages.</param>
    /// <param name="markdown">Its text.</param>
    /// <returns>The snippets in document order.</returns>
    public static IReadOnlyList<Snippet> Extract(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<Snippet>();
        string? directive = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("<!-- snippet-setup", StringComparison.Ordinal))
            {
                var start = i + 1;
                var code = new StringBuilder();
                while (++i < lines.Length && lines[i].Trim() != "-->")
                {
                    code.AppendLine(lines[i]);
                }

                snippets.Add(new Snippet(file, start + 1, code.ToString(), SnippetMode.Setup));
                continue;
            }

            if (DirectivePattern().Match(line) is { Success: true } d)
            {
                directive = d.Groups[1].Value.Trim();
                continue;
            }

            if (FencePattern().Match(lines[i]) is { Success: true } fence)
            {
                var indent = fence.Groups[1].Value.Length;
                var marker = fence.Groups[2].Value;
                var language = fence.Groups[3].Value.Trim().ToLowerInvariant();
                var start = i + 1;
                var code = new StringBuilder();
                while (++i < lines.Length && !lines[i].TrimStart().StartsWith(marker, StringComparison.Ordinal))
                {
                    code.AppendLine(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i].TrimStart());
                }

                if (language is "csharp" or "cs" or "c#")
                {
                    snippets.Add(directive switch
                    {
                        null => new Snippet(file, start + 1, code.ToString(), SnippetMode.Shared),
                        "separate" => new Snippet(file, start + 1, code.ToString(), SnippetMode.Separate),
                        _ when directive.StartsWith("skip", StringComparison.Ordinal) => new Snippet(file, start + 1, code.ToString(), SnippetMode.Skipped, directive[4..].Trim(' ', '—', '-', ':')),
                        _ => throw new FormatException($"{file}:{start}: unknown snippet directive '{directive}' (use 'separate' or 'skip — reason')."),
                    });
                }

                directive = null;
                continue;
            }

            if (line.Length > 0)
            {
                directive = null;
            }
        }

        return snippets;
    }

    /// <summary>Compiles a document's snippets and returns the errors, each with its Markdown file and line.</summary>
    /// <param name="file">The document's name.</param>
    /// <param name="snippets">Its snippets.</param>
    /// <returns>The errors; empty when every snippet compiles.</returns>
    public static IReadOnlyList<string> Compile(string file, IReadOnlyList<Snippet> snippets)
    {
        var errors = new List<string>();
        foreach (var skipped in snippets.Where(s => s.Mode == SnippetMode.Skipped && string.IsNullOrWhiteSpace(s.SkipReason)))
        {
            errors.Add($"{skipped.File}:{skipped.Line}: a skipped snippet must say why (<!-- snippet: skip — reason -->).");
        }

        var compiled = snippets.Where(s => s.Mode != SnippetMode.Skipped).ToList();
        if (compiled.Count == 0)
        {
            return errors;
        }

        var usings = new SortedSet<string>(StringComparer.Ordinal);
        var types = new StringBuilder();
        var shared = new StringBuilder();
        var separate = new List<string>();
        foreach (var snippet in compiled)
        {
            var unit = CSharpSyntaxTree.ParseText(snippet.Code).GetCompilationUnitRoot();
            foreach (var u in unit.Usings)
            {
                usings.Add(u.ToString().Trim());
            }

            var statements = new StringBuilder();
            foreach (var member in unit.Members)
            {
                var line = snippet.Line + member.GetLocation().GetLineSpan().StartLinePosition.Line;
                var target = member is GlobalStatementSyntax ? statements : types;
                target.Append("#line ").Append(line).Append(" \"").Append(snippet.File).Append("\"\n").Append(member.ToFullString().TrimStart('\r', '\n')).Append('\n');
            }

            if (snippet.Mode == SnippetMode.Separate)
            {
                separate.Add(statements.ToString());
            }
            else
            {
                shared.Append(statements);
            }
        }

        var source = new StringBuilder();
        foreach (var u in usings)
        {
            source.Append(u).Append('\n');
        }

        source.Append("#line hidden\ninternal static class DocumentSnippets\n{\n    public static async Task RunAsync()\n    {\n        await Task.Yield();\n        {\n");
        source.Append(shared).Append("#line hidden\n        }\n");
        foreach (var block in separate)
        {
            source.Append("        {\n").Append(block).Append("#line hidden\n        }\n");
        }

        source.Append("    }\n}\n#line default\n").Append(types);
        var globals = string.Concat(GlobalUsings.Select(g => $"global using {g};\n"));
        var compilation = CSharpCompilation.Create(
            "Snippets_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(globals, path: "globals.cs"), CSharpSyntaxTree.ParseText(source.ToString(), path: file)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        errors.AddRange(result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Location.GetMappedLineSpan().Path}:{d.Location.GetMappedLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
        return errors;
    }

    private static List<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        paths.AddRange(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"));
        return paths
            .Where(File.Exists)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToList();
    }

    [GeneratedRegex(@"^<!--\s*snippet:\s*(.+?)\s*-->$")]
    private static partial Regex DirectivePattern();

    [GeneratedRegex(@"^(\s*)(```+|~~~+)\s*([^\s`]*)")]
    private static partial Regex FencePattern();
}
