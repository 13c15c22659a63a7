using NodaTime;

namespace GridGov.Sdk.Scorecards;

/// <summary>One community's scorecard over a window: points per capability, each explained by its indicators.</summary>
/// <param name="CommunityCode">The community.</param>
/// <param name="CommunityName">Its name.</param>
/// <param name="Window">The days scored.</param>
/// <param name="DefinitionVersion">The version of the indicator set used.</param>
/// <param name="Points">The total: the sum of the capabilities' points (and so of every indicator's).</param>
/// <param name="MaxPoints">The most points the set allows.</param>
/// <param name="Capabilities">The six capabilities, in enum order.</param>
public sealed record CommunityScorecard(string CommunityCode, string CommunityName, DateInterval Window, int DefinitionVersion, decimal Points, decimal MaxPoints, IReadOnlyList<CapabilityScore> Capabilities)
{
    /// <summary>Gets the indicators of every capability, in the set's order within each capability.</summary>
    public IEnumerable<IndicatorScore> Indicators => Capabilities.SelectMany(c => c.Indicators);
}

/// <summary>One capability's points.</summary>
/// <param name="Capability">The capability.</param>
/// <param name="Points">The sum of its indicators' points.</param>
/// <param name="MaxPoints">The sum of its indicators' weights.</param>
/// <param name="Indicators">Its indicators.</param>
public sealed record CapabilityScore(Capability Capability, decimal Points, decimal MaxPoints, IReadOnlyList<IndicatorScore> Indicators)
{
    /// <summary>Gets the capability's Chinese name.</summary>
    public string NameZh => Capability switch
    {
        Capability.DemocraticConsultation => "民主协商议事",
        Capability.OrganizingAndMobilizing => "组织动员群众",
        Capability.IdeologicalAndMoral => "思想道德建设",
        Capability.GrassrootsSafety => "基层平安建设",
        Capability.PublicServices => "优化公共服务",
        _ => "公益志愿服务",
    };
}

/// <summary>One indicator's part of a scorecard: <c>Points = Weight × min(Actual / Target, 1)</c>, rounded to four decimals (see <see cref="ScorecardMath.Points"/>).</summary>
/// <param name="Code">The indicator's code.</param>
/// <param name="Capability">Its capability.</param>
/// <param name="NameZh">Its Chinese name.</param>
/// <param name="NameEn">Its English name.</param>
/// <param name="Actual">The figure in the window (a count, a sum, or a share for a ratio).</param>
/// <param name="Target">The target for the window (prorated to its length, except for a ratio).</param>
/// <param name="Weight">The points it is worth.</param>
/// <param name="Points">The points earned.</param>
/// <param name="EventPositions">The global-log positions of the events counted (the numerator's); empty in a ranked table.</param>
public sealed record IndicatorScore(string Code, Capability Capability, string NameZh, string NameEn, decimal Actual, decimal Target, decimal Weight, decimal Points, IReadOnlyList<long> EventPositions);

/// <summary>The communities of a subtree ranked over a window, with the change against the window before.</summary>
/// <param name="SubtreeCode">The subtree.</param>
/// <param name="Window">The window scored.</param>
/// <param name="PreviousWindow">The window of the same length just before.</param>
/// <param name="Rows">One row per community, best first.</param>
public sealed record ScorecardTable(string SubtreeCode, DateInterval Window, DateInterval PreviousWindow, IReadOnlyList<ScorecardRow> Rows);

/// <summary>One community in a ranked table.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="CommunityName">Its name.</param>
/// <param name="Points">Its points in the window.</param>
/// <param name="MaxPoints">The most its set allows.</param>
/// <param name="PreviousPoints">Its points in the window before.</param>
/// <param name="Change">Points minus previous points.</param>
/// <param name="CapabilityPoints">Points per capability, in enum order.</param>
public sealed record ScorecardRow(int Rank, string CommunityCode, string CommunityName, decimal Points, decimal MaxPoints, decimal PreviousPoints, decimal Change, IReadOnlyList<decimal> CapabilityPoints);

/// <summary>An indicator set is invalid; raised when the scorecard model is created.</summary>
public sealed class ScorecardConfigurationException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "scorecard.configuration-invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every problem found.</param>
    public ScorecardConfigurationException(string message)
        : base(ErrorCode, message)
    {
    }
}

/// <summary>The scorecards' arithmetic, in one place so that every caller rounds alike.</summary>
public static class ScorecardMath
{
    /// <summary>The decimals every figure of a scorecard is rounded to (half to even).</summary>
    public const int Decimals = 4;

    /// <summary>An indicator's points: <c>round(weight × min(actual / target, 1), 4)</c>.</summary>
    /// <param name="weight">The indicator's weight.</param>
    /// <param name="actual">The figure in the window.</param>
    /// <param name="target">The target for the window; positive.</param>
    /// <returns>The points.</returns>
    public static decimal Points(decimal weight, decimal actual, decimal target)
        => target <= 0m ? throw new ArgumentOutOfRangeException(nameof(target), "A target must be positive.") : decimal.Round(weight * Math.Min(actual / target, 1m), Decimals, MidpointRounding.ToEven);
}
