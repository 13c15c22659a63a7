using NodaTime;
using Stateless;
using Stateless.Reflection;

namespace GridGov.Sdk.Wishes;

/// <summary>
/// The small-wish lifecycle as a Stateless definition on the shared workflow machinery (ADR 0023, 0024):
/// posted → reviewed (approve, reject, ask for changes) → published → claimed → fulfilled → confirmed,
/// with claims released, lapsing at their time limit, or disputed back to the claimant.
/// </summary>
/// <remarks>Thread-safe. The states a wish may be claimed in are only <see cref="WishState.Published"/>: that is what keeps a wish to one active claim.</remarks>
public static class WishWorkflow
{
    /// <summary>The workflow's name, as the access policy and the events know it.</summary>
    public const string Name = "wish";

    /// <summary>The definition's version, recorded in every event.</summary>
    public const int DefinitionVersion = 1;

    /// <summary>The description of the guard on <see cref="WishTrigger.ExpireClaim"/>.</summary>
    public const string ClaimOverdueGuard = "the claim's time limit has passed";

    /// <summary>Gets the definition.</summary>
    internal static Workflows.WorkflowDefinition<WishState, WishTrigger, WishFacts> Definition { get; } = new(Name, DefinitionVersion, Configure);

    /// <summary>Describes the definition (Stateless' reflection), for documentation and UIs.</summary>
    /// <returns>The description.</returns>
    public static StateMachineInfo GetInfo() => Definition.GetInfo();

    /// <summary>Renders the lifecycle as a Mermaid state diagram, from the definition itself (docs/wishes.md holds it).</summary>
    /// <returns>The Mermaid text.</returns>
    public static string ToMermaidGraph() => Definition.ToMermaidGraph();

    /// <summary>Renders the lifecycle in Graphviz DOT, from the definition itself.</summary>
    /// <returns>The DOT text.</returns>
    public static string ToDotGraph() => Definition.ToDotGraph();

    private static void Configure(StateMachine<WishState, WishTrigger> machine, Func<WishFacts> facts)
    {
        machine.Configure(WishState.Submitted)
            .Permit(WishTrigger.Approve, WishState.Published)
            .Permit(WishTrigger.Reject, WishState.Rejected)
            .Permit(WishTrigger.RequestChanges, WishState.ChangesRequested);
        machine.Configure(WishState.ChangesRequested)
            .Permit(WishTrigger.Resubmit, WishState.Submitted)
            .Permit(WishTrigger.Reject, WishState.Rejected);
        machine.Configure(WishState.Published)
            .Permit(WishTrigger.Claim, WishState.Claimed);
        machine.Configure(WishState.Claimed)
            .Permit(WishTrigger.Fulfil, WishState.Fulfilled)
            .Permit(WishTrigger.Release, WishState.Published)
            .PermitIf(WishTrigger.ExpireClaim, WishState.Published, () => facts().IsClaimOverdue, ClaimOverdueGuard);
        machine.Configure(WishState.Fulfilled)
            .Permit(WishTrigger.Confirm, WishState.Confirmed)
            .Permit(WishTrigger.Dispute, WishState.Claimed);
    }
}

/// <summary>What the wish lifecycle's guards look at.</summary>
/// <param name="Now">The command's instant.</param>
/// <param name="ClaimDueAt">The active claim's time limit; null when none.</param>
internal readonly record struct WishFacts(Instant Now, Instant? ClaimDueAt)
{
    /// <summary>Gets whether the active claim's time limit has passed.</summary>
    public bool IsClaimOverdue => ClaimDueAt is { } due && Now >= due;
}
