using GridGov.Sdk.Access;

namespace GridGov.Sdk.Wishes;

/// <summary>
/// The small-wish lifecycle's side of the access policy: its trigger names, how a wish maps to an
/// <see cref="AccessTarget"/>, and its default rules (see docs/access.md and docs/wishes.md).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class WishAccess
{
    /// <summary>The workflow name the rules are keyed by.</summary>
    public const string WorkflowName = WishWorkflow.Name;

    /// <summary>The trigger name of <see cref="WishService.PostAsync"/>; every other trigger is named after its <see cref="WishTrigger"/>.</summary>
    public const string PostTrigger = "Post";

    private const ActorRoles Claimants = ActorRoles.PartyMember | ActorRoles.UnitStaff;
    private const ActorRoles OnBehalf = ActorRoles.GridWorker | ActorRoles.CommunitySecretary | ActorRoles.DistrictAdministrator;
    private const ActorRoles Reviewers = ActorRoles.CommunitySecretary | ActorRoles.DistrictAdministrator;

    /// <summary>What the policy looks at in a wish: its place, its resident (owner) and its active claimant (assignee).</summary>
    /// <param name="wish">The wish.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(Wish wish)
    {
        ArgumentNullException.ThrowIfNull(wish);
        return new AccessTarget(wish.Id, wish.PlaceCode, null, wish.ResidentId, wish.State is WishState.Claimed or WishState.Fulfilled ? wish.Claim?.ClaimantId : null);
    }

    /// <summary>
    /// Adds the lifecycle's default rules: residents post, resubmit, confirm and dispute only their own
    /// wishes; grid workers (and the community secretary, and the district administrator) do so on a
    /// resident's behalf within their subtree; the community secretary reviews within the community;
    /// party members, unit staff and organizations claim where their scope covers the wish (give them the
    /// district to let them claim anywhere in it); only the claimant releases and fulfils their claim;
    /// the system lets overdue claims lapse.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string w = WorkflowName;
        const AccessScopeRule place = AccessScopeRule.Place;
        const AccessScopeRule own = AccessScopeRule.OwnMatter;
        var claimant = new AccessRule(w, string.Empty, Claimants, AccessScopeRule.Assignee) { AlsoKind = ActorKind.Organization };

        builder.Allow(w, PostTrigger, ActorRoles.Resident, own);
        builder.Allow(w, PostTrigger, OnBehalf, place);
        builder.Allow(w, nameof(WishTrigger.Approve), Reviewers, place);
        builder.Allow(w, nameof(WishTrigger.Reject), Reviewers, place);
        builder.Allow(w, nameof(WishTrigger.RequestChanges), Reviewers, place);
        builder.Allow(w, nameof(WishTrigger.Resubmit), ActorRoles.Resident, own);
        builder.Allow(w, nameof(WishTrigger.Resubmit), OnBehalf, place);
        builder.Allow(new AccessRule(w, nameof(WishTrigger.Claim), Claimants, place) { AlsoKind = ActorKind.Organization });
        builder.Allow(claimant with { Trigger = nameof(WishTrigger.Release) });
        builder.Allow(w, nameof(WishTrigger.ExpireClaim), ActorRoles.SystemIntegration, place);
        builder.Allow(claimant with { Trigger = nameof(WishTrigger.Fulfil) });
        builder.Allow(w, nameof(WishTrigger.Confirm), ActorRoles.Resident, own);
        builder.Allow(w, nameof(WishTrigger.Confirm), ActorRoles.GridWorker, place);
        builder.Allow(w, nameof(WishTrigger.Dispute), ActorRoles.Resident, own);
        builder.Allow(w, nameof(WishTrigger.Dispute), ActorRoles.GridWorker, place);
        return builder;
    }
}
