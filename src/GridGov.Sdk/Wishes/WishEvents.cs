using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Wishes;

/// <summary>An event in a small wish's stream (<c>wish-{id}</c>). The who/when/why is in the stored event's metadata.</summary>
public abstract record WishEvent
{
    /// <summary>Gets the wish.</summary>
    public required string WishId { get; init; }

    /// <summary>Gets the state before the event (<see cref="WishState.Submitted"/> for the posting itself).</summary>
    public WishState From { get; init; }

    /// <summary>Gets the state after the event.</summary>
    public WishState To { get; init; }
}

/// <summary>A resident's wish was posted (by the resident or a grid worker on their behalf).</summary>
/// <param name="Category">The category code, such as <c>daily-necessities</c>.</param>
/// <param name="Description">What the resident wishes for.</param>
/// <param name="EstimatedValue">The estimated value in yuan.</param>
/// <param name="PlaceCode">The grid node it is posted in.</param>
/// <param name="ResidentId">The resident whose wish it is (the owner in the access policy).</param>
public sealed record WishPosted(string Category, string Description, decimal EstimatedValue, string PlaceCode, string ResidentId) : WishEvent
{
    /// <summary>Gets the reference of the resident's contact in the personal-data vault; null when none was given. The event never holds the contact itself.</summary>
    public PersonalDataRef? ResidentContact { get; init; }
}

/// <summary>The community approved the wish; it is published in its grid.</summary>
public sealed record WishApproved : WishEvent;

/// <summary>The community rejected the wish.</summary>
/// <param name="Note">Why, for the resident.</param>
public sealed record WishRejected(string Note) : WishEvent;

/// <summary>The community asked for changes.</summary>
/// <param name="Note">What should change.</param>
public sealed record WishChangesRequested(string Note) : WishEvent;

/// <summary>The wish was revised and resubmitted for review.</summary>
/// <param name="Category">The category code.</param>
/// <param name="Description">The revised description.</param>
/// <param name="EstimatedValue">The revised estimated value in yuan.</param>
public sealed record WishResubmitted(string Category, string Description, decimal EstimatedValue) : WishEvent;

/// <summary>A party member, unit or enterprise claimed the wish.</summary>
/// <param name="ClaimantId">The claimant's actor id.</param>
/// <param name="Kind">What kind of claimant.</param>
/// <param name="DueAt">When the claim lapses unless fulfilled (from the time limit of the wish's subtree).</param>
public sealed record WishClaimed(string ClaimantId, WishClaimantKind Kind, Instant DueAt) : WishEvent;

/// <summary>The claimant gave the claim back; the wish is published again.</summary>
/// <param name="ClaimantId">The claimant.</param>
public sealed record WishClaimReleased(string ClaimantId) : WishEvent;

/// <summary>The claim lapsed at its time limit; the wish is published again.</summary>
/// <param name="ClaimantId">The claimant.</param>
/// <param name="DueAt">The time limit that passed.</param>
public sealed record WishClaimExpired(string ClaimantId, Instant DueAt) : WishEvent;

/// <summary>The claimant recorded what was done.</summary>
/// <param name="ClaimantId">The claimant.</param>
/// <param name="Summary">What was done.</param>
/// <param name="Evidence">Evidence: texts or links (photos, receipts), at least one.</param>
public sealed record WishFulfilled(string ClaimantId, string Summary, IReadOnlyList<string> Evidence) : WishEvent;

/// <summary>The resident confirmed the fulfilment; the wish is closed.</summary>
/// <param name="ClaimantId">The claimant whose fulfilment was confirmed.</param>
public sealed record WishConfirmed(string ClaimantId) : WishEvent;

/// <summary>The resident disputed the fulfilment; the same claimant has until <paramref name="DueAt"/> to fulfil it again.</summary>
/// <param name="ClaimantId">The claimant.</param>
/// <param name="Note">What is wrong.</param>
/// <param name="DueAt">The claim's new time limit.</param>
public sealed record WishDisputed(string ClaimantId, string Note, Instant DueAt) : WishEvent;
