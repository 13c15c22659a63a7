using GridGov.Sdk.Issues;
using GridGov.Sdk.Workflows;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Mediation;

/// <summary>What the mediation lifecycle's guards look at.</summary>
/// <param name="Case">The case.</param>
/// <param name="Now">The instant of the decision.</param>
/// <param name="HasLevelAbove">Whether there is a level above the current one, up to the highest level.</param>
/// <param name="ReferFromLevel">The lowest level whose failure allows a referral.</param>
internal readonly record struct MediationFacts(MediationCase Case, Instant Now, bool HasLevelAbove, HandlingLevel ReferFromLevel);

/// <summary>
/// The mediation lifecycle (调解流程) as a Stateless definition on the shared workflow machinery: mediated at one
/// level until the parties agree or mediation there fails; a failed case goes one level up, is referred outside, or
/// is closed (枫桥经验: a case never leaves a level before mediation there failed).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class MediationWorkflow
{
    /// <summary>The workflow's name, as the access policy and the events know it.</summary>
    public const string Name = "mediation";

    /// <summary>The guard of <see cref="MediationTrigger.Agree"/>.</summary>
    public const string SessionHeldGuard = "a session was held at the current level";

    /// <summary>The guard of <see cref="MediationTrigger.Fail"/>.</summary>
    public const string FailGuard = "a session was held at the current level or its time limit has passed";

    /// <summary>The guard of <see cref="MediationTrigger.Escalate"/>.</summary>
    public const string LevelAboveGuard = "there is a mediation level above the current one";

    /// <summary>The guard of <see cref="MediationTrigger.Refer"/>.</summary>
    public const string ReferralLevelGuard = "mediation failed at the referral level (by default the community) or above";

    private static readonly WorkflowDefinition<MediationState, MediationTrigger, MediationFacts> Default = Create(1);

    /// <summary>Renders the lifecycle as a Mermaid state diagram, from the definition itself.</summary>
    /// <returns>The Mermaid text.</returns>
    public static string ToMermaidGraph() => Default.ToMermaidGraph();

    /// <summary>Renders the lifecycle in Graphviz DOT, from the definition itself.</summary>
    /// <returns>The DOT text.</returns>
    public static string ToDotGraph() => Default.ToDotGraph();

    internal static WorkflowDefinition<MediationState, MediationTrigger, MediationFacts> Create(int version)
        => version == 1 && Default is not null ? Default : new(Name, version, Configure);

    private static void Configure(StateMachine<MediationState, MediationTrigger> machine, Func<MediationFacts> facts)
    {
        machine.Configure(MediationState.Mediating)
            .PermitReentry(MediationTrigger.HoldSession)
            .PermitIf(MediationTrigger.Agree, MediationState.Agreed, () => facts().Case.SessionsAtCurrentLevel > 0, SessionHeldGuard)
            .PermitIf(MediationTrigger.Fail, MediationState.Failed, () => facts().Case.SessionsAtCurrentLevel > 0 || facts().Case.IsOverdueAt(facts().Now), FailGuard)
            .Permit(MediationTrigger.Withdraw, MediationState.Withdrawn);
        machine.Configure(MediationState.Failed)
            .PermitIf(MediationTrigger.Escalate, MediationState.Mediating, () => facts().HasLevelAbove, LevelAboveGuard)
            .PermitIf(MediationTrigger.Refer, MediationState.Referred, () => facts().Case.CurrentLevel.Level >= facts().ReferFromLevel, ReferralLevelGuard)
            .Permit(MediationTrigger.Close, MediationState.Closed)
            .Permit(MediationTrigger.Withdraw, MediationState.Withdrawn);
        machine.Configure(MediationState.Agreed);
        machine.Configure(MediationState.Referred);
        machine.Configure(MediationState.Closed);
        machine.Configure(MediationState.Withdrawn);
    }
}
