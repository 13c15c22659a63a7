namespace GridGov.Sdk.Committees;

/// <summary>A member's position on the committee. The numeric values are stable (they are stored).</summary>
public enum CommitteePosition
{
    /// <summary>An ordinary member (委员).</summary>
    Member = 0,

    /// <summary>A deputy director (副主任).</summary>
    DeputyDirector = 1,

    /// <summary>The director (主任); the five-haves standard wants the unit's party secretary here.</summary>
    Director = 2,
}

/// <summary>Whether a member is a person or an organization (a member unit, 成员单位).</summary>
public enum CommitteeMemberKind
{
    /// <summary>A natural person.</summary>
    Person = 0,

    /// <summary>An organization: a department, an enterprise, a property company, a volunteer team.</summary>
    Organization = 1,
}

/// <summary>Whether a consultation meeting is held on schedule or called for one matter.</summary>
public enum MeetingKind
{
    /// <summary>A regular meeting (例会).</summary>
    Regular = 0,

    /// <summary>A special meeting on one matter (专题会议).</summary>
    Special = 1,
}

/// <summary>The states of a consultation meeting.</summary>
public enum MeetingState
{
    /// <summary>Scheduled, with agenda and invitees.</summary>
    Scheduled = 0,

    /// <summary>Convened by the director; attendance recorded; items are being decided.</summary>
    Convened = 1,

    /// <summary>Every agenda item has an outcome; minutes drafted.</summary>
    Concluded = 2,

    /// <summary>Minutes approved; final.</summary>
    MinutesApproved = 3,

    /// <summary>Cancelled before it was convened; final.</summary>
    Cancelled = 4,
}

/// <summary>The triggers of the meeting lifecycle.</summary>
public enum MeetingTrigger
{
    /// <summary>Open the meeting and record attendance.</summary>
    Convene = 0,

    /// <summary>Decide an agenda item (with text and vote or consensus).</summary>
    Decide = 1,

    /// <summary>Defer an agenda item to a later meeting.</summary>
    Defer = 2,

    /// <summary>Reject an agenda item.</summary>
    Reject = 3,

    /// <summary>Close the meeting and record the minutes.</summary>
    Conclude = 4,

    /// <summary>Approve the minutes.</summary>
    ApproveMinutes = 5,

    /// <summary>Cancel a meeting that has not been convened.</summary>
    Cancel = 6,

    /// <summary>A member unit claims a pledge created by a decision (认领).</summary>
    ClaimPledge = 7,
}

/// <summary>How an agenda item ended.</summary>
public enum AgendaItemOutcome
{
    /// <summary>Not decided yet.</summary>
    Open = 0,

    /// <summary>Decided, with a decision text.</summary>
    Decided = 1,

    /// <summary>Deferred to a later meeting.</summary>
    Deferred = 2,

    /// <summary>Rejected.</summary>
    Rejected = 3,
}

/// <summary>What kind of follow-up action a decision created.</summary>
public enum FollowUpKind
{
    /// <summary>A problem in the lifecycle (问题), reported through the issue service.</summary>
    Problem = 0,

    /// <summary>A project (项目), such as building a walkway.</summary>
    Project = 1,

    /// <summary>A pledge (认领事项) that a member unit claims, such as funding.</summary>
    Pledge = 2,
}
