using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Scorecards;

/// <summary>The six capabilities (六项能力) every community is assessed on.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum Capability
{
    /// <summary>Democratic consultation (民主协商议事).</summary>
    DemocraticConsultation = 0,

    /// <summary>Organizing and mobilizing the public (组织动员群众).</summary>
    OrganizingAndMobilizing = 1,

    /// <summary>Ideological and moral development (思想道德建设).</summary>
    IdeologicalAndMoral = 2,

    /// <summary>Grassroots safety (基层平安建设).</summary>
    GrassrootsSafety = 3,

    /// <summary>Optimized public services (优化公共服务).</summary>
    PublicServices = 4,

    /// <summary>Public-interest volunteer service (公益志愿服务).</summary>
    VolunteerService = 5,
}

/// <summary>How an indicator turns events into a figure.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum IndicatorMeasure
{
    /// <summary>The number of matching events.</summary>
    Count = 0,

    /// <summary>The sum of <see cref="ScorecardIndicator.Amount"/> over matching events (hours, people served…).</summary>
    Sum = 1,

    /// <summary>Matching events over the events of <see cref="ScorecardIndicator.DenominatorEventTypes"/> (a share, 0–1).</summary>
    Ratio = 2,
}

/// <summary>What an indicator's filter and amount see of one event: the event and the facts of its stream.</summary>
/// <param name="Event">The recorded event.</param>
/// <param name="Stream">The stream's place and category, taken from the event that started it.</param>
public readonly record struct IndicatorEvent(RecordedEvent Event, StreamFacts Stream);

/// <summary>The facts of a stream an indicator may filter on, taken from the event that started it.</summary>
/// <param name="PlaceCode">The grid node the stream's aggregate lives at, if known.</param>
/// <param name="Category">The aggregate's category (a problem's, a wish's…), if it has one.</param>
public readonly record struct StreamFacts(string? PlaceCode, string? Category);

/// <summary>
/// One indicator of a capability: which recorded events count (by their stable type names, see
/// <see cref="EventTypeRegistry"/>), how they are measured, the target that earns the full weight, and the weight.
/// An indicator earns <c>Weight × min(actual / Target, 1)</c> points.
/// </summary>
/// <param name="Code">A stable code, such as <c>consultations-held</c>.</param>
/// <param name="Capability">The capability it belongs to.</param>
/// <param name="NameZh">Its name in Chinese.</param>
/// <param name="NameEn">Its name in English.</param>
/// <param name="EventTypes">The stable names of the events that count (for <see cref="IndicatorMeasure.Ratio"/>, the numerator).</param>
/// <param name="Target">The figure that earns the full weight, per community and window; positive.</param>
/// <param name="Weight">The points the indicator is worth; positive.</param>
public sealed record ScorecardIndicator(string Code, Capability Capability, string NameZh, string NameEn, IReadOnlyList<string> EventTypes, decimal Target, decimal Weight)
{
    /// <summary>Gets how the events are measured; <see cref="IndicatorMeasure.Count"/> by default.</summary>
    public IndicatorMeasure Measure { get; init; }

    /// <summary>Gets which of the events count; all when null.</summary>
    public Func<IndicatorEvent, bool>? Filter { get; init; }

    /// <summary>Gets the amount an event adds for <see cref="IndicatorMeasure.Sum"/>; required for it.</summary>
    public Func<IndicatorEvent, decimal>? Amount { get; init; }

    /// <summary>Gets the stable names of the events of the denominator, for <see cref="IndicatorMeasure.Ratio"/>.</summary>
    public IReadOnlyList<string> DenominatorEventTypes { get; init; } = [];

    /// <summary>Gets which of the denominator's events count; all when null.</summary>
    public Func<IndicatorEvent, bool>? DenominatorFilter { get; init; }
}
