using GridGov.Sdk.Committees;
using GridGov.Sdk.People;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static GridGov.Sdk.Tests.People.PeopleTestHost;

namespace GridGov.Sdk.Tests.People;

public sealed class VolunteerTeamTests
{
    private static async Task<PeopleTestHost> HostWithTeamAsync(int volunteers, Action<GridGovBuilder>? configure = null)
    {
        var host = new PeopleTestHost(configure);
        await host.Service.FormTeamAsync(new FormVolunteerTeam(SecretaryC1, "vol-1", "先锋志愿服务队", "C1", Enrolled));
        for (var i = 1; i <= volunteers; i++)
        {
            await host.Service.RegisterVolunteerAsync(new RegisterVolunteer(WorkerC1, $"v-{i}", "C1", ["haircut"], Enrolled));
            await host.Service.ChangeTeamMembershipAsync(new ChangeTeamMembership(WorkerC1, "vol-1", $"v-{i}", Enrolled));
        }

        return host;
    }

    [Fact]
    public async Task QualifyingTeams_NeedTheMinimumOfCurrentMembers()
    {
        using var host = await HostWithTeamAsync(3);
        var left = Enrolled.PlusDays(10);

        await host.Service.ChangeTeamMembershipAsync(new ChangeTeamMembership(WorkerC1, "vol-1", "v-3", left) { Leave = true });

        Assert.Equal(["vol-1"], host.Service.ReadModel.QualifyingTeams(left.PlusDays(-1), 3).Select(t => t.Id));
        Assert.Empty(host.Service.ReadModel.QualifyingTeams(left, 3));
        Assert.Single(host.Service.ReadModel.QualifyingTeams(left, 2, "C1"));
        Assert.Empty(host.Service.ReadModel.QualifyingTeams(left, 2, "C2"));
        Assert.Empty(host.Service.ReadModel.QualifyingTeams(Enrolled.PlusDays(-1), 1));
    }

    [Fact]
    public async Task ChangeTeamMembership_JoiningTwice_OrLeavingWhenNotIn_IsRefused()
    {
        using var host = await HostWithTeamAsync(1);

        var twice = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ChangeTeamMembershipAsync(new ChangeTeamMembership(WorkerC1, "vol-1", "v-1", Enrolled)));
        await host.Service.RegisterVolunteerAsync(new RegisterVolunteer(WorkerC1, "v-9", "C1", ["repair"], Enrolled));
        var notIn = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ChangeTeamMembershipAsync(new ChangeTeamMembership(WorkerC1, "vol-1", "v-9", Enrolled) { Leave = true }));
        var unknown = await Assert.ThrowsAsync<PeopleNotFoundException>(() => host.Service.ChangeTeamMembershipAsync(new ChangeTeamMembership(WorkerC1, "vol-1", "v-x", Enrolled)));

        Assert.Equal(PeopleRejectedException.TeamMembershipCode, twice.Code);
        Assert.Equal(PeopleRejectedException.TeamMembershipCode, notIn.Code);
        Assert.Equal(PeopleNotFoundException.ErrorCode, unknown.Code);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public async Task FiveHaves_WithVolunteerTeamsWired_CountsOnlyAQualifyingTeam(int volunteers, bool met)
    {
        using var host = await HostWithTeamAsync(volunteers, b => b.UseVolunteerTeamsForFiveHaves());
        var committees = host.Get<CommitteeService>();
        var clerk = new GridGov.Sdk.Access.Actor("clerk-1", "街道组织委员") { Roles = GridGov.Sdk.Access.ActorRoles.StreetCadre, Scopes = [GridGov.Sdk.Access.AccessScope.Subtree("S1")] };
        var id = new CommitteeId("c1-committee");
        await committees.ExecuteAsync(new FormCommittee(id, clerk, "C1", "先锋社区社工委", Enrolled));
        await committees.ExecuteAsync(new AppointMembers(id, clerk,
            [new MemberAppointment("vol-1", "先锋志愿服务队", CommitteeMemberKind.Organization, MemberCategory.VolunteerTeam.Code, CommitteePosition.Member, Enrolled)]));

        var evaluation = await committees.EvaluateAsync(id, Enrolled.PlusDays(1));

        var rule = evaluation.Rules.Single(r => r.RuleCode == FiveHavesRuleSet.VolunteerTeamRule);
        Assert.Equal(met, rule.IsMet);
        if (!met)
        {
            Assert.Equal(VolunteerTeamRequirement.NoQualifyingTeamCode, Assert.Single(rule.Gaps).Code);
        }
    }
}
