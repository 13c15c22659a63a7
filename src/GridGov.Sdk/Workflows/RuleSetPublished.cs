namespace GridGov.Sdk.Workflows;

/// <summary>
/// A manager put a new version of an area's rule set in force in a subtree (发布新版规则): items started there from now
/// on take it; items started before keep theirs until migrated. The who/when/why is in the stored event's metadata.
/// </summary>
/// <param name="Area">The area whose rules changed, one of <see cref="RuleSetAreas"/>.</param>
/// <param name="SubtreeCode">The code of the subtree's root node (the district, street…).</param>
/// <param name="FromVersion">The version in force there before.</param>
/// <param name="Version">The version in force there now.</param>
public sealed record RuleSetPublished(string Area, string SubtreeCode, int FromVersion, int Version);

/// <summary>The areas whose rule sets are versioned and can be published and migrated (docs/versions.md).</summary>
public static class RuleSetAreas
{
    /// <summary>The problem lifecycle's rule sets (<see cref="Issues.IssueRuleSet"/>).</summary>
    public const string Issues = "issues";

    /// <summary>The mediation rules (<see cref="Mediation.MediationOptions"/>: level limits, calendar, levels).</summary>
    public const string Mediation = "mediation";

    /// <summary>Gets the id of the stream that records an area's publications.</summary>
    /// <param name="area">The area, such as <see cref="Issues"/>.</param>
    /// <returns>The stream id, such as <c>rule-sets-issues</c>.</returns>
    public static string StreamIdOf(string area)
    {
        ArgumentException.ThrowIfNullOrEmpty(area);
        return "rule-sets-" + area;
    }
}
