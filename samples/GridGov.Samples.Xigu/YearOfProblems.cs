using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// Runs a year (2025) of residents' problems through the lifecycle, shaped like the report's figures:
/// 830 found, 800 claimed, 666 resolved — with the dam walkway (大坝通道) as a named story. Every
/// step is a command with an actor and a reason; the clock is simulated.
/// </summary>
internal sealed class YearOfProblems
{
    public const int Found = 830;
    public const int Claimed = 800;
    public const int Resolved = 666;

    private static readonly string[] Categories =
        ["environment", "environment", "property-service", "neighbour-dispute", "facilities", "public-security", "elderly-care", "road-traffic", "housing"];

    private static readonly (string Title, string Description)[] Texts =
    [
        ("楼道堆放杂物", "单元楼道堆满杂物，存在消防隐患"), ("路灯不亮", "小区主干道路灯损坏多日"), ("下水道堵塞", "一楼下水道返水，楼上住户不愿分摊维修费"),
        ("垃圾清运不及时", "垃圾箱满溢，影响环境"), ("独居老人需要照护", "空巢老人行动不便，需要助餐服务"), ("占道经营", "早市摊点占用人行道"),
        ("电动车飞线充电", "居民从楼上拉线给电动车充电"), ("屋顶漏水", "老旧楼院顶层漏水"), ("邻里噪音纠纷", "楼上装修噪音扰民"),
    ];

    private readonly IssueService _issues;
    private readonly GridHierarchy _hierarchy;
    private readonly ProfessionalGridMap _grids;
    private readonly SimulatedClock _clock;
    private readonly DateTimeZone _zone;
    private readonly Random _random = new(830);
    private readonly PriorityQueue<Func<Task>, (Instant At, long Seq)> _queue = new();
    private readonly List<string> _failures = [];
    private long _seq;

    public YearOfProblems(IssueService issues, GridHierarchy hierarchy, ProfessionalGridMap grids, SimulatedClock clock, DateTimeZone zone)
    {
        _issues = issues;
        _hierarchy = hierarchy;
        _grids = grids;
        _clock = clock;
        _zone = zone;
    }

    private enum Fate
    {
        Rejected,
        Merged,
        AcceptedOnly,
        Closed,
        Suspended,
        Open,
    }

    /// <summary>The dam walkway's id, derived from its report's idempotency key, so a reopened store finds it.</summary>
    public static IssueId DamWalkwayId { get; } = IssueId.FromIdempotencyKey("xigu-2025-dam-walkway");

    public IssueId DamWalkway { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public int AutomaticEscalations { get; private set; }

    public async Task RunAsync()
    {
        var places = _hierarchy.OfKind(GridNodeKind.ResponsibilityZone).Concat(_hierarchy.OfKind(GridNodeKind.Building)).ToArray();
        var fates = Enumerable.Repeat(Fate.Rejected, 14)
            .Concat(Enumerable.Repeat(Fate.Merged, 6))
            .Concat(Enumerable.Repeat(Fate.AcceptedOnly, 10))
            .Concat(Enumerable.Repeat(Fate.Closed, Resolved))
            .Concat(Enumerable.Repeat(Fate.Suspended, 40))
            .Concat(Enumerable.Repeat(Fate.Open, Claimed - Resolved - 40))
            .ToArray();
        _random.Shuffle(fates);
        for (var i = 0; i < 20; i++)
        {
            // A duplicate needs an earlier issue to duplicate.
            if (fates[i] == Fate.Merged)
            {
                var j = Array.FindIndex(fates, 20, f => f != Fate.Merged);
                (fates[i], fates[j]) = (fates[j], fates[i]);
            }
        }

        var yearStart = new LocalDateTime(2025, 1, 2, 8, 0).InZoneLeniently(_zone).ToInstant();
        var offsets = Enumerable.Range(0, Found).Select(_ => Duration.FromMinutes(_random.Next(0, 350 * 24 * 60))).Order().ToArray();
        var damIndex = Array.FindIndex(fates, Found * 2 / 5, f => f == Fate.Closed);
        var reported = new List<IssueId>();
        for (var i = 0; i < Found; i++)
        {
            var at = yearStart + offsets[i];
            var index = i;
            if (i == damIndex)
            {
                Schedule(new LocalDateTime(2025, 6, 3, 9, 30).InZoneLeniently(_zone).ToInstant(), () => DamWalkwayStoryAsync(reported));
                continue;
            }

            var fate = fates[i];
            var place = places[_random.Next(places.Length)];
            var category = Categories[_random.Next(Categories.Length)];
            var text = Texts[_random.Next(Texts.Length)];
            var source = (IssueSource)_random.Next(5);
            Schedule(at, async () =>
            {
                // Residents report where they live; a grid worker acts in the grid (the place's parent) they patrol.
                var home = place.NearestOfKind(GridNodeKind.Community) ?? place;
                var reporter = new Actor($"r-{index:000}", $"居民{index}") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(home.Code)] };
                var worker = new Actor($"gw-{place.Parent!.Value.Code}", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(place.Parent!.Value.Code)] };
                var result = await _issues.ReportAsync(new ReportIssue(source == IssueSource.ResidentReport ? reporter : worker, category, IssuePriority.Normal, source, place.Code, text.Title, text.Description)
                {
                    ReporterId = reporter.Id,
                    IdempotencyKey = $"xigu-2025-{index:000}",
                });
                reported.Add(result.Issue.Id);
                await FollowAsync(result.Issue, fate, reporter, reported);
            });
        }

        while (_queue.TryDequeue(out var action, out var when))
        {
            _clock.MoveTo(when.At);
            try
            {
                await action();
            }
            catch (GridGovException ex)
            {
                _failures.Add($"{when.At}: [{ex.Code}] {ex.Message}");
            }
        }

        // Year end: whatever is still past its level's time limit climbs one level (枫桥经验: only when it must).
        _clock.MoveTo(new LocalDateTime(2026, 1, 5, 9, 0).InZoneLeniently(_zone).ToInstant());
        AutomaticEscalations = (await _issues.EscalateOverdueAsync()).Count;
    }

    private async Task FollowAsync(Issue issue, Fate fate, Actor reporter, List<IssueId> reported)
    {
        var community = _hierarchy[issue.PlaceCode].NearestOfKind(GridNodeKind.Community)!.Value;
        var street = community.Parent!.Value;
        var secretary = new Actor($"sec-{community.Code}", $"{community.Name}党委书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };
        var verifier = new Actor($"vf-{street.Code}", $"{street.Name}核查员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(street.Code)] };
        var id = issue.Id;
        switch (fate)
        {
            case Fate.Rejected:
                Later(Duration.FromHours(3), () => _issues.ExecuteAsync(new RejectIssue(id, secretary) { Reason = "不属于受理范围，已告知居民依法维权途径" }));
                return;
            case Fate.Merged:
                var target = reported[_random.Next(Math.Max(1, reported.Count - 30), reported.Count - 1)];
                Later(Duration.FromHours(2), async () =>
                {
                    var t = await _issues.GetAsync(target);
                    if (t.IsFinal)
                    {
                        await _issues.ExecuteAsync(new RejectIssue(id, secretary) { Reason = "重复反映，原问题已处理" });
                        return;
                    }

                    await _issues.ExecuteAsync(new MergeIssue(id, secretary, target) { Reason = "同一问题重复反映" });
                });
                return;
        }

        Later(Duration.FromHours(4), async () =>
        {
            await _issues.ExecuteAsync(new AcceptIssue(id, secretary) { Reason = "社区受理" });
            if (fate == Fate.AcceptedOnly)
            {
                return;
            }

            Later(Duration.FromHours(2 + _random.Next(20)), async () =>
            {
                var route = _grids.Route(issue.PlaceCode, issue.Category);
                Actor handler;
                if (route.Responsible.Count > 0 && _random.Next(3) > 0)
                {
                    var grid = route.Responsible[0];
                    await _issues.ExecuteAsync(new DispatchIssue(id, secretary, grid.Code) { Reason = $"派遣至{grid.Agency}" });
                    handler = new Actor($"staff-{grid.Code}", $"{grid.Agency}工作人员") { Roles = ActorRoles.DepartmentStaff, Scopes = [AccessScope.ProfessionalGrid(grid.Code)] };
                }
                else
                {
                    var partyMember = new Actor($"pm-{_random.Next(7600):0000}", "在职党员") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(community.Code)] };
                    await _issues.ExecuteAsync(new ClaimIssue(id, secretary, partyMember.Id, ClaimantKind.PartyMember) { Reason = "双报到党员认领" });
                    handler = partyMember;
                }

                Later(Duration.FromHours(3), () => WorkAsync(id, fate, handler, verifier, reporter, secretary));
            });
        });
    }

    private async Task WorkAsync(IssueId id, Fate fate, Actor handler, Actor verifier, Actor reporter, Actor secretary)
    {
        await _issues.ExecuteAsync(new StartWork(id, handler));
        switch (fate)
        {
            case Fate.Suspended:
                var kind = _random.Next(5) < 3 ? SuspensionKind.Deferred : SuspensionKind.Parked;
                Later(Duration.FromDays(1 + _random.Next(3)), () => _issues.ExecuteAsync(new SuspendIssue(id, secretary, kind)
                {
                    Reason = kind == SuspensionKind.Deferred ? "需待汛期结束后施工，暂缓办理" : "涉及历史遗留产权问题，列入问题台账",
                }));
                return;
            case Fate.Open:
                if (_random.Next(10) == 0)
                {
                    Later(Duration.FromHours(5), () => _issues.ExecuteAsync(new EscalateIssue(id, secretary) { Reason = "涉及多个小区，社区层面难以协调" }));
                }

                return;
        }

        var rework = _random.Next(100) < 6;
        Later(Duration.FromHours(6 + _random.Next(24 * 11)), () => ResolveThenVerifyAsync(id, handler, verifier, reporter, rework));
    }

    private async Task ResolveThenVerifyAsync(IssueId id, Actor handler, Actor verifier, Actor reporter, bool rework)
    {
        await _issues.ExecuteAsync(new ResolveIssue(id, handler, "已处理完毕", ["photo:after.jpg"]));
        Later(Duration.FromHours(20), async () =>
        {
            if (rework)
            {
                await _issues.ExecuteAsync(new RequestRework(id, verifier) { Reason = "现场核查未整改到位" });
                Later(Duration.FromDays(2), () => ResolveThenVerifyAsync(id, handler, verifier, reporter, rework: false));
                return;
            }

            await _issues.ExecuteAsync(new VerifyIssue(id, verifier));
            if (_random.Next(100) < 85)
            {
                var roll = _random.Next(100);
                var rating = roll < 82 ? IssueRating.Satisfied : roll < 96 ? IssueRating.BasicallySatisfied : IssueRating.Dissatisfied;
                Later(Duration.FromDays(1 + _random.Next(3)), () => _issues.ExecuteAsync(new RateIssue(id, reporter, rating)));
            }
        });
    }

    private async Task DamWalkwayStoryAsync(List<IssueId> reported)
    {
        var place = _hierarchy.OfKind(GridNodeKind.Compound).First(c => c.Parent!.Value.Parent!.Value.Name == "西固城街道");
        var community = place.Parent!.Value;
        var street = community.Parent!.Value;
        var resident = new Actor("r-dam", "居民代表刘大姐") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(community.Code)] };
        var secretary = new Actor($"sec-{community.Code}", $"{community.Name}党委书记（社工委主任）")
        {
            Roles = ActorRoles.CommunitySecretary | ActorRoles.CommitteeMember,
            Scopes = [AccessScope.Subtree(community.Code)],
        };
        var enterprise = new Actor("ent-lzsh", "兰州石化公司（社工委成员单位）")
        {
            Kind = ActorKind.Organization,
            Roles = ActorRoles.CommitteeMember,
            Scopes = [AccessScope.Subtree(community.Code)],
        };
        var director = new Actor("s-director", "西固城街道办主任") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(street.Code)] };
        var verifier = new Actor("vf-dam", "街道核查员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(street.Code)] };
        var report = await _issues.ReportAsync(new ReportIssue(resident, "facilities", IssuePriority.Normal, IssueSource.ResidentReport, place.Code,
            "大坝通道破损，居民出行不便", "大坝通道年久失修，雨天泥泞，老人孩子出行困难，居民联名反映")
        {
            ReporterId = resident.Id,
            Reason = "居民诉求",
            IdempotencyKey = "xigu-2025-dam-walkway",
        });
        var id = DamWalkway = report.Issue.Id;
        reported.Add(id);
        Later(Duration.FromHours(2), () => _issues.ExecuteAsync(new AcceptIssue(id, secretary) { Reason = "社区党委获悉诉求，提交社工委专题会议研究" }));
        Later(Duration.FromDays(3), () => _issues.ExecuteAsync(new ClaimIssue(id, secretary, enterprise.Id, ClaimantKind.Enterprise)
        {
            Reason = "社工委专题会议：成员单位、物业、企业、两代表一委员、居民代表现场踏勘，确定方案与选址；区政府办主任协调企业认领出资",
        }));
        Later(Duration.FromDays(4), () => _issues.ExecuteAsync(new StartWork(id, enterprise) { Reason = "施工进场" }));
        Later(Duration.FromDays(20), () => _issues.ExecuteAsync(new ExtendDeadline(id, enterprise, _clock.GetCurrentInstant() + Duration.FromDays(10), director)
        {
            Reason = "通道加宽、增设护栏，工程量增加",
        }));
        Later(Duration.FromDays(29), async () =>
        {
            try
            {
                await _issues.ExecuteAsync(new ResolveIssue(id, enterprise, "通道修建完成", []));
                _failures.Add("the evidence hook let a facilities resolution without evidence through");
            }
            catch (GridGov.Sdk.Workflows.WorkflowVetoedException)
            {
                // The district's hook requires photos for facilities work: expected.
            }

            await _issues.ExecuteAsync(new ResolveIssue(id, enterprise, "通道修建完成，不到一个月建成通行", ["photo:dam-walkway-after.jpg", "doc:acceptance.pdf"]));
        });
        Later(Duration.FromDays(30), () => _issues.ExecuteAsync(new VerifyIssue(id, verifier) { Reason = "现场核查合格" }));
        Later(Duration.FromDays(31), () => _issues.ExecuteAsync(new RateIssue(id, resident, IssueRating.Satisfied) { Reason = "居民送来锦旗" }));
    }

    private void Later(Duration after, Func<Task> action) => Schedule(_clock.GetCurrentInstant() + after, action);

    private void Schedule(Instant at, Func<Task> action) => _queue.Enqueue(action, (at, _seq++));
}
