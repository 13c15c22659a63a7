using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// The problem-lifecycle indicators (claim rate, 结案率, 按期结案率, 返工率, 满意率, 响应率…) over a
/// subtree and a reporting window, their roll-up by node, a rebuilt read model, and the overdue
/// (督办) and due-soon (催办) lists.
/// </summary>
public sealed class IssueIndicatorTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int month, int day, int hour = 0) => new LocalDateTime(2026, month, day, hour, 0).InZoneStrictly(Shanghai).ToInstant();

    // ---- IndicatorRate ----

    [Theory]
    [InlineData(737, 972, "75.82")]
    [InlineData(911, 972, "93.72")]
    [InlineData(1, 32, "3.13")]      // 3.125 rounds half away from zero, not to even
    [InlineData(1, 3, "33.33")]
    [InlineData(2, 3, "66.67")]
    [InlineData(0, 5, "0")]
    [InlineData(5, 5, "100")]
    public void Percent_RoundsHalfAwayFromZeroToTwoDecimals(long numerator, long denominator, string expected)
    {
        var rate = new IndicatorRate(numerator, denominator);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rate.Percent);
    }

    [Fact]
    public void Percent_PublishedCheckFigures_AreReproduced()
    {
        Assert.Equal(75.82m, new IndicatorRate(737, 972).Percent);
        Assert.Equal(93.72m, new IndicatorRate(911, 972).Percent);
    }

    [Fact]
    public void Value_KeepsTheExactFraction()
    {
        var rate = new IndicatorRate(737, 972);

        Assert.Equal(737m / 972m, rate.Value);
        Assert.Equal(737, rate.Numerator);
        Assert.Equal(972, rate.Denominator);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    [InlineData(1, -2)]
    public void ValueAndPercent_DenominatorNotPositive_AreNull(long numerator, long denominator)
    {
        var rate = new IndicatorRate(numerator, denominator);

        Assert.Null(rate.Value);
        Assert.Null(rate.Percent);
        Assert.StartsWith("n/a", rate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ShowsPercentAndCounts()
        => Assert.Equal("75.82% (737/972)", new IndicatorRate(737, 972).ToString());

    // ---- A district month with known counts ----

    /// <summary>
    /// Ten issues reported on Monday 2 March at places all over the district; evaluated at the end of
    /// Sunday 15 March (the window's end):
    /// <list type="bullet">
    /// <item>I1–I5 claimed, resolved and closed on Monday (I2 after one rework); I1 满意, I2 基本满意, I3 不满意.</item>
    /// <item>I6 claimed Monday, resolved Thursday 12 March — after its resolve deadline (end of 11 March) — and closed late; 满意.</item>
    /// <item>I7 claimed, in progress, then deferred (缓办); its resolve deadline passed while deferred.</item>
    /// <item>I8 dispatched late on Wednesday 4 March (response deadline: end of 3 March); due end of 13 March, still open.</item>
    /// <item>I9 accepted, never claimed, its response deadline extended once. I10 only reported.</item>
    /// </list>
    /// </summary>
    private sealed class DistrictMonth : IDisposable
    {
        public static readonly string[] Places = ["B1", "B1", "Z1", "C2", "Q1", "B1", "U1", "C2", "D", "S2"];

        private DistrictMonth(IssueTestHost host, Issue[] issues)
        {
            Host = host;
            Issues = issues;
        }

        public IssueTestHost Host { get; }

        public Issue[] Issues { get; }

        public static Interval Window => new(Local(3, 1), Local(3, 16));

        public static async Task<DistrictMonth> CreateAsync()
        {
            var host = new IssueTestHost();
            var s = host.Service;
            var ids = new IssueId[10];
            for (var i = 0; i < 10; i++)
            {
                ids[i] = (await host.ReportAsync(place: Places[i])).Id;
            }

            for (var i = 0; i < 9; i++)
            {
                await s.ExecuteAsync(new AcceptIssue(ids[i], Secretary));
            }

            for (var i = 0; i < 7; i++)
            {
                await s.ExecuteAsync(new ClaimIssue(ids[i], Secretary, PartyMember.Id, ClaimantKind.PartyMember));
            }

            await s.ExecuteAsync(new ExtendDeadline(ids[8], Worker, Local(3, 6), Secretary) { Reason = "认领单位协调中" });

            host.Clock.Advance(Duration.FromHours(1));
            for (var i = 0; i < 5; i++)
            {
                await s.ExecuteAsync(new StartWork(ids[i], PartyMember));
                await s.ExecuteAsync(new ResolveIssue(ids[i], PartyMember, "已处理", ["photo"]));
                if (i == 1)
                {
                    await s.ExecuteAsync(new RequestRework(ids[i], Worker) { Reason = "未清理干净" });
                    await s.ExecuteAsync(new ResolveIssue(ids[i], PartyMember, "已重新处理", ["photo-2"]));
                }

                await s.ExecuteAsync(new VerifyIssue(ids[i], Worker));
            }

            await s.ExecuteAsync(new RateIssue(ids[0], Resident, IssueRating.Satisfied));
            await s.ExecuteAsync(new RateIssue(ids[1], Resident, IssueRating.BasicallySatisfied));
            await s.ExecuteAsync(new RateIssue(ids[2], Resident, IssueRating.Dissatisfied));
            await s.ExecuteAsync(new StartWork(ids[5], PartyMember));
            await s.ExecuteAsync(new StartWork(ids[6], PartyMember));
            await s.ExecuteAsync(new SuspendIssue(ids[6], Secretary, SuspensionKind.Deferred) { Reason = "等待维修资金" });

            host.Clock.Reset(Local(3, 4, 10));
            await s.ExecuteAsync(new DispatchIssue(ids[7], Secretary, "PG-CG"));

            host.Clock.Reset(Local(3, 12, 10));
            await s.ExecuteAsync(new ResolveIssue(ids[5], PartyMember, "迟办完毕", ["photo"]));
            await s.ExecuteAsync(new VerifyIssue(ids[5], Worker));
            await s.ExecuteAsync(new RateIssue(ids[5], Resident, IssueRating.Satisfied));

            host.Clock.Reset(Local(3, 16));
            var issues = new Issue[10];
            for (var i = 0; i < 10; i++)
            {
                issues[i] = await s.GetAsync(ids[i]);
            }

            return new DistrictMonth(host, issues);
        }

        public IssueIndicators Compute(string subtree = "D") => Host.Service.ReadModel.Compute(Host.Territory.Current, subtree, Window);

        public void Dispose() => Host.Dispose();
    }

    [Fact]
    public async Task Compute_DistrictMonth_CountsEachFigureAsDefined()
    {
        using var month = await DistrictMonth.CreateAsync();

        var k = month.Compute();

        Assert.Equal(10, k.Found);
        Assert.Equal(9, k.Accepted);
        Assert.Equal(8, k.Claimed);
        Assert.Equal(6, k.Resolved);
        Assert.Equal(8, k.Due);          // 6 closed + I7 (deferred, past due) + I8 (open, past due)
        Assert.Equal(1, k.Deferred);     // I7
        Assert.Equal(5, k.ClosedOnTime); // all but I6
        Assert.Equal(6, k.Handled);
        Assert.Equal(1, k.Reworked);     // I2
        Assert.Equal(1, k.Extended);     // I9
        Assert.Equal(7, k.RespondedOnTime); // all claimed Monday; I8 was dispatched late
        Assert.Equal(4, k.Rated);
        Assert.Equal(3, k.Satisfied);
    }

    [Fact]
    public async Task Compute_DistrictMonth_GivesTheExpectedRates()
    {
        using var month = await DistrictMonth.CreateAsync();

        var k = month.Compute();

        Assert.Equal(new IndicatorRate(8, 10), k.ClaimRate);
        Assert.Equal(80.00m, k.ClaimRate.Percent);
        Assert.Equal(new IndicatorRate(6, 7), k.CloseRate);          // closed / (due − deferred)
        Assert.Equal(85.71m, k.CloseRate.Percent);
        Assert.Equal(new IndicatorRate(5, 7), k.OnTimeCloseRate);
        Assert.Equal(71.43m, k.OnTimeCloseRate.Percent);
        Assert.Equal(new IndicatorRate(1, 6), k.ReworkRate);
        Assert.Equal(16.67m, k.ReworkRate.Percent);
        Assert.Equal(new IndicatorRate(3, 4), k.SatisfactionRate);
        Assert.Equal(75.00m, k.SatisfactionRate.Percent);
        Assert.Equal(new IndicatorRate(7, 9), k.ResponseRate);
        Assert.Equal(77.78m, k.ResponseRate.Percent);
        Assert.Equal(new IndicatorRate(6, 9), k.SolveRate);
        Assert.Equal(new IndicatorRate(1, 10), k.ExtensionRate);
    }

    [Fact]
    public async Task Compute_DistrictMonth_AveragesEachStage()
    {
        using var month = await DistrictMonth.CreateAsync();

        var k = month.Compute();

        Assert.Equal(Duration.Zero, k.AverageToAccept);
        Assert.Equal(Duration.FromHours(49) / 8, k.AverageToRespond);                 // seven at once, I8 after 49 hours
        Assert.Equal((Duration.FromHours(5) + Duration.FromHours(241)) / 6, k.AverageToResolve); // five in 1 hour, I6 in 241 hours
        Assert.Equal(Duration.Zero, k.AverageToVerify);
    }

    [Fact]
    public async Task Compute_Subtree_CountsOnlyIssuesPlacedInIt()
    {
        using var month = await DistrictMonth.CreateAsync();

        var s2 = month.Compute("S2");   // I4 (C2, closed on time), I8 (C2, dispatched, overdue), I10 (S2, reported)
        var q1 = month.Compute("Q1");   // I1, I2, I5, I6 (B1, B1, Q1, B1)
        var z1 = month.Compute("Z1");   // I3

        Assert.Equal((3, 2, 1, 2), (s2.Found, s2.Claimed, s2.Resolved, s2.Due));
        Assert.Equal((4, 4, 4, 3), (q1.Found, q1.Claimed, q1.Resolved, q1.ClosedOnTime));
        Assert.Equal((1, 1, 0), (z1.Found, z1.Rated, z1.Satisfied)); // I3 was rated 不满意
    }

    [Fact]
    public async Task ComputeByNode_EveryNode_EqualsComputeOverItsSubtree()
    {
        using var month = await DistrictMonth.CreateAsync();
        var hierarchy = month.Host.Territory.Current;

        var table = month.Host.Service.ReadModel.ComputeByNode(hierarchy, DistrictMonth.Window);

        foreach (var node in hierarchy.Nodes)
        {
            Assert.Equal(month.Compute(node.Code), table[node]);
            Assert.Equal(table[node], table[node.Code]);
        }

        Assert.Equal(10, table["D"].Found);
        Assert.Equal(table["S1"].Found + table["S2"].Found + 1, table["D"].Found); // I9 is placed at D itself
    }

    [Fact]
    public async Task ComputeByNode_ParentEqualsItsOwnIssuesPlusTheSumOfItsChildren()
    {
        using var month = await DistrictMonth.CreateAsync();
        var hierarchy = month.Host.Territory.Current;
        var table = month.Host.Service.ReadModel.ComputeByNode(hierarchy, DistrictMonth.Window);

        foreach (var node in hierarchy.Nodes)
        {
            var own = DistrictMonth.Places.Count(p => p == node.Code);
            Assert.Equal(own + node.Children.Sum(c => table[c].Found), table[node].Found);
            Assert.Equal(table[node].Resolved, month.Issues.Count(i => i.State == IssueState.Closed && node.Hierarchy.IsAncestorOrSelf(node.Code, i.PlaceCode)));
        }
    }

    [Fact]
    public async Task Compute_UnknownSubtree_Throws()
    {
        using var month = await DistrictMonth.CreateAsync();

        Assert.Throws<GridNodeNotFoundException>(() => month.Compute("NOWHERE"));
    }

    [Fact]
    public async Task ReplayAsync_RebuiltReadModel_GivesTheSameIndicatorsAndListsAsTheLiveOne()
    {
        using var month = await DistrictMonth.CreateAsync();
        var hierarchy = month.Host.Territory.Current;
        var live = month.Host.Service.ReadModel;
        var rebuilt = new IssueReadModel();

        await rebuilt.ReplayAsync(month.Host.Store());

        Assert.Equal(live.Count, rebuilt.Count);
        Assert.Equal(live.LastPosition, rebuilt.LastPosition);
        Assert.Equal(month.Host.EventCount(), rebuilt.LastPosition);
        foreach (var window in new[] { DistrictMonth.Window, new Interval(null, null), new Interval(Local(3, 1), Local(3, 10)) })
        {
            var liveTable = live.ComputeByNode(hierarchy, window);
            var rebuiltTable = rebuilt.ComputeByNode(hierarchy, window);
            foreach (var node in hierarchy.Nodes)
            {
                Assert.Equal(live.Compute(hierarchy, node.Code, window), rebuilt.Compute(hierarchy, node.Code, window));
                Assert.Equal(liveTable[node], rebuiltTable[node]);
            }
        }

        var now = month.Host.Now();
        Assert.Equal(live.FindOverdue(now), rebuilt.FindOverdue(now));
        Assert.Equal(live.FindDueWithin(now - Duration.FromDays(30), Duration.FromDays(60)), rebuilt.FindDueWithin(now - Duration.FromDays(30), Duration.FromDays(60)));
    }

    [Fact]
    public async Task ReplayAsync_Twice_DoesNotDoubleCount()
    {
        using var month = await DistrictMonth.CreateAsync();
        var rebuilt = new IssueReadModel();

        await rebuilt.ReplayAsync(month.Host.Store());
        await rebuilt.ReplayAsync(month.Host.Store());

        Assert.Equal(10, rebuilt.Count);
        Assert.Equal(month.Compute(), rebuilt.Compute(month.Host.Territory.Current, "D", DistrictMonth.Window));
    }

    // ---- Thread safety ----

    /// <summary>The test district built with its streets in the other order: the same nodes, other indexes.</summary>
    private static GridHierarchy ReorderedCopy(GridHierarchy h)
    {
        var builder = new GridHierarchyBuilder();
        void AddSubtree(GridNode node)
        {
            builder.Add(node.Code, node.Name, node.Kind, node.Parent?.Code, node.IsRetired);
            foreach (var child in node.Children.Reverse())
            {
                AddSubtree(child);
            }
        }

        AddSubtree(h.Root);
        return builder.Build();
    }

    [Fact]
    public async Task Compute_ConcurrentlyOverTwoHierarchySnapshots_EachCallGetsItsOwnSnapshotsAnswer()
    {
        // The read model is documented thread-safe for many readers. Readers over different snapshots (say,
        // a dashboard on the current hierarchy and a report on last month's) must not see each other's
        // place-to-node mapping.
        using var host = new IssueTestHost();
        var current = host.Territory.Current;
        var reordered = ReorderedCopy(current);
        Assert.NotEqual(current["C2"].Index, reordered["C2"].Index);
        for (var i = 0; i < 30; i++)
        {
            await host.ReportAsync(place: (i % 3) switch { 0 => "B1", 1 => "C2", _ => "D" });
        }

        var model = host.Service.ReadModel;
        var window = new Interval(null, null);
        Assert.Equal(10, model.Compute(current, "C2", window).Found);
        Assert.Equal(10, model.Compute(reordered, "C2", window).Found);
        var wrong = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(5);

        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(() =>
        {
            var hierarchy = r % 2 == 0 ? current : reordered;
            while (DateTime.UtcNow < stop && wrong.IsEmpty)
            {
                var found = model.Compute(hierarchy, "C2", window).Found;
                if (found != 10)
                {
                    wrong.Enqueue($"reader {r} counted {found} issues under C2 instead of 10");
                }
            }
        })).ToArray();
        await Task.WhenAll(readers);

        Assert.True(wrong.IsEmpty, string.Join("; ", wrong));
    }

    // ---- Windows and due ----

    [Fact]
    public async Task Compute_Window_CountsIssuesReportedInTheHalfOpenWindowOnly()
    {
        using var host = new IssueTestHost();
        await host.ReportAsync();                          // Monday 2 March 09:00
        host.Clock.Reset(Local(3, 31, 23));
        await host.ReportAsync();                          // Tuesday 31 March 23:00
        host.Clock.Reset(Local(4, 1));
        await host.ReportAsync();                          // Wednesday 1 April 00:00: the next window
        var h = host.Territory.Current;
        var model = host.Service.ReadModel;

        Assert.Equal(2, model.Compute(h, "D", new Interval(Local(3, 1), Local(4, 1))).Found);
        Assert.Equal(1, model.Compute(h, "D", new Interval(Local(4, 1), Local(5, 1))).Found);
        Assert.Equal(0, model.Compute(h, "D", new Interval(Local(2, 1), Local(3, 1))).Found);
        Assert.Equal(2, model.Compute(h, "D", new Interval(Local(3, 2, 10), null)).Found);
        Assert.Equal(1, model.Compute(h, "D", new Interval(null, Local(3, 2, 10))).Found);
        Assert.Equal(3, model.Compute(h, "D", new Interval(null, null)).Found);
    }

    [Fact]
    public async Task Compute_OpenIssueDueAfterTheWindowsEnd_IsNotYetDue()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClaimedAsync(); // resolve deadline: end of Wednesday 11 March
        var h = host.Territory.Current;
        var model = host.Service.ReadModel;

        var before = model.Compute(h, "D", new Interval(Local(3, 1), issue.Deadline!.Value));
        var after = model.Compute(h, "D", new Interval(Local(3, 1), issue.Deadline!.Value + Duration.FromTicks(1)));

        Assert.Equal(0, before.Due);
        Assert.Null(before.CloseRate.Value);
        Assert.Equal(1, after.Due);
        Assert.Equal(0m, after.CloseRate.Value);
    }

    [Fact]
    public async Task Compute_ParkedIssuePastDue_StaysInTheDenominator()
    {
        using var host = new IssueTestHost();
        await host.SuspendedAsync(SuspensionKind.Parked);
        host.Clock.Advance(Duration.FromDays(30));

        var k = host.Service.ReadModel.Compute(host.Territory.Current, "D", new Interval(Local(3, 1), host.Now()));

        Assert.Equal(1, k.Due);
        Assert.Equal(0, k.Deferred);
        Assert.Equal(new IndicatorRate(0, 1), k.CloseRate);
    }

    [Fact]
    public async Task Compute_ReopenedIssue_NoLongerCountsAsResolvedUntilItClosesAgain()
    {
        using var host = new IssueTestHost();
        var issue = await host.RatedAsync(IssueRating.Dissatisfied);
        var h = host.Territory.Current;
        var window = new Interval(Local(3, 1), Local(4, 1));
        Assert.Equal(1, host.Service.ReadModel.Compute(h, "D", window).Resolved);

        await host.DoAsync(new ReopenIssue(issue.Id, Resident));
        var reopened = host.Service.ReadModel.Compute(h, "D", window);
        await host.DoAsync(new ResolveIssue(issue.Id, PartyMember, "再次处理", ["photo-3"]));
        await host.DoAsync(new VerifyIssue(issue.Id, Worker));
        var closedAgain = host.Service.ReadModel.Compute(h, "D", window);

        Assert.Equal(0, reopened.Resolved);
        Assert.Equal(0, reopened.Rated);
        Assert.Equal(1, reopened.Claimed);
        Assert.Equal(1, closedAgain.Resolved);
        Assert.Equal(0, closedAgain.Rated); // the rating belonged to the previous close
    }

    // ---- Overdue (督办) and due soon (催办) ----

    [Fact]
    public async Task FindOverdue_ListsOpenIssuesPastTheirDeadline_MostOverdueFirst()
    {
        using var host = new IssueTestHost();
        var a = await host.ReportAsync();               // due end of Tuesday 3 March
        var b = await host.ClaimedAsync();              // due end of Wednesday 11 March
        await host.ClosedAsync();                       // no clock
        await host.SuspendedAsync();                    // clock stopped
        host.Clock.Reset(Local(3, 3, 9));
        var e = await host.ReportAsync(place: "C2");    // due end of Wednesday 4 March
        host.Clock.Reset(Local(3, 5, 9));

        var overdue = host.Service.ReadModel.FindOverdue(host.Now());

        Assert.Equal([a.Id, e.Id], overdue.Select(o => o.IssueId).ToArray());
        Assert.Equal(new DeadlineEntry(e.Id, IssueState.Reported, "C2", "C2", Local(3, 5)), overdue[1]);
        Assert.DoesNotContain(overdue, o => o.IssueId == b.Id);
    }

    [Fact]
    public async Task FindOverdue_DeadlineExactlyNow_IsNotYetOverdue()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        var model = host.Service.ReadModel;

        Assert.Empty(model.FindOverdue(issue.Deadline!.Value));
        Assert.Single(model.FindOverdue(issue.Deadline!.Value + Duration.FromTicks(1)));
    }

    [Fact]
    public async Task FindDueWithin_ListsIssuesDueInTheWindow_SoonestFirst()
    {
        using var host = new IssueTestHost();
        var claimed = await host.ClaimedAsync();   // due end of 11 March
        var reported = await host.ReportAsync();   // due end of 3 March
        var accepted = await host.AcceptedAsync(); // due end of 3 March
        host.Clock.Reset(Local(3, 3, 9));
        var model = host.Service.ReadModel;

        var today = model.FindDueWithin(host.Now(), Duration.FromDays(1));
        var week = model.FindDueWithin(host.Now(), Duration.FromDays(10));

        Assert.Equal(new HashSet<IssueId> { reported.Id, accepted.Id }, today.Select(d => d.IssueId).ToHashSet());
        Assert.Equal(claimed.Id, week[^1].IssueId);
        Assert.Equal(3, week.Count);
        Assert.True(week.Select(d => d.Deadline).SequenceEqual(week.Select(d => d.Deadline).Order()), "soonest first");
    }

    [Fact]
    public async Task FindDueWithin_WindowIsHalfOpen()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        var model = host.Service.ReadModel;
        var deadline = issue.Deadline!.Value;

        Assert.Single(model.FindDueWithin(deadline, Duration.FromHours(1)));
        Assert.Empty(model.FindDueWithin(deadline - Duration.FromHours(1), Duration.FromHours(1)));
        Assert.Empty(model.FindDueWithin(deadline, Duration.Zero));
        Assert.Empty(model.FindDueWithin(deadline + Duration.FromTicks(1), Duration.FromDays(1)));
    }

    [Fact]
    public void FindDueWithin_NegativeWindow_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new IssueReadModel().FindDueWithin(Instant.FromUtc(2026, 3, 2, 0, 0), Duration.FromHours(-1)));
}
