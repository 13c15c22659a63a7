using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// The three lists (三张清单) and the pocket park (口袋公园), April–June 2026: an enterprise offers funds, a unit its hall,
/// a resident her haircut skills; a grid worker finds an 800 m² eyesore that residents want turned into a pocket park;
/// the matcher ranks the resources with its scores explained and proposes a district assignment; the project goes
/// proposed → approved → claimed (the enterprise pledges 100,000 yuan) → in progress → delivered → evaluated; then the
/// lists' totals. A reopened store is read back instead of written again.
/// </summary>
internal static class PocketPark
{
    private const string ProjectId = "xigu-2026-pocket-park";
    private const decimal Pledge = 100_000m;
    private const decimal Area = 800m;

    public static async Task RunAsync(ListService lists, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== The three lists (三张清单) and the pocket park (口袋公园), 2026 ==");
        await lists.ReadModel.CatchUpAsync(store);
        var community = hierarchy.OfKind(GridNodeKind.Community).First(c => c.Children.Any(n => n.Kind == GridNodeKind.Compound));
        var compound = community.Children.First(n => n.Kind == GridNodeKind.Compound);
        var street = community.Parent!.Value;
        if ((await store.ReadStreamAsync(Project.StreamPrefix + ProjectId)).Count == 0)
        {
            await RecordAsync(lists, community, compound, street, clock, zone);
        }
        else
        {
            Console.WriteLine("  reopened: printing the recorded lists and project");
        }

        Console.WriteLine($"  resource list (资源清单): {string.Join("; ", lists.ReadModel.Resources().Select(r => $"{r.Details.Title} {r.Capacity} @ {hierarchy[r.PlaceCode].Name}"))}");
        Console.WriteLine($"  demand list (需求清单):   {string.Join("; ", lists.ReadModel.Demands().Select(d => $"{d.Details.Title} {d.Need} @ {hierarchy[d.PlaceCode].Name} ({d.Urgency})"))}");

        Console.WriteLine("  matching the pocket park against the resource list (score = category + distance + availability + capacity):");
        var matches = await lists.MatchAsync("xigu-dem-park", top: 3);
        foreach (var m in matches)
        {
            var resource = lists.ReadModel.FindResource(m.ResourceId)!;
            Console.WriteLine($"    {resource.Details.Title,-10} {m.Score,6:0.##} = {string.Join(" + ", m.Parts.Select(p => $"{p.Points:0.##} {p.ExplanationZh}"))}");
        }

        var project = await lists.GetProjectAsync(ProjectId);
        foreach (var e in await store.ReadStreamAsync(Project.StreamPrefix + ProjectId))
        {
            var evt = (ProjectEvent)e.Payload;
            Console.WriteLine($"  {e.Metadata.At.InZone(zone):yyyy-MM-dd HH:mm} project {evt.GetType().Name,-17} {evt.From,-10} → {evt.To,-10} {e.Metadata.Actor.DisplayName}{(e.Metadata.Reason is { } why ? " — " + why : string.Empty)}");
        }

        Console.WriteLine($"  {project.Title}: {project.State}, pledged {project.PledgedYuan:N2} 元 by {project.ClaimantId}, {project.AreaSquareMetres:0} m², rated {project.Rating}/5");
        var proposal = await lists.ProposeAssignmentAsync(hierarchy.Root.Code);
        Console.WriteLine($"  district assignment proposed for the demands no project serves yet: {proposal.Assignments.Count} assigned ({string.Join(", ", proposal.Assignments.Select(a => $"{a.Match.DemandId} → {a.Match.ResourceId} {a.Share}"))}), {proposal.Unassigned.Count} left over");
        var totals = lists.ReadModel.Statistics(hierarchy, hierarchy.Root.Code);
        Console.WriteLine($"  totals: {totals.Resources} resources, {totals.Demands} demands ({totals.DemandsMet} met, {totals.BeneficiariesServed:N0} people served), {totals.Projects} project(s) ({totals.ProjectsEvaluated} evaluated), {totals.PledgedYuan:N2} 元 pledged, {totals.DeliveredAreaSquareMetres:0} m² delivered, average rating {totals.AverageRating}");

        Expect(failures, matches.Count > 0 && matches[0].ResourceId == "xigu-res-fund" && matches.All(m => m.Parts.Sum(p => p.Points) == m.Score), "the enterprise's funds are not the park's best match, or a score does not add up");
        Expect(failures, project.State == ProjectState.Evaluated && project.PledgedYuan == Pledge && project.AreaSquareMetres == Area, "the pocket park did not end evaluated with its pledge and area");
        Expect(failures, totals.DemandsMet == 1 && totals.PledgedYuan == Pledge && totals.DeliveredAreaSquareMetres == Area, "the lists' totals do not show the pocket park");
        Expect(failures, proposal.Assignments.Count == 2 && proposal.Unassigned.Count == 0, $"the district assignment gave {proposal.Assignments.Count} of 2 open demands a resource");
    }

    private static async Task RecordAsync(ListService lists, GridNode community, GridNode compound, GridNode street, SimulatedClock clock, DateTimeZone zone)
    {
        void At(int month, int day, int hour) => clock.MoveTo(new LocalDateTime(2026, month, day, hour, 0).InZoneLeniently(zone).ToInstant());
        var inCommunity = new[] { AccessScope.Subtree(community.Code) };
        var enterprise = new Actor("ent-xigu-park", "兰州某石化企业（共建单位）") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(street.Code)] };
        var unit = new Actor("unit-xigu-centre", "街道党群服务中心") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(street.Code)] };
        var resident = new Actor("r-xigu-barber", "居民王师傅") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(compound.Code)] };
        var worker = new Actor($"gw-park-{compound.Code}", "网格员小张") { Roles = ActorRoles.GridWorker, Scopes = inCommunity };
        var secretary = new Actor($"sec-park-{community.Code}", $"{community.Name}党组织书记") { Roles = ActorRoles.CommunitySecretary | ActorRoles.CommitteeMember, Scopes = inCommunity };
        var hallOpen = new LocalDateTime(2026, 4, 6, 8, 0).InZoneLeniently(zone).ToInstant();

        At(4, 1, 9);
        await lists.RegisterResourceAsync(new RegisterResource("xigu-res-fund", enterprise, ResourceProvider.Enterprise,
            new ResourceDetails("企业共建资金", ResourceCategory.Funds, Quantity.Yuan(150_000m), street.Code, [], "用于街道辖区民生项目")) { Reason = "区校企联席会议认捐" });
        await lists.RegisterResourceAsync(new RegisterResource("xigu-res-hall", unit, ResourceProvider.Unit,
            new ResourceDetails("党群服务中心多功能厅", ResourceCategory.Venue, Quantity.Hours(40m), community.Code, [new Interval(hallOpen, hallOpen + Duration.FromDays(60))], "免费，需提前三天预约")) { Reason = "场地共享" });
        await lists.RegisterResourceAsync(new RegisterResource("xigu-res-barber", resident, ResourceProvider.Resident,
            new ResourceDetails("义务理发", ResourceCategory.Skills, Quantity.Hours(20m), compound.Code, [])) { Reason = "党员志愿服务" });

        At(4, 2, 10);
        await lists.RaiseDemandAsync(new RaiseDemand("xigu-dem-park", worker, DemandSource.GridPatrol,
            new DemandDetails("闲置地改口袋公园", "小区东侧800平方米荒地杂草丛生、堆放垃圾，居民希望建成口袋公园", ResourceCategory.Funds, Quantity.Yuan(Pledge), compound.Code, DemandUrgency.High, "全小区居民", 1200)) { Reason = "网格排摸发现" });
        await lists.RaiseDemandAsync(new RaiseDemand("xigu-dem-haircut", worker, DemandSource.GridPatrol,
            new DemandDetails("独居老人上门理发", "", ResourceCategory.Skills, Quantity.Hours(6m), compound.Code, DemandUrgency.Normal, "独居老人", 12)) { Reason = "入户走访" });
        await lists.RaiseDemandAsync(new RaiseDemand("xigu-dem-dance", worker, DemandSource.Resident,
            new DemandDetails("广场舞队冬季排练场地", "", ResourceCategory.Venue, Quantity.Hours(8m), compound.Code, DemandUrgency.Low, "广场舞队", 30)) { Reason = "居民提出" });

        At(4, 8, 15);
        await lists.ProposeProjectAsync(new ProposeProject(ProjectId, worker, $"{compound.Name}口袋公园", "把800平方米荒地建成口袋公园", ["xigu-dem-park"], "xigu-res-fund", Quantity.Yuan(Pledge))
        {
            BudgetYuan = Pledge,
            AreaSquareMetres = Area,
            Reason = "对接资源清单",
        });
        At(4, 10, 16);
        await lists.ExecuteAsync(new ApproveProject(ProjectId, secretary) { Reason = "社区两委和社工委议定立项" });
        At(4, 13, 10);
        await lists.ExecuteAsync(new ClaimProject(ProjectId, enterprise, Pledge) { Reason = "企业认领并出资" });
        At(4, 20, 9);
        await lists.ExecuteAsync(new StartProject(ProjectId, enterprise) { Reason = "开工" });
        At(6, 1, 10);
        await lists.ExecuteAsync(new DeliverProject(ProjectId, enterprise, "800平方米口袋公园建成：步道、座椅、健身器材、绿化") { Reason = "完工交付" });
        At(6, 8, 15);
        await lists.ExecuteAsync(new EvaluateProject(ProjectId, secretary, 5, "居民满意，荒地变乐园") { Reason = "居民代表评议" });
    }

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
