using GridGov.Sdk.Workflows;
using Stateless;

namespace GridGov.Sdk.Lists;

/// <summary>What the guards of a resource's or demand's lifecycle look at.</summary>
/// <param name="ProjectsUnderWay">Projects using it that are neither delivered, evaluated nor cancelled.</param>
public readonly record struct ListEntryFacts(int ProjectsUnderWay);

/// <summary>What the guards of a project's lifecycle look at.</summary>
/// <param name="ResourceOnList">Whether the project's resource is still on the list (not withdrawn).</param>
public readonly record struct ProjectFacts(bool ResourceOnList);

/// <summary>The lifecycles of the three lists (三张清单) as Stateless definitions on the shared workflow machinery (ADR 0023, 0025).</summary>
/// <remarks>Thread-safe.</remarks>
public static class ListWorkflows
{
    /// <summary>The guard that keeps a resource or demand on the list while a project relies on it.</summary>
    public const string NoProjectUnderWayGuard = "no project under way relies on it";

    /// <summary>The guard that keeps a project from going on without its resource.</summary>
    public const string ResourceOnListGuard = "the project's resource is still on the resource list";

    /// <summary>Gets the resource list's lifecycle (workflow <c>resource</c>): Active, changed in place, withdrawn.</summary>
    public static WorkflowDefinition<ListEntryState, ListEntryTrigger, ListEntryFacts> Resource { get; } = new(ListsAccess.ResourceWorkflow, 1, ConfigureEntry);

    /// <summary>Gets the demand list's lifecycle (workflow <c>demand</c>): Active, changed in place, withdrawn.</summary>
    public static WorkflowDefinition<ListEntryState, ListEntryTrigger, ListEntryFacts> Demand { get; } = new(ListsAccess.DemandWorkflow, 1, ConfigureEntry);

    /// <summary>
    /// Gets the project list's lifecycle (workflow <c>project</c>): proposed → approved → claimed → in progress →
    /// delivered → evaluated; cancelled from any state before delivery.
    /// </summary>
    public static WorkflowDefinition<ProjectState, ProjectTrigger, ProjectFacts> Project { get; } = new(ListsAccess.ProjectWorkflow, 1, ConfigureProject);

    private static void ConfigureEntry(StateMachine<ListEntryState, ListEntryTrigger> machine, Func<ListEntryFacts> facts)
    {
        machine.Configure(ListEntryState.Active)
            .InternalTransition(ListEntryTrigger.Change, _ => { })
            .PermitIf(ListEntryTrigger.Withdraw, ListEntryState.Withdrawn, () => facts().ProjectsUnderWay == 0, NoProjectUnderWayGuard);
        machine.Configure(ListEntryState.Withdrawn);
    }

    private static void ConfigureProject(StateMachine<ProjectState, ProjectTrigger> machine, Func<ProjectFacts> facts)
    {
        machine.Configure(ProjectState.Proposed)
            .PermitIf(ProjectTrigger.Approve, ProjectState.Approved, () => facts().ResourceOnList, ResourceOnListGuard)
            .Permit(ProjectTrigger.Cancel, ProjectState.Cancelled);
        machine.Configure(ProjectState.Approved)
            .PermitIf(ProjectTrigger.Claim, ProjectState.Claimed, () => facts().ResourceOnList, ResourceOnListGuard)
            .Permit(ProjectTrigger.Cancel, ProjectState.Cancelled);
        machine.Configure(ProjectState.Claimed)
            .Permit(ProjectTrigger.Start, ProjectState.InProgress)
            .Permit(ProjectTrigger.Cancel, ProjectState.Cancelled);
        machine.Configure(ProjectState.InProgress)
            .Permit(ProjectTrigger.Deliver, ProjectState.Delivered)
            .Permit(ProjectTrigger.Cancel, ProjectState.Cancelled);
        machine.Configure(ProjectState.Delivered)
            .Permit(ProjectTrigger.Evaluate, ProjectState.Evaluated);
        machine.Configure(ProjectState.Evaluated);
        machine.Configure(ProjectState.Cancelled);
    }
}

/// <summary>
/// A hook around every project transition (proposal included): enrich the event, veto before the commit (for example
/// refuse to deliver or close a project whose <see cref="Project.PledgedYuan"/> is above a threshold without a second
/// signature), or react after it. Register with <c>AddGridGov().AddProjectHook&lt;THook&gt;()</c>.
/// </summary>
public interface IProjectHook : ITransitionHook<WorkflowTransitionContext<Project, ProjectTrigger, ProjectEvent>>;
