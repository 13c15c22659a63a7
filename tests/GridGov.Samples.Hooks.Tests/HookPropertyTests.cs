using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GridGov.Samples.Hooks.Tests;

/// <summary>The integration's rules hold for any budget, any approval and any sequence of sends.</summary>
public sealed class HookPropertyTests
{
    [Property(MaxTest = 300)]
    public Property TheRule_RefusesExactlyTheBigBudgetsWithoutApproval(int cents, int thresholdCents, bool hasBudget, bool approved)
    {
        var threshold = Math.Abs((decimal)thresholdCents) / 100m;
        var budget = hasBudget ? Math.Abs((decimal)cents) / 100m : (decimal?)null;
        var refusal = new BigBudgetApprovalRule(threshold).Refusal(budget, approved ? "OA-1" : null);
        var shouldRefuse = budget > threshold && !approved;
        return (refusal is not null == shouldRefuse).Label($"budget {budget}, threshold {threshold}, approved {approved}: {refusal}");
    }

    [Property(MaxTest = 200)]
    public Property TheFakeGateway_SendsEachKeyOnce(int[] keys)
    {
        var gateway = new FakeSmsGateway();
        var phone = PhoneNumber.Parse("13812345678");
        foreach (var key in keys)
        {
            gateway.SendAsync(new SmsMessage($"k{key % 7}", phone, "t"), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var expected = keys.Select(k => $"k{k % 7}").Distinct().ToList();
        return expected.SequenceEqual(gateway.Sent.Select(m => m.DeduplicationKey)).ToProperty();
    }

    /// <summary>Through the real IssueService and every hook: a job closes iff its budget is within the threshold or the street approved it; a veto records nothing and texts nobody.</summary>
    [Property(MaxTest = 25)]
    public Property TheGuard_InTheLifecycle_ClosesIffWithinThresholdOrApproved(PositiveInt budgetHundreds, bool approved, bool booked)
    {
        var budget = budgetHundreds.Get % 1_500 * 100m;   // 0 … 149,900 yuan around the 50,000 threshold
        var sms = new FakeSmsGateway();
        var backOffice = new FakeBackOffice();
        var clock = new StepClock(Instant.FromUtc(2025, 6, 2, 1, 0));
        var services = new ServiceCollection();
        HooksSample.Compose(services, clock, backOffice, sms, TextWriter.Null);
        using var provider = services.BuildServiceProvider();
        var holder = provider.GetRequiredService<GridHierarchyHolder>();
        holder.ImportAsync(HooksSample.BuildHierarchy(), new GridGov.Sdk.Access.Actor("admin", "管理员") { Roles = GridGov.Sdk.Access.ActorRoles.DistrictAdministrator, Scopes = [GridGov.Sdk.Access.AccessScope.Everywhere] }, "导入").GetAwaiter().GetResult();
        var issues = provider.GetRequiredService<IssueService>();
        var id = HooksSample.RunJobAsync(issues, clock, "p", "维修", "描述", "13812345678", "王五").GetAwaiter().GetResult();
        if (booked)
        {
            backOffice.Book(id.Value, budget);
        }

        if (approved)
        {
            backOffice.Approve(id.Value, "OA-9");
        }

        HooksSample.ResolveAsync(issues, clock, id, "完工").GetAwaiter().GetResult();
        var sentBefore = sms.Sent.Count;
        string? vetoCode = null;
        try
        {
            issues.ExecuteAsync(new VerifyIssue(id, HooksSample.StreetCadre)).GetAwaiter().GetResult();
        }
        catch (WorkflowVetoedException ex)
        {
            vetoCode = ex.Code;
        }

        var state = issues.GetAsync(id).GetAwaiter().GetResult().State;
        var shouldClose = !booked || budget <= HooksSample.ApprovalThresholdYuan || approved;
        var closedRight = shouldClose
            ? state == IssueState.Closed && vetoCode is null && sms.Sent.Count == sentBefore + 1
            : state == IssueState.Resolved && vetoCode == BigBudgetApprovalRule.VetoCode && sms.Sent.Count == sentBefore;
        return closedRight.Label($"budget {budget}, booked {booked}, approved {approved}: {state}, veto {vetoCode}, sms {sentBefore}->{sms.Sent.Count}");
    }
}
