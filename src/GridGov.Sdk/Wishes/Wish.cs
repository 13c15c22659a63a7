using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Wishes;

/// <summary>
/// A small wish (小微心愿) as folded from its stream: what the resident wishes for, where, its review, its
/// one active claim (if any) and the last fulfilment. Built only from events; never changed in place.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Wish : IWorkflowAggregate<WishState>
{
    /// <summary>The prefix of a wish's stream id.</summary>
    public const string StreamPrefix = "wish-";

    private Wish()
    {
    }

    /// <summary>Gets the wish's id.</summary>
    public string Id { get; private init; } = string.Empty;

    /// <summary>Gets the number of events applied (the stream version).</summary>
    public long Version { get; private init; }

    /// <summary>Gets the state.</summary>
    public WishState State { get; private init; }

    /// <summary>Gets the category code.</summary>
    public string Category { get; private init; } = string.Empty;

    /// <summary>Gets the description (the latest revision).</summary>
    public string Description { get; private init; } = string.Empty;

    /// <summary>Gets the estimated value in yuan (the latest revision).</summary>
    public decimal EstimatedValue { get; private init; }

    /// <summary>Gets the grid node it is posted and published in.</summary>
    public string PlaceCode { get; private init; } = string.Empty;

    /// <summary>Gets the id of the resident whose wish it is.</summary>
    public string ResidentId { get; private init; } = string.Empty;

    /// <summary>Gets the reference of the resident's contact in the personal-data vault; null when none was given.</summary>
    public PersonalDataRef? ResidentContact { get; private init; }

    /// <summary>Gets the id of the actor who posted it (the resident, or a grid worker on their behalf).</summary>
    public string PostedBy { get; private init; } = string.Empty;

    /// <summary>Gets when it was posted.</summary>
    public Instant PostedAt { get; private init; }

    /// <summary>Gets how many times it was resubmitted after a request for changes.</summary>
    public int Revisions { get; private init; }

    /// <summary>Gets the community's last note (a rejection's reason or the changes asked for); null when none.</summary>
    public string? ReviewNote { get; private init; }

    /// <summary>Gets when it was first published; null while never approved.</summary>
    public Instant? FirstPublishedAt { get; private init; }

    /// <summary>Gets the active claim (while <see cref="WishState.Claimed"/> or <see cref="WishState.Fulfilled"/>, and the confirmed one after); null otherwise.</summary>
    public WishClaim? Claim { get; private init; }

    /// <summary>Gets how many claims were made on it, ended ones included.</summary>
    public int ClaimCount { get; private init; }

    /// <summary>Gets the last fulfilment recorded for the current claim; null when none.</summary>
    public WishFulfilment? Fulfilment { get; private init; }

    /// <summary>Gets how many times the resident disputed a fulfilment.</summary>
    public int Disputes { get; private init; }

    /// <summary>Gets when the resident confirmed it; null while open.</summary>
    public Instant? ConfirmedAt { get; private init; }

    /// <summary>Gets the wish's stream id.</summary>
    /// <param name="wishId">The wish.</param>
    /// <returns><c>wish-{id}</c>.</returns>
    public static string StreamIdOf(string wishId) => StreamPrefix + wishId;

    /// <summary>Applies one recorded event to the wish before it (null for the posting).</summary>
    internal static Wish Fold(Wish? before, WishEvent evt, RecordedEvent recorded)
    {
        var at = recorded.Metadata.At;
        if (evt is WishPosted posted)
        {
            return new Wish
            {
                Id = posted.WishId,
                Version = recorded.StreamVersion,
                State = WishState.Submitted,
                Category = posted.Category,
                Description = posted.Description,
                EstimatedValue = posted.EstimatedValue,
                PlaceCode = posted.PlaceCode,
                ResidentId = posted.ResidentId,
                ResidentContact = posted.ResidentContact,
                PostedBy = recorded.Metadata.Actor.Id,
                PostedAt = at,
            };
        }

        var wish = before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with wish.posted.");
        wish = wish with { Version = recorded.StreamVersion, State = evt.To };
        return evt switch
        {
            WishApproved => wish with { FirstPublishedAt = wish.FirstPublishedAt ?? at, ReviewNote = null },
            WishRejected r => wish with { ReviewNote = r.Note },
            WishChangesRequested c => wish with { ReviewNote = c.Note },
            WishResubmitted s => wish with { Category = s.Category, Description = s.Description, EstimatedValue = s.EstimatedValue, Revisions = checked(wish.Revisions + 1) },
            WishClaimed c => wish with { Claim = new WishClaim(c.ClaimantId, c.Kind, at, c.DueAt), ClaimCount = checked(wish.ClaimCount + 1), Fulfilment = null },
            WishClaimReleased or WishClaimExpired => wish with { Claim = null, Fulfilment = null },
            WishFulfilled f => wish with { Fulfilment = new WishFulfilment(f.Summary, f.Evidence, at) },
            WishDisputed d => wish with { Claim = wish.Claim! with { DueAt = d.DueAt }, Disputes = checked(wish.Disputes + 1), ReviewNote = d.Note },
            WishConfirmed => wish with { ConfirmedAt = at },
            _ => throw new InvalidOperationException($"Unknown wish event {evt.GetType().Name}."),
        };
    }
}

/// <summary>A claim on a wish.</summary>
/// <param name="ClaimantId">The claimant's actor id.</param>
/// <param name="Kind">Party member, unit or enterprise.</param>
/// <param name="ClaimedAt">When it was claimed.</param>
/// <param name="DueAt">When it lapses unless fulfilled (moved on by a dispute).</param>
public sealed record WishClaim(string ClaimantId, WishClaimantKind Kind, Instant ClaimedAt, Instant DueAt);

/// <summary>What a claimant did for a wish.</summary>
/// <param name="Summary">What was done.</param>
/// <param name="Evidence">Texts or links.</param>
/// <param name="At">When it was recorded.</param>
public sealed record WishFulfilment(string Summary, IReadOnlyList<string> Evidence, Instant At);
