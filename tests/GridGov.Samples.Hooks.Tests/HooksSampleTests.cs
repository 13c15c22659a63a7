using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GridGov.Samples.Hooks.Tests;

/// <summary>The sample's story, run in process: what it prints and what it leaves in the store.</summary>
public sealed class HooksSampleTests
{
    private static async Task<(HooksOutcome Outcome, string Output)> RunAsync()
    {
        using var output = new StringWriter();
        var outcome = await HooksSample.RunAsync(output);
        return (outcome, output.ToString());
    }

    [Fact]
    public async Task TheStory_RunsWithoutFailures_AndPrintsTheSameEveryTime()
    {
        var (first, text) = await RunAsync();
        var (_, again) = await RunAsync();

        Assert.Empty(first.Failures);
        Assert.Equal(text, again);   // fixed clock, ids from idempotency keys: deterministic
        Assert.Contains("hash chains intact: True", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecondGuard_VetoesEvaluatingABigProject_UntilTheStreetApproves()
    {
        var (outcome, _) = await RunAsync();

        Assert.Equal(BigBudgetApprovalRule.VetoCode, outcome.ProjectVeto?.Code);
        Assert.Contains("100,000.00", outcome.ProjectVeto!.Message, StringComparison.Ordinal);
        var stream = await outcome.Store.ReadStreamAsync(GridGov.Sdk.Lists.Project.StreamPrefix + "pocket-park-xianfeng");
        var closing = stream[^1];
        Assert.IsType<GridGov.Sdk.Lists.ProjectEvaluated>(closing.Payload);
        Assert.Equal("CP-2025-031", closing.Metadata.Annotations![BackOfficeAnnotations.Approval]);
        Assert.Single(stream, e => e.Payload is GridGov.Sdk.Lists.ProjectEvaluated);   // the veto left no event
    }

    [Fact]
    public async Task Sms_GoesToTheRealNumbers_ButTheLogShowsThemMasked()
    {
        var (outcome, text) = await RunAsync();

        Assert.Equal(
            [HooksSample.SmallJobPhone, HooksSample.SmallJobPhone, HooksSample.BigJobPhone, HooksSample.BigJobPhone],
            outcome.Sms.Select(m => m.To.Reveal()));
        Assert.Equal(4, outcome.Sms.Select(m => m.DeduplicationKey).Distinct().Count());
        Assert.DoesNotContain(HooksSample.SmallJobPhone, text, StringComparison.Ordinal);
        Assert.DoesNotContain(HooksSample.BigJobPhone, text, StringComparison.Ordinal);
        Assert.Equal(2, CountOccurrences(text, "sms → 138****5678"));
        Assert.Equal(2, CountOccurrences(text, "sms → 139****5432"));
        Assert.Contains("已办结", outcome.Sms[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBigJob_IsVetoedWithoutApproval_ThenClosesWithTheApprovalAndBudgetRecorded()
    {
        var (outcome, _) = await RunAsync();

        Assert.Equal(BigBudgetApprovalRule.VetoCode, outcome.Veto?.Code);
        Assert.Contains("120,000.00", outcome.Veto!.Message, StringComparison.Ordinal);

        var stream = await outcome.Store.ReadStreamAsync(outcome.BigJob.StreamId);
        Assert.Equal(6, stream.Count);   // reported, accepted, claimed, started, resolved, closed: the veto left no event
        Assert.IsType<IssueResolved>(stream[4].Payload);
        Assert.Equal("120000.00", stream[4].Metadata.Annotations![BackOfficeAnnotations.BudgetYuan]);
        Assert.IsType<IssueClosed>(stream[5].Payload);
        Assert.Equal("CP-2025-017", stream[5].Metadata.Annotations![BackOfficeAnnotations.Approval]);

        var small = await outcome.Store.ReadStreamAsync(outcome.SmallJob.StreamId);
        Assert.IsType<IssueClosed>(small[^1].Payload);
        Assert.Null(small[^1].Metadata.Annotations);   // below the threshold: no approval needed, none recorded
    }

    [Fact]
    public async Task TheSixHaves_AreStricterThanTheDefault()
    {
        var (outcome, text) = await RunAsync();

        Assert.Equal((1, 2), (outcome.Compliance.Overall.Numerator, outcome.Compliance.Overall.Denominator));
        var heshui = outcome.Compliance.Committees.Single(c => c.UnitCode == HooksSample.HeshuiCode);
        Assert.False(heshui.MeetsStandard);
        Assert.Equal(2, heshui.RuleSetVersion);
        Assert.Equal([SixHaves.PropertyCompanyRule, FiveHavesRuleSet.VolunteerTeamRule], heshui.UnmetRules.Order(StringComparer.Ordinal));
        Assert.All(outcome.DefaultRulesVerdicts.Values, Assert.True);
        Assert.Contains("有物业公司：不符合", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARepeatedReport_IsADuplicate_AndTextsOnce()
    {
        var sms = new FakeSmsGateway();
        var services = new ServiceCollection();
        HooksSample.Compose(services, new StepClock(Instant.FromUtc(2025, 6, 2, 1, 0)), new FakeBackOffice(), sms, TextWriter.Null);
        await using var provider = services.BuildServiceProvider();
        var admin = new Actor("admin", "管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
        await provider.GetRequiredService<GridHierarchyHolder>().ImportAsync(HooksSample.BuildHierarchy(), admin, "导入");
        var issues = provider.GetRequiredService<IssueService>();
        var report = new ReportIssue(HooksSample.GridWorker, "facilities", IssuePriority.Normal, IssueSource.GridPatrol, "6201040010010101", "路灯不亮", "1号楼前路灯")
        {
            ReporterContact = new PersonalContact(Phone: PhoneNumber.Parse(HooksSample.SmallJobPhone)),
            IdempotencyKey = "resident-app-42",
        };

        var first = await issues.ReportAsync(report);
        var again = await issues.ReportAsync(report);

        Assert.False(first.WasDuplicate);
        Assert.True(again.WasDuplicate);
        Assert.Equal(first.Issue.Id, again.Issue.Id);
        Assert.Single(sms.Sent);
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
