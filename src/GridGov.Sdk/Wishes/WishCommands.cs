using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;

namespace GridGov.Sdk.Wishes;

/// <summary>Posts a resident's small wish (小微心愿), to be reviewed by the community.</summary>
/// <param name="Actor">Who posts it: the resident, or a grid worker on their behalf.</param>
/// <param name="Category">The category code (1–64 characters), such as <c>daily-necessities</c>.</param>
/// <param name="Description">What the resident wishes for (1–2,000 characters).</param>
/// <param name="EstimatedValue">The estimated value in yuan, 0 to 100,000.</param>
/// <param name="PlaceCode">The grid node it belongs to (a compound, a grid); it is published there.</param>
/// <param name="ResidentId">The resident whose wish it is; only they (or a grid worker for them) resubmit, confirm and dispute it.</param>
public sealed record PostWish(Actor Actor, string Category, string Description, decimal EstimatedValue, string PlaceCode, string ResidentId)
{
    /// <summary>Gets the new wish's id; when null, derived from <see cref="IdempotencyKey"/> or generated.</summary>
    public string? WishId { get; init; }

    /// <summary>
    /// Gets the resident's contact (name, phone, address): personal data, stored in the
    /// <see cref="IPersonalDataVault"/>; the event holds only its reference.
    /// </summary>
    public PersonalContact? ResidentContact { get; init; }

    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key; a repeat returns the wish and records nothing.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>A command on an existing wish.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">Who gives the command.</param>
public abstract record WishCommand(string WishId, Actor Actor)
{
    /// <summary>Gets why; optional (a rejection's or dispute's note is its own argument).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key; a repeat returns the wish and records nothing.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version the caller saw; a different current version is a concurrency error. Null to accept any.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets the trigger the command fires.</summary>
    public abstract WishTrigger Trigger { get; }
}

/// <summary>The community approves the wish and publishes it in its grid.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The reviewer.</param>
public sealed record ApproveWish(string WishId, Actor Actor) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Approve;
}

/// <summary>The community rejects the wish.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The reviewer.</param>
/// <param name="Note">Why, for the resident (required).</param>
public sealed record RejectWish(string WishId, Actor Actor, string Note) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Reject;
}

/// <summary>The community asks the resident for changes.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The reviewer.</param>
/// <param name="Note">What should change (required).</param>
public sealed record RequestWishChanges(string WishId, Actor Actor, string Note) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.RequestChanges;
}

/// <summary>The resident (or a grid worker for them) revises the wish and resubmits it for review.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The resident or a grid worker.</param>
/// <param name="Description">The revised description.</param>
/// <param name="EstimatedValue">The revised estimated value in yuan.</param>
public sealed record ResubmitWish(string WishId, Actor Actor, string Description, decimal EstimatedValue) : WishCommand(WishId, Actor)
{
    /// <summary>Gets a new category code; null keeps the current one.</summary>
    public string? Category { get; init; }

    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Resubmit;
}

/// <summary>A party member, unit or enterprise claims a published wish; the claimant is the actor (a unit or enterprise acts as an <see cref="ActorKind.Organization"/> actor).</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The claimant.</param>
/// <param name="Kind">What kind of claimant.</param>
public sealed record ClaimWish(string WishId, Actor Actor, WishClaimantKind Kind) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Claim;
}

/// <summary>The claimant gives the claim back; the wish is published again.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The claimant.</param>
public sealed record ReleaseWishClaim(string WishId, Actor Actor) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Release;
}

/// <summary>The claimant records what was done, with evidence.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The claimant.</param>
/// <param name="Summary">What was done (1–2,000 characters).</param>
/// <param name="Evidence">Texts or links (1–20 items, each 1–1,000 characters).</param>
public sealed record FulfilWish(string WishId, Actor Actor, string Summary, IReadOnlyList<string> Evidence) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Fulfil;
}

/// <summary>The resident confirms the fulfilment; the wish is closed.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The resident, or a grid worker for them.</param>
public sealed record ConfirmWish(string WishId, Actor Actor) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Confirm;
}

/// <summary>The resident disputes the fulfilment; the same claimant gets a new time limit to fulfil it.</summary>
/// <param name="WishId">The wish.</param>
/// <param name="Actor">The resident, or a grid worker for them.</param>
/// <param name="Note">What is wrong (required).</param>
public sealed record DisputeWish(string WishId, Actor Actor, string Note) : WishCommand(WishId, Actor)
{
    /// <inheritdoc />
    public override WishTrigger Trigger => WishTrigger.Dispute;
}
