using GridGov.Sdk.Access;

namespace GridGov.Sdk.Lists;

/// <summary>
/// The three lists' side of the access policy: workflow and trigger names, how resources, demands and projects map
/// to an <see cref="AccessTarget"/>, and the default rules (see docs/access.md and docs/lists.md).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class ListsAccess
{
    /// <summary>The workflow name of the resource list.</summary>
    public const string ResourceWorkflow = "resource";

    /// <summary>The workflow name of the demand list.</summary>
    public const string DemandWorkflow = "demand";

    /// <summary>The workflow name of the project list.</summary>
    public const string ProjectWorkflow = "project";

    /// <summary>The trigger name of registering a resource.</summary>
    public const string RegisterTrigger = "Register";

    /// <summary>The trigger name of raising a demand.</summary>
    public const string RaiseTrigger = "Raise";

    /// <summary>The trigger name of proposing a project.</summary>
    public const string ProposeTrigger = "Propose";

    private const ActorRoles Managers = ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator;
    private const ActorRoles Offerers = ActorRoles.Resident | ActorRoles.PartyMember | ActorRoles.UnitStaff;

    /// <summary>What the policy looks at in a resource: its place and its owner.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new AccessTarget(resource.Id, resource.PlaceCode, OwnerId: resource.OwnerId);
    }

    /// <summary>What the policy looks at in a demand: its place and who raised it.</summary>
    /// <param name="demand">The demand.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(Demand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        return new AccessTarget(demand.Id, demand.PlaceCode, OwnerId: demand.RaisedById);
    }

    /// <summary>What the policy looks at in a project: its place, the owner of its resource (who may claim it) and its claimant.</summary>
    /// <param name="project">The project.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new AccessTarget(project.Id, project.PlaceCode, OwnerId: project.ResourceOwnerId, AssigneeId: project.ClaimantId);
    }

    /// <summary>
    /// Adds the default rules of the three lists. Resources: residents, party members, unit staff and organizations
    /// register what they offer where they have scope (grid workers and managers register on someone's behalf);
    /// the owner changes or withdraws their own, managers any in their subtree. Demands: residents, party members,
    /// grid workers and committee members raise them in their scope; whoever raised one changes or withdraws it,
    /// managers any in their subtree. Projects: grid workers, committee members and managers propose in their
    /// subtree; managers approve and cancel; only the resource's owner claims (its own resource); the claimant or a
    /// manager starts and delivers; managers and committee members evaluate.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const AccessScopeRule place = AccessScopeRule.Place;
        const string r = ResourceWorkflow;
        const string d = DemandWorkflow;
        const string p = ProjectWorkflow;
        var change = nameof(ListEntryTrigger.Change);
        var withdraw = nameof(ListEntryTrigger.Withdraw);

        builder.Allow(new AccessRule(r, RegisterTrigger, Offerers | ActorRoles.GridWorker | ActorRoles.CommitteeMember | Managers, place) { AlsoKind = ActorKind.Organization });
        builder.Allow(new AccessRule(r, change, Offerers, AccessScopeRule.OwnMatter) { AlsoKind = ActorKind.Organization });
        builder.Allow(r, change, Managers, place);
        builder.Allow(new AccessRule(r, withdraw, Offerers, AccessScopeRule.OwnMatter) { AlsoKind = ActorKind.Organization });
        builder.Allow(r, withdraw, Managers, place);

        builder.Allow(d, RaiseTrigger, ActorRoles.Resident | ActorRoles.PartyMember | ActorRoles.GridWorker | ActorRoles.CommitteeMember | Managers, place);
        builder.Allow(d, change, ActorRoles.Resident | ActorRoles.PartyMember | ActorRoles.GridWorker, AccessScopeRule.OwnMatter);
        builder.Allow(d, change, Managers, place);
        builder.Allow(d, withdraw, ActorRoles.Resident | ActorRoles.PartyMember | ActorRoles.GridWorker, AccessScopeRule.OwnMatter);
        builder.Allow(d, withdraw, Managers, place);

        builder.Allow(p, ProposeTrigger, ActorRoles.GridWorker | ActorRoles.CommitteeMember | Managers, place);
        builder.Allow(p, nameof(ProjectTrigger.Approve), Managers, place);
        builder.Allow(new AccessRule(p, nameof(ProjectTrigger.Claim), Offerers, AccessScopeRule.OwnMatter) { AlsoKind = ActorKind.Organization });
        builder.Allow(new AccessRule(p, nameof(ProjectTrigger.Start), Offerers, AccessScopeRule.Assignee) { AlsoKind = ActorKind.Organization });
        builder.Allow(p, nameof(ProjectTrigger.Start), Managers, place);
        builder.Allow(new AccessRule(p, nameof(ProjectTrigger.Deliver), Offerers, AccessScopeRule.Assignee) { AlsoKind = ActorKind.Organization });
        builder.Allow(p, nameof(ProjectTrigger.Deliver), Managers, place);
        builder.Allow(p, nameof(ProjectTrigger.Evaluate), ActorRoles.CommitteeMember | Managers, place);
        builder.Allow(p, nameof(ProjectTrigger.Cancel), Managers, place);
        return builder;
    }
}
