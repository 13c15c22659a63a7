using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GridGov.Samples.Hooks;

/// <summary>What the run did, for the sample's exit code and its test.</summary>
/// <param name="Failures">What did not happen as the story says; empty on success.</param>
/// <param name="Sms">The messages the fake gateway "sent", in order.</param>
/// <param name="Store">The event store the run wrote to (in memory).</param>
/// <param name="SmallJob">The small repair, closed without approval.</param>
/// <param name="BigJob">The big renovation, vetoed once, then closed with the street's approval.</param>
/// <param name="Veto">The refusal of the first attempt to close the big job.</param>
/// <param name="Compliance">The committees' compliance under the six-haves rule set.</param>
/// <param name="DefaultRulesVerdicts">Each committee's verdict under the SDK's default five haves, by unit code.</param>
internal sealed record HooksOutcome(
    IReadOnlyList<string> Failures,
    IReadOnlyList<SmsMessage> Sms,
    IEventStore Store,
    IssueId SmallJob,
    IssueId BigJob,
    WorkflowVetoedException? Veto,
    CommitteeComplianceReport Compliance,
    IReadOnlyDictionary<string, bool> DefaultRulesVerdicts)
{
    /// <summary>Gets the refusal of the first attempt to evaluate (close) the big project.</summary>
    public WorkflowVetoedException? ProjectVeto { get; init; }
}

/// <summary>The story: compose the SDK with the integration's hooks and rules, then run two jobs and two committees through it.</summary>
internal static class HooksSample
{
    public const decimal ApprovalThresholdYuan = 50_000m;
    public const string DistrictCode = "620104";
    public const string StreetCode = "620104001";
    public const string XianfengCode = "620104001001";   // 先锋社区
    public const string HeshuiCode = "620104001002";     // 合水社区
    public const string SmallJobPhone = "13812345678";
    public const string BigJobPhone = "13998765432";

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static async Task<HooksOutcome> RunAsync(TextWriter output)
    {
        var clock = new StepClock(new LocalDateTime(2025, 6, 2, 9, 0).InZoneStrictly(Shanghai).ToInstant());
        var backOffice = new FakeBackOffice();
        var sms = new FakeSmsGateway();
        var failures = new List<string>();

        var services = new ServiceCollection();
        Compose(services, clock, backOffice, sms, output);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var admin = new Actor("xg-admin-01", "区委社会工作部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
        var holder = provider.GetRequiredService<GridHierarchyHolder>();
        await holder.ImportAsync(BuildHierarchy(), admin, "导入网格体系");
        var issues = provider.GetRequiredService<IssueService>();
        var store = provider.GetRequiredService<IEventStore>();

        output.WriteLine("== (a) SMS after the commit, (b) an approval guard before closing ==");
        output.WriteLine($"  hooks, outermost first: {string.Join(" → ", provider.GetServices<IIssueHook>().Select(h => h.GetType().Name))}");
        output.WriteLine($"  closing a job whose budget is above {ApprovalThresholdYuan:N2} yuan needs the street's approval");

        var small = await RunJobAsync(issues, clock, "small", "楼道感应灯维修", "3单元楼道感应灯损坏", SmallJobPhone, "张三");
        backOffice.Book(small.Value, 3_000m);
        await ResolveAsync(issues, clock, small, "更换感应灯6盏");
        var closed = await issues.ExecuteAsync(new VerifyIssue(small, StreetCadre) { Reason = "现场核查合格" });
        output.WriteLine($"  {small}: budget 3,000.00 → verified, {closed.Issue.State}");
        Expect(failures, closed.Issue.State == IssueState.Closed, $"the small job should close, it is {closed.Issue.State}");

        var big = await RunJobAsync(issues, clock, "big", "小区雨污管网改造", "先锋1号小区雨污管道破损，雨季返水", BigJobPhone, "李四");
        backOffice.Book(big.Value, 120_000m);
        await ResolveAsync(issues, clock, big, "管网改造完工");
        var before = await store.ReadStreamAsync(big.StreamId);
        WorkflowVetoedException? veto = null;
        try
        {
            await issues.ExecuteAsync(new VerifyIssue(big, StreetCadre) { Reason = "现场核查合格" });
            failures.Add("closing the big job without approval should have been vetoed");
        }
        catch (WorkflowVetoedException ex)
        {
            veto = ex;
            output.WriteLine($"  {big}: budget 120,000.00 → verify refused: {ex.Code}");
            output.WriteLine($"    {ex.Message}");
        }

        var afterVeto = await issues.GetAsync(big);
        var unchanged = (await store.ReadStreamAsync(big.StreamId)).Count == before.Count;
        output.WriteLine($"    nothing changed: still {afterVeto.State}, {before.Count} events ({unchanged})");
        Expect(failures, afterVeto.State == IssueState.Resolved && unchanged, "a vetoed close must change nothing");

        clock.Advance(Duration.FromDays(2));
        backOffice.Approve(big.Value, "CP-2025-017");
        output.WriteLine("  the street approves in its OA system: CP-2025-017");
        var approved = await issues.ExecuteAsync(new VerifyIssue(big, StreetCadre) { Reason = "街道审批后结案" });
        var closing = approved.Events.Single().Metadata.Annotations ?? new Dictionary<string, string>();
        output.WriteLine($"  {big}: verified again → {approved.Issue.State}; the closing event records {string.Join(", ", closing.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))}");
        Expect(failures, approved.Issue.State == IssueState.Closed && closing.GetValueOrDefault(BackOfficeAnnotations.Approval) == "CP-2025-017", "the approved big job should close with the approval annotated");

        var sent = sms.Sent;
        output.WriteLine($"  SMS sent: {sent.Count} (registered ×2, closed ×2); log lines show phones masked");
        Expect(failures, sent.Count == 4, $"expected 4 SMS, the gateway has {sent.Count}");
        var reveals = 0;
        await foreach (var e in store.ReadAllAsync())
        {
            reveals += e.Payload is PersonalDataRevealed ? 1 : 0;
        }

        output.WriteLine($"  phone numbers read from the vault by the SMS platform: {reveals} (each recorded with its purpose)");
        Expect(failures, reveals == 2, $"expected 2 recorded reveals, found {reveals}");

        var projectVeto = await ProjectAsync(provider.GetRequiredService<ListService>(), backOffice, clock, output, failures);
        var compliance = await CommitteesAsync(provider, clock, admin, output, failures);
        var defaults = new FiveHavesEvaluator(FiveHavesRuleSet.Default);
        var committees = provider.GetRequiredService<CommitteeService>();
        var defaultVerdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in compliance.Committees)
        {
            defaultVerdicts[line.UnitCode] = defaults.MeetsStandard(await committees.GetAsync(line.CommitteeId), ReportDate);
        }

        output.WriteLine($"  under the SDK's default five haves both would comply: {string.Join(", ", defaultVerdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"))}");
        Expect(failures, defaultVerdicts.Values.All(v => v), "both committees should meet the default five haves");

        var verification = await store.VerifyAsync();
        output.WriteLine();
        output.WriteLine($"event log: {verification.EventsChecked} events, hash chains intact: {verification.IsIntact}");
        Expect(failures, verification.IsIntact, "the event log should verify");
        return new HooksOutcome(failures, sent, store, small, big, veto, compliance, defaultVerdicts) { ProjectVeto = projectVeto };
    }

    /// <summary>
    /// The composition: everything an integrator adds goes through <c>AddGridGov()</c>'s builder, next to the
    /// integration's own services (the SMS gateway, the back office, the approval rule).
    /// </summary>
    public static GridGovBuilder Compose(IServiceCollection services, IClock clock, FakeBackOffice backOffice, ISmsGateway sms, TextWriter output)
    {
        services.AddSingleton(new IntegrationLog(output));
        services.AddSingleton(sms);
        services.AddSingleton<IBudgetLedger>(backOffice);
        services.AddSingleton<IApprovalDesk>(backOffice);
        services.AddSingleton(new BigBudgetApprovalRule(ApprovalThresholdYuan));   // shared by every close guard
        return services.AddGridGov()
            .UseClock(clock)
            // Hooks run in the order added, each around the next: the SMS hook is outermost so it texts only
            // once everything inside it, the guard included, let the commit happen. The annotating hooks run
            // before the guard, which reads what they wrote.
            .AddIssueHook<SmsNotificationHook>()
            .AddIssueHook<BudgetAnnotationHook>()
            .AddIssueHook<ApprovalAnnotationHook>()
            .AddIssueHook<IssueCloseApprovalGuard>()
            // The same rule guards closing (evaluating) a project of the three lists: a second guard, one subclass.
            .AddProjectHook<ProjectApprovalAnnotationHook>()
            .AddProjectHook<ProjectCloseApprovalGuard>()
            // The SMS platform reads phone numbers from the vault: the district grants that to system integrations
            // (each reveal is still recorded with its purpose).
            .ConfigureAccess(policy => policy.Allow(PersonalDataAccess.WorkflowName, PersonalDataAccess.RevealTrigger, ActorRoles.SystemIntegration, AccessScopeRule.Place))
            // (c) The district's six haves instead of the SDK's five.
            .ConfigureCommittees(o => o.Rules = SixHaves.RuleSet);
    }

    public static readonly LocalDate ReportDate = new(2025, 6, 30);

    public static readonly Actor GridWorker = new("gw-62010400100101", "先锋1号小区网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("62010400100101")] };
    public static readonly Actor Secretary = new("sec-620104001001", "先锋社区党委书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(XianfengCode)] };
    public static readonly Actor PartyMember = new("pm-017", "在职党员") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(XianfengCode)] };
    public static readonly Actor StreetCadre = new("vf-620104001", "陈坪街道核查员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(StreetCode)] };

    public static GridHierarchy BuildHierarchy() => new GridHierarchyBuilder()
        .Add(DistrictCode, "西固区", GridNodeKind.District)
        .Add(StreetCode, "陈坪街道", GridNodeKind.Street, DistrictCode)
        .Add(XianfengCode, "先锋社区", GridNodeKind.Community, StreetCode)
        .Add("62010400100101", "先锋1号小区", GridNodeKind.Compound, XianfengCode)
        .Add("6201040010010101", "1号楼", GridNodeKind.Building, "62010400100101")
        .Add(HeshuiCode, "合水社区", GridNodeKind.Community, StreetCode)
        .Add("62010400100201", "合水1号小区", GridNodeKind.Compound, HeshuiCode)
        .Build();

    /// <summary>A resident's problem reported with their contact (which goes to the vault), accepted, claimed and started.</summary>
    public static async Task<IssueId> RunJobAsync(IssueService issues, StepClock clock, string key, string title, string description, string phone, string name)
    {
        clock.Advance(Duration.FromHours(1));
        var reported = await issues.ReportAsync(new ReportIssue(GridWorker, "facilities", IssuePriority.Normal, IssueSource.GridPatrol, "6201040010010101", title, description)
        {
            ReporterContact = new PersonalContact(PersonName.Parse(name), PhoneNumber.Parse(phone)),
            IdempotencyKey = $"hooks-sample-{key}",
            Reason = "居民来电，网格员登记",
        });
        var id = reported.Issue.Id;
        clock.Advance(Duration.FromHours(1));
        await issues.ExecuteAsync(new AcceptIssue(id, Secretary) { Reason = "社区受理" });
        await issues.ExecuteAsync(new ClaimIssue(id, Secretary, PartyMember.Id, ClaimantKind.PartyMember) { Reason = "双报到党员认领" });
        await issues.ExecuteAsync(new StartWork(id, PartyMember));
        return id;
    }

    public static async Task ResolveAsync(IssueService issues, StepClock clock, IssueId id, string notes)
    {
        clock.Advance(Duration.FromDays(1));
        await issues.ExecuteAsync(new ResolveIssue(id, PartyMember, notes, ["photo:after.jpg"]));
        clock.Advance(Duration.FromHours(4));
    }

    /// <summary>(c) Two committees under the six-haves rule set: one meets it, one lacks the sixth have and a second volunteer team.</summary>
    /// <summary>
    /// The second guard at work: an enterprise pledges 100,000 yuan to turn waste ground into a pocket park (a project
    /// of the three lists); evaluating (closing) it is vetoed until the street approves, exactly as for the big job.
    /// </summary>
    private static async Task<WorkflowVetoedException?> ProjectAsync(ListService lists, FakeBackOffice backOffice, StepClock clock, TextWriter output, List<string> failures)
    {
        const string id = "pocket-park-xianfeng";
        const decimal pledge = 100_000m;
        output.WriteLine();
        output.WriteLine("(b) the same guard on a project of the three lists: a 100,000 yuan pocket park");
        var enterprise = new Actor("ent-park", "共建企业") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(StreetCode)] };
        await lists.RegisterResourceAsync(new RegisterResource("res-park-fund", enterprise, ResourceProvider.Enterprise,
            new ResourceDetails("企业共建资金", ResourceCategory.Funds, Quantity.Yuan(150_000m), StreetCode, [], "民生项目")));
        await lists.RaiseDemandAsync(new RaiseDemand("dem-park", GridWorker, DemandSource.GridPatrol,
            new DemandDetails("闲置地改口袋公园", "800平方米荒地", ResourceCategory.Funds, Quantity.Yuan(pledge), "62010400100101", DemandUrgency.High, "小区居民", 800)));
        await lists.ProposeProjectAsync(new ProposeProject(id, GridWorker, "口袋公园", "荒地建成口袋公园", ["dem-park"], "res-park-fund", Quantity.Yuan(pledge)) { BudgetYuan = pledge, AreaSquareMetres = 800m });
        await lists.ExecuteAsync(new ApproveProject(id, Secretary));
        await lists.ExecuteAsync(new ClaimProject(id, enterprise, pledge));
        await lists.ExecuteAsync(new StartProject(id, enterprise));
        clock.Advance(Duration.FromDays(30));
        await lists.ExecuteAsync(new DeliverProject(id, enterprise, "800平方米口袋公园建成"));
        WorkflowVetoedException? veto = null;
        try
        {
            await lists.ExecuteAsync(new EvaluateProject(id, Secretary, 5, "居民满意"));
            failures.Add("evaluating the 100,000 yuan project without approval should have been vetoed");
        }
        catch (WorkflowVetoedException ex)
        {
            veto = ex;
            output.WriteLine($"  evaluate without approval → vetoed [{ex.Code}]: {ex.Message}");
        }

        backOffice.Approve(id, "CP-2025-031");
        var closed = await lists.ExecuteAsync(new EvaluateProject(id, Secretary, 5, "居民满意"));
        output.WriteLine($"  approved by the street (CP-2025-031), evaluated again → {closed.Aggregate.State}");
        Expect(failures, closed.Aggregate.State == ProjectState.Evaluated, "the approved project should end evaluated");
        return veto;
    }

    private static async Task<CommitteeComplianceReport> CommitteesAsync(ServiceProvider provider, StepClock clock, Actor admin, TextWriter output, List<string> failures)
    {
        output.WriteLine();
        output.WriteLine("== (c) A custom rule set: six haves (五有 + 有物业公司, two volunteer teams) ==");
        var committees = provider.GetRequiredService<CommitteeService>();
        var formedOn = new LocalDate(2025, 3, 1);
        foreach (var (unit, name, complete) in new[] { (XianfengCode, "先锋社区", true), (HeshuiCode, "合水社区", false) })
        {
            clock.Advance(Duration.FromMinutes(30));
            var id = new CommitteeId("cm-" + unit);
            var secretary = "sec-" + unit;
            await committees.ExecuteAsync(new FormCommittee(id, admin, unit, $"{name}社区建设工作委员会", formedOn) { Reason = "组建社工委" });
            await committees.ExecuteAsync(new RecordPartySecretary(id, admin, secretary, $"{name}党组织书记", formedOn));
            MemberAppointment A(string memberId, string memberName, MemberCategory category, CommitteePosition position = CommitteePosition.Member)
                => new(memberId, memberName, CommitteeMemberKind.Organization, category.Code, position, formedOn);
            List<MemberAppointment> members =
            [
                new(secretary, $"{name}党组织书记", CommitteeMemberKind.Person, MemberCategory.LeadingCadre.Code, CommitteePosition.Director, formedOn),
                A($"staff-{unit}", "社区专职工作者", MemberCategory.WorkingStaff),
                A($"police-{unit}", "社区警务室", MemberCategory.LawEnforcement),
                A($"ent-{unit}", "辖区企业", MemberCategory.EnterpriseRepresentative),
                A($"res-{unit}", "居民代表", MemberCategory.ResidentRepresentative),
                A($"vol1-{unit}", "党员志愿服务队", MemberCategory.VolunteerTeam),
            ];
            if (complete)
            {
                members.Add(A($"vol2-{unit}", "巾帼志愿服务队", MemberCategory.VolunteerTeam));
                members.Add(A($"prop-{unit}", "物业公司", MemberCategory.PropertyCompany));
            }

            await committees.ExecuteAsync(new AppointMembers(id, admin, members) { Reason = "成员入委" });
        }

        var report = committees.Compliance(DistrictCode, ReportDate);
        output.WriteLine($"  rule set v{SixHaves.RuleSet.Version}: {string.Join(" ", SixHaves.RuleSet.Rules.Select(r => r.NameZh))}");
        output.WriteLine($"  compliance on {ReportDate:uuuu-MM-dd}: {report.Overall}");
        foreach (var line in report.Committees.OrderBy(c => c.UnitCode, StringComparer.Ordinal))
        {
            output.WriteLine($"    {line.Name}: {(line.MeetsStandard ? "meets the standard" : "short")} (rules v{line.RuleSetVersion})");
            foreach (var rule in report.Explain(line.CommitteeId).Unmet)
            {
                output.WriteLine($"      {rule.MessageZh}");
                output.WriteLine($"      {rule.MessageEn}");
            }
        }

        var unmet = report.Committees.Single(c => c.UnitCode == HeshuiCode).UnmetRules.Order(StringComparer.Ordinal).ToList();
        Expect(failures, report.Overall is { Numerator: 1, Denominator: 2 }, $"one of two committees should comply, the report says {report.Overall}");
        Expect(failures, unmet.SequenceEqual([SixHaves.PropertyCompanyRule, FiveHavesRuleSet.VolunteerTeamRule]), $"合水社区 should miss property-company and volunteer-team, it misses {string.Join(",", unmet)}");
        return report;
    }

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
