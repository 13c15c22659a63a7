using GridGov.Sdk.Access;

namespace GridGov.Sdk.Mediation;

/// <summary>
/// Mediation's side of the access policy: its workflow and trigger names, how a case maps to an
/// <see cref="AccessTarget"/>, and its default rules (see docs/access.md).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class MediationAccess
{
    /// <summary>The workflow name the case lifecycle's rules are keyed by.</summary>
    public const string WorkflowName = MediationWorkflow.Name;

    /// <summary>The trigger name of <see cref="MediationService.OpenAsync"/>; every other trigger is named after its <see cref="MediationTrigger"/>.</summary>
    public const string OpenTrigger = "Open";

    /// <summary>The workflow name of mediation teams.</summary>
    public const string TeamWorkflowName = "mediation-team";

    /// <summary>The trigger name of <see cref="MediationService.RegisterTeamAsync"/>; the others are named after their <see cref="MediationTeamTrigger"/>.</summary>
    public const string RegisterTeamTrigger = "Register";

    private const ActorRoles Managers = ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator;

    /// <summary>
    /// What the policy looks at in a case: the node whose mediators have it now (a compound's mediators lose it
    /// when it escalates to the community), and the party who opened it themselves (owner).
    /// </summary>
    /// <param name="mediationCase">The case.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(MediationCase mediationCase)
    {
        ArgumentNullException.ThrowIfNull(mediationCase);
        return new AccessTarget(mediationCase.Id, mediationCase.HandlingNodeCode, OwnerId: mediationCase.ApplicantId);
    }

    /// <summary>
    /// Adds mediation's default rules: grid workers, mediators and managers open cases where their subtree reaches,
    /// a resident (or party member) only as a party to the case; mediators (<see cref="ActorRoles.Mediator"/>) hold
    /// sessions, record agreements and failures, close and withdraw cases whose handling node lies in their subtree;
    /// the community secretary (and street cadres, district administrators) escalate and refer; the system records
    /// failures and escalates when a level's time limit passed; the party who opened a case may withdraw it;
    /// managers register and change mediation teams in their subtree.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string w = WorkflowName;
        const AccessScopeRule place = AccessScopeRule.Place;
        const ActorRoles mediators = ActorRoles.Mediator | Managers;
        builder.Allow(w, OpenTrigger, ActorRoles.GridWorker | mediators, place);
        builder.Allow(w, OpenTrigger, ActorRoles.Resident | ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, nameof(MediationTrigger.HoldSession), mediators, place);
        builder.Allow(w, nameof(MediationTrigger.Agree), mediators, place);
        builder.Allow(w, nameof(MediationTrigger.Fail), mediators | ActorRoles.SystemIntegration, place);
        builder.Allow(w, nameof(MediationTrigger.Escalate), Managers | ActorRoles.SystemIntegration, place);
        builder.Allow(w, nameof(MediationTrigger.Refer), Managers, place);
        builder.Allow(w, nameof(MediationTrigger.Close), mediators, place);
        builder.Allow(w, nameof(MediationTrigger.Withdraw), mediators, place);
        builder.Allow(w, nameof(MediationTrigger.Withdraw), ActorRoles.Resident | ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(TeamWorkflowName, RegisterTeamTrigger, Managers, place);
        builder.Allow(TeamWorkflowName, nameof(MediationTeamTrigger.ChangeMembers), Managers, place);
        builder.Allow(TeamWorkflowName, nameof(MediationTeamTrigger.Disband), Managers, place);
        return builder;
    }
}
