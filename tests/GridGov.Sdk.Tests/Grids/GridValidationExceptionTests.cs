using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridValidationExceptionTests
{
    [Fact]
    public void Problems_AreEveryProblemInTheOrderGiven()
    {
        GridProblem[] problems = [new("a.one", "first"), new("a.two", "second")];

        var ex = new GridValidationException("grid hierarchy", problems);

        Assert.Equal(problems, ex.Problems);
        Assert.Equal(GridValidationException.ErrorCode, ex.Code);
        Assert.Equal("grid.invalid", ex.Code);
    }

    [Fact]
    public void Message_NamesWhatWasValidatedAndListsTheProblems()
    {
        var ex = new GridValidationException("grid hierarchy CSV", [new("import.line-malformed", "bad line", "B", 7)]);

        Assert.Contains("grid hierarchy CSV", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 7: [import.line-malformed] bad line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_ManyProblems_ShowsTenAndCountsTheRest()
    {
        var problems = Enumerable.Range(1, 13).Select(i => new GridProblem("c", $"problem {i}")).ToList();

        var ex = new GridValidationException("grid hierarchy", problems);

        Assert.Contains("problem 10", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("problem 11", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 more", ex.Message, StringComparison.Ordinal);
        Assert.Equal(13, ex.Problems.Count);
    }

    [Fact]
    public void GridProblem_ToString_WithLine_StartsWithTheLine()
        => Assert.Equal("line 3: [grid.cycle] loop", new GridProblem(GridProblemCodes.Cycle, "loop", "X", 3).ToString());

    [Fact]
    public void GridProblem_ToString_WithoutLine_IsCodeAndMessage()
        => Assert.Equal("[grid.empty] none", new GridProblem(GridProblemCodes.Empty, "none").ToString());
}
