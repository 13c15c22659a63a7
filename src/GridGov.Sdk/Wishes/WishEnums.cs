namespace GridGov.Sdk.Wishes;

/// <summary>Where a small wish (小微心愿) is in its lifecycle.</summary>
/// <remarks>The numeric values are stable (they are stored).</remarks>
public enum WishState
{
    /// <summary>Posted by a resident (or on their behalf), waiting for the community's review (待审核).</summary>
    Submitted = 0,

    /// <summary>The community asked for changes; the resident revises and resubmits (待修改).</summary>
    ChangesRequested = 1,

    /// <summary>The community rejected it, with a reason (未通过). Final.</summary>
    Rejected = 2,

    /// <summary>Approved and published in its grid, waiting to be claimed (待认领).</summary>
    Published = 3,

    /// <summary>Claimed by a party member, unit or enterprise: the one active claim (已认领).</summary>
    Claimed = 4,

    /// <summary>The claimant recorded what was done, with evidence; waiting for the resident (待确认).</summary>
    Fulfilled = 5,

    /// <summary>The resident confirmed the fulfilment (已圆梦). Final.</summary>
    Confirmed = 6,
}

/// <summary>What can happen to a small wish after it is posted. The member names are the access policy's trigger names.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum WishTrigger
{
    /// <summary>The community approves and publishes it in its grid.</summary>
    Approve = 0,

    /// <summary>The community rejects it, with a reason.</summary>
    Reject = 1,

    /// <summary>The community asks the resident for changes.</summary>
    RequestChanges = 2,

    /// <summary>The resident (or a grid worker for them) revises and resubmits it.</summary>
    Resubmit = 3,

    /// <summary>A party member, unit or enterprise claims it.</summary>
    Claim = 4,

    /// <summary>The claimant gives the claim back; the wish is published again.</summary>
    Release = 5,

    /// <summary>The claim's time limit passed without a fulfilment; the system publishes the wish again.</summary>
    ExpireClaim = 6,

    /// <summary>The claimant records what was done, with evidence.</summary>
    Fulfil = 7,

    /// <summary>The resident confirms the fulfilment; the wish is closed.</summary>
    Confirm = 8,

    /// <summary>The resident disputes the fulfilment; the wish goes back to the same claimant with a new time limit.</summary>
    Dispute = 9,
}

/// <summary>Who claimed a wish.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum WishClaimantKind
{
    /// <summary>A party member (党员), typically one reporting in to the community (双报到).</summary>
    PartyMember = 0,

    /// <summary>A unit (单位): an organ, institution or its party organization.</summary>
    Unit = 1,

    /// <summary>An enterprise (企业).</summary>
    Enterprise = 2,
}

/// <summary>How a claim ended, or that it is still active.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum WishClaimOutcome
{
    /// <summary>The claim is active: claimed or fulfilled and waiting for the resident.</summary>
    Active = 0,

    /// <summary>The resident confirmed the fulfilment.</summary>
    Confirmed = 1,

    /// <summary>The claimant gave the claim back.</summary>
    Released = 2,

    /// <summary>The time limit passed without a fulfilment.</summary>
    Expired = 3,
}
