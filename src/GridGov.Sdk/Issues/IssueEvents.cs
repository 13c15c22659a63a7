using System.Text;
using System.Text.Json.Serialization;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>
/// An event in an issue's stream. Every event records the state before and after, and the deadline
/// in force after it (null when no clock runs). The who/when/why is in the stored event's metadata.
/// </summary>
public abstract record IssueEvent
{
    /// <summary>Gets the issue.</summary>
    public required IssueId IssueId { get; init; }

    /// <summary>Gets the state before the event.</summary>
    public IssueState From { get; init; }

    /// <summary>Gets the state after the event.</summary>
    public IssueState To { get; init; }

    /// <summary>Gets the deadline of the current stage after the event; null when no clock runs.</summary>
    public Instant? Deadline { get; init; }

    /// <summary>Returns the event's members with phone and ID numbers in its text masked.</summary>
    /// <returns>The text.</returns>
    public sealed override string ToString()
    {
        var builder = new StringBuilder(GetType().Name).Append(" { ");
        if (PrintMembers(builder))
        {
            builder.Append(' ');
        }

        return PersonalDataMask.Scrub(builder.Append('}').ToString());
    }
}

/// <summary>A problem was reported (信息收集 / 排摸发现).</summary>
/// <param name="Category">The matter category, such as <c>environment</c>.</param>
/// <param name="Priority">Normal or urgent.</param>
/// <param name="Source">How it came to be known.</param>
/// <param name="PlaceCode">The grid node where the problem is.</param>
/// <param name="HandlingNodeCode">The node that handles it first, from the category's handling level.</param>
/// <param name="Title">A short title.</param>
/// <param name="Description">What the problem is.</param>
/// <param name="ReporterId">The reporting resident or party member, if any.</param>
/// <param name="RuleSetVersion">The version of the rule set that set its time limits.</param>
public sealed record IssueReported(
    string Category,
    IssuePriority Priority,
    IssueSource Source,
    string PlaceCode,
    string HandlingNodeCode,
    [property: PersonalData(PersonalDataKind.FreeText)] string Title,
    [property: PersonalData(PersonalDataKind.FreeText)] string Description,
    string? ReporterId,
    int RuleSetVersion) : IssueEvent
{
    /// <summary>
    /// Gets the reference to the reporter's contact data in the <see cref="IPersonalDataVault"/>, if the reporter left
    /// it. The data itself is never in the event, so erasing it leaves the hash chains intact. Not written when null,
    /// so events without a contact keep their stored form.
    /// </summary>
    [PersonalData(PersonalDataKind.Reference)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PersonalDataRef? ReporterContact { get; init; }
}

/// <summary>Accepted as a case (立案).</summary>
public sealed record IssueAccepted : IssueEvent;

/// <summary>Not accepted (不予立案); the reason is in the metadata.</summary>
public sealed record IssueRejected : IssueEvent;

/// <summary>Merged into another issue as its duplicate.</summary>
/// <param name="DuplicateOf">The issue it duplicates.</param>
public sealed record IssueMerged(IssueId DuplicateOf) : IssueEvent;

/// <summary>Claimed (认领).</summary>
/// <param name="ClaimantId">Who claimed it.</param>
/// <param name="ClaimantKind">Party member, unit or enterprise.</param>
public sealed record IssueClaimed(string ClaimantId, ClaimantKind ClaimantKind) : IssueEvent;

/// <summary>Dispatched (派遣) or re-dispatched (改派) to a professional grid.</summary>
/// <param name="ProfessionalGridCode">The professional grid.</param>
/// <param name="IsRedispatch">Whether this is a re-dispatch after a return.</param>
public sealed record IssueDispatched(string ProfessionalGridCode, bool IsRedispatch) : IssueEvent;

/// <summary>Returned by the dispatched unit as not responsible (回退).</summary>
/// <param name="ProfessionalGridCode">The grid that returned it.</param>
public sealed record IssueReturned(string ProfessionalGridCode) : IssueEvent;

/// <summary>Work started (处置), after a claim or dispatch.</summary>
public sealed record IssueWorkStarted : IssueEvent;

/// <summary>Reported resolved (反馈).</summary>
/// <param name="Notes">What was done.</param>
/// <param name="Evidence">References to photos or documents.</param>
public sealed record IssueResolved([property: PersonalData(PersonalDataKind.FreeText)] string Notes, IReadOnlyList<string> Evidence) : IssueEvent;

/// <summary>Verified and closed (核查 → 结案).</summary>
/// <param name="OnTime">Whether it was resolved by its resolve deadline.</param>
public sealed record IssueClosed(bool OnTime) : IssueEvent;

/// <summary>Sent back for rework after failed verification (返工).</summary>
public sealed record IssueReworkRequested : IssueEvent;

/// <summary>Rated by the resident (评价).</summary>
/// <param name="Rating">The rating.</param>
public sealed record IssueRated(IssueRating Rating) : IssueEvent;

/// <summary>Reopened by a dissatisfied resident.</summary>
public sealed record IssueReopened : IssueEvent;

/// <summary>Suspended (缓办 / 挂账); the clock stops with <paramref name="Remaining"/> left.</summary>
/// <param name="Kind">Deferred or parked.</param>
/// <param name="Remaining">The time that was left on the deadline; null if no clock ran.</param>
public sealed record IssueSuspended(SuspensionKind Kind, Duration? Remaining) : IssueEvent;

/// <summary>Resumed where it was; the clock restarts with the time that was left.</summary>
public sealed record IssueResumed : IssueEvent;

/// <summary>The deadline was extended (延期) with approval.</summary>
/// <param name="ApprovedBy">The id of the actor who approved the extension.</param>
public sealed record IssueDeadlineExtended(string ApprovedBy) : IssueEvent;

/// <summary>Handling moved one level up (升级) or back down (下放).</summary>
/// <param name="FromNodeCode">The node that handled it before.</param>
/// <param name="ToNodeCode">The node that handles it now.</param>
/// <param name="Automatic">Whether the SDK escalated it because the level's time limit passed.</param>
/// <param name="Up">Whether this moved up (escalation) or down (de-escalation).</param>
public sealed record IssueLevelChanged(string FromNodeCode, string ToNodeCode, bool Automatic, bool Up) : IssueEvent;

/// <summary>
/// Migrated to another version of its rule set by a manager (docs/versions.md): the state does not change; the
/// current stage's deadline is counted again from when that stage's clock started, under the new version's limits
/// and calendar. Who, when and why are in the stored event's metadata.
/// </summary>
/// <param name="FromVersion">The rule-set version it was under.</param>
/// <param name="ToVersion">The rule-set version it is under now.</param>
/// <param name="OldDeadline">The deadline before; the new one is <see cref="IssueEvent.Deadline"/>.</param>
public sealed record IssueRuleSetMigrated(int FromVersion, int ToVersion, Instant? OldDeadline) : IssueEvent;
