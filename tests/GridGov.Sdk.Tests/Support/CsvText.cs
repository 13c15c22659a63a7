using System.Text;

namespace GridGov.Sdk.Tests.Support;

/// <summary>
/// A deliberately naive RFC 4180 line splitter and joiner, independent of the SDK's CSV code, used
/// to take exported files apart and put corrupted versions back together. It assumes no line
/// breaks inside quoted fields (codes and names cannot contain control characters).
/// </summary>
internal static class CsvText
{
    /// <summary>Splits a text into lines on '\n', dropping the empty tail after a final line break.</summary>
    public static List<string> Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>Joins lines back into a file, each ended with '\n'.</summary>
    public static string Join(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>Splits one record into its field values (quotes removed, doubled quotes undone).</summary>
    public static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var value = new StringBuilder();
        var i = 0;
        while (true)
        {
            value.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"Unterminated quote in: {line}");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new FormatException($"Text after a closing quote in: {line}");
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    value.Append(line[i++]);
                }
            }

            fields.Add(value.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the separator
        }
    }

    /// <summary>Encodes one field value, quoting it when it needs quotes (or when asked to).</summary>
    public static string Encode(string value, bool forceQuotes = false)
    {
        var needsQuotes = forceQuotes
                          || value.IndexOfAny([',', '"', '\r', '\n']) >= 0
                          || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Encodes a record from its field values.</summary>
    public static string Record(IEnumerable<string> values) => string.Join(",", values.Select(v => Encode(v)));
}
