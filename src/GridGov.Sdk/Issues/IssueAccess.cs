using GridGov.Sdk.Access;

namespace GridGov.Sdk.Issues;

/// <summary>
/// The problem lifecycle's side of the access policy: its workflow and trigger names, how an issue maps
/// to an <see cref="AccessTarget"/>, and its default rules (see docs/access.md).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class IssueAccess
{
    /// <summary>The workflow name the issue lifecycle's rules are keyed by.</summary>
    public const string WorkflowName = "issue";

    /// <summary>The trigger name of <see cref="IssueService.ReportAsync"/>; every other trigger is named after its <see cref="IssueTrigger"/>.</summary>
    public const string ReportTrigger = "Report";

    /// <summary>
    /// The trigger checked, besides <see cref="ReportTrigger"/>, when a report names a reporter other than its actor
    /// (<see cref="ReportIssue.ReporterId"/>): reporting on someone's behalf. A resident reports only as themselves.
    /// </summary>
    public const string ReportOnBehalfTrigger = "ReportOnBehalf";

    /// <summary>
    /// The trigger checked for the approver named by <see cref="ExtendDeadline.ApprovedBy"/> (after the actor's own
    /// check of <see cref="IssueTrigger.ExtendDeadline"/>): who may approve more time.
    /// </summary>
    public const string ApproveExtensionTrigger = "ApproveExtension";

    private const ActorRoles Managers = ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator;
    private const ActorRoles Claimants = ActorRoles.GridWorker | ActorRoles.PartyMember | ActorRoles.UnitStaff | ActorRoles.CommitteeMember;

    private static readonly string[] Names = BuildNames();

    /// <summary>
    /// Gets the trigger names of the lifecycle in the order the default policy lists them: <see cref="ReportTrigger"/>,
    /// <see cref="ReportOnBehalfTrigger"/>, then every <see cref="IssueTrigger"/>, with <see cref="ApproveExtensionTrigger"/>
    /// after <see cref="IssueTrigger.ExtendDeadline"/>.
    /// </summary>
    public static IReadOnlyList<string> TriggerNames { get; } =
    [
        ReportTrigger,
        ReportOnBehalfTrigger,
        .. Enum.GetNames<IssueTrigger>().SelectMany(t => t == nameof(IssueTrigger.ExtendDeadline) ? new[] { t, ApproveExtensionTrigger } : [t]),
    ];

    /// <summary>Gets the name of a trigger, as the policy keys it.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>Its name, such as <c>Accept</c>.</returns>
    public static string TriggerName(IssueTrigger trigger)
        => (uint)trigger < (uint)Names.Length ? Names[(int)trigger] : trigger.ToString();

    /// <summary>What the policy looks at in an issue: its place, the professional grid it is dispatched to, its reporter (owner) and claimant (assignee).</summary>
    /// <param name="issue">The issue.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new AccessTarget(issue.Id.Value, issue.PlaceCode, issue.ProfessionalGridCode, issue.ReporterId, issue.ClaimantId);
    }

    /// <summary>
    /// Adds the lifecycle's default rules: managers (community secretary, street cadre, district administrator)
    /// run the case in their subtree; grid workers report, record claims, verify and escalate in their grid;
    /// departments (<see cref="ActorRoles.DepartmentStaff"/> or an <see cref="ActorKind.Organization"/> actor)
    /// return, work on and resolve what is dispatched to their professional grid; claimants work only on what
    /// they claimed; residents report in their scope and rate or reopen only what they reported; the system
    /// reports (bridges such as 12345) and escalates. Reporting on someone else's behalf (a <see cref="ReportIssue.ReporterId"/>
    /// that is not the actor's id) is for grid workers, managers and the system; approving an extension is for managers.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string w = WorkflowName;
        const AccessScopeRule place = AccessScopeRule.Place;
        var department = new AccessRule(w, string.Empty, ActorRoles.DepartmentStaff, AccessScopeRule.ProfessionalGrid) { AlsoKind = ActorKind.Organization };
        var claimant = new AccessRule(w, string.Empty, Claimants, AccessScopeRule.Assignee) { AlsoKind = ActorKind.Organization };

        builder.Allow(w, ReportTrigger, ActorRoles.Resident | Claimants | ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration, place);
        builder.Allow(w, ReportOnBehalfTrigger, ActorRoles.GridWorker | Managers | ActorRoles.SystemIntegration, place);
        builder.Allow(w, Name(IssueTrigger.Accept), Managers, place);
        builder.Allow(w, Name(IssueTrigger.Reject), Managers, place);
        builder.Allow(w, Name(IssueTrigger.MergeAsDuplicate), Managers, place);
        builder.Allow(new AccessRule(w, Name(IssueTrigger.Claim), Claimants | Managers, place) { AlsoKind = ActorKind.Organization });
        builder.Allow(w, Name(IssueTrigger.Dispatch), Managers, place);
        builder.Allow(department with { Trigger = Name(IssueTrigger.Return) });
        builder.Allow(w, Name(IssueTrigger.Redispatch), Managers, place);
        builder.Allow(department with { Trigger = Name(IssueTrigger.StartWork) });
        builder.Allow(claimant with { Trigger = Name(IssueTrigger.StartWork) });
        builder.Allow(department with { Trigger = Name(IssueTrigger.Resolve) });
        builder.Allow(claimant with { Trigger = Name(IssueTrigger.Resolve) });
        builder.Allow(w, Name(IssueTrigger.Verify), ActorRoles.GridWorker | Managers, place);
        builder.Allow(w, Name(IssueTrigger.RequestRework), ActorRoles.GridWorker | Managers, place);
        builder.Allow(w, Name(IssueTrigger.Rate), ActorRoles.Resident | ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, Name(IssueTrigger.Reopen), ActorRoles.Resident | ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, Name(IssueTrigger.Suspend), Managers, place);
        builder.Allow(w, Name(IssueTrigger.Resume), Managers, place);
        builder.Allow(w, Name(IssueTrigger.ExtendDeadline), ActorRoles.GridWorker | Managers, place);
        builder.Allow(department with { Trigger = Name(IssueTrigger.ExtendDeadline) });
        builder.Allow(claimant with { Trigger = Name(IssueTrigger.ExtendDeadline) });
        builder.Allow(w, ApproveExtensionTrigger, Managers, place);
        builder.Allow(w, Name(IssueTrigger.Escalate), ActorRoles.GridWorker | Managers | ActorRoles.SystemIntegration, place);
        builder.Allow(w, Name(IssueTrigger.Deescalate), Managers, place);
        return builder;
    }

    private static string Name(IssueTrigger trigger) => TriggerName(trigger);

    private static string[] BuildNames()
    {
        var values = Enum.GetValues<IssueTrigger>();
        var names = new string[values.Max(v => (int)v) + 1];
        foreach (var v in values)
        {
            names[(int)v] = v.ToString();
        }

        return names;
    }
}
