using GridGov.Sdk.Access;

namespace GridGov.Sdk.People;

/// <summary>
/// Dual reporting's, service records', fairs' and pairings' side of the access policy: the workflow and trigger
/// names and the default rules (see docs/access.md and docs/people.md).
/// </summary>
/// <remarks>
/// <para>Targets: the place is the community, the service's place, the fair's community or the venue; the owner is
/// the member, volunteer or resident the command is about; the assignee is the member's party organization (for
/// pairings and activities, the committing or first host organization). An organization acts as itself through an
/// actor whose <see cref="Actor.Id"/> is the organization's id (kind <see cref="ActorKind.Organization"/> or role
/// <see cref="ActorRoles.UnitStaff"/>).</para>
/// <para>Thread-safe.</para>
/// </remarks>
public static class PeopleAccess
{
    /// <summary>The workflow name the rules are keyed by.</summary>
    public const string WorkflowName = "people";

    /// <summary>Registering a party organization.</summary>
    public const string RegisterOrganizationTrigger = "RegisterOrganization";

    /// <summary>Enrolling a member with their organization.</summary>
    public const string EnrollTrigger = "Enroll";

    /// <summary>Reporting a member in to a community, or moving their registration.</summary>
    public const string ReportInTrigger = "ReportIn";

    /// <summary>Recording a service entry (checked per entry).</summary>
    public const string RecordServiceTrigger = "RecordService";

    /// <summary>Registering a volunteer.</summary>
    public const string RegisterVolunteerTrigger = "RegisterVolunteer";

    /// <summary>Forming a volunteer team or changing its membership.</summary>
    public const string ManageTeamTrigger = "ManageTeam";

    /// <summary>Scheduling a service fair.</summary>
    public const string ScheduleFairTrigger = "ScheduleFair";

    /// <summary>Booking or cancelling a fair slot.</summary>
    public const string BookSlotTrigger = "BookSlot";

    /// <summary>Recording that a booked service was given.</summary>
    public const string RecordFairServiceTrigger = "RecordFairService";

    /// <summary>Agreeing a pairing or recording a commitment met.</summary>
    public const string PairingTrigger = "Pairing";

    /// <summary>Recording an activity.</summary>
    public const string RecordActivityTrigger = "RecordActivity";

    private const ActorRoles Staff = ActorRoles.GridWorker | ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator;
    private const ActorRoles Managers = ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator;

    /// <summary>
    /// Adds the default rules: a party member reports themself in and records their own service; community
    /// secretaries and grid workers act in their subtree; a unit (its own account, or its staff acting under the
    /// unit's id) for its members; street cadres and district administrators in their subtree (everywhere for a
    /// district administrator scoped so); residents book their own slots.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string w = WorkflowName;
        const AccessScopeRule place = AccessScopeRule.Place;
        var unit = new AccessRule(w, string.Empty, ActorRoles.UnitStaff, AccessScopeRule.Assignee) { AlsoKind = ActorKind.Organization };

        builder.Allow(w, RegisterOrganizationTrigger, Managers, place);
        builder.Allow(unit with { Trigger = EnrollTrigger });
        builder.Allow(w, EnrollTrigger, ActorRoles.DistrictAdministrator, place);
        builder.Allow(w, ReportInTrigger, ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, ReportInTrigger, Staff, place);
        builder.Allow(unit with { Trigger = ReportInTrigger });
        builder.Allow(w, RecordServiceTrigger, ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, RecordServiceTrigger, Staff, place);
        builder.Allow(unit with { Trigger = RecordServiceTrigger });
        builder.Allow(w, RegisterVolunteerTrigger, ActorRoles.Resident | ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, RegisterVolunteerTrigger, Staff, place);
        builder.Allow(w, ManageTeamTrigger, Staff, place);
        builder.Allow(w, ScheduleFairTrigger, Managers, place);
        builder.Allow(w, BookSlotTrigger, ActorRoles.Resident, AccessScopeRule.OwnMatter);
        builder.Allow(w, BookSlotTrigger, Staff, place);
        builder.Allow(w, RecordFairServiceTrigger, ActorRoles.Resident | ActorRoles.PartyMember, AccessScopeRule.OwnMatter);
        builder.Allow(w, RecordFairServiceTrigger, Staff, place);
        builder.Allow(w, PairingTrigger, Managers, place);
        builder.Allow(unit with { Trigger = PairingTrigger });
        builder.Allow(w, RecordActivityTrigger, Staff, place);
        builder.Allow(unit with { Trigger = RecordActivityTrigger });
        return builder;
    }
}
