namespace GridGov.Sdk.Issues;

/// <summary>
/// The states of a problem (问题) from discovery to a verified, rated close, covering both the
/// report's found → claimed → resolved (排摸发现 → 认领 → 办结) and the national case flow
/// (信息收集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价).
/// </summary>
public enum IssueState
{
    /// <summary>Reported and waiting to be accepted (信息收集 / 排摸发现).</summary>
    Reported = 0,

    /// <summary>Accepted as a case (立案), waiting to be claimed or dispatched.</summary>
    Accepted = 1,

    /// <summary>Not accepted (不予立案). Final.</summary>
    Rejected = 2,

    /// <summary>Merged into another issue as its duplicate. Final.</summary>
    Merged = 3,

    /// <summary>Claimed by a party member, unit or enterprise (认领).</summary>
    Claimed = 4,

    /// <summary>Dispatched to a professional grid (派遣).</summary>
    Dispatched = 5,

    /// <summary>Returned by a unit that is not responsible (回退), waiting to be re-dispatched (改派).</summary>
    Returned = 6,

    /// <summary>Being handled (处置), or handled again after rework or a reopen.</summary>
    InProgress = 7,

    /// <summary>Reported resolved with notes and evidence (反馈), waiting for verification (核查).</summary>
    Resolved = 8,

    /// <summary>Verified and closed (结案); the resident may rate it (评价).</summary>
    Closed = 9,

    /// <summary>Suspended: deferred (缓办) or parked in the problem register (挂账). The clock stops.</summary>
    Suspended = 10,
}

/// <summary>What may happen to an issue. Each command fires one trigger.</summary>
public enum IssueTrigger
{
    /// <summary>Accept as a case (立案).</summary>
    Accept,

    /// <summary>Refuse to accept (不予立案).</summary>
    Reject,

    /// <summary>Merge into another issue as a duplicate.</summary>
    MergeAsDuplicate,

    /// <summary>A party member, unit or enterprise claims it (认领).</summary>
    Claim,

    /// <summary>Dispatch to a professional grid (派遣).</summary>
    Dispatch,

    /// <summary>The dispatched unit is not responsible and sends it back (回退).</summary>
    Return,

    /// <summary>Dispatch again after a return (改派).</summary>
    Redispatch,

    /// <summary>The handler starts work (处置).</summary>
    StartWork,

    /// <summary>The handler reports it resolved, with notes and evidence (反馈).</summary>
    Resolve,

    /// <summary>Verification passes and the issue closes (核查 → 结案).</summary>
    Verify,

    /// <summary>Verification fails; back to work (返工).</summary>
    RequestRework,

    /// <summary>The resident rates the result (满意 / 基本满意 / 不满意).</summary>
    Rate,

    /// <summary>A dissatisfied resident reopens it within the reopen window.</summary>
    Reopen,

    /// <summary>Suspend: defer (缓办) or park (挂账).</summary>
    Suspend,

    /// <summary>Resume a suspended issue where it was.</summary>
    Resume,

    /// <summary>Extend the current deadline, with approval (延期).</summary>
    ExtendDeadline,

    /// <summary>Move handling one level up the hierarchy (枫桥经验: only when it must).</summary>
    Escalate,

    /// <summary>Hand handling back down one level.</summary>
    Deescalate,
}

/// <summary>How a problem came to be known.</summary>
public enum IssueSource
{
    /// <summary>A grid worker's patrol (网格员巡查).</summary>
    GridPatrol,

    /// <summary>A resident's own report (群众反映).</summary>
    ResidentReport,

    /// <summary>A party member under dual reporting (双报到) who found it (排摸发现).</summary>
    PartyMember,

    /// <summary>Transferred from the 12345 hotline (接诉即办).</summary>
    Hotline12345,

    /// <summary>Assigned from above (上级交办).</summary>
    SuperiorAssignment,
}

/// <summary>How urgent a problem is; selects the time limits.</summary>
public enum IssuePriority
{
    /// <summary>Normal.</summary>
    Normal,

    /// <summary>Urgent (emergencies).</summary>
    Urgent,
}

/// <summary>Who claims a problem (认领).</summary>
public enum ClaimantKind
{
    /// <summary>A party member, usually in service and dual-reported.</summary>
    PartyMember,

    /// <summary>A member unit of the community committee or another organization.</summary>
    Unit,

    /// <summary>An enterprise in the area.</summary>
    Enterprise,
}

/// <summary>The resident's rating of a closed problem.</summary>
public enum IssueRating
{
    /// <summary>满意.</summary>
    Satisfied,

    /// <summary>基本满意.</summary>
    BasicallySatisfied,

    /// <summary>不满意; may reopen the issue within the reopen window.</summary>
    Dissatisfied,
}

/// <summary>The two kinds of suspension.</summary>
public enum SuspensionKind
{
    /// <summary>Deferred (缓办): leaves the on-time denominator while deferred.</summary>
    Deferred,

    /// <summary>Parked in the problem register (挂账): cannot be solved even after extension.</summary>
    Parked,
}

/// <summary>
/// The levels at which a problem can be handled: "small matters do not leave the building or
/// compound, big matters do not leave the community" (小事不出楼院, 大事不出社区).
/// </summary>
public enum HandlingLevel
{
    /// <summary>The building (楼院).</summary>
    Building = 0,

    /// <summary>The compound (小区).</summary>
    Compound = 1,

    /// <summary>The community or village (社区/村).</summary>
    Community = 2,

    /// <summary>The street or township (街道/乡镇).</summary>
    Street = 3,

    /// <summary>The district (区).</summary>
    District = 4,

    /// <summary>The city (市).</summary>
    City = 5,
}
