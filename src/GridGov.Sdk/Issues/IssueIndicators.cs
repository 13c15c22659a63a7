using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>
/// The problem-lifecycle indicators for one grid subtree and one reporting window. The population
/// is every issue <em>reported</em> in the window at a place in the subtree; each figure below says
/// which of those it counts.
/// </summary>
/// <remarks>Immutable and thread-safe. Computed by <see cref="IssueReadModel.Compute(Grids.GridHierarchy, string, Interval)"/>.</remarks>
public sealed record IssueIndicators
{
    /// <summary>Gets found (排摸发现): issues reported.</summary>
    public long Found { get; init; }

    /// <summary>Gets accepted (立案): issues ever accepted.</summary>
    public long Accepted { get; init; }

    /// <summary>Gets claimed (认领): issues ever claimed or dispatched — someone took them on.</summary>
    public long Claimed { get; init; }

    /// <summary>Gets resolved (办结): issues closed now (a reopened issue no longer counts).</summary>
    public long Resolved { get; init; }

    /// <summary>Gets due (应结案数): issues closed now, plus open ones whose resolve deadline passed before the window's end (an open-ended window counts every open issue that has a resolve deadline).</summary>
    public long Due { get; init; }

    /// <summary>Gets deferred (缓办数): due issues suspended as deferred now; they leave the denominators.</summary>
    public long Deferred { get; init; }

    /// <summary>Gets closed on time (按期结案数): closed issues whose last resolution was by the resolve deadline.</summary>
    public long ClosedOnTime { get; init; }

    /// <summary>Gets handled: issues ever reported resolved (the base of the rework rate).</summary>
    public long Handled { get; init; }

    /// <summary>Gets reworked: handled issues sent back at least once (返工).</summary>
    public long Reworked { get; init; }

    /// <summary>Gets extended: issues whose deadline was extended at least once (延期).</summary>
    public long Extended { get; init; }

    /// <summary>Gets responded on time: accepted issues first claimed or dispatched by the response deadline.</summary>
    public long RespondedOnTime { get; init; }

    /// <summary>Gets rated: closed issues rated by the resident.</summary>
    public long Rated { get; init; }

    /// <summary>Gets satisfied or basically satisfied (满意 + 基本满意) among the rated.</summary>
    public long Satisfied { get; init; }

    /// <summary>Gets the claim rate: <see cref="Claimed"/> / <see cref="Found"/>.</summary>
    public IndicatorRate ClaimRate => new(Claimed, Found);

    /// <summary>Gets 结案率 = closed / (due − deferred).</summary>
    public IndicatorRate CloseRate => new(Resolved, Due - Deferred);

    /// <summary>Gets 按期结案率 = closed on time / (due − deferred).</summary>
    public IndicatorRate OnTimeCloseRate => new(ClosedOnTime, Due - Deferred);

    /// <summary>Gets 返工率 = reworked / handled.</summary>
    public IndicatorRate ReworkRate => new(Reworked, Handled);

    /// <summary>Gets 延期率 = extended / found.</summary>
    public IndicatorRate ExtensionRate => new(Extended, Found);

    /// <summary>Gets 响应率 = responded on time / accepted.</summary>
    public IndicatorRate ResponseRate => new(RespondedOnTime, Accepted);

    /// <summary>Gets 解决率 = resolved / accepted.</summary>
    public IndicatorRate SolveRate => new(Resolved, Accepted);

    /// <summary>Gets 满意率 = (satisfied + basically satisfied) / rated.</summary>
    public IndicatorRate SatisfactionRate => new(Satisfied, Rated);

    /// <summary>Gets the average time from report to acceptance, over accepted issues.</summary>
    public Duration? AverageToAccept { get; init; }

    /// <summary>Gets the average time from acceptance to the first claim or dispatch.</summary>
    public Duration? AverageToRespond { get; init; }

    /// <summary>Gets the average time from the first claim or dispatch to the last resolution.</summary>
    public Duration? AverageToResolve { get; init; }

    /// <summary>Gets the average time from the last resolution to the close (verification).</summary>
    public Duration? AverageToVerify { get; init; }
}
