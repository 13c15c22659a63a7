using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// Versions of the rules (docs/versions.md): the district publishes v2 of its issue time limits — a stopped lift
/// (电梯停运) gets 4 hours to accept, 4 hours to respond and 2 working days to resolve instead of the fallback's 1, 1 and 7
/// working days — for issues reported from now on, prints the dry run of migrating the open ones, then migrates them
/// (one event each). Runs last, dated from the simulated clock. Only the lift's limits change, so the year's open issues
/// move to v2 with the deadlines they had and every figure printed before stays the same on a second run. A reopened
/// store is read back.
/// </summary>
internal static class XiguRuleVersions
{
    public const string DistrictCode = "620104";

    private static readonly string[] LiftKeys = ["xg-lift-1", "xg-lift-2", "xg-lift-3"];

    /// <summary>Version 2 of the district's issue rules: version 1 plus a rule for stopped lifts.</summary>
    public static IssueRuleSet Version2(IssueRuleSet v1)
        => (v1 with { Version = 2 }).WithCategory(new IssueCategoryRule(
            "lift-stopped",
            HandlingLevel.Community,
            IssueStageLimits.DefaultNormal with { Accept = TimeLimit.Hours(4), Respond = TimeLimit.Hours(4), Resolve = TimeLimit.WorkingDays(2) },
            IssueStageLimits.DefaultUrgent));

    public static async Task RunAsync(IssueService issues, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Versions of the rules (规则版本): the district publishes v2 of its issue time limits ==");
        var admin = new Actor("xg-admin-01", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree(DistrictCode)] };
        var migrate = new MigrateIssues(admin, DistrictCode, 2) { Reason = "电梯停运时限缩短，在办问题一并按新版执行" };
        string Local(Instant? at) => at is { } i ? i.InZone(zone).ToString("yyyy-MM-dd HH:mm", null) : "—";

        if ((await issues.GetRuleSetInForceAsync(DistrictCode)).Version == 2)
        {
            // A reopened store: the publication and the migration are in the log; print them from there.
            var published = await store.ReadStreamAsync(RuleSetAreas.StreamIdOf(RuleSetAreas.Issues));
            var p = published[^1];
            Console.WriteLine($"  published {Local(p.Metadata.At)} by {p.Metadata.Actor.Id}: {p.Payload} (read back from the store)");
            var migrations = new List<(RecordedEvent Event, IssueRuleSetMigrated Payload)>();
            await foreach (var e in store.ReadAllAsync())
            {
                if (e.Payload is IssueRuleSetMigrated m)
                {
                    migrations.Add((e, m));
                }
            }

            Print(migrations.Select(m => new IssueMigrationItem(m.Payload.IssueId, string.Empty, m.Payload.To, m.Payload.FromVersion, m.Payload.ToVersion, m.Payload.OldDeadline, m.Payload.Deadline)).ToList(), "migrated (from the log)", Local);
            Expect(migrations.Count > 0 && migrations.All(m => m.Event.Metadata.Actor.Id == admin.Id), "the migration events are missing from the log", failures);
            return;
        }

        // Three stopped lifts reported in one community under v1 (the fallback's limits); one accepted.
        var community = hierarchy.OfKind(GridNodeKind.Community).Skip(7).First();
        var place = community.Children.First(n => n.Kind == GridNodeKind.Compound);
        var worker = new Actor("xg-gw-heat", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(community.Code)] };
        var secretary = new Actor("xg-sec-heat", "社区书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };
        var day = clock.GetCurrentInstant().InZone(zone).Date.Next(IsoDayOfWeek.Monday);
        void At(int hour) => clock.MoveTo(day.At(new LocalTime(hour, 0)).InZoneLeniently(zone).ToInstant());
        At(9);
        var ids = new List<IssueId>();
        foreach (var key in LiftKeys)
        {
            var reported = await issues.ReportAsync(new ReportIssue(worker, "lift-stopped", IssuePriority.Normal, IssueSource.GridPatrol, place.Code, "电梯停运", "2号楼电梯停在5层，老人上下楼困难") { IdempotencyKey = key });
            ids.Add(reported.Issue.Id);
        }

        At(10);
        await issues.ExecuteAsync(new AcceptIssue(ids[0], secretary) { Reason = "立案" });
        Console.WriteLine($"  {Local(clock.GetCurrentInstant())}: {ids.Count} stopped lifts reported at {place.Path} under v1; one accepted, respond by {Local((await issues.GetAsync(ids[0])).Deadline)}");

        At(11);
        var publication = await issues.PublishRuleSetAsync(new PublishIssueRuleSet(admin, DistrictCode, 2) { Reason = "电梯停运：4小时立案、4小时响应，2个工作日办结" });
        var fresh = await issues.ReportAsync(new ReportIssue(worker, "lift-stopped", IssuePriority.Normal, IssueSource.GridPatrol, place.Code, "电梯异响", "3号楼电梯运行异响后停运") { IdempotencyKey = "xg-lift-4" });
        Console.WriteLine($"  {Local(clock.GetCurrentInstant())}: published {publication}; a lift reported now is under v{fresh.Issue.RuleSetVersion}, the three before keep v{(await issues.GetAsync(ids[0])).RuleSetVersion}");
        Expect(fresh.Issue.RuleSetVersion == 2 && (await issues.GetAsync(ids[0])).RuleSetVersion == 1, "an issue did not keep the version it was reported under", failures);

        var plan = await issues.PlanMigrationAsync(migrate);
        Print(plan.Items, "dry run", Local);

        At(14);
        var result = await issues.MigrateAsync(migrate);
        Print(result.Migrated.Items, "migrated", Local);
        Console.WriteLine($"  {result.Events.Count} events issue.rule-set-migrated by {admin.Id} at {Local(clock.GetCurrentInstant())}, skipped {result.Skipped.Count}; the dry run predicted them {(plan.Items.SequenceEqual(result.Migrated.Items) ? "exactly" : "WRONGLY")}");
        Expect(plan.Items.SequenceEqual(result.Migrated.Items) && result.Skipped.Count == 0, "the migration did not do what its dry run said", failures);
        var accepted = await issues.GetAsync(ids[0]);
        Expect(accepted.RuleSetVersion == 2 && accepted.Deadline == plan.Items.Single(i => i.IssueId == ids[0]).NewDeadline, "the accepted lift's deadline is not the dry run's", failures);
    }

    private static void Print(IReadOnlyList<IssueMigrationItem> items, string what, Func<Instant?, string> local)
    {
        var changing = items.Where(i => i.ChangesDeadline).ToList();
        Console.WriteLine($"  {what}: {items.Count} open issues of the district move from v1 to v2; {changing.Count} change deadline (the others keep theirs: only the lift's limits changed):");
        foreach (var i in changing)
        {
            Console.WriteLine($"    {i.IssueId.Value[..12]}… {i.State,-9} v{i.FromVersion}→v{i.ToVersion}  deadline {local(i.OldDeadline)} → {local(i.NewDeadline)}");
        }
    }

    private static void Expect(bool condition, string failure, List<string> failures)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
