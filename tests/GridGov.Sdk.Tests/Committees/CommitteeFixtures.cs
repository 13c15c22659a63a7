using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Tests.Issues;
using NodaTime;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>A compliant committee for 先锋社区 (C1) and helpers to build committees by hand, for committee tests.</summary>
internal static class CommitteeFixtures
{
    public static readonly LocalDate Formed = new(2025, 1, 6);

    public static readonly CommitteeId Id = new("c1-committee");

    public static readonly Actor Clerk = new("clerk-1", "街道组织委员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree("S1")] };

    /// <summary>The district's organization department (区委组织部): forms committees anywhere in the district and records its joint meetings.</summary>
    public static readonly Actor DistrictClerk = new("district-1", "区委组织部") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("D")] };

    public static readonly Actor Secretary = new("sec-c1", "先锋社区党委书记李") { Roles = ActorRoles.CommunitySecretary | ActorRoles.CommitteeMember, Scopes = [AccessScope.Subtree("C1")] };

    public static MemberAppointment Appointment(string id, string name, MemberCategory category, CommitteePosition position = CommitteePosition.Member, LocalDate? start = null, CommitteeMemberKind kind = CommitteeMemberKind.Person)
        => new(id, name, kind, category.Code, position, start ?? Formed);

    /// <summary>The six checks met: secretary as director (and leading cadre), staff, police, enterprise, resident, volunteers, plus a property company.</summary>
    public static IReadOnlyList<MemberAppointment> CompliantMembers() =>
    [
        Appointment(Secretary.Id, Secretary.DisplayName, MemberCategory.LeadingCadre, CommitteePosition.Director),
        Appointment("staff-1", "社区干事王", MemberCategory.WorkingStaff),
        Appointment("police-1", "陈坪派出所", MemberCategory.LawEnforcement, kind: CommitteeMemberKind.Organization),
        Appointment("ent-1", "兰州石化公司", MemberCategory.EnterpriseRepresentative, CommitteePosition.DeputyDirector, kind: CommitteeMemberKind.Organization),
        Appointment("res-1", "居民代表刘大姐", MemberCategory.ResidentRepresentative),
        Appointment("vol-1", "先锋志愿服务队", MemberCategory.VolunteerTeam, kind: CommitteeMemberKind.Organization),
        Appointment("prop-1", "福利物业公司", MemberCategory.PropertyCompany, kind: CommitteeMemberKind.Organization),
    ];

    /// <summary>Forms C1's committee through the service, records the secretary and appoints the members given (the compliant set by default).</summary>
    /// <remarks>The street's <see cref="Clerk"/> acts in S1; elsewhere the <see cref="DistrictClerk"/> does.</remarks>
    public static async Task<Committee> FormAsync(CommitteeService service, IReadOnlyList<MemberAppointment>? members = null, CommitteeId? id = null, string unit = "C1")
    {
        var committeeId = id ?? Id;
        var by = unit == "C1" ? Clerk : DistrictClerk;
        await service.ExecuteAsync(new FormCommittee(committeeId, by, unit, "先锋社区社工委", Formed) { Reason = "组建社工委" });
        await service.ExecuteAsync(new RecordPartySecretary(committeeId, by, Secretary.Id, Secretary.DisplayName, Formed));
        var result = await service.ExecuteAsync(new AppointMembers(committeeId, by, members ?? CompliantMembers()));
        return result.Committee;
    }

    /// <summary>Builds a committee directly from appointments (no store), for pure evaluation tests and properties.</summary>
    public static Committee Build(IEnumerable<CommitteeAppointment> appointments, string? secretaryId = "sec-c1", LocalDate? secretarySince = null, string unit = "C1")
    {
        var committee = Committee.Start(new CommitteeFormed(unit, "社工委", Formed) { CommitteeId = Id });
        if (secretaryId is not null)
        {
            committee = committee.Apply(new PartySecretaryRecorded(secretaryId, "书记", secretarySince ?? Formed) { CommitteeId = Id });
        }

        var number = 0;
        foreach (var a in appointments)
        {
            number++;
            committee = committee.Apply(new CommitteeMemberAppointed(number, a.MemberId, a.MemberName, a.Kind, a.Category, a.Position, a.Start) { CommitteeId = Id });
            if (a.End is { } end)
            {
                committee = committee.Apply(new CommitteeMembershipEnded(number, end) { CommitteeId = Id });
            }
        }

        return committee;
    }

    public static CommitteeAppointment Member(string id, MemberCategory category, CommitteePosition position = CommitteePosition.Member, LocalDate? start = null, LocalDate? end = null)
        => new(0, id, id, CommitteeMemberKind.Person, category.Code, position, start ?? Formed, end);

    public static IssueTestHost Host(Action<CommitteeOptions>? configure = null)
        => new(b => b.ConfigureCommittees(o => configure?.Invoke(o)));
}
