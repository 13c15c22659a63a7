using GridGov.Sdk.Access;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// Actors with narrow scopes over <see cref="Issues.IssueTestHost"/>'s district:
/// D → S1 陈坪街道 → C1 先锋社区 → (Q1 → B1) and (G1 → G2 → U1 → Z1); D → S2 → C2.
/// Professional grids: PG-CG (city management, the whole district) and PS-1 (police station, S1).
/// </summary>
internal static class AccessCast
{
    /// <summary>A grid worker of the third-level grid U1 (their own grid).</summary>
    public static Actor GridWorkerU1 { get; } = new("gw-u1", "网格员孙") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("U1")] };

    /// <summary>The secretary of community C1.</summary>
    public static Actor SecretaryC1 { get; } = new("sec-c1", "先锋社区书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>A committee member of community C1 (社工委委员).</summary>
    public static Actor CommitteeC1 { get; } = new("cm-c1", "社工委委员") { Roles = ActorRoles.CommitteeMember, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>A cadre of street S2.</summary>
    public static Actor CadreS2 { get; } = new("cadre-s2", "先锋路街道干部") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree("S2")] };

    /// <summary>A district administrator, everywhere.</summary>
    public static Actor Administrator { get; } = new("admin", "区级管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

    /// <summary>Department staff of the city-management grid PG-CG.</summary>
    public static Actor CityManagement { get; } = new("cg-1", "城管科员") { Roles = ActorRoles.DepartmentStaff, Scopes = [AccessScope.ProfessionalGrid("PG-CG")] };

    /// <summary>The police station acting as an organization (no role), over its grid PS-1.</summary>
    public static Actor PoliceStation { get; } = new("ps-1", "陈坪派出所") { Kind = ActorKind.Organization, Scopes = [AccessScope.ProfessionalGrid("PS-1")] };

    /// <summary>A resident of community C1 (the reporter <c>r-1</c> of the host's issues).</summary>
    public static Actor ResidentC1 { get; } = new("r-1", "居民张") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>Another resident of community C1.</summary>
    public static Actor NeighbourC1 { get; } = new("r-2", "居民李") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>A party member reporting to community C1 (双报到).</summary>
    public static Actor PartyMemberC1 { get; } = new("pm-c1", "党员周") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>Another party member of community C1.</summary>
    public static Actor OtherPartyMemberC1 { get; } = new("pm-c1b", "党员吴") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>An actor with no role at all.</summary>
    public static Actor Nobody { get; } = new("nobody", "无角色") { Scopes = [AccessScope.Everywhere] };
}
