using System.Globalization;
using CsvHelper;

namespace GridGov.Sdk.Grids;

/// <summary>
/// Reads and writes a grid hierarchy as CSV (RFC 4180, UTF-8, comma separated), one node per
/// line under the header <c>code,name,kind,parent_code,retired</c>, parents before children.
/// </summary>
/// <remarks>
/// <para>Reading collects every problem (malformed lines, unknown kinds, then the hierarchy's own
/// validation) with its 1-based line number, and applies nothing unless the whole file is good.
/// Writing then reading gives an equal snapshot.</para>
/// <para>Values are written exactly: no spreadsheet-formula escaping is applied, because it would
/// change codes and names on the way back in. Open exported files in a spreadsheet with care.</para>
/// <para>Thread-safe: the class is stateless.</para>
/// </remarks>
public static class GridHierarchyCsv
{
    /// <summary>The header line written and expected.</summary>
    public const string Header = "code,name,kind,parent_code,retired";

    private static readonly string[] Columns = ["code", "name", "kind", "parent_code", "retired"];

    /// <summary>Writes the hierarchy as CSV.</summary>
    /// <param name="hierarchy">The hierarchy to write.</param>
    /// <param name="writer">Where to write; left open.</param>
    public static void Write(GridHierarchy hierarchy, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(writer);
        var options = CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.None };
        using var csv = CsvWriter.Create(writer, options, leaveOpen: true);
        csv.WriteHeader(Columns);
        foreach (var node in hierarchy.Nodes)
        {
            csv.WriteField(node.Code);
            csv.WriteField(node.Name);
            csv.WriteField(node.Kind.ToString());
            csv.WriteField(node.Parent is { } p ? p.Code : string.Empty);
            csv.WriteField(node.IsRetired ? "true" : "false");
            csv.EndRecord();
        }

        csv.Flush();
    }

    /// <summary>Writes the hierarchy as CSV to a string.</summary>
    /// <param name="hierarchy">The hierarchy to write.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(GridHierarchy hierarchy)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(hierarchy, writer);
        return writer.ToString();
    }

    /// <summary>Reads a hierarchy from CSV.</summary>
    /// <param name="reader">The CSV text; read to the end and left open.</param>
    /// <param name="rules">The level order to validate against; <see cref="GridLevelRules.Default"/> when null.</param>
    /// <returns>The hierarchy.</returns>
    /// <exception cref="GridValidationException">The file is malformed or the hierarchy invalid; every problem is listed with its line number.</exception>
    public static GridHierarchy Read(TextReader reader, GridLevelRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<GridProblem>();
        var builder = ReadInto(reader, rules, problems);
        var hierarchy = builder?.TryBuild(problems);
        if (hierarchy is null || problems.Count > 0)
        {
            throw new GridValidationException("grid hierarchy CSV", problems);
        }

        return hierarchy;
    }

    /// <summary>Reads a hierarchy from CSV text.</summary>
    /// <param name="csv">The CSV text.</param>
    /// <param name="rules">The level order to validate against; <see cref="GridLevelRules.Default"/> when null.</param>
    /// <returns>The hierarchy.</returns>
    /// <exception cref="GridValidationException">The text is malformed or the hierarchy invalid.</exception>
    public static GridHierarchy Parse(string csv, GridLevelRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var reader = new StringReader(csv);
        return Read(reader, rules);
    }

    private static GridHierarchyBuilder? ReadInto(TextReader text, GridLevelRules? rules, List<GridProblem> problems)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = false,
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = r => problems.Add(new GridProblem(
                GridProblemCodes.MalformedLine,
                $"Malformed line ({r.Reason}); expected {Columns.Length} fields: {Header}.",
                LineNumber: r.LineNumber > 0 ? checked((int)r.LineNumber) : null)),
        };

        var builder = new GridHierarchyBuilder(rules);
        try
        {
            using var csv = CsvReader.Create(text, options, leaveOpen: true);
            csv.ReadHeader();
            var headers = csv.Headers;
            if (headers is null || !headers.SequenceEqual(Columns, StringComparer.Ordinal))
            {
                problems.Add(new GridProblem(GridProblemCodes.MalformedFile,
                    $"The first line must be the header '{Header}'.", LineNumber: 1));
                return null;
            }

            while (csv.Read())
            {
                var line = checked((int)csv.LineNumber);
                var code = csv.GetString(0);
                var kindText = csv.GetString(2);
                var retiredText = csv.GetString(4);
                var ok = true;
                if (!GridLevelRules.TryParseKind(kindText, out var kind))
                {
                    problems.Add(new GridProblem(GridProblemCodes.InvalidKind,
                        $"Unknown kind '{kindText}'; expected one of {string.Join(", ", GridLevelRules.AllKinds)}.", code, line));
                    ok = false;
                }

                bool retired;
                switch (retiredText)
                {
                    case "true":
                        retired = true;
                        break;
                    case "false":
                    case "":
                        retired = false;
                        break;
                    default:
                        problems.Add(new GridProblem(GridProblemCodes.MalformedLine,
                            $"Field 'retired' must be true, false or empty, not '{retiredText}'.", code, line));
                        retired = false;
                        ok = false;
                        break;
                }

                if (ok)
                {
                    builder.Add(code, csv.GetString(1), kind, csv.GetString(3), retired, line);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, ex.Message,
                LineNumber: ex.LineNumber > 0 ? checked((int)ex.LineNumber) : null));
            return null;
        }

        return builder;
    }
}
