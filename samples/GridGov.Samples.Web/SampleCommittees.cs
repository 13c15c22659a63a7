using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using NodaTime;

namespace GridGov.Samples.Web;

/// <summary>
/// A committee (社工委) for each of the six communities, three of them short of the five-haves standard in
/// different ways, so the dashboard's compliance map has both colours and every street a different rate.
/// </summary>
internal static class SampleCommittees
{
    private static readonly Actor Organizer = new("xg-org-01", "区委社会工作部")
    {
        Roles = ActorRoles.DistrictAdministrator,
        Scopes = [AccessScope.Everywhere],
    };

    private enum Gap
    {
        None,
        NoLawEnforcement,
        NoVolunteerTeam,
        DirectorNotSecretary,
    }

    public static async Task SeedAsync(CommitteeService committees, GridHierarchy hierarchy, LocalDate formedOn)
    {
        var communities = hierarchy.OfKind(GridNodeKind.Community).ToList();
        for (var i = 0; i < communities.Count; i++)
        {
            // 陈坪: one of two short; 先锋路: both short; 福利路: both compliant.
            var gap = i switch { 1 => Gap.NoLawEnforcement, 2 => Gap.NoVolunteerTeam, 3 => Gap.DirectorNotSecretary, _ => Gap.None };
            await FormAsync(committees, communities[i], gap, formedOn);
        }
    }

    private static async Task FormAsync(CommitteeService service, GridNode community, Gap gap, LocalDate formedOn)
    {
        var c = community.Code;
        var id = new CommitteeId("cm-" + c);
        var secretary = "sec-" + c;
        await service.ExecuteAsync(new FormCommittee(id, Organizer, c, $"{community.Name}社区建设工作委员会", formedOn) { Reason = "组建社工委" });
        await service.ExecuteAsync(new RecordPartySecretary(id, Organizer, secretary, $"{community.Name}党组织书记", formedOn));
        MemberAppointment A(string memberId, string name, MemberCategory category, CommitteeMemberKind kind = CommitteeMemberKind.Organization, CommitteePosition position = CommitteePosition.Member)
            => new(memberId, name, kind, category.Code, position, formedOn);
        var members = new List<MemberAppointment>
        {
            gap == Gap.DirectorNotSecretary
                ? A($"dir-{c}", "社区主任（非书记）", MemberCategory.WorkingStaff, CommitteeMemberKind.Person, CommitteePosition.Director)
                : A(secretary, $"{community.Name}党组织书记", MemberCategory.LeadingCadre, CommitteeMemberKind.Person, CommitteePosition.Director),
            A($"cadre-{c}", "包抓区直部门干部", MemberCategory.LeadingCadre, CommitteeMemberKind.Person, CommitteePosition.DeputyDirector),
            A($"staff-{c}", "社区专职工作者", MemberCategory.WorkingStaff, CommitteeMemberKind.Person),
            A($"ent-{c}", "辖区企业", MemberCategory.EnterpriseRepresentative),
            A($"res-{c}", "居民代表", MemberCategory.ResidentRepresentative, CommitteeMemberKind.Person),
        };
        if (gap != Gap.NoLawEnforcement)
        {
            members.Add(A($"police-{c}", "社区警务室", MemberCategory.LawEnforcement));
        }

        if (gap != Gap.NoVolunteerTeam)
        {
            members.Add(A($"vol-{c}", "志愿服务队", MemberCategory.VolunteerTeam));
        }

        await service.ExecuteAsync(new AppointMembers(id, Organizer, members) { Reason = "成员单位、企业、居民代表入委" });
    }
}
