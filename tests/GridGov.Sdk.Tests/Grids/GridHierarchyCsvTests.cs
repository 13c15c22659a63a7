using System.Globalization;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridHierarchyCsvTests
{
    private const string Header = "code,name,kind,parent_code,retired";

    /// <summary>A small valid file; line numbers: header 1, D 2, S 3, C 4, B 5.</summary>
    private static string File(params string[] extraLines)
        => CsvText.Join(
            new[]
            {
                Header,
                "D,西固区,District,,false",
                "S,陈坪街道,Street,D,false",
                "C,先锋社区,Community,S,false",
                "B,1号楼,Building,C,false",
            }.Concat(extraLines));

    private static GridValidationException ParseFails(string csv, GridLevelRules? rules = null)
        => Assert.Throws<GridValidationException>(() => GridHierarchyCsv.Parse(csv, rules));

    private static GridProblem SingleProblem(string csv) => Assert.Single(ParseFails(csv).Problems);

    // ---- Writing ----

    [Fact]
    public void ToCsv_FirstLine_IsTheHeader()
        => Assert.Equal(Header, CsvText.Lines(GridHierarchyCsv.ToCsv(XiguGrid.Build()))[0]);

    [Fact]
    public void Header_IsTheDocumentedColumnList()
        => Assert.Equal(Header, GridHierarchyCsv.Header);

    [Fact]
    public void ToCsv_WritesOneLinePerNodeInPreOrder()
    {
        var lines = CsvText.Lines(GridHierarchyCsv.ToCsv(XiguGrid.Build()));

        Assert.Equal(XiguGrid.PreOrder, lines.Skip(1).Select(l => CsvText.Fields(l)[0]));
    }

    [Fact]
    public void ToCsv_WritesCodeNameKindParentAndRetired()
    {
        var lines = CsvText.Lines(GridHierarchyCsv.ToCsv(XiguGrid.Build()));

        Assert.Equal("XG,西固区,District,,false", lines[1]);
        Assert.Equal("CP,陈坪街道,Street,XG,false", lines[2]);
        Assert.Equal("XF-G1-1-2,三级网格二,TertiaryGrid,XF-G1-1,true", lines[12]);
    }

    [Fact]
    public void ToCsv_EndsLinesWithLineFeed()
    {
        var csv = GridHierarchyCsv.ToCsv(XiguGrid.Build());

        Assert.DoesNotContain("\r", csv, StringComparison.Ordinal);
        Assert.EndsWith("\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCsv_NameWithCommaAndQuotes_IsQuotedWithDoubledQuotes()
    {
        var grid = new GridHierarchyBuilder().Add("D", "西固区,\"新\"城", GridNodeKind.District).Build();

        var line = CsvText.Lines(GridHierarchyCsv.ToCsv(grid))[1];

        Assert.Equal("D,\"西固区,\"\"新\"\"城\",District,,false", line);
    }

    [Fact]
    public void ToCsv_FormulaLikeName_IsWrittenExactly()
    {
        var grid = new GridHierarchyBuilder().Add("D", "=1+2", GridNodeKind.District).Build();

        Assert.Equal("=1+2", CsvText.Fields(CsvText.Lines(GridHierarchyCsv.ToCsv(grid))[1])[1]);
    }

    [Fact]
    public void Write_ToATextWriter_WritesTheSameTextAndLeavesItOpen()
    {
        var grid = XiguGrid.Build();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        GridHierarchyCsv.Write(grid, writer);
        writer.Write("after");

        Assert.Equal(GridHierarchyCsv.ToCsv(grid) + "after", writer.ToString());
    }

    [Fact]
    public void Write_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => GridHierarchyCsv.Write(null!, TextWriter.Null));
        Assert.Throws<ArgumentNullException>(() => GridHierarchyCsv.Write(XiguGrid.Build(), null!));
    }

    // ---- Round trip ----

    [Fact]
    public void ParseOfToCsv_XiguGrid_GivesAnEqualSnapshot()
    {
        var grid = XiguGrid.Build();

        Assert.Equal(grid, GridHierarchyCsv.Parse(GridHierarchyCsv.ToCsv(grid)));
    }

    [Fact]
    public void ParseOfToCsv_NamesAndCodesWithCommasQuotesAndChinese_GivesAnEqualSnapshot()
    {
        var grid = new GridHierarchyBuilder()
            .Add("62,01\"04", "西固区, \"新区\"", GridNodeKind.District)
            .Add("街道 1", "陈坪街道,\"\"", GridNodeKind.Street, "62,01\"04")
            .Add("'c", "先锋社区 🏠 é", GridNodeKind.Community, "街道 1")
            .Add("=b", "=HYPERLINK(\"x\")", GridNodeKind.Building, "'c", isRetired: true)
            .Build();

        var roundTripped = GridHierarchyCsv.Parse(GridHierarchyCsv.ToCsv(grid));

        Assert.Equal(grid, roundTripped);
        Assert.Equal("西固区, \"新区\" / 陈坪街道,\"\"", roundTripped["街道 1"].Path);
    }

    [Fact]
    public void ReadOfWrite_ThroughReaderAndWriter_GivesAnEqualSnapshot()
    {
        var grid = XiguGrid.Build();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        GridHierarchyCsv.Write(grid, writer);
        using var reader = new StringReader(writer.ToString());

        Assert.Equal(grid, GridHierarchyCsv.Read(reader));
    }

    // ---- Reading valid files ----

    [Fact]
    public void Parse_HandWrittenFile_BuildsTheHierarchy()
    {
        var grid = GridHierarchyCsv.Parse(File());

        Assert.Equal(4, grid.Count);
        Assert.Equal("西固区 / 陈坪街道 / 先锋社区 / 1号楼", grid["B"].Path);
    }

    [Fact]
    public void Parse_ChildLineBeforeParentLine_IsAccepted()
    {
        var csv = CsvText.Join([Header, "S,陈坪街道,Street,D,false", "D,西固区,District,,false"]);

        Assert.Equal("D", GridHierarchyCsv.Parse(csv).Root.Code);
    }

    [Fact]
    public void Parse_EmptyRetiredField_MeansInService()
        => Assert.False(GridHierarchyCsv.Parse(CsvText.Join([Header, "D,西固区,District,,"])).Root.IsRetired);

    [Fact]
    public void Parse_RetiredTrue_MarksTheNodeRetired()
        => Assert.True(GridHierarchyCsv.Parse(File("B2,2号楼,Building,C,true"))["B2"].IsRetired);

    [Fact]
    public void Parse_QuotedFields_AreUnquoted()
    {
        var grid = GridHierarchyCsv.Parse(CsvText.Join([Header, "\"D\",\"西固区,\"\"新\"\"\",\"District\",\"\",\"false\""]));

        Assert.Equal("西固区,\"新\"", grid.Root.Name);
    }

    [Fact]
    public void Parse_CrLfLineEndings_AreAccepted()
        => Assert.Equal(GridHierarchyCsv.Parse(File()), GridHierarchyCsv.Parse(File().Replace("\n", "\r\n", StringComparison.Ordinal)));

    [Fact]
    public void Parse_NoFinalLineBreak_IsAccepted()
        => Assert.Equal(4, GridHierarchyCsv.Parse(File().TrimEnd('\n')).Count);

    [Fact]
    public void Parse_WithRules_ValidatesAgainstThem()
    {
        var rules = GridLevelRules.Default.WithRootKinds(GridNodeKind.City);

        var problem = Assert.Single(ParseFails(File(), rules).Problems);

        Assert.Equal(GridProblemCodes.RootKindNotAllowed, problem.Code);
        Assert.Equal(2, problem.LineNumber);
    }

    [Fact]
    public void Parse_WithRules_SnapshotCarriesThem()
    {
        var rules = GridLevelRules.Default.WithGovernanceUnitKind(GridNodeKind.Building);

        Assert.Same(rules, GridHierarchyCsv.Parse(File(), rules).Rules);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => GridHierarchyCsv.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => GridHierarchyCsv.Read(null!));
    }

    // ---- The header ----

    [Theory]
    [InlineData("code,name,kind,parent,retired")]
    [InlineData("Code,Name,Kind,Parent_Code,Retired")]
    [InlineData("code,name,kind,parent_code")]
    [InlineData("code,name,kind,parent_code,retired,extra")]
    [InlineData("code, name,kind,parent_code,retired")]
    [InlineData("name,code,kind,parent_code,retired")]
    public void Parse_WrongHeader_ReportsMalformedFileOnLineOne(string header)
    {
        var csv = File().Replace(Header, header, StringComparison.Ordinal);

        var problem = SingleProblem(csv);

        Assert.Equal(GridProblemCodes.MalformedFile, problem.Code);
        Assert.Equal(1, problem.LineNumber);
    }

    [Fact]
    public void Parse_HeaderMissing_ReportsMalformedFileOnLineOne()
    {
        var csv = CsvText.Join(CsvText.Lines(File()).Skip(1));

        var problem = SingleProblem(csv);

        Assert.Equal(GridProblemCodes.MalformedFile, problem.Code);
        Assert.Equal(1, problem.LineNumber);
    }

    [Fact]
    public void Parse_EmptyText_ReportsMalformedFile()
        => Assert.Equal(GridProblemCodes.MalformedFile, SingleProblem(string.Empty).Code);

    [Fact]
    public void Parse_HeaderOnly_ReportsEmpty()
        => Assert.Equal(GridProblemCodes.Empty, SingleProblem(Header + "\n").Code);

    // ---- Malformed lines ----

    [Theory]
    [InlineData("B2,2号楼,Building,C")]
    [InlineData("B2,2号楼,Building,C,false,extra")]
    [InlineData("B2,2号楼,Building,C,false,")]
    [InlineData("B2")]
    public void Parse_LineWithWrongFieldCount_ReportsMalformedLineWithItsLineNumber(string line)
    {
        var problem = SingleProblem(File(line));

        Assert.Equal(GridProblemCodes.MalformedLine, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Theory]
    [InlineData("B2,2号\"楼,Building,C,false")]
    [InlineData("B2,\"2号楼\"x,Building,C,false")]
    [InlineData("B2,\"2号楼,Building,C,false")]
    public void Parse_LineWithBadQuoting_ReportsMalformedLineWithItsLineNumber(string line)
    {
        var problem = SingleProblem(File(line));

        Assert.Equal(GridProblemCodes.MalformedLine, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_UnterminatedQuoteOnAnEarlierLine_DoesNotSwallowTheLinesAfterIt()
    {
        var csv = File("B2,\"2号楼,Building,C,false", "B3,3号楼,Hamlet,C,false");

        var problems = ParseFails(csv).Problems;

        Assert.Contains(problems, p => p is { Code: GridProblemCodes.MalformedLine, LineNumber: 6 });
        Assert.Contains(problems, p => p is { Code: GridProblemCodes.InvalidKind, LineNumber: 7 });
    }

    [Theory]
    [InlineData("Hamlet")]
    [InlineData("street")]
    [InlineData("STREET")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(" Building")]
    [InlineData("Building ")]
    [InlineData("\"Building,Compound\"")]
    [InlineData("\"Compound, District\"")]
    public void Parse_UnknownKind_ReportsInvalidKindWithItsLineNumber(string kind)
    {
        var problem = SingleProblem(File($"B2,2号楼,{kind},C,false"));

        Assert.Equal(GridProblemCodes.InvalidKind, problem.Code);
        Assert.Equal(6, problem.LineNumber);
        Assert.Equal("B2", problem.Subject);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("TRUE")]
    [InlineData("False")]
    [InlineData("1")]
    [InlineData("true ")]
    public void Parse_BadRetiredValue_ReportsMalformedLineWithItsLineNumber(string retired)
    {
        var problem = SingleProblem(File($"B2,2号楼,Building,C,{retired}"));

        Assert.Equal(GridProblemCodes.MalformedLine, problem.Code);
        Assert.Equal(6, problem.LineNumber);
        Assert.Equal("B2", problem.Subject);
    }

    [Fact]
    public void Parse_SeveralBadLines_ReportsEveryOneWithItsLineNumber()
    {
        var csv = File(
            "B2,2号楼,Building,C",            // 6: too few fields
            "B3,3号楼,Hamlet,C,false",        // 7: unknown kind
            "B4,4号楼,Building,C,maybe",      // 8: bad retired
            "B5,5号\"楼,Building,C,false",    // 9: bad quoting
            "B6,6号楼,Building,C,false",      // 10: fine
            "B7,7号楼,Building,C,false,x");   // 11: too many fields

        var problems = ParseFails(csv).Problems;

        Assert.Equal([6, 7, 8, 9, 11], problems.Select(p => p.LineNumber).Order().Cast<int>());
        Assert.Equal(GridProblemCodes.InvalidKind, problems.Single(p => p.LineNumber == 7).Code);
        Assert.All(problems.Where(p => p.LineNumber != 7), p => Assert.Equal(GridProblemCodes.MalformedLine, p.Code));
    }

    [Fact]
    public void Parse_EmptyLines_AreSkippedButCountInLineNumbers()
    {
        var csv = Header + "\nD,西固区,District,,false\n\n\nS,陈坪街道,Hamlet,D,false\n";

        var problem = SingleProblem(csv);

        Assert.Equal(GridProblemCodes.InvalidKind, problem.Code);
        Assert.Equal(5, problem.LineNumber);
    }

    // ---- Structural problems carry line numbers ----

    [Fact]
    public void Parse_DuplicateCode_ReportsTheSecondLineAndNamesTheFirst()
    {
        var problem = SingleProblem(File("S,西柳沟街道,Street,D,false"));

        Assert.Equal(GridProblemCodes.DuplicateCode, problem.Code);
        Assert.Equal(6, problem.LineNumber);
        Assert.Contains("line 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingParent_ReportsItsLineNumber()
    {
        var problem = SingleProblem(File("B2,2号楼,Building,NOPE,false"));

        Assert.Equal(GridProblemCodes.MissingParent, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_LevelOrder_ReportsItsLineNumber()
    {
        var problem = SingleProblem(File("S2,西柳沟街道,Street,B,false"));

        Assert.Equal(GridProblemCodes.LevelOrder, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_InvalidCode_ReportsItsLineNumber()
    {
        var problem = SingleProblem(File(" B2,2号楼,Building,C,false"));

        Assert.Equal(GridProblemCodes.InvalidCode, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_InvalidName_ReportsItsLineNumber()
    {
        var problem = SingleProblem(File("B2,2号楼 ,Building,C,false"));

        Assert.Equal(GridProblemCodes.InvalidName, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_SecondRoot_ReportsItsLineNumber()
    {
        var problem = SingleProblem(File("D2,七里河区,District,,false"));

        Assert.Equal(GridProblemCodes.MultipleRoots, problem.Code);
        Assert.Equal(6, problem.LineNumber);
    }

    [Fact]
    public void Parse_LiveUnderRetired_ReportsItsLineNumber()
    {
        var problem = SingleProblem(File("C2,新社区,Community,S,true", "B2,2号楼,Building,C2,false"));

        Assert.Equal(GridProblemCodes.LiveUnderRetired, problem.Code);
        Assert.Equal(7, problem.LineNumber);
    }

    [Fact]
    public void Parse_NodeItsOwnParent_ReportsACycleOnItsLine()
    {
        var csv = File().Replace("B,1号楼,Building,C,false", "B,1号楼,Building,B,false", StringComparison.Ordinal);

        var problems = ParseFails(csv).Problems;

        Assert.Contains(problems, p => p is { Code: GridProblemCodes.Cycle, LineNumber: 5 });
    }

    [Fact]
    public void Parse_MalformedLinesAndStructuralProblems_AreAllReportedTogether()
    {
        var csv = File(
            "B2,2号楼,Building,C",               // 6: malformed
            "S,西柳沟街道,Street,D,false",      // 7: duplicate code
            "B3,3号楼,Building,NOPE,false",     // 8: missing parent
            "B4,4号楼,Hamlet,C,false");         // 9: unknown kind

        var problems = ParseFails(csv).Problems;

        Assert.Contains(problems, p => p is { Code: GridProblemCodes.MalformedLine, LineNumber: 6 });
        Assert.Contains(problems, p => p is { Code: GridProblemCodes.DuplicateCode, LineNumber: 7 });
        Assert.Contains(problems, p => p is { Code: GridProblemCodes.MissingParent, LineNumber: 8 });
        Assert.Contains(problems, p => p is { Code: GridProblemCodes.InvalidKind, LineNumber: 9 });
    }

    [Fact]
    public void Parse_Invalid_MessageNamesTheLines()
    {
        var ex = ParseFails(File("B2,2号楼,Hamlet,C,false"));

        Assert.Contains("line 6", ex.Message, StringComparison.Ordinal);
    }
}
