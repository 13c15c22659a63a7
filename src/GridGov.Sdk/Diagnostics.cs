using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GridGov.Sdk;

/// <summary>
/// The SDK's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>,
/// both named <c>GridGov.Sdk</c>, so OpenTelemetry picks them up with no extra dependency.
/// </summary>
public static class GridGovDiagnostics
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "GridGov.Sdk";

    /// <summary>Gets the activity source: one activity per command.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Gets the meter.</summary>
    public static Meter Meter { get; } = new(Name);

    internal static Counter<long> Transitions { get; } = Meter.CreateCounter<long>("gridgov.issue.transitions", description: "Issue transitions committed, by trigger.");

    internal static Counter<long> Refusals { get; } = Meter.CreateCounter<long>("gridgov.issue.refusals", description: "Issue commands refused, by code.");
}
