using GridGov.Sdk.Access;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Lists.ListTestHost;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>The three lists through the service: registration, the project lifecycle, the read model, access and hooks.</summary>
public sealed class ListServiceTests
{
    [Fact]
    public async Task PocketPark_RunsFromProposalToEvaluation_RecordingWhoWhenWhy()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        var s = host.Service;

        await s.ExecuteAsync(new ApproveProject(id, Secretary) { Reason = "社工委议定" });
        host.Clock.AdvanceMinutes(10);
        var claimed = await s.ExecuteAsync(new ClaimProject(id, Enterprise, 100_000m) { Reason = "企业认领" });
        await s.ExecuteAsync(new StartProject(id, Enterprise));
        await s.ExecuteAsync(new DeliverProject(id, Enterprise, "口袋公园建成"));
        var evaluated = await s.ExecuteAsync(new EvaluateProject(id, Secretary, 5, "居民满意"));

        Assert.Equal(ProjectState.Evaluated, evaluated.Aggregate.State);
        Assert.Equal(100_000m, evaluated.Aggregate.PledgedYuan);
        Assert.Equal(Enterprise.Id, evaluated.Aggregate.ClaimantId);
        Assert.Equal(800m, evaluated.Aggregate.AreaSquareMetres);
        var claim = Assert.Single(claimed.Events);
        Assert.Equal(Enterprise, claim.Metadata.Actor);
        Assert.Equal(host.Clock.GetCurrentInstant(), claim.Metadata.At);
        Assert.Equal("企业认领", claim.Metadata.Reason);
        var stream = await host.Store.ReadStreamAsync(Project.StreamPrefix + id);
        Assert.Equal(
            [typeof(ProjectProposed), typeof(ProjectApproved), typeof(ProjectClaimed), typeof(ProjectStarted), typeof(ProjectDelivered), typeof(ProjectEvaluated)],
            stream.Select(e => e.Payload.GetType()));
        Assert.Equal(ProjectState.Evaluated, (await s.GetProjectAsync(id)).State);
    }

    [Fact]
    public async Task Totals_CountTheListsAndTheDeliveredProject()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        var s = host.Service;
        await s.ExecuteAsync(new ApproveProject(id, Secretary));
        await s.ExecuteAsync(new ClaimProject(id, Enterprise, 100_000m));
        await s.ExecuteAsync(new StartProject(id, Secretary));
        await s.ExecuteAsync(new DeliverProject(id, Secretary, "建成"));

        var totals = s.ReadModel.Statistics();

        Assert.Equal((1, 1, 1, 1, 1200), (totals.Resources, totals.Demands, totals.DemandsMet, totals.ProjectsDelivered, totals.BeneficiariesServed));
        Assert.Equal(100_000m, totals.PledgedYuan);
        Assert.Equal(800m, totals.DeliveredAreaSquareMetres);
        Assert.Equal(50_000m, s.ReadModel.Remaining("res-1"));
        Assert.Equal(totals, s.ReadModel.Statistics(host.Territory.Current, "S1"));
        Assert.Equal(new ListStatistics(), s.ReadModel.Statistics(host.Territory.Current, "S2"));
    }

    [Fact]
    public async Task ReadModel_RebuiltFromTheLog_EqualsTheLiveOne()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync(60_000m);
        var s = host.Service;
        await s.ExecuteAsync(new ApproveProject(id, Secretary));
        await s.ProposeProjectAsync(new ProposeProject("prj-2", Worker, "第二个", "", ["dem-1"], "res-1", Quantity.Yuan(40_000m)));
        await s.ExecuteAsync(new CancelProject("prj-2", Secretary) { Reason = "重复立项" });
        await s.RaiseDemandAsync(new RaiseDemand("dem-2", Resident, DemandSource.Resident, Park(5_000m, "B1", DemandUrgency.Low)));
        await s.WithdrawDemandAsync(new WithdrawDemand("dem-2", Resident) { Reason = "已自行解决" });
        await Assert.ThrowsAsync<AccessDeniedException>(() => s.ExecuteAsync(new ClaimProject(id, OtherEnterprise, 1m)));

        var rebuilt = new ListsReadModel();
        await rebuilt.CatchUpAsync(host.Store);

        Assert.Equal(s.ReadModel.Statistics(), rebuilt.Statistics());
        Assert.Equal(s.ReadModel.LastPosition, rebuilt.LastPosition);
        Assert.Equal(s.ReadModel.Remaining("res-1"), rebuilt.Remaining("res-1"));
        Assert.Equal(90_000m, rebuilt.Remaining("res-1"));
        Assert.Equal(s.ReadModel.Projects().Select(p => (p.Id, p.State, p.Version)), rebuilt.Projects().Select(p => (p.Id, p.State, p.Version)));
        Assert.Equal(s.ReadModel.Demands().Select(d => (d.Id, d.State)), rebuilt.Demands().Select(d => (d.Id, d.State)));
    }

    [Fact]
    public async Task Entries_LoadBackFromTheStore_WithChangesAndWithdrawals()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        var window = new Interval(Start, Start + Duration.FromDays(7));
        await host.Service.ChangeResourceAsync(new ChangeResource("res-1", Enterprise, Funds(200_000m) with { Availability = [window] }) { Reason = "追加" });

        var other = new ListTestHost(); // another node on another store knows nothing
        using (other)
        {
            await Assert.ThrowsAsync<WorkflowAggregateNotFoundException>(() => other.Service.GetResourceAsync("res-1"));
        }

        var resource = await host.Service.GetResourceAsync("res-1");
        Assert.Equal((200_000m, 2L, Enterprise.Id), (resource.Capacity.Amount, resource.Version, resource.OwnerId));
        Assert.Equal([window], resource.Details.Availability);
        var withdrawn = await host.Service.WithdrawResourceAsync(new WithdrawResource("res-1", Enterprise) { Reason = "企业撤回" });
        Assert.Equal(ListEntryState.Withdrawn, withdrawn.Aggregate.State);
        Assert.Equal(ListEntryState.Withdrawn, host.Service.ReadModel.FindResource("res-1")!.State);
    }

    [Fact]
    public async Task Events_RoundTripThroughTheSerializer()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        await host.Service.ExecuteAsync(new ApproveProject(id, Secretary) { Decision = null });
        await host.Service.ExecuteAsync(new ClaimProject(id, Enterprise, 100_000.5m));
        var serializer = new EventSerializer();
        await foreach (var e in host.Store.ReadAllAsync())
        {
            var stored = serializer.Serialize(new EventData(e.Payload, e.Metadata));
            var (payload, _) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);
            Assert.Equal(payload.GetType(), e.Payload.GetType());
            Assert.Equal(stored.Payload, serializer.Serialize(new EventData(payload, e.Metadata)).Payload);
        }
    }

    [Fact]
    public async Task Approval_ByACommitteeDecision_IsCheckedAndRecorded()
    {
        using var host = new ListTestHost();
        var committees = host.Get<GridGov.Sdk.Committees.CommitteeService>();
        await GridGov.Sdk.Tests.Committees.CommitteeFixtures.FormAsync(committees);
        var meeting = new GridGov.Sdk.Committees.MeetingId("m-park");
        await committees.ScheduleMeetingAsync(new GridGov.Sdk.Committees.ScheduleMeeting(GridGov.Sdk.Tests.Committees.CommitteeFixtures.Id, GridGov.Sdk.Tests.Committees.CommitteeFixtures.Clerk, GridGov.Sdk.Committees.MeetingKind.Special, "口袋公园专题会", new LocalDate(2026, 3, 2),
            [new("口袋公园立项", "居民呼吁"), new("其他", "")], []) { MeetingId = meeting });
        await committees.ExecuteAsync(new GridGov.Sdk.Committees.ConveneMeeting(meeting, GridGov.Sdk.Tests.Committees.CommitteeFixtures.Secretary, [GridGov.Sdk.Tests.Committees.CommitteeFixtures.Secretary.Id, "staff-1", "ent-1", "res-1"]));
        await committees.ExecuteAsync(new GridGov.Sdk.Committees.DecideItem(meeting, GridGov.Sdk.Tests.Committees.CommitteeFixtures.Clerk, 1, "同意建设口袋公园"));
        var id = await host.ProposedAsync();

        var undecided = await Assert.ThrowsAsync<ListRejectedException>(() => host.Service.ExecuteAsync(new ApproveProject(id, Secretary) { Decision = new CommitteeDecisionRef("m-park", 2) }));
        var approved = await host.Service.ExecuteAsync(new ApproveProject(id, Secretary) { Decision = new CommitteeDecisionRef("m-park", 1) });

        Assert.Equal(ListRejectedException.DecisionNotFoundCode, undecided.Code);
        Assert.Equal(new CommitteeDecisionRef("m-park", 1), approved.Aggregate.Decision);
    }

    [Fact]
    public async Task OnlyTheResourcesOwner_MayClaim_AndTheRefusalIsLogged()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        await host.Service.ExecuteAsync(new ApproveProject(id, Secretary));

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new ClaimProject(id, OtherEnterprise, 100_000m)));

        Assert.Equal(AccessDeniedException.NotOwnMatterCode, ex.Code);
        Assert.Equal(ProjectState.Approved, (await host.Service.GetProjectAsync(id)).State);
        Assert.Single(await host.Store.ReadStreamAsync(SecurityLog.StreamId));
        Assert.Equal([ProjectTrigger.Claim], await host.Service.GetPermittedTriggersAsync(id, Enterprise));
        Assert.Empty(await host.Service.GetPermittedTriggersAsync(id, OtherEnterprise));
        Assert.Equal([ProjectTrigger.Cancel], await host.Service.GetPermittedTriggersAsync(id, Secretary));
    }

    [Fact]
    public async Task AManagerOutOfScope_CannotApprove()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new ApproveProject(id, Outsider)));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
    }

    [Fact]
    public async Task AResidentCannotRegisterOutsideTheirScope()
    {
        using var host = new ListTestHost();
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RegisterResourceAsync(new RegisterResource("res-x", Resident, ResourceProvider.Resident, new ResourceDetails("理发", ResourceCategory.Skills, Quantity.Hours(10), "Q4", []))));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Empty(await host.Store.ReadStreamAsync(Resource.StreamPrefix + "res-x"));
    }

    [Fact]
    public async Task AHook_VetoesDeliveringABigProject_AndSeesThePledgeAndArea()
    {
        var hook = new BigBudgetHook(50_000m);
        using var host = new ListTestHost(b => b.AddProjectHook(hook));
        var id = await host.ProposedAsync();
        var s = host.Service;
        await s.ExecuteAsync(new ApproveProject(id, Secretary));
        await s.ExecuteAsync(new ClaimProject(id, Enterprise, 100_000m));
        await s.ExecuteAsync(new StartProject(id, Enterprise));

        var ex = await Assert.ThrowsAsync<WorkflowVetoedException>(() => s.ExecuteAsync(new DeliverProject(id, Enterprise, "建成")));

        Assert.Equal("acme.second-signature", ex.Code);
        Assert.Equal((100_000m, 800m), hook.Seen);
        Assert.Equal(ProjectState.InProgress, (await s.GetProjectAsync(id)).State);
        Assert.Equal(4, (await host.Store.ReadStreamAsync(Project.StreamPrefix + id)).Count);
    }

    [Fact]
    public async Task Withdrawing_AResourceAProjectReliesOn_IsRefusedByItsGuard()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.WithdrawResourceAsync(new WithdrawResource("res-1", Enterprise)));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Equal([ListWorkflows.NoProjectUnderWayGuard], ex.UnmetGuards);
        var demand = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.WithdrawDemandAsync(new WithdrawDemand("dem-1", Worker)));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, demand.Code);

        await host.Service.ExecuteAsync(new CancelProject(id, Secretary) { Reason = "取消" });
        await host.Service.WithdrawResourceAsync(new WithdrawResource("res-1", Enterprise));
    }

    [Fact]
    public async Task AnApprovedProject_CannotBeClaimed_OnceItsResourceIsGone()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        await host.Service.ProposeProjectAsync(new ProposeProject("prj-1", Worker, "口袋公园", "", ["dem-1"], "res-1", Quantity.Yuan(1_000m)));
        await host.Service.ExecuteAsync(new CancelProject("prj-1", Secretary) { Reason = "改期" });
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.ExecuteAsync(new ApproveProject("prj-1", Secretary)));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
    }

    [Fact]
    public async Task ARepeatedIdempotencyKey_RecordsNothing()
    {
        using var host = new ListTestHost();
        var first = await host.Service.RegisterResourceAsync(new RegisterResource("res-1", Enterprise, ResourceProvider.Enterprise, Funds(1_000m)) { IdempotencyKey = "k1" });
        var again = await host.Service.RegisterResourceAsync(new RegisterResource("res-1", Enterprise, ResourceProvider.Enterprise, Funds(1_000m)) { IdempotencyKey = "k1" });
        Assert.False(first.WasDuplicate);
        Assert.True(again.WasDuplicate);
        await host.Service.ChangeResourceAsync(new ChangeResource("res-1", Enterprise, Funds(2_000m)) { IdempotencyKey = "k2" });
        var dup = await host.Service.ChangeResourceAsync(new ChangeResource("res-1", Enterprise, Funds(3_000m)) { IdempotencyKey = "k2" });
        Assert.True(dup.WasDuplicate);
        Assert.Equal(2_000m, dup.Aggregate.Capacity.Amount);
        Assert.Equal(2, (await host.Store.ReadStreamAsync(Resource.StreamPrefix + "res-1")).Count);
    }

    [Fact]
    public async Task AStaleExpectedVersion_IsAConcurrencyError()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => host.Service.ExecuteAsync(new ApproveProject(id, Secretary) { ExpectedVersion = 5 }));
        Assert.Equal(WorkflowConcurrencyException.ErrorCode, ex.Code);
    }

    [Fact]
    public async Task Match_RanksTheEnterpriseFirst_AndProposeAssignment_TakesTheDemand()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        await host.Service.RegisterResourceAsync(new RegisterResource("res-0", Admin, ResourceProvider.Unit, Funds(500_000m, "C2")) { OwnerId = "unit-1" });

        var matches = await host.Service.MatchAsync("dem-1");

        Assert.Equal(["res-1", "res-0"], matches.Select(m => m.ResourceId));
        Assert.Equal(100m, matches[0].Score);
        Assert.Equal(MatchProximity.SameStreet, matches[1].Proximity);
        var proposal = await host.Service.ProposeAssignmentAsync("D");
        var assigned = Assert.Single(proposal.Assignments);
        Assert.Equal(("dem-1", "res-1"), (assigned.Match.DemandId, assigned.Match.ResourceId));
        Assert.Equal(50_000m, proposal.Remaining["res-1"]);
    }

    [Fact]
    public void TheLifecycleDiagram_ComesFromTheDefinition()
    {
        var mermaid = ListService.ProjectLifecycleMermaid();
        Assert.Contains("Proposed --> Approved : Approve [" + ListWorkflows.ResourceOnListGuard + "]", mermaid, StringComparison.Ordinal);
        Assert.Contains("Delivered --> Evaluated : Evaluate", mermaid, StringComparison.Ordinal);
        const string begin = "<!-- project-lifecycle:begin (generated: GRIDGOV_UPDATE_DOCS=1 dotnet test) -->\n```mermaid\n";
        const string end = "\n```\n<!-- project-lifecycle:end -->";
        var path = Path.Combine(Root(), "docs", "lists.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var from = doc.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var to = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= begin.Length && to >= from, "docs/lists.md has no project-lifecycle markers.");
        var generated = mermaid.ReplaceLineEndings("\n").Trim();
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1" && doc[from..to] != generated)
        {
            File.WriteAllText(path, doc[..from] + generated + doc[to..]);
            return;
        }

        Assert.True(doc[from..to] == generated, "docs/lists.md's lifecycle diagram is out of date; run the tests once with GRIDGOV_UPDATE_DOCS=1.");
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GridGov.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GridGov.Sdk.sln not found.");
    }

    private sealed class BigBudgetHook(decimal limit) : IProjectHook
    {
        public (decimal?, decimal?) Seen { get; private set; }

        public ValueTask InvokeAsync(WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent> context, TransitionDelegate next)
        {
            if (context.Trigger is ProjectTrigger.Deliver or ProjectTrigger.Evaluate && context.Before is { } project)
            {
                Seen = (project.PledgedYuan, project.AreaSquareMetres);
                if (project.PledgedYuan > limit)
                {
                    context.Veto("acme.second-signature", $"项目认捐 {project.PledgedYuan} 元，{project.AreaSquareMetres} m²：交付需街道二次签字");
                }
            }

            return next();
        }
    }
}
