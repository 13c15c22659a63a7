using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using NodaTime;
using Stateless.Reflection;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// ADR 12: <see cref="IssueWorkflow"/> remembers its Stateless decisions, keyed by state, trigger, the
/// guard bits the transition reads and the suspended-from state. These tests hold the memo to a fresh
/// Stateless fire whose guards read the issue directly, and check that every guard of the definition
/// is one of the bits (so no guard can be left out of the key).
/// </summary>
public sealed class IssueWorkflowMemoTests
{
    private static readonly Instant Base = Instant.FromUtc(2026, 3, 2, 1, 0);

    private static readonly string[] Ids = ["r-1", "pm-1", "gw-1"];

    private static readonly IssueRuleSet[] RuleSets =
        [IssueRuleSet.Default, IssueRuleSet.Default with { ReopenWindow = Duration.FromDays(2), MaxExtensions = 0 }];

    /// <summary>One case: an issue in any state with any guard-relevant fields, an actor, a trigger (or a value outside the enum), an instant, rules and whether a level above exists.</summary>
    internal sealed record Case(Issue Issue, Actor Actor, IssueTrigger Trigger, Instant Now, IssueRuleSet Rules, bool CanEscalate)
    {
        public override string ToString()
            => $"{Issue.State} --{Trigger}--> by {Actor.Id} (claimant {Issue.ClaimantId ?? "-"}, resolver {Issue.ResolvedById ?? "-"}, reporter {Issue.ReporterId ?? "-"}, rating {Issue.Rating?.ToString() ?? "-"}, closed {Issue.ClosedAt?.ToString() ?? "-"}, now {Now}, chain {Issue.LevelChain.Length}, extensions {Issue.ExtensionCount}/{Rules.MaxExtensions}, from {Issue.SuspendedFrom?.ToString() ?? "-"}, up {CanEscalate})";
    }

    private static Gen<string?> MaybeId => Gen.Elements<string?>(null, "r-1", "pm-1", "gw-1");

    private static readonly Gen<Issue> Issues =
        from state in Gen.Elements(Enum.GetValues<IssueState>())
        from claimant in MaybeId
        from resolver in MaybeId
        from reporter in MaybeId
        from rating in Gen.Elements<IssueRating?>(null, IssueRating.Satisfied, IssueRating.BasicallySatisfied, IssueRating.Dissatisfied)
        from closedHoursAgo in Gen.Elements<int?>(null, 0, 1, 47, 48, 49, 167, 168, 169, 1000)
        from chain in Gen.Choose(1, 3)
        from extensions in Gen.Choose(0, 3)
        from suspendedFrom in Gen.Elements<IssueState?>([null, .. Enum.GetValues<IssueState>().Select(s => (IssueState?)s), (IssueState)42])
        select new Issue
        {
            Id = new IssueId("I-memo"),
            Category = "environment",
            PlaceCode = "B1",
            HandlingNodeCode = "B1",
            Title = "t",
            Description = "d",
            State = state,
            ClaimantId = claimant,
            ResolvedById = resolver,
            ReporterId = reporter,
            Rating = rating,
            ClosedAt = closedHoursAgo is { } h ? Base - Duration.FromHours(h) : null,
            LevelChain = [.. Enumerable.Range(0, chain).Select(i => $"N{i}")],
            ExtensionCount = extensions,
            SuspendedFrom = suspendedFrom,
        };

    private static readonly Gen<Case> Cases =
        from issue in Issues
        from actor in Gen.Elements(Ids)
        from trigger in Gen.Elements<IssueTrigger>([.. Enum.GetValues<IssueTrigger>(), (IssueTrigger)99])
        from minutes in Gen.Choose(-60, 60)
        from rules in Gen.Elements(RuleSets)
        from canEscalate in Gen.Elements(true, false)
        select new Case(issue, new Actor(actor, actor), trigger, Base + Duration.FromMinutes(minutes), rules, canEscalate);

    /// <summary>One workflow for the whole run, so later cases hit entries earlier cases filled.</summary>
    private static readonly IssueWorkflow Shared = new();

    [Property(MaxTest = 2000)]
    public Property Decide_AnyIssueActorTriggerAndTime_EqualsAFreshStatelessFire()
        => Prop.ForAll(Arb.From(Cases), c =>
        {
            var fresh = Shared.DecideFresh(c.Issue, c.Trigger, c.Actor, c.Now, c.Rules, c.CanEscalate);
            var first = Shared.Decide(c.Issue, c.Trigger, c.Actor, c.Now, c.Rules, c.CanEscalate);
            var again = Shared.Decide(c.Issue, c.Trigger, c.Actor, c.Now, c.Rules, c.CanEscalate);
            return Same(fresh, first) && Same(fresh, again);
        });

    [Property(MaxTest = 1000)]
    public Property Permitted_AnyIssueActorAndTime_EqualsAFreshStatelessCanFire()
        => Prop.ForAll(Arb.From(Cases), c =>
            Shared.Permitted(c.Issue, c.Actor, c.Now, c.Rules, c.CanEscalate)
                .SequenceEqual(Shared.PermittedFresh(c.Issue, c.Actor, c.Now, c.Rules, c.CanEscalate)));

    [Fact]
    public void GetInfo_EveryGuardDescription_MapsToAGuardBit()
    {
        var described = GuardDescriptions(new IssueWorkflow().GetInfo()).ToList();

        Assert.NotEmpty(described);
        Assert.All(described, d => Assert.True(IssueWorkflow.GuardBits.ContainsKey(d), $"Guard '{d}' reads no guard bit: the memo would ignore it."));
    }

    [Fact]
    public void GuardBits_EveryBit_IsOneGuardOfTheDefinitionWithItsOwnDescription()
    {
        var described = GuardDescriptions(new IssueWorkflow().GetInfo()).ToHashSet(StringComparer.Ordinal);
        var bits = Enum.GetValues<IssueGuards>().Where(g => g != IssueGuards.None).ToList();

        Assert.Equal(bits.Count, IssueWorkflow.GuardBits.Count);
        Assert.Equal(bits.OrderBy(b => b), IssueWorkflow.GuardBits.Values.OrderBy(b => b));
        Assert.All(IssueWorkflow.GuardBits.Keys, d => Assert.Contains(d, described));
        Assert.All(bits, b => Assert.Equal(1, System.Numerics.BitOperations.PopCount((uint)b)));
    }

    [Fact]
    public void Decide_SameKeyTwice_FiresStatelessOnce()
    {
        var workflow = new IssueWorkflow();
        var issue = NewIssue(IssueState.Claimed) with { ClaimantId = "pm-1" };
        var claimant = new Actor("pm-1", "党员");

        var first = workflow.Decide(issue, IssueTrigger.StartWork, claimant, Base, IssueRuleSet.Default, canEscalate: false);
        var second = workflow.Decide(issue with { Title = "another" }, IssueTrigger.StartWork, claimant, Base + Duration.FromDays(3), IssueRuleSet.Default, canEscalate: true);

        Assert.True(first.Allowed);
        Assert.Equal(IssueState.InProgress, second.Destination);
        Assert.Equal(1, workflow.Fires);
    }

    [Fact]
    public void Decide_GuardOutcomeDiffers_FiresAgainAndListsTheUnmetGuard()
    {
        var workflow = new IssueWorkflow();
        var issue = NewIssue(IssueState.Claimed) with { ClaimantId = "pm-1" };

        var allowed = workflow.Decide(issue, IssueTrigger.StartWork, new Actor("pm-1", "党员"), Base, IssueRuleSet.Default, canEscalate: false);
        var refused = workflow.Decide(issue, IssueTrigger.StartWork, new Actor("gw-1", "网格员"), Base, IssueRuleSet.Default, canEscalate: false);

        Assert.True(allowed.Allowed);
        Assert.False(refused.Allowed);
        Assert.Equal([IssueWorkflow.ClaimantOnlyGuard], refused.UnmetGuards);
        Assert.Equal(2, workflow.Fires);
    }

    [Fact]
    public void Decide_Resume_RemembersOneDestinationPerSuspendedFromState()
    {
        var workflow = new IssueWorkflow();
        var actor = new Actor("gw-1", "网格员");

        var toClaimed = workflow.Decide(NewIssue(IssueState.Suspended) with { SuspendedFrom = IssueState.Claimed }, IssueTrigger.Resume, actor, Base, IssueRuleSet.Default, false);
        var toReturned = workflow.Decide(NewIssue(IssueState.Suspended) with { SuspendedFrom = IssueState.Returned }, IssueTrigger.Resume, actor, Base, IssueRuleSet.Default, false);

        Assert.Equal(IssueState.Claimed, toClaimed.Destination);
        Assert.Equal(IssueState.Returned, toReturned.Destination);
    }

    [Fact]
    public void Decide_UnmetGuards_IsASharedListThatCannotBeChanged()
    {
        var workflow = new IssueWorkflow();
        var issue = NewIssue(IssueState.Closed) with { ReporterId = "r-1", Rating = IssueRating.Satisfied, ClosedAt = Base };

        var unmet = workflow.Decide(issue, IssueTrigger.Reopen, new Actor("gw-1", "网格员"), Base, IssueRuleSet.Default, false).UnmetGuards;

        Assert.Equal([IssueWorkflow.ReporterOnlyGuard, IssueWorkflow.DissatisfiedGuard], unmet);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)unmet)[0] = "changed");
    }

    private static IEnumerable<string> GuardDescriptions(StateMachineInfo info)
        => info.States
            .SelectMany(s => s.Transitions.Concat<TransitionInfo>(s.IgnoredTriggers))
            .SelectMany(t => t.GuardConditionsMethodDescriptions)
            .Select(g => g.Description);

    private static Issue NewIssue(IssueState state) => new()
    {
        Id = new IssueId("I-memo"),
        Category = "environment",
        PlaceCode = "B1",
        HandlingNodeCode = "B1",
        Title = "t",
        Description = "d",
        State = state,
        LevelChain = ["B1"],
    };

    private static bool Same(IssueDecision expected, IssueDecision actual)
        => expected.Allowed == actual.Allowed && expected.Destination == actual.Destination && expected.UnmetGuards.SequenceEqual(actual.UnmetGuards);
}
