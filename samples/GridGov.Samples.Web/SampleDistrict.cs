using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Interop.Open311;
using GridGov.Sdk.Issues;
using NodaTime;

namespace GridGov.Samples.Web;

/// <summary>
/// A small district (three streets, six communities, compounds and buildings) and a few months of residents'
/// problems run through <see cref="IssueService"/> — some reported through Open311 — every command by an
/// actor with roles and scopes.
/// </summary>
internal static class SampleDistrict
{
    public const string DistrictCode = "620104";

    private static readonly (string Code, string Name, string[] Communities)[] Streets =
    [
        ("620104001", "陈坪街道", ["先锋社区", "合水社区"]),
        ("620104002", "先锋路街道", ["玉门社区", "古浪社区"]),
        ("620104003", "福利路街道", ["寺儿沟社区", "南街社区"]),
    ];

    private static readonly string[] Categories = ["environment", "environment", "property-service", "neighbour-dispute", "facilities", "public-security", "elderly-care", "road-traffic"];

    private static readonly (string Title, string Description)[] Texts =
    [
        ("楼道堆放杂物", "单元楼道堆满杂物，存在消防隐患"), ("路灯不亮", "小区主干道路灯损坏多日"), ("下水道堵塞", "一楼下水道返水"),
        ("垃圾清运不及时", "垃圾箱满溢，影响环境"), ("独居老人需要照护", "空巢老人行动不便，需要助餐服务"), ("占道经营", "早市摊点占用人行道"),
        ("电动车飞线充电", "居民从楼上拉线给电动车充电"), ("邻里噪音纠纷", "楼上装修噪音扰民"),
    ];

    public static GridHierarchy BuildHierarchy()
    {
        var builder = new GridHierarchyBuilder().Add(DistrictCode, "西固区", GridNodeKind.District);
        foreach (var (code, name, communities) in Streets)
        {
            builder.Add(code, name, GridNodeKind.Street, DistrictCode);
            for (var c = 0; c < communities.Length; c++)
            {
                var community = $"{code}{c + 1:000}";
                builder.Add(community, communities[c], GridNodeKind.Community, code);
                for (var q = 1; q <= 2; q++)
                {
                    var compound = $"{community}{q:00}";
                    builder.Add(compound, $"{communities[c][..^2]}{q}号小区", GridNodeKind.Compound, community);
                    for (var b = 1; b <= 3; b++)
                    {
                        builder.Add($"{compound}{b:00}", $"{b}号楼", GridNodeKind.Building, compound);
                    }
                }
            }
        }

        return builder.Build();
    }

    public static IEnumerable<ProfessionalGrid> ProfessionalGrids() =>
    [
        new ProfessionalGrid("PG-CG", "城管网格", ProfessionalGridLevel.DistrictDepartment, "西固区城管局", ["environment", "road-traffic"], [DistrictCode]),
        new ProfessionalGrid("PS-CP", "陈坪派出所网格", ProfessionalGridLevel.GrassrootsStation, "陈坪派出所", ["public-security"], ["620104001"]),
    ];

    /// <summary>Seeds <paramref name="count"/> problems reported over <paramref name="months"/> months ending shortly before the real now.</summary>
    public static async Task<int> SeedAsync(IssueService issues, Open311Gateway open311, string apiKey, GridHierarchy hierarchy, SampleClock clock, DateTimeZone zone, int months = 4, int count = 160)
    {
        var random = new Random(2026);
        var end = SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(5);
        var start = end.InZone(zone).LocalDateTime.PlusMonths(-months).InZoneLeniently(zone).ToInstant();
        clock.MoveTo(start);
        var queue = new PriorityQueue<Func<Task>, (Instant At, long Seq)>();
        long seq = 0;
        void Schedule(Instant at, Func<Task> action) => queue.Enqueue(action, (at, seq++));
        void Later(Duration after, Func<Task> action) => Schedule(clock.GetCurrentInstant() + after, action);

        var buildings = hierarchy.OfKind(GridNodeKind.Building).ToArray();
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var at = start + Duration.FromMinutes(random.NextInt64((long)(end - start).TotalMinutes));
            var place = buildings[random.Next(buildings.Length)];
            var category = Categories[random.Next(Categories.Length)];
            var text = Texts[random.Next(Texts.Length)];
            var fate = random.Next(100);
            var viaOpen311 = i % 8 == 0;
            Schedule(at, async () =>
            {
                var community = place.NearestOfKind(GridNodeKind.Community)!.Value;
                var compound = place.NearestOfKind(GridNodeKind.Compound)!.Value;
                var resident = new Actor($"r-{index:000}", $"居民{index}") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(place.Code)] };
                IssueId id;
                Actor reporter;
                if (viaOpen311)
                {
                    // A resident's app posts to Open311: the name and phone go to the vault seam, not the issue.
                    var created = await open311.CreateRequestAsync(Open311PostRequest.FromForm(
                    [
                        new("api_key", apiKey), new("service_code", category), new("address_id", place.Code), new("description", text.Description),
                        new("account_id", $"app-{index:000}"), new("first_name", "某"), new("phone", "13800000000"),
                    ]));
                    id = new IssueId(created.ServiceRequestId);
                    reporter = new Actor($"open311:app-{index:000}", "Open311 居民 (resident)") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(place.Code)] };
                }
                else
                {
                    var worker = new Actor($"gw-{compound.Code}", $"{compound.Name}网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(compound.Code)] };
                    var report = await issues.ReportAsync(new ReportIssue(worker, category, IssuePriority.Normal, IssueSource.GridPatrol, place.Code, text.Title, text.Description)
                    {
                        ReporterId = resident.Id,
                        IdempotencyKey = $"web-sample-{index:000}",
                        Reason = "网格员巡查发现",
                    });
                    id = report.Issue.Id;
                    reporter = resident;
                }

                Follow(id, fate, place, community, reporter);
            });
        }

        void Follow(IssueId id, int fate, GridNode place, GridNode community, Actor reporter)
        {
            var street = community.Parent!.Value;
            var secretary = new Actor($"sec-{community.Code}", $"{community.Name}党委书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };
            var verifier = new Actor($"vf-{street.Code}", $"{street.Name}核查员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(street.Code)] };
            if (fate < 8)
            {
                Later(Duration.FromHours(3), () => issues.ExecuteAsync(new RejectIssue(id, secretary) { Reason = "不属于受理范围，已告知居民依法维权途径" }));
                return;
            }

            if (fate < 14)
            {
                return; // still waiting to be accepted
            }

            Later(Duration.FromHours(2 + random.Next(6)), async () =>
            {
                await issues.ExecuteAsync(new AcceptIssue(id, secretary) { Reason = "社区受理" });
                if (fate < 20)
                {
                    return;
                }

                Later(Duration.FromHours(1 + random.Next(20)), async () =>
                {
                    var issue = await issues.GetAsync(id);
                    Actor handler;
                    var grid = ProfessionalGrids().FirstOrDefault(g => g.Categories.Contains(issue.Category) && g.CoveredNodeCodes.Any(c => hierarchy.IsAncestorOrSelf(c, place.Code)));
                    if (grid is not null && random.Next(2) == 0)
                    {
                        await issues.ExecuteAsync(new DispatchIssue(id, secretary, grid.Code) { Reason = $"派遣至{grid.Agency}" });
                        handler = new Actor($"staff-{grid.Code}", $"{grid.Agency}工作人员") { Roles = ActorRoles.DepartmentStaff, Scopes = [AccessScope.ProfessionalGrid(grid.Code)] };
                    }
                    else
                    {
                        handler = new Actor($"pm-{random.Next(300):000}", "在职党员") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(community.Code)] };
                        await issues.ExecuteAsync(new ClaimIssue(id, secretary, handler.Id, ClaimantKind.PartyMember) { Reason = "双报到党员认领" });
                    }

                    Later(Duration.FromHours(3), async () =>
                    {
                        await issues.ExecuteAsync(new StartWork(id, handler));
                        if (fate < 27)
                        {
                            Later(Duration.FromDays(1), () => issues.ExecuteAsync(new SuspendIssue(id, secretary, SuspensionKind.Deferred) { Reason = "需待供暖季结束后施工，暂缓办理" }));
                            return;
                        }

                        if (fate < 40)
                        {
                            return; // in progress
                        }

                        Later(Duration.FromHours(6 + random.Next(24 * 9)), () => ResolveAsync(id, handler, verifier, reporter, rework: random.Next(100) < 6));
                    });
                });
            });
        }

        async Task ResolveAsync(IssueId id, Actor handler, Actor verifier, Actor reporter, bool rework)
        {
            await issues.ExecuteAsync(new ResolveIssue(id, handler, "已处理完毕", ["photo:after.jpg"]));
            Later(Duration.FromHours(20), async () =>
            {
                if (rework)
                {
                    await issues.ExecuteAsync(new RequestRework(id, verifier) { Reason = "现场核查未整改到位" });
                    Later(Duration.FromDays(2), () => ResolveAsync(id, handler, verifier, reporter, rework: false));
                    return;
                }

                await issues.ExecuteAsync(new VerifyIssue(id, verifier) { Reason = "现场核查合格" });
                if (random.Next(100) < 80)
                {
                    var roll = random.Next(100);
                    var rating = roll < 80 ? IssueRating.Satisfied : roll < 95 ? IssueRating.BasicallySatisfied : IssueRating.Dissatisfied;
                    Later(Duration.FromDays(1 + random.Next(3)), () => issues.ExecuteAsync(new RateIssue(id, reporter, rating)));
                }
            });
        }

        var failures = 0;
        while (queue.TryDequeue(out var action, out var when))
        {
            if (when.At >= end)
            {
                continue; // not yet happened: left where it is
            }

            clock.MoveTo(when.At);
            try
            {
                await action();
            }
            catch (GridGovException)
            {
                failures++;
            }
        }

        return failures;
    }
}
