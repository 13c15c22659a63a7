using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace GridGov.Sdk.Grids;

/// <summary>
/// Reads and writes a grid hierarchy as JSON:
/// <c>{"format":"gridgov.grid-hierarchy","formatVersion":1,"version":N,"nodes":[{"code","name","kind","parent","retired"}…]}</c>,
/// nodes in pre-order. Chinese text is written as is, not escaped.
/// </summary>
/// <remarks>
/// <para>Reading collects every problem with its 1-based line number and applies nothing unless the
/// whole document is good. Writing then reading gives an equal snapshot with the same version.
/// Unknown properties are ignored, so newer writers stay readable.</para>
/// <para>Thread-safe: the class is stateless.</para>
/// </remarks>
public static class GridHierarchyJson
{
    /// <summary>The value of the <c>format</c> property.</summary>
    public const string FormatName = "gridgov.grid-hierarchy";

    /// <summary>The format version written; readers accept this version.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly JsonWriterOptions CompactWriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Writes the hierarchy as UTF-8 JSON.</summary>
    /// <param name="hierarchy">The hierarchy to write.</param>
    /// <param name="utf8Json">Where to write; left open.</param>
    public static void Write(GridHierarchy hierarchy, Stream utf8Json) => Write(hierarchy, utf8Json, indented: true);

    /// <summary>Writes the hierarchy as UTF-8 JSON, indented or on one line (as stored in an event).</summary>
    internal static void Write(GridHierarchy hierarchy, Stream utf8Json, bool indented)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var json = new Utf8JsonWriter(utf8Json, indented ? WriterOptions : CompactWriterOptions);
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteNumber("version", hierarchy.Version);
        json.WriteStartArray("nodes");
        foreach (var node in hierarchy.Nodes)
        {
            json.WriteStartObject();
            json.WriteString("code", node.Code);
            json.WriteString("name", node.Name);
            json.WriteString("kind", node.Kind.ToString());
            if (node.Parent is { } p)
            {
                json.WriteString("parent", p.Code);
            }
            else
            {
                json.WriteNull("parent");
            }

            if (node.IsRetired)
            {
                json.WriteBoolean("retired", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Writes the hierarchy as a JSON string.</summary>
    /// <param name="hierarchy">The hierarchy to write.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(GridHierarchy hierarchy)
    {
        using var stream = new MemoryStream();
        Write(hierarchy, stream);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, checked((int)stream.Length));
    }

    /// <summary>Reads a hierarchy from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON; read to the end and left open.</param>
    /// <param name="rules">The level order to validate against; <see cref="GridLevelRules.Default"/> when null.</param>
    /// <returns>The hierarchy, carrying the version the document names.</returns>
    /// <exception cref="GridValidationException">The document is malformed or the hierarchy invalid.</exception>
    public static GridHierarchy Read(Stream utf8Json, GridLevelRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, checked((int)buffer.Length)), rules);
    }

    /// <summary>Reads a hierarchy from a JSON string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="rules">The level order to validate against; <see cref="GridLevelRules.Default"/> when null.</param>
    /// <returns>The hierarchy.</returns>
    /// <exception cref="GridValidationException">The document is malformed or the hierarchy invalid.</exception>
    public static GridHierarchy Parse(string json, GridLevelRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(System.Text.Encoding.UTF8.GetBytes(json), rules);
    }

    /// <summary>Reads a hierarchy from UTF-8 JSON bytes.</summary>
    internal static GridHierarchy Read(ReadOnlySpan<byte> bytes, GridLevelRules? rules)
    {
        var problems = new List<GridProblem>();
        var lines = new LineIndex(bytes);
        var builder = new GridHierarchyBuilder(rules);
        try
        {
            ReadDocument(bytes, lines, builder, problems);
        }
        catch (JsonException ex)
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, $"Malformed JSON: {ex.Message}",
                LineNumber: ex.LineNumber is { } l ? checked((int)l + 1) : null));
        }

        if (problems.Count == 0)
        {
            var hierarchy = builder.TryBuild(problems);
            if (hierarchy is not null)
            {
                return hierarchy;
            }
        }

        throw new GridValidationException("grid hierarchy JSON", problems);
    }

    private static void ReadDocument(ReadOnlySpan<byte> bytes, LineIndex lines, GridHierarchyBuilder builder, List<GridProblem> problems)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, "The document must be a JSON object.", LineNumber: 1));
            return;
        }

        string? format = null;
        long? formatVersion = null;
        var sawNodes = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            var line = lines.LineOf(reader.TokenStartIndex);
            reader.Read();
            switch (name)
            {
                case "format":
                    format = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                    break;
                case "formatVersion":
                    formatVersion = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var fv) ? fv : -1;
                    reader.Skip();
                    break;
                case "version":
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) && v >= 1)
                    {
                        builder.Version = v;
                    }
                    else
                    {
                        problems.Add(new GridProblem(GridProblemCodes.MalformedFile, "'version' must be a whole number ≥ 1.", LineNumber: line));
                    }

                    reader.Skip();
                    break;
                case "nodes":
                    sawNodes = true;
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        problems.Add(new GridProblem(GridProblemCodes.MalformedFile, "'nodes' must be an array.", LineNumber: line));
                        reader.Skip();
                        break;
                    }

                    ReadNodes(ref reader, lines, builder, problems);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, "The document must be one JSON object with nothing after it.",
                LineNumber: lines.LineOf(reader.TokenStartIndex)));
        }

        if (format != FormatName)
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, $"'format' must be \"{FormatName}\".", LineNumber: 1));
        }

        if (formatVersion != FormatVersion)
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, $"'formatVersion' must be {FormatVersion}.", LineNumber: 1));
        }

        if (!sawNodes)
        {
            problems.Add(new GridProblem(GridProblemCodes.MalformedFile, "The document has no 'nodes' array.", LineNumber: 1));
        }
    }

    private static void ReadNodes(ref Utf8JsonReader reader, LineIndex lines, GridHierarchyBuilder builder, List<GridProblem> problems)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var line = lines.LineOf(reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(new GridProblem(GridProblemCodes.MalformedLine, "Each node must be a JSON object.", LineNumber: line));
                reader.Skip();
                continue;
            }

            string? code = null, name = null, kindText = null, parent = null;
            var retired = false;
            var ok = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "code":
                        code = StringOrNull(ref reader, property, line, problems, ref ok);
                        break;
                    case "name":
                        name = StringOrNull(ref reader, property, line, problems, ref ok);
                        break;
                    case "kind":
                        kindText = StringOrNull(ref reader, property, line, problems, ref ok);
                        break;
                    case "parent":
                        parent = StringOrNull(ref reader, property, line, problems, ref ok);
                        break;
                    case "retired":
                        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                        {
                            retired = reader.GetBoolean();
                        }
                        else
                        {
                            problems.Add(new GridProblem(GridProblemCodes.MalformedLine, "'retired' must be true or false.", code, line));
                            ok = false;
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (code is null || name is null || kindText is null)
            {
                problems.Add(new GridProblem(GridProblemCodes.MalformedLine, "A node needs 'code', 'name' and 'kind'.", code, line));
                continue;
            }

            if (!GridLevelRules.TryParseKind(kindText, out var kind))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidKind,
                    $"Unknown kind '{kindText}'; expected one of {string.Join(", ", GridLevelRules.AllKinds)}.", code, line));
                continue;
            }

            if (ok)
            {
                builder.Add(code, name, kind, parent, retired, line);
            }
        }
    }

    private static string? StringOrNull(ref Utf8JsonReader reader, string? property, int line, List<GridProblem> problems, ref bool ok)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                problems.Add(new GridProblem(GridProblemCodes.MalformedLine, $"'{property}' must be a string.", LineNumber: line));
                reader.Skip();
                ok = false;
                return null;
        }
    }

    /// <summary>Maps byte offsets to 1-based line numbers.</summary>
    private readonly struct LineIndex
    {
        private readonly int[] _lineStarts;

        public LineIndex(ReadOnlySpan<byte> bytes)
        {
            var starts = new List<int> { 0 };
            for (var i = bytes.IndexOf((byte)'\n'); i >= 0;)
            {
                starts.Add(i + 1);
                var next = bytes[(i + 1)..].IndexOf((byte)'\n');
                i = next < 0 ? -1 : i + 1 + next;
            }

            _lineStarts = starts.ToArray();
        }

        public int LineOf(long offset)
        {
            var i = Array.BinarySearch(_lineStarts, checked((int)offset));
            return (i >= 0 ? i : ~i - 1) + 1;
        }
    }
}
