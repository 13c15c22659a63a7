using GridGov.Sdk.Access;

namespace GridGov.Sdk.Committees;

/// <summary>
/// The committees' side of the access policy: the workflow and trigger names of committees (社工委),
/// their consultation meetings and the district's joint meetings (联席会议), how each maps to an
/// <see cref="AccessTarget"/>, and their default rules (see docs/access.md).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class CommitteeAccess
{
    /// <summary>The workflow name of committee membership commands.</summary>
    public const string CommitteeWorkflowName = "committee";

    /// <summary>The workflow name of consultation meetings: <see cref="ScheduleTrigger"/> and every <see cref="MeetingTrigger"/>.</summary>
    public const string MeetingWorkflowName = "meeting";

    /// <summary>The workflow name of a district's joint-meeting records (<see cref="JointMeetingService"/>).</summary>
    public const string JointMeetingWorkflowName = "joint-meeting";

    /// <summary>The trigger of <see cref="FormCommittee"/>.</summary>
    public const string FormTrigger = "Form";

    /// <summary>The trigger of <see cref="RecordPartySecretary"/>.</summary>
    public const string RecordPartySecretaryTrigger = "RecordPartySecretary";

    /// <summary>The trigger of <see cref="AppointMembers"/>.</summary>
    public const string AppointMembersTrigger = "AppointMembers";

    /// <summary>The trigger of <see cref="EndMembership"/>.</summary>
    public const string EndMembershipTrigger = "EndMembership";

    /// <summary>The trigger of <see cref="CommitteeService.ScheduleMeetingAsync"/>; every other meeting trigger is named after its <see cref="MeetingTrigger"/>.</summary>
    public const string ScheduleTrigger = "Schedule";

    /// <summary>The trigger of <see cref="JointMeetingService.RecordAsync"/>.</summary>
    public const string RecordTrigger = "Record";

    private const ActorRoles Managers = ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration;

    /// <summary>Gets the committee triggers in the order the default policy lists them.</summary>
    public static IReadOnlyList<string> CommitteeTriggerNames { get; } = [FormTrigger, RecordPartySecretaryTrigger, AppointMembersTrigger, EndMembershipTrigger];

    /// <summary>Gets the meeting triggers in the order the default policy lists them: <see cref="ScheduleTrigger"/>, then every <see cref="MeetingTrigger"/>.</summary>
    public static IReadOnlyList<string> MeetingTriggerNames { get; } = [ScheduleTrigger, .. Enum.GetNames<MeetingTrigger>()];

    /// <summary>Gets the trigger name of a committee command, as the policy keys it.</summary>
    /// <param name="command">The command.</param>
    /// <returns>Its name, such as <c>AppointMembers</c>.</returns>
    /// <exception cref="ArgumentException">The command is of an unknown type.</exception>
    public static string TriggerName(CommitteeCommand command) => command switch
    {
        FormCommittee => FormTrigger,
        RecordPartySecretary => RecordPartySecretaryTrigger,
        AppointMembers => AppointMembersTrigger,
        EndMembership => EndMembershipTrigger,
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
    };

    /// <summary>Gets the name of a meeting trigger, as the policy keys it.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>Its name, such as <c>Convene</c>.</returns>
    public static string TriggerName(MeetingTrigger trigger) => trigger switch
    {
        MeetingTrigger.Convene => nameof(MeetingTrigger.Convene),
        MeetingTrigger.Decide => nameof(MeetingTrigger.Decide),
        MeetingTrigger.Defer => nameof(MeetingTrigger.Defer),
        MeetingTrigger.Reject => nameof(MeetingTrigger.Reject),
        MeetingTrigger.Conclude => nameof(MeetingTrigger.Conclude),
        MeetingTrigger.ApproveMinutes => nameof(MeetingTrigger.ApproveMinutes),
        MeetingTrigger.Cancel => nameof(MeetingTrigger.Cancel),
        MeetingTrigger.ClaimPledge => nameof(MeetingTrigger.ClaimPledge),
        _ => trigger.ToString(),
    };

    /// <summary>What the policy looks at in a committee: its id and its unit (the community it serves) as the place.</summary>
    /// <param name="committee">The committee.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(Committee committee)
    {
        ArgumentNullException.ThrowIfNull(committee);
        return new AccessTarget(committee.Id.Value, committee.UnitCode);
    }

    /// <summary>What the policy looks at in a meeting: its id, and its committee's unit as the place.</summary>
    /// <param name="meetingId">The meeting.</param>
    /// <param name="committee">The meeting's committee.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(MeetingId meetingId, Committee committee)
    {
        ArgumentNullException.ThrowIfNull(committee);
        return new AccessTarget(meetingId.Value, committee.UnitCode);
    }

    /// <summary>What the policy looks at in a district's joint-meeting records: the district's stream and node.</summary>
    /// <param name="districtCode">The district's node code.</param>
    /// <returns>The target.</returns>
    public static AccessTarget JointMeetingTargetOf(string districtCode)
    {
        ArgumentNullException.ThrowIfNull(districtCode);
        return new AccessTarget(JointMeetingService.StreamIdOf(districtCode), districtCode);
    }

    /// <summary>
    /// Adds the committees' default rules, all within the place of the committee's unit (a meeting's place is
    /// its committee's): community secretaries, street cadres, district administrators and the system
    /// (<see cref="ActorRoles.SystemIntegration"/>) form committees and keep their membership, and may run
    /// meetings; committee members (<see cref="ActorRoles.CommitteeMember"/>) schedule, convene (the lifecycle's
    /// guard still lets only the director convene), decide, defer, reject, conclude and cancel; minutes are
    /// approved by the managers alone; a pledge is claimed also by unit staff and organization actors (the input
    /// check still wants a member unit); a district's joint meetings are recorded by managers whose scope holds
    /// the district node.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const AccessScopeRule place = AccessScopeRule.Place;
        const ActorRoles members = Managers | ActorRoles.CommitteeMember;
        foreach (var trigger in CommitteeTriggerNames)
        {
            builder.Allow(CommitteeWorkflowName, trigger, Managers, place);
        }

        const string m = MeetingWorkflowName;
        builder.Allow(m, ScheduleTrigger, members, place);
        builder.Allow(m, TriggerName(MeetingTrigger.Convene), members, place);
        builder.Allow(m, TriggerName(MeetingTrigger.Decide), members, place);
        builder.Allow(m, TriggerName(MeetingTrigger.Defer), members, place);
        builder.Allow(m, TriggerName(MeetingTrigger.Reject), members, place);
        builder.Allow(m, TriggerName(MeetingTrigger.Conclude), members, place);
        builder.Allow(m, TriggerName(MeetingTrigger.ApproveMinutes), Managers, place);
        builder.Allow(m, TriggerName(MeetingTrigger.Cancel), members, place);
        builder.Allow(new AccessRule(m, TriggerName(MeetingTrigger.ClaimPledge), members | ActorRoles.UnitStaff, place) { AlsoKind = ActorKind.Organization });
        builder.Allow(JointMeetingWorkflowName, RecordTrigger, Managers, place);
        return builder;
    }
}
