using GridGov.Sdk.Access;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// The default access rules of sharing (docs/access.md): cabinet keepers (grid workers, the community
/// secretary) act in their community; residents and party members register themselves, borrow, reserve and
/// cancel reservations where their scopes reach, and renew, return or report only the loans they hold;
/// the system sweeps overdue loans; venue managers (unit staff) change only their own venue, the community
/// secretary any venue in their subtree; residents, party members, committee members and units book venues
/// in their scopes.
/// </summary>
public static class SharingAccess
{
    /// <summary>The roles that keep a cabinet (and may act for residents in it).</summary>
    internal const ActorRoles Keepers = ActorRoles.GridWorker | ActorRoles.CommunitySecretary | ActorRoles.DistrictAdministrator;

    /// <summary>The roles that manage any venue in their subtree.</summary>
    internal const ActorRoles VenueManagers = ActorRoles.CommunitySecretary | ActorRoles.DistrictAdministrator;

    private const ActorRoles Residents = ActorRoles.Resident | ActorRoles.PartyMember;

    private const ActorRoles Organisers = Residents | ActorRoles.CommitteeMember | ActorRoles.UnitStaff | ActorRoles.GridWorker | VenueManagers | ActorRoles.StreetCadre;

    /// <summary>Adds the sharing rules (workflows <c>cabinet-item</c>, <c>cabinet-borrower</c> and <c>venue</c>) to a builder.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const AccessScopeRule place = AccessScopeRule.Place;
        const string item = CabinetLoanLifecycle.WorkflowName;
        builder.Allow(item, CabinetLoanLifecycle.DonateTrigger, Keepers, place);
        foreach (var trigger in Enum.GetValues<CabinetItemTrigger>())
        {
            var name = trigger.ToString();
            builder.Allow(item, name, trigger == CabinetItemTrigger.MarkOverdue ? Keepers | ActorRoles.SystemIntegration : Keepers, place);
            switch (trigger)
            {
                case CabinetItemTrigger.Lend or CabinetItemTrigger.Reserve or CabinetItemTrigger.CancelReservation:
                    builder.Allow(item, name, Residents, place);
                    break;
                case CabinetItemTrigger.Renew or CabinetItemTrigger.Return or CabinetItemTrigger.ReportLost or CabinetItemTrigger.ReportDamaged:
                    builder.Allow(item, name, Residents, AccessScopeRule.Assignee);
                    break;
            }
        }

        const string borrower = CabinetService.BorrowerWorkflowName;
        foreach (var name in new[] { CabinetService.RegisterTrigger, nameof(CabinetBorrowerTrigger.Withdraw) })
        {
            builder.Allow(borrower, name, Keepers, place);
            builder.Allow(borrower, name, Residents, AccessScopeRule.OwnMatter);
        }

        const string venue = VenueService.WorkflowName;
        builder.Allow(venue, VenueService.RegisterTrigger, VenueManagers | ActorRoles.GridWorker, place);
        builder.Allow(new AccessRule(venue, VenueService.RegisterTrigger, ActorRoles.UnitStaff, place) { AlsoKind = ActorKind.Organization });
        builder.Allow(venue, nameof(VenueTrigger.Book), Organisers, place);
        builder.Allow(venue, nameof(VenueTrigger.Cancel), Organisers, place);
        foreach (var name in new[] { nameof(VenueTrigger.ChangeHours), nameof(VenueTrigger.Close), nameof(VenueTrigger.Reopen) })
        {
            builder.Allow(venue, name, VenueManagers, place);
            builder.Allow(new AccessRule(venue, name, ActorRoles.UnitStaff, AccessScopeRule.OwnMatter) { AlsoKind = ActorKind.Organization });
        }

        return builder;
    }
}
