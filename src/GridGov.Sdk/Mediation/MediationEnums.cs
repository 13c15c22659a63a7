namespace GridGov.Sdk.Mediation;

/// <summary>Where a mediation case (调解案件) stands. The numeric values are stable (they are stored).</summary>
public enum MediationState
{
    /// <summary>Being mediated at its current level (调解中): sessions are held until the parties agree or mediation there fails.</summary>
    Mediating = 0,

    /// <summary>Mediation at the current level failed (本级调解不成): it may escalate one level up, be referred outside, or be closed.</summary>
    Failed = 1,

    /// <summary>The parties reached an agreement (达成调解协议). Final.</summary>
    Agreed = 2,

    /// <summary>Referred outside the community's mediation (judicial or a people's mediation committee). Final.</summary>
    Referred = 3,

    /// <summary>Closed without agreement and without referral (the parties declined further mediation). Final.</summary>
    Closed = 4,

    /// <summary>Withdrawn by the party who brought it, or by the mediators at the parties' request. Final.</summary>
    Withdrawn = 5,
}

/// <summary>What may happen to a mediation case; the names are the access policy's trigger names.</summary>
public enum MediationTrigger
{
    /// <summary>A session is held: when, who attended, notes (the state stays <see cref="MediationState.Mediating"/>).</summary>
    HoldSession = 0,

    /// <summary>The parties agree: who does what and who pays what.</summary>
    Agree = 1,

    /// <summary>Mediation at the current level fails.</summary>
    Fail = 2,

    /// <summary>The case goes one level up the grid hierarchy, after mediation at its level failed (枫桥经验).</summary>
    Escalate = 3,

    /// <summary>The case is referred outside (judicial or a people's mediation committee), after mediation failed at the community level or above.</summary>
    Refer = 4,

    /// <summary>A failed case is closed without referral.</summary>
    Close = 5,

    /// <summary>The case is withdrawn.</summary>
    Withdraw = 6,
}

/// <summary>Whether a party is a resident (a natural person, personal data in the vault) or a unit.</summary>
public enum MediationPartyKind
{
    /// <summary>A resident (居民); name, phone and address are kept in the personal-data vault.</summary>
    Resident = 0,

    /// <summary>A unit (单位): an enterprise, a property company, a shop; its name is not personal data.</summary>
    Unit = 1,
}

/// <summary>Which side of the dispute a party is on.</summary>
public enum MediationPartySide
{
    /// <summary>The party who brought the dispute (申请人).</summary>
    Applicant = 0,

    /// <summary>The other party (被申请人).</summary>
    Respondent = 1,

    /// <summary>A party concerned but on neither side (利害关系人), for example the property company.</summary>
    Concerned = 2,
}

/// <summary>Why mediation at a level failed.</summary>
public enum MediationFailureCause
{
    /// <summary>The parties could not agree.</summary>
    NoAgreement = 0,

    /// <summary>A party refused to take part.</summary>
    PartyRefused = 1,

    /// <summary>The level's time limit passed without agreement (recorded by the overdue sweep).</summary>
    TimeLimitPassed = 2,

    /// <summary>The matter is beyond what this level can settle.</summary>
    BeyondLevel = 3,
}

/// <summary>Where a case is referred outside the community's mediation.</summary>
public enum MediationReferralKind
{
    /// <summary>A people's mediation committee (人民调解委员会), for example the street's.</summary>
    PeoplesMediationCommittee = 0,

    /// <summary>The judicial route (司法: judicial office, court, litigation-mediation link 诉调对接).</summary>
    Judicial = 1,

    /// <summary>Another body (arbitration, an administrative department).</summary>
    Other = 2,
}
