using System.Text;
using System.Text.Json;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridHierarchyJsonTests
{
    /// <summary>A valid document with one node per line: nodes on lines 3 (D), 4 (S), 5 (C), then <paramref name="extraNodes"/> from line 6.</summary>
    private static string Document(params string[] extraNodes)
    {
        var nodes = new List<string>
        {
            """    {"code":"D","name":"西固区","kind":"District","parent":null}""",
            """    {"code":"S","name":"陈坪街道","kind":"Street","parent":"D"}""",
            """    {"code":"C","name":"先锋社区","kind":"Community","parent":"S"}""",
        };
        nodes.AddRange(extraNodes.Select(n => "    " + n));
        return "{\"format\":\"gridgov.grid-hierarchy\",\"formatVersion\":1,\"version\":7,\n"
               + "  \"nodes\":[\n"
               + string.Join(",\n", nodes)
               + "\n  ]\n}\n";
    }

    private static GridValidationException ParseFails(string json)
        => Assert.Throws<GridValidationException>(() => GridHierarchyJson.Parse(json));

    private static GridProblem SingleProblem(string json) => Assert.Single(ParseFails(json).Problems);

    // ---- Writing ----

    [Fact]
    public void ToJson_WritesFormatMarkerFormatVersionAndVersion()
    {
        var builder = XiguGrid.Builder();
        builder.Version = 12;

        using var doc = JsonDocument.Parse(GridHierarchyJson.ToJson(builder.Build()));

        Assert.Equal(GridHierarchyJson.FormatName, doc.RootElement.GetProperty("format").GetString());
        Assert.Equal("gridgov.grid-hierarchy", GridHierarchyJson.FormatName);
        Assert.Equal(GridHierarchyJson.FormatVersion, doc.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal(12, doc.RootElement.GetProperty("version").GetInt64());
    }

    [Fact]
    public void ToJson_WritesNodesInPreOrderWithTheirFields()
    {
        using var doc = JsonDocument.Parse(GridHierarchyJson.ToJson(XiguGrid.Build()));
        var nodes = doc.RootElement.GetProperty("nodes").EnumerateArray().ToList();

        Assert.Equal(XiguGrid.PreOrder, nodes.Select(n => n.GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.Null, nodes[0].GetProperty("parent").ValueKind);
        Assert.Equal("XG", nodes[1].GetProperty("parent").GetString());
        Assert.Equal("Street", nodes[1].GetProperty("kind").GetString());
        Assert.Equal("陈坪街道", nodes[1].GetProperty("name").GetString());
        Assert.True(nodes[11].GetProperty("retired").GetBoolean());
    }

    [Fact]
    public void ToJson_ChineseText_IsWrittenUnescaped()
        => Assert.Contains("西固区", GridHierarchyJson.ToJson(XiguGrid.Build()), StringComparison.Ordinal);

    [Fact]
    public void Write_ToAStream_WritesUtf8AndLeavesTheStreamOpen()
    {
        var grid = XiguGrid.Build();
        using var stream = new MemoryStream();

        GridHierarchyJson.Write(grid, stream);
        stream.WriteByte((byte)' ');

        Assert.Equal(GridHierarchyJson.ToJson(grid) + " ", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Write_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => GridHierarchyJson.Write(null!, Stream.Null));
        Assert.Throws<ArgumentNullException>(() => GridHierarchyJson.Write(XiguGrid.Build(), null!));
    }

    // ---- Round trip ----

    [Fact]
    public void ParseOfToJson_GivesAnEqualSnapshotWithTheSameVersion()
    {
        var builder = XiguGrid.Builder();
        builder.Version = 31;
        var grid = builder.Build();

        var roundTripped = GridHierarchyJson.Parse(GridHierarchyJson.ToJson(grid));

        Assert.Equal(grid, roundTripped);
        Assert.Equal(31, roundTripped.Version);
    }

    [Fact]
    public void ParseOfToJson_NamesWithQuotesBackslashesAndSymbols_GivesAnEqualSnapshot()
    {
        var grid = new GridHierarchyBuilder()
            .Add("D\"1", "西固区 \"新\" \\ <b>&'🏠", GridNodeKind.District)
            .Add("S,2", "陈坪街道, é", GridNodeKind.Street, "D\"1")
            .Build();

        Assert.Equal(grid, GridHierarchyJson.Parse(GridHierarchyJson.ToJson(grid)));
    }

    [Fact]
    public void ReadOfWrite_ThroughAStream_GivesAnEqualSnapshot()
    {
        var grid = XiguGrid.Build();
        using var stream = new MemoryStream();
        GridHierarchyJson.Write(grid, stream);
        stream.Position = 0;

        Assert.Equal(grid, GridHierarchyJson.Read(stream));
    }

    [Fact]
    public void Parse_AfterApply_KeepsTheNewVersion()
    {
        var changed = XiguGrid.Build().Apply(new RetireGridNode(XiguGrid.Zone1), XiguGrid.Clerk, XiguGrid.Now).Hierarchy;

        Assert.Equal(2, GridHierarchyJson.Parse(GridHierarchyJson.ToJson(changed)).Version);
    }

    // ---- Reading valid documents ----

    [Fact]
    public void Parse_HandWrittenDocument_BuildsTheHierarchyWithItsVersion()
    {
        var grid = GridHierarchyJson.Parse(Document());

        Assert.Equal("西固区 / 陈坪街道 / 先锋社区", grid["C"].Path);
        Assert.Equal(7, grid.Version);
    }

    [Fact]
    public void Parse_NoVersion_GivesVersionOne()
    {
        var json = Document().Replace("\"version\":7,", string.Empty, StringComparison.Ordinal);

        Assert.Equal(1, GridHierarchyJson.Parse(json).Version);
    }

    [Fact]
    public void Parse_ParentPropertyMissing_MakesTheNodeTheRoot()
    {
        var json = Document().Replace(",\"parent\":null", string.Empty, StringComparison.Ordinal);

        Assert.Equal("D", GridHierarchyJson.Parse(json).Root.Code);
    }

    [Fact]
    public void Parse_RetiredTrue_MarksTheNodeRetired()
        => Assert.True(GridHierarchyJson.Parse(Document("""{"code":"B","name":"1号楼","kind":"Building","parent":"C","retired":true}"""))["B"].IsRetired);

    [Fact]
    public void Parse_UnknownProperties_AreIgnored()
    {
        var json = Document("""{"code":"B","name":"1号楼","kind":"Building","parent":"C","floors":[1,2,{"x":null}],"note":{"a":"b"}}""")
            .Replace("\"version\":7,", "\"version\":7,\"exportedBy\":{\"tool\":\"v2\",\"nodes\":5},", StringComparison.Ordinal);

        Assert.Equal(4, GridHierarchyJson.Parse(json).Count);
    }

    [Fact]
    public void Parse_PropertiesInAnyOrder_AreAccepted()
    {
        const string json = """{"nodes":[{"parent":null,"kind":"District","name":"西固区","code":"D"}],"version":3,"formatVersion":1,"format":"gridgov.grid-hierarchy"}""";

        var grid = GridHierarchyJson.Parse(json);

        Assert.Equal("D", grid.Root.Code);
        Assert.Equal(3, grid.Version);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => GridHierarchyJson.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => GridHierarchyJson.Read(null!));
    }

    // ---- The document as a whole ----

    [Fact]
    public void Parse_MalformedJson_ReportsMalformedFileWithTheLineNumber()
    {
        var json = Document().Replace("\"name\":\"陈坪街道\",", "\"name\":\"陈坪街道\"", StringComparison.Ordinal); // line 4

        var problem = SingleProblem(json);

        Assert.Equal(GridProblemCodes.MalformedFile, problem.Code);
        Assert.Equal(4, problem.LineNumber);
    }

    [Fact]
    public void Parse_TruncatedDocument_ReportsMalformedFile()
    {
        var json = Document();

        var problem = SingleProblem(json[..json.IndexOf("  ]", StringComparison.Ordinal)]);

        Assert.Equal(GridProblemCodes.MalformedFile, problem.Code);
    }

    [Theory]
    [InlineData("}")]
    [InlineData("{}")]
    [InlineData("x")]
    [InlineData(",{\"format\":\"gridgov.grid-hierarchy\"}")]
    public void Parse_TextAfterTheDocument_ReportsMalformedFile(string trailing)
        => Assert.Contains(ParseFails(Document() + trailing).Problems, p => p.Code == GridProblemCodes.MalformedFile);

    [Fact]
    public void Parse_FormatMarkerThatIsAnObject_ReportsMalformedFile()
    {
        // The real properties are hidden inside the "format" value; the outer "nodes" is not an array.
        const string json = """{"format":{"format":"gridgov.grid-hierarchy","formatVersion":1,"nodes":[{"code":"D","name":"西固区","kind":"District"}]},"nodes":"not an array"}""";

        Assert.Contains(ParseFails(json).Problems, p => p.Code == GridProblemCodes.MalformedFile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"nodes\"")]
    [InlineData("null")]
    public void Parse_NotAJsonObject_ReportsMalformedFile(string json)
        => Assert.Contains(ParseFails(json).Problems, p => p.Code == GridProblemCodes.MalformedFile);

    [Theory]
    [InlineData("\"gridgov.other\"")]
    [InlineData("\"GridGov.Grid-Hierarchy\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void Parse_WrongFormatMarker_ReportsMalformedFile(string format)
    {
        var json = Document().Replace("\"gridgov.grid-hierarchy\"", format, StringComparison.Ordinal);

        Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(json).Code);
    }

    [Fact]
    public void Parse_FormatMarkerMissing_ReportsMalformedFile()
    {
        var json = Document().Replace("\"format\":\"gridgov.grid-hierarchy\",", string.Empty, StringComparison.Ordinal);

        Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(json).Code);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    public void Parse_WrongFormatVersion_ReportsMalformedFile(string formatVersion)
    {
        var json = Document().Replace("\"formatVersion\":1", "\"formatVersion\":" + formatVersion, StringComparison.Ordinal);

        Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(json).Code);
    }

    [Fact]
    public void Parse_FormatVersionMissing_ReportsMalformedFile()
    {
        var json = Document().Replace("\"formatVersion\":1,", string.Empty, StringComparison.Ordinal);

        Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(json).Code);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("\"7\"")]
    [InlineData("7.5")]
    public void Parse_InvalidVersion_ReportsMalformedFile(string version)
    {
        var json = Document().Replace("\"version\":7", "\"version\":" + version, StringComparison.Ordinal);

        var problem = SingleProblem(json);

        Assert.Equal(GridProblemCodes.MalformedFile, problem.Code);
        Assert.Equal(1, problem.LineNumber);
    }

    [Fact]
    public void Parse_NodesMissing_ReportsMalformedFile()
    {
        const string json = """{"format":"gridgov.grid-hierarchy","formatVersion":1,"version":1}""";

        Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(json).Code);
    }

    [Fact]
    public void Parse_NodesNotAnArray_ReportsMalformedFile()
    {
        const string json = """{"format":"gridgov.grid-hierarchy","formatVersion":1,"nodes":{"code":"D"}}""";

        Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(json).Code);
    }

    [Fact]
    public void Parse_NodesEmpty_ReportsEmpty()
    {
        const string json = """{"format":"gridgov.grid-hierarchy","formatVersion":1,"nodes":[]}""";

        Assert.Equal(GridProblemCodes.Empty, SingleProblem(json).Code);
    }

    // ---- Single nodes ----

    [Theory]
    [InlineData("""{"name":"1号楼","kind":"Building","parent":"C"}""")]
    [InlineData("""{"code":null,"name":"1号楼","kind":"Building","parent":"C"}""")]
    public void Parse_NodeWithoutCode_ReportsMalformedLineWithItsLineNumber(string node)
    {
        var problem = SingleProblem(Document(node));

        Assert.Equal(GridProblemCodes.MalformedLine, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Theory]
    [InlineData("""{"code":"B","kind":"Building","parent":"C"}""")]
    [InlineData("""{"code":"B","name":"1号楼","parent":"C"}""")]
    public void Parse_NodeWithoutNameOrKind_ReportsMalformedLineWithItsLineNumber(string node)
    {
        var problem = SingleProblem(Document(node));

        Assert.Equal(GridProblemCodes.MalformedLine, problem.Code);
        Assert.Equal(6, problem.LineNumber);
        Assert.Equal("B", problem.Subject);
    }

    [Theory]
    [InlineData("""{"code":5,"name":"1号楼","kind":"Building","parent":"C"}""")]
    [InlineData("""{"code":"B","name":["1号楼"],"kind":"Building","parent":"C"}""")]
    [InlineData("""{"code":"B","name":"1号楼","kind":"Building","parent":{"code":"C"}}""")]
    [InlineData("""{"code":"B","name":"1号楼","kind":"Building","parent":"C","retired":"yes"}""")]
    [InlineData("""{"code":"B","name":"1号楼","kind":"Building","parent":"C","retired":1}""")]
    public void Parse_NodePropertyOfWrongType_ReportsMalformedLineWithItsLineNumber(string node)
    {
        var problems = ParseFails(Document(node)).Problems;

        Assert.Contains(problems, p => p is { Code: GridProblemCodes.MalformedLine, LineNumber: 6 });
    }

    [Theory]
    [InlineData("\"B\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[\"B\"]")]
    public void Parse_NodeThatIsNotAnObject_ReportsMalformedLineWithItsLineNumber(string node)
    {
        var problem = SingleProblem(Document(node));

        Assert.Equal(GridProblemCodes.MalformedLine, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Theory]
    [InlineData("Hamlet")]
    [InlineData("building")]
    [InlineData("5")]
    [InlineData("")]
    [InlineData("Building ")]
    [InlineData(" Building")]
    [InlineData("Building,Compound")]
    [InlineData("Compound, District")]
    public void Parse_UnknownKind_ReportsInvalidKindWithItsLineNumber(string kind)
    {
        var problem = SingleProblem(Document($$"""{"code":"B","name":"1号楼","kind":"{{kind}}","parent":"C"}"""));

        Assert.Equal(GridProblemCodes.InvalidKind, problem.Code);
        Assert.Equal(6, problem.LineNumber);
        Assert.Equal("B", problem.Subject);
    }

    // ---- Structural problems and several at once ----

    [Fact]
    public void Parse_DuplicateCode_ReportsTheSecondNodesLine()
    {
        var problem = SingleProblem(Document("""{"code":"S","name":"西柳沟街道","kind":"Street","parent":"D"}"""));

        Assert.Equal(GridProblemCodes.DuplicateCode, problem.Code);
        Assert.Equal(6, problem.LineNumber);
        Assert.Contains("line 4", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingParent_ReportsItsLine()
    {
        var problem = SingleProblem(Document("""{"code":"B","name":"1号楼","kind":"Building","parent":"NOPE"}"""));

        Assert.Equal(GridProblemCodes.MissingParent, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_SeveralBadNodes_ReportsEveryOneWithItsLine()
    {
        var json = Document(
            """{"name":"1号楼","kind":"Building","parent":"C"}""",                  // 6
            """{"code":"B2","name":"2号楼","kind":"Hamlet","parent":"C"}""",       // 7
            """{"code":"B3","name":"3号楼","kind":"Building","parent":"NOPE"}""",  // 8
            """{"code":"B4","name":"4号楼","kind":"Building","parent":"C"}""",     // 9: fine
            """{"code":"S","name":"重复","kind":"Street","parent":"D"}""");        // 10

        var problems = ParseFails(json).Problems;

        Assert.Contains(problems, p => p is { Code: GridProblemCodes.MalformedLine, LineNumber: 6 });
        Assert.Contains(problems, p => p is { Code: GridProblemCodes.InvalidKind, LineNumber: 7 });
        Assert.DoesNotContain(problems, p => p.LineNumber == 9);
    }

    [Fact]
    public void Parse_IndentedDocument_ProblemLineIsWhereTheNodeObjectStarts()
    {
        var json = GridHierarchyJson.ToJson(XiguGrid.Build()).Replace("\"Building\"", "\"Hamlet\"", StringComparison.Ordinal);
        var lines = json.Split('\n');
        var codeLines = new[] { XiguGrid.Building1, XiguGrid.Building2 }
            .Select(code => Array.FindIndex(lines, l => l.Contains($"\"{code}\"", StringComparison.Ordinal) && l.Contains("\"code\"", StringComparison.Ordinal)) + 1)
            .ToList();

        var problems = ParseFails(json).Problems;

        Assert.All(problems, p => Assert.Equal(GridProblemCodes.InvalidKind, p.Code));
        Assert.Equal(codeLines.Select(l => (int?)(l - 1)), problems.Select(p => p.LineNumber));
    }
}
