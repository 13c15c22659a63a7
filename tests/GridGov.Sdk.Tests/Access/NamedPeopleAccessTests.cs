using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using NodaTime;
using static GridGov.Sdk.Tests.Access.AccessCast;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// The people a command names besides its actor are checked too: the reporter of a report (a resident reports
/// only as themselves; grid workers, managers and the system report on someone's behalf) and the approver of an
/// extension (a manager). The security log keeps refused residents' names masked.
/// </summary>
public sealed class NamedPeopleAccessTests
{
    private static ReportIssue Report(Actor actor, string? reporterId, string place = "B1")
        => new(actor, "environment", IssuePriority.Normal, IssueSource.ResidentReport, place, "楼道堆放杂物", "描述") { IssueId = new IssueId("I-named"), ReporterId = reporterId };

    [Fact]
    public async Task Report_ByAResidentNamingSomeoneElse_IsRefused_AndCreatesNoIssue()
    {
        using var host = new IssueTestHost();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportAsync(Report(ResidentC1, NeighbourC1.Id)));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        Assert.Equal(IssueAccess.ReportOnBehalfTrigger, ex.Trigger);
        Assert.True(ex.RolesNeeded.HasFlag(ActorRoles.GridWorker));
        Assert.Empty(await host.Store().ReadStreamAsync(new IssueId("I-named").StreamId));
        Assert.Equal(IssueAccess.ReportOnBehalfTrigger, Assert.Single(await host.Get<AuditTrail>().RefusalsAsync()).Trigger);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("r-1")]
    public async Task Report_ByAResidentAsThemselvesOrAnonymously_IsCarriedOut(string? reporterId)
    {
        using var host = new IssueTestHost();

        var result = await host.Service.ReportAsync(Report(ResidentC1, reporterId));

        Assert.Equal(reporterId, result.Issue.ReporterId);
    }

    [Fact]
    public async Task Report_OnAResidentsBehalf_ByTheGridWorkerInTheirGrid_IsCarriedOut_OutsideIt_OutOfScope()
    {
        using var host = new IssueTestHost();
        // A grid worker may report anywhere their scope reaches; naming a resident needs the same scope.
        var widened = GridWorkerU1 with { Scopes = [AccessScope.Subtree("U1")] };

        var inGrid = await host.Service.ReportAsync(Report(widened, ResidentC1.Id, "Z1"));
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportAsync(Report(widened, ResidentC1.Id, "B1") with { IssueId = new IssueId("I-out") }));

        Assert.Equal(ResidentC1.Id, inGrid.Issue.ReporterId);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Equal(IssueAccess.ReportTrigger, ex.Trigger); // the report itself is out of scope first
    }

    [Fact]
    public async Task ExtendDeadline_ApprovedByAGridWorker_IsRefusedNamingTheApprover_AndChangesNothing()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        var before = await host.Service.GetAsync(issue.Id);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(
            new ExtendDeadline(issue.Id, IssueTestHost.PartyMember, issue.Deadline!.Value + Duration.FromDays(3), IssueTestHost.Worker) { Reason = "需协调" }));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        Assert.Equal((IssueTestHost.Worker.Id, IssueAccess.ApproveExtensionTrigger), (ex.ActorId, ex.Trigger));
        Assert.Equal(before.Version, (await host.Service.GetAsync(issue.Id)).Version);
        var last = (await host.Store().ReadStreamAsync(AuditTrail.SecurityLogStreamId))[^1];
        Assert.Equal(IssueTestHost.Worker.Id, ((AccessRefused)last.Payload).ActorId);
        Assert.Equal(IssueTestHost.PartyMember.Id, last.Metadata.Actor.Id); // who attempted it
    }

    [Fact]
    public async Task ExtendDeadline_ApprovedByTheSecretary_IsCarriedOut()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();

        var after = await host.DoAsync(new ExtendDeadline(issue.Id, IssueTestHost.PartyMember, issue.Deadline!.Value + Duration.FromDays(3), IssueTestHost.Secretary) { Reason = "需协调" });

        Assert.Equal(1, after.ExtensionCount);
    }

    [Fact]
    public async Task SecurityLog_StoresARefusedResidentsNameMasked_AndStaffNamesAsGiven()
    {
        using var host = new IssueTestHost();
        var resident = new Actor("r-9", "欧阳娜娜") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("C2")] };
        var issue = await host.AcceptedAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportAsync(Report(resident, resident.Id)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new SuspendIssue(issue.Id, CadreS2, SuspensionKind.Deferred) { Reason = "r" }));

        var log = await host.Store().ReadStreamAsync(AuditTrail.SecurityLogStreamId);
        Assert.Equal("欧***", log[0].Metadata.Actor.DisplayName);
        Assert.Equal(CadreS2.DisplayName, log[1].Metadata.Actor.DisplayName);
        Assert.DoesNotContain(log, e => new EventSerializer().Serialize(new EventData(e.Payload, e.Metadata)).Metadata.AsSpan().IndexOf("欧阳娜娜"u8) >= 0);
    }
}
