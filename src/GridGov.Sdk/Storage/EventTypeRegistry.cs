using System.Collections.Concurrent;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Issues;
using GridGov.Sdk.People;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Wishes;

namespace GridGov.Sdk.Storage;

/// <summary>
/// Maps event payload types to stable names and back, so a durable store writes
/// <c>issue.claimed</c> rather than a CLR type name that a refactoring would break.
/// </summary>
/// <remarks>Thread-safe. Names never change meaning once written; a changed shape gets a new name.</remarks>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _byType = new();

    /// <summary>Creates a registry holding every event type of the SDK.</summary>
    /// <returns>The registry; add the integrator's own event types with <see cref="Register{T}"/>.</returns>
    public static EventTypeRegistry CreateDefault()
    {
        var registry = new EventTypeRegistry();
        registry.Register<IssueReported>("issue.reported");
        registry.Register<IssueAccepted>("issue.accepted");
        registry.Register<IssueRejected>("issue.rejected");
        registry.Register<IssueMerged>("issue.merged");
        registry.Register<IssueClaimed>("issue.claimed");
        registry.Register<IssueDispatched>("issue.dispatched");
        registry.Register<IssueReturned>("issue.returned");
        registry.Register<IssueWorkStarted>("issue.work-started");
        registry.Register<IssueResolved>("issue.resolved");
        registry.Register<IssueClosed>("issue.closed");
        registry.Register<IssueReworkRequested>("issue.rework-requested");
        registry.Register<IssueRated>("issue.rated");
        registry.Register<IssueReopened>("issue.reopened");
        registry.Register<IssueSuspended>("issue.suspended");
        registry.Register<IssueResumed>("issue.resumed");
        registry.Register<IssueDeadlineExtended>("issue.deadline-extended");
        registry.Register<IssueLevelChanged>("issue.level-changed");
        registry.Register<IssueRuleSetMigrated>("issue.rule-set-migrated");
        registry.Register<GridGov.Sdk.Workflows.RuleSetPublished>("rule-set.published");
        registry.Register<MediationRuleSetMigrated>("mediation.rule-set-migrated");
        registry.Register<AccessRefused>("access.refused");
        registry.Register<GridHierarchyImported>("grid.hierarchy-imported");
        registry.Register<GridChangesApplied>("grid.changes-applied");
        registry.Register<ProfessionalGridsChanged>("grid.professional-grids-changed");
        registry.Register<HouseholdsChanged>("grid.households-changed");
        registry.Register<CadreRosterChanged>("grid.cadre-roster-changed");
        registry.Register<PersonalDataRevealed>(PersonalDataEvents.RevealedType);
        registry.Register<PersonalDataRevealRefused>(PersonalDataEvents.RevealRefusedType);
        registry.Register<PersonalDataErased>(PersonalDataEvents.ErasedType);
        registry.Register<CommitteeFormed>("committee.formed");
        registry.Register<PartySecretaryRecorded>("committee.party-secretary-recorded");
        registry.Register<CommitteeMemberAppointed>("committee.member-appointed");
        registry.Register<CommitteeMembershipEnded>("committee.membership-ended");
        registry.Register<MeetingScheduled>("meeting.scheduled");
        registry.Register<MeetingConvened>("meeting.convened");
        registry.Register<AgendaItemResolved>("meeting.item-resolved");
        registry.Register<PledgeClaimed>("meeting.pledge-claimed");
        registry.Register<MeetingConcluded>("meeting.concluded");
        registry.Register<MeetingMinutesApproved>("meeting.minutes-approved");
        registry.Register<MeetingCancelled>("meeting.cancelled");
        registry.Register<JointMeetingHeld>("joint-meeting.held");
        registry.Register<CadreExchanged>("joint-meeting.cadre-exchanged");
        registry.Register<ResourceRegistered>("resource.registered");
        registry.Register<ResourceChanged>("resource.changed");
        registry.Register<ResourceWithdrawn>("resource.withdrawn");
        registry.Register<ResourceShareTaken>("resource.share-taken");
        registry.Register<ResourceShareReleased>("resource.share-released");
        registry.Register<DemandRaised>("demand.raised");
        registry.Register<DemandChanged>("demand.changed");
        registry.Register<DemandWithdrawn>("demand.withdrawn");
        registry.Register<ProjectProposed>("project.proposed");
        registry.Register<ProjectApproved>("project.approved");
        registry.Register<ProjectClaimed>("project.claimed");
        registry.Register<ProjectStarted>("project.started");
        registry.Register<ProjectDelivered>("project.delivered");
        registry.Register<ProjectEvaluated>("project.evaluated");
        registry.Register<ProjectCancelled>("project.cancelled");
        registry.Register<FreeSpaceProvided>("joint-meeting.free-space-provided");
        registry.Register<ServiceProgrammeStarted>("programme.started");
        registry.Register<ProgrammeDonationReceived>("programme.donation-received");
        registry.Register<ProgrammeProviderChosen>("programme.provider-chosen");
        registry.Register<ProgrammeBeneficiaryEnrolled>("programme.beneficiary-enrolled");
        registry.Register<ProgrammeBeneficiaryLeft>("programme.beneficiary-left");
        registry.Register<ProgrammeServiceDelivered>("programme.service-delivered");
        registry.Register<ServiceProgrammeClosed>("programme.closed");
        registry.Register<PartyOrganizationRegistered>("people.organization-registered");
        registry.Register<PartyMemberEnrolled>("people.member-enrolled");
        registry.Register<MemberReportedIn>("people.member-reported-in");
        registry.Register<MemberMoved>("people.member-moved");
        registry.Register<ServiceRecorded>("people.service-recorded");
        registry.Register<VolunteerRegistered>("people.volunteer-registered");
        registry.Register<VolunteerTeamFormed>("people.team-formed");
        registry.Register<VolunteerJoinedTeam>("people.team-joined");
        registry.Register<VolunteerLeftTeam>("people.team-left");
        registry.Register<PairingAgreed>("people.pairing-agreed");
        registry.Register<PairingCommitmentMet>("people.pairing-commitment-met");
        registry.Register<ActivityHeld>("people.activity-held");
        registry.Register<ServiceFairScheduled>("people.fair-scheduled");
        registry.Register<FairSlotBooked>("people.fair-slot-booked");
        registry.Register<FairBookingCancelled>("people.fair-booking-cancelled");
        registry.Register<FairServiceGiven>("people.fair-service-given");
        registry.Register<MediationCaseOpened>("mediation.opened");
        registry.Register<MediationSessionHeld>("mediation.session-held");
        registry.Register<MediationAgreementReached>("mediation.agreed");
        registry.Register<MediationFailed>("mediation.failed");
        registry.Register<MediationCaseEscalated>("mediation.escalated");
        registry.Register<MediationCaseReferred>("mediation.referred");
        registry.Register<MediationCaseClosed>("mediation.closed");
        registry.Register<MediationCaseWithdrawn>("mediation.withdrawn");
        registry.Register<MediationTeamRegistered>("mediation-team.registered");
        registry.Register<MediationTeamMembersChanged>("mediation-team.members-changed");
        registry.Register<MediationTeamDisbanded>("mediation-team.disbanded");
        registry.Register<CabinetItemDonated>("cabinet.item-donated");
        registry.Register<CabinetItemLent>("cabinet.item-lent");
        registry.Register<CabinetLoanRenewed>("cabinet.loan-renewed");
        registry.Register<CabinetItemReturned>("cabinet.item-returned");
        registry.Register<CabinetLoanOverdue>("cabinet.loan-overdue");
        registry.Register<CabinetItemLost>("cabinet.item-lost");
        registry.Register<CabinetItemDamaged>("cabinet.item-damaged");
        registry.Register<CabinetItemRestored>("cabinet.item-restored");
        registry.Register<CabinetItemRetired>("cabinet.item-retired");
        registry.Register<CabinetItemReserved>("cabinet.item-reserved");
        registry.Register<CabinetReservationCancelled>("cabinet.reservation-cancelled");
        registry.Register<CabinetBorrowerRegistered>("cabinet.borrower-registered");
        registry.Register<CabinetBorrowerWithdrawn>("cabinet.borrower-withdrawn");
        registry.Register<VenueRegistered>("venue.registered");
        registry.Register<VenueBooked>("venue.booked");
        registry.Register<VenueBookingCancelled>("venue.booking-cancelled");
        registry.Register<VenueHoursChanged>("venue.hours-changed");
        registry.Register<VenueClosed>("venue.closed");
        registry.Register<VenueReopened>("venue.reopened");
        registry.Register<WishPosted>("wish.posted");
        registry.Register<WishApproved>("wish.approved");
        registry.Register<WishRejected>("wish.rejected");
        registry.Register<WishChangesRequested>("wish.changes-requested");
        registry.Register<WishResubmitted>("wish.resubmitted");
        registry.Register<WishClaimed>("wish.claimed");
        registry.Register<WishClaimReleased>("wish.claim-released");
        registry.Register<WishClaimExpired>("wish.claim-expired");
        registry.Register<WishFulfilled>("wish.fulfilled");
        registry.Register<WishConfirmed>("wish.confirmed");
        registry.Register<WishDisputed>("wish.disputed");
        return registry;
    }

    /// <summary>Whether a stable name is registered.</summary>
    /// <param name="name">The name, such as <c>issue.closed</c>.</param>
    /// <returns>True when a type is registered under it.</returns>
    public bool IsRegistered(string name) => name is not null && _byName.ContainsKey(name);

    /// <summary>Registers an event type under a stable name.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="name">The stable name, 1–100 characters.</param>
    /// <returns>This registry, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentException">The name or the type is registered already to something else.</exception>
    public EventTypeRegistry Register<T>(string name)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, 100, nameof(name));
        var type = typeof(T);
        if (!_byName.TryAdd(name, type) && _byName[name] != type)
        {
            throw new ArgumentException($"Event name '{name}' is registered to {_byName[name].Name} already.", nameof(name));
        }

        if (!_byType.TryAdd(type, name) && _byType[type] != name)
        {
            _byName.TryRemove(new KeyValuePair<string, Type>(name, type));
            throw new ArgumentException($"{type.Name} is registered as '{_byType[type]}' already.", nameof(name));
        }

        return this;
    }

    /// <summary>Gets the stable name of a payload type.</summary>
    /// <param name="type">The payload type.</param>
    /// <returns>The name.</returns>
    /// <exception cref="UnknownEventTypeException">The type is not registered.</exception>
    public string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _byType.TryGetValue(type, out var name) ? name : throw new UnknownEventTypeException(type.FullName ?? type.Name);
    }

    /// <summary>Gets the stable name of a payload type, or null when it is not registered.</summary>
    /// <param name="type">The payload type.</param>
    /// <returns>The name, or null.</returns>
    public string? TryNameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _byType.TryGetValue(type, out var name) ? name : null;
    }

    /// <summary>Gets the payload type of a stable name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The type.</returns>
    /// <exception cref="UnknownEventTypeException">The name is not registered.</exception>
    public Type TypeOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out var type) ? type : throw new UnknownEventTypeException(name);
    }
}

/// <summary>Thrown when an event type or name is not in the <see cref="EventTypeRegistry"/>.</summary>
public sealed class UnknownEventTypeException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "store.unknown-event-type";

    /// <summary>Creates the exception.</summary>
    /// <param name="typeOrName">The unknown type or name.</param>
    public UnknownEventTypeException(string typeOrName)
        : base(ErrorCode, $"Event type '{typeOrName}' is not registered; register it with EventTypeRegistry.Register<T>(name).")
    {
        TypeOrName = typeOrName;
    }

    /// <summary>Gets the unknown type or name.</summary>
    public string TypeOrName { get; }
}
