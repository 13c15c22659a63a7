using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Lists;

/// <summary>
/// Runs the three lists (三张清单): the resource list (资源清单) of what enterprises, units and residents offer, the
/// demand list (需求清单) of what residents need, and the project list (项目清单) that puts resources to demands —
/// proposed, approved (possibly by a committee decision), claimed by the resource's owner with a pledge, carried out,
/// delivered and evaluated. Matches demands to resources with explained scores and proposes district-wide
/// assignments that never exceed a resource's capacity.
/// </summary>
/// <remarks>
/// <para>Every command goes through the shared workflow machinery (ADR 0023): the access policy before guards (refusals
/// in the security log), idempotency keys, expected versions, hooks (<see cref="IProjectHook"/>), append with optimistic
/// concurrency. Input is checked first and a refusal (<see cref="ListRejectedException"/>) records nothing.</para>
/// <para>Capacity checks read <see cref="ReadModel"/>, kept live by this service and caught up from the store's log before
/// each decision (other workflows' events and other nodes' commits come in through the log) for a first look; the decision
/// that counts — a proposal taking a share, a capacity cut — is taken against the resource's own stream with an expected
/// version, so of proposals racing for the last of one resource, on any number of nodes, exactly one passes
/// (ADR 0029). Thread-safe.</para>
/// </remarks>
public sealed partial class ListService
{
    private const int MaxTitle = 200;
    private const int MaxText = 2000;

    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly CommitteeService? _committees;
    private readonly MatchWeights _weights;
    private readonly WorkflowRunner<Resource, ListEntryState, ListEntryTrigger, ResourceEvent, ListEntryFacts> _resources;
    private readonly WorkflowRunner<Demand, ListEntryState, ListEntryTrigger, DemandEvent, ListEntryFacts> _demands;
    private readonly WorkflowRunner<Project, ProjectState, ProjectTrigger, ProjectEvent, ProjectFacts> _projects;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="readModel">The lists' read model, kept up to date with every commit.</param>
    /// <param name="projectHooks">Hooks around project transitions.</param>
    /// <param name="options">The lists' settings (match weights).</param>
    /// <param name="committees">The committees, to check a committee decision an approval names; when null the reference is recorded unchecked.</param>
    /// <param name="accessPolicy">The access policy; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="logger">The logger.</param>
    public ListService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        ListsReadModel readModel,
        IEnumerable<IProjectHook> projectHooks,
        IOptions<ListOptions> options,
        CommitteeService? committees = null,
        AccessPolicy? accessPolicy = null,
        ILogger<ListService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(projectHooks);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _clock = clock;
        _territory = territory;
        _committees = committees;
        _weights = options.Value.Weights ?? MatchWeights.Default;
        _weights.Validate();
        ReadModel = readModel;
        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        _resources = new(
            ListWorkflows.Resource,
            new WorkflowAggregateModel<Resource, ResourceEvent>
            {
                StreamIdOf = id => Resource.StreamPrefix + id,
                Fold = Resource.Fold,
                TargetOf = ListsAccess.TargetOf,
                CreateTrigger = ListsAccess.RegisterTrigger,
                Recorded = readModel.Apply,
            },
            store, clock, territory, accessPolicy, log, null);
        _demands = new(
            ListWorkflows.Demand,
            new WorkflowAggregateModel<Demand, DemandEvent>
            {
                StreamIdOf = id => Demand.StreamPrefix + id,
                Fold = Demand.Fold,
                TargetOf = ListsAccess.TargetOf,
                CreateTrigger = ListsAccess.RaiseTrigger,
                Recorded = readModel.Apply,
            },
            store, clock, territory, accessPolicy, log, null);
        _projects = new(
            ListWorkflows.Project,
            new WorkflowAggregateModel<Project, ProjectEvent>
            {
                StreamIdOf = id => Project.StreamPrefix + id,
                Fold = Project.Fold,
                TargetOf = ListsAccess.TargetOf,
                CreateTrigger = ListsAccess.ProposeTrigger,
                Recorded = readModel.Apply,
            },
            store, clock, territory, accessPolicy, log, projectHooks);
    }

    /// <summary>Gets the read model this service keeps up to date.</summary>
    public ListsReadModel ReadModel { get; }

    // ---- Resources ----

    /// <summary>Puts a resource on the resource list.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The resource and its event.</returns>
    /// <exception cref="ListRejectedException">Invalid input, an unknown place, a resource with the id exists; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not register resources there.</exception>
    public async Task<WorkflowCommandResult<Resource>> RegisterResourceAsync(RegisterResource command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.ResourceId, command.Actor);
        var details = CheckResource(id, command.Details);
        if (!Enum.IsDefined(command.Provider))
        {
            throw Invalid(id, "The provider kind is unknown.");
        }

        var owner = command.OwnerId ?? command.Actor.Id;
        CheckId(owner, command.Actor);
        if (await _resources.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (command.IdempotencyKey is not null && await IsDuplicateAsync(Resource.StreamPrefix + id, command.IdempotencyKey, cancellationToken).ConfigureAwait(false))
            {
                return new WorkflowCommandResult<Resource>(existing, [], WasDuplicate: true);
            }

            throw new ListRejectedException(ListRejectedException.AlreadyExistsCode, id, $"Resource '{id}' exists already.");
        }

        var created = new ResourceRegistered(owner, command.Provider, details) { ResourceId = id };
        return await _resources.CreateAsync(id, created, new AccessTarget(id, details.PlaceCode, OwnerId: owner), command.Actor, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a resource's details.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The resource and its event.</returns>
    /// <exception cref="ListRejectedException">Invalid input; a capacity below what projects hold (<c>lists.over-capacity</c>) or a new unit while they hold any (<c>lists.unit-mismatch</c>).</exception>
    /// <exception cref="WorkflowRejectedException">The resource was withdrawn.</exception>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such resource.</exception>
    public async Task<WorkflowCommandResult<Resource>> ChangeResourceAsync(ChangeResource command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.ResourceId, command.Actor);
        var details = CheckResource(id, command.Details);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return await _resources.FireAsync(id, ListEntryTrigger.Change, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, EntryFacts, (resource, _, _) =>
        {
            // What the resource's own stream says projects hold; the change is appended at that version, so a share
            // taken meanwhile (on any node) makes it a concurrency conflict rather than a capacity below what is held.
            var held = resource.Held;
            if (held > 0m && details.Capacity.Unit != resource.Capacity.Unit)
            {
                throw new ListRejectedException(ListRejectedException.UnitMismatchCode, id, $"Projects hold {new Quantity(held, resource.Capacity.Unit)} of resource '{id}': its unit cannot change.");
            }

            if (details.Capacity.Amount < held)
            {
                throw new ListRejectedException(ListRejectedException.OverCapacityCode, id, $"Projects hold {new Quantity(held, resource.Capacity.Unit)} of resource '{id}': its capacity cannot drop to {details.Capacity}.");
            }

            return new ResourceChanged(details) { ResourceId = id };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a resource off the list.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The resource and its event.</returns>
    /// <exception cref="WorkflowRejectedException">A project under way relies on it (<c>workflow.guard-failed</c>), or it was withdrawn already.</exception>
    public async Task<WorkflowCommandResult<Resource>> WithdrawResourceAsync(WithdrawResource command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.ResourceId, command.Actor);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return await _resources.FireAsync(id, ListEntryTrigger.Withdraw, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, EntryFacts, (_, _, _) => new ResourceWithdrawn { ResourceId = id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a resource from its stream.</summary>
    /// <param name="resourceId">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such resource.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Resource> GetResourceAsync(string resourceId, CancellationToken cancellationToken = default)
        => await _resources.GetAsync(resourceId, cancellationToken).ConfigureAwait(false);

    // ---- Demands ----

    /// <summary>Puts a demand on the demand list.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The demand and its event.</returns>
    /// <exception cref="ListRejectedException">Invalid input, an unknown place, a demand with the id exists; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not raise demands there.</exception>
    public async Task<WorkflowCommandResult<Demand>> RaiseDemandAsync(RaiseDemand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.DemandId, command.Actor);
        var details = CheckDemand(id, command.Details);
        if (!Enum.IsDefined(command.Source))
        {
            throw Invalid(id, "The demand's source is unknown.");
        }

        if (await _demands.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (command.IdempotencyKey is not null && await IsDuplicateAsync(Demand.StreamPrefix + id, command.IdempotencyKey, cancellationToken).ConfigureAwait(false))
            {
                return new WorkflowCommandResult<Demand>(existing, [], WasDuplicate: true);
            }

            throw new ListRejectedException(ListRejectedException.AlreadyExistsCode, id, $"Demand '{id}' exists already.");
        }

        var created = new DemandRaised(command.Actor.Id, command.Source, details) { DemandId = id };
        return await _demands.CreateAsync(id, created, new AccessTarget(id, details.PlaceCode, OwnerId: command.Actor.Id), command.Actor, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a demand's details.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The demand and its event.</returns>
    /// <exception cref="ListRejectedException">Invalid input.</exception>
    /// <exception cref="WorkflowRejectedException">The demand was withdrawn.</exception>
    public async Task<WorkflowCommandResult<Demand>> ChangeDemandAsync(ChangeDemand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.DemandId, command.Actor);
        var details = CheckDemand(id, command.Details);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return await _demands.FireAsync(id, ListEntryTrigger.Change, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, EntryFacts, (_, _, _) => new DemandChanged(details) { DemandId = id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a demand off the list.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The demand and its event.</returns>
    /// <exception cref="WorkflowRejectedException">A project under way meets it (<c>workflow.guard-failed</c>), or it was withdrawn already.</exception>
    public async Task<WorkflowCommandResult<Demand>> WithdrawDemandAsync(WithdrawDemand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.DemandId, command.Actor);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return await _demands.FireAsync(id, ListEntryTrigger.Withdraw, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, EntryFacts, (_, _, _) => new DemandWithdrawn { DemandId = id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a demand from its stream.</summary>
    /// <param name="demandId">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The demand.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such demand.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Demand> GetDemandAsync(string demandId, CancellationToken cancellationToken = default)
        => await _demands.GetAsync(demandId, cancellationToken).ConfigureAwait(false);

    // ---- Projects ----

    /// <summary>Proposes a project.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The project and its event.</returns>
    /// <exception cref="ListRejectedException">
    /// Invalid input; an unknown or withdrawn resource or demand (<c>lists.resource-not-found</c>, <c>lists.demand-not-found</c>,
    /// <c>lists.resource-withdrawn</c>, <c>lists.demand-withdrawn</c>); a share in another unit (<c>lists.unit-mismatch</c>) or
    /// beyond what remains (<c>lists.over-capacity</c>); a bad budget or area (<c>lists.invalid-amount</c>). Nothing changed.
    /// </exception>
    /// <exception cref="AccessDeniedException">The actor may not propose projects at the first demand's place.</exception>
    public async Task<WorkflowCommandResult<Project>> ProposeProjectAsync(ProposeProject command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.ProjectId, command.Actor);
        CheckText(id, command.Title, "Title", MaxTitle, required: true);
        CheckText(id, command.Description, "Description", MaxText, required: false);
        if (command.DemandIds is not { Count: > 0 } || command.DemandIds.Distinct(StringComparer.Ordinal).Count() != command.DemandIds.Count)
        {
            throw Invalid(id, "A project meets at least one demand, each named once.");
        }

        CheckAmount(id, command.BudgetYuan, "budget");
        CheckAmount(id, command.AreaSquareMetres, "area");
        if (!command.Share.IsValid)
        {
            throw new ListRejectedException(ListRejectedException.InvalidQuantityCode, id, $"The share {command.Share} must be positive with at most two decimals.");
        }

        var resource = await _resources.FindAsync(CheckId(command.ResourceId, command.Actor), cancellationToken).ConfigureAwait(false)
                       ?? throw new ListRejectedException(ListRejectedException.ResourceNotFoundCode, id, $"There is no resource '{command.ResourceId}'.");
        if (resource.State != ListEntryState.Active)
        {
            throw new ListRejectedException(ListRejectedException.ResourceWithdrawnCode, id, $"Resource '{resource.Id}' was withdrawn.");
        }

        var demands = new List<Demand>(command.DemandIds.Count);
        foreach (var demandId in command.DemandIds)
        {
            var demand = await _demands.FindAsync(CheckId(demandId, command.Actor), cancellationToken).ConfigureAwait(false)
                         ?? throw new ListRejectedException(ListRejectedException.DemandNotFoundCode, id, $"There is no demand '{demandId}'.");
            if (demand.State != ListEntryState.Active)
            {
                throw new ListRejectedException(ListRejectedException.DemandWithdrawnCode, id, $"Demand '{demandId}' was withdrawn.");
            }

            demands.Add(demand);
        }

        if (await _projects.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (command.IdempotencyKey is not null && await IsDuplicateAsync(Project.StreamPrefix + id, command.IdempotencyKey, cancellationToken).ConfigureAwait(false))
            {
                return new WorkflowCommandResult<Project>(existing, [], WasDuplicate: true);
            }

            throw new ListRejectedException(ListRejectedException.AlreadyExistsCode, id, $"Project '{id}' exists already.");
        }

        if (command.Share.Unit != resource.Capacity.Unit)
        {
            throw new ListRejectedException(ListRejectedException.UnitMismatchCode, id, $"The share {command.Share} is not in the unit of resource '{resource.Id}' ({resource.Capacity.Unit}).");
        }

        // A first look at the read model refuses the plain cases before the access check and the hooks; the decision
        // that counts is taken against the resource's own stream just before the proposal is appended (TakeShare).
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var remaining = ReadModel.Remaining(resource.Id);
        if (ReadModel.FindResource(resource.Id)?.Shares.GetValueOrDefault(id) is { } mine && mine == command.Share.Amount)
        {
            remaining += mine; // this very proposal took it already (sent twice, or retried after a crash): TakeShare reuses it
        }

        if (command.Share.Amount > remaining)
        {
            throw OverCapacity(id, resource.Id, new Quantity(remaining, resource.Capacity.Unit), command.Share);
        }

        var place = demands[0].PlaceCode;
        var created = new ProjectProposed(command.Title, command.Description ?? string.Empty, place, [.. command.DemandIds], resource.Id, resource.OwnerId, command.Share, command.BudgetYuan, command.AreaSquareMetres)
        {
            ProjectId = id,
            From = ProjectState.Proposed,
            To = ProjectState.Proposed,
        };
        var why = $"项目 {id} 提出 / project {id} proposed";
        return await _projects.CreateAsync(
            id,
            created,
            new AccessTarget(id, place),
            command.Actor,
            command.Reason,
            command.IdempotencyKey,
            cancellationToken,
            reserve: () => TakeShareAsync(resource.Id, id, command.Share, command.Actor, why, cancellationToken),
            undo: () => UndoTakeAsync(resource.Id, id, command.Share, command.Actor)).ConfigureAwait(false);
    }

    /// <summary>Executes a project command: approve, claim, start, deliver, evaluate, cancel.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The project after the command and its event.</returns>
    /// <exception cref="ListRejectedException">Invalid input: a bad pledge (<c>lists.invalid-amount</c>), a rating outside 1–5 (<c>lists.invalid-rating</c>), an unknown committee decision (<c>lists.decision-not-found</c>), a cancellation without a reason.</exception>
    /// <exception cref="WorkflowRejectedException">The trigger is not allowed now, or a guard is unmet.</exception>
    /// <exception cref="AccessDeniedException">The actor may not fire it here (only the resource's owner claims).</exception>
    /// <exception cref="WorkflowVetoedException">A hook vetoed it.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command came first.</exception>
    public async Task<WorkflowCommandResult<Project>> ExecuteAsync(ProjectCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = CheckId(command.ProjectId, command.Actor);
        Func<Project, ProjectState, Instant, ProjectEvent> build;
        switch (command)
        {
            case ApproveProject approve:
                if (approve.Decision is { } decision)
                {
                    await CheckDecisionAsync(id, decision, cancellationToken).ConfigureAwait(false);
                }

                build = (p, to, _) => new ProjectApproved(approve.Decision) { ProjectId = id, From = p.State, To = to };
                break;
            case ClaimProject claim:
                if (claim.PledgedYuan <= 0m)
                {
                    throw new ListRejectedException(ListRejectedException.InvalidAmountCode, id, "The pledge must be a positive amount of yuan.");
                }

                CheckAmount(id, claim.PledgedYuan, "pledge");
                build = (p, to, _) => new ProjectClaimed(claim.Actor.Id, claim.PledgedYuan) { ProjectId = id, From = p.State, To = to };
                break;
            case StartProject:
                build = (p, to, _) => new ProjectStarted { ProjectId = id, From = p.State, To = to };
                break;
            case DeliverProject deliver:
                CheckText(id, deliver.Summary, "Summary", MaxText, required: true);
                build = (p, to, _) => new ProjectDelivered(deliver.Summary) { ProjectId = id, From = p.State, To = to };
                break;
            case EvaluateProject evaluate:
                if (evaluate.Rating is < 1 or > 5)
                {
                    throw new ListRejectedException(ListRejectedException.InvalidRatingCode, id, $"A rating is 1 to 5; {evaluate.Rating} is not.");
                }

                CheckText(id, evaluate.Summary, "Summary", MaxText, required: true);
                build = (p, to, _) => new ProjectEvaluated(evaluate.Rating, evaluate.Summary) { ProjectId = id, From = p.State, To = to };
                break;
            case CancelProject:
                if (string.IsNullOrWhiteSpace(command.Reason))
                {
                    throw Invalid(id, "Cancelling a project needs a reason.");
                }

                build = (p, to, _) => new ProjectCancelled { ProjectId = id, From = p.State, To = to };
                break;
            default:
                throw Invalid(id, $"Unknown project command {command.GetType().Name}.");
        }

        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var result = await _projects.FireAsync(id, command.Trigger, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, ProjectFactsOf, build, cancellationToken).ConfigureAwait(false);
        if (result.Aggregate is { State: ProjectState.Cancelled } cancelled)
        {
            // After the cancellation, never before: until the share is given back the resource is held, never over-committed.
            // A repeated cancel (same idempotency key) gives back a share a crash left behind.
            await ReleaseShareAsync(cancelled.ResourceId, id, command.Actor, $"项目 {id} 取消 / project {id} cancelled: {command.Reason}").ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Gets a project from its stream.</summary>
    /// <param name="projectId">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The project.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such project.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Project> GetProjectAsync(string projectId, CancellationToken cancellationToken = default)
        => await _projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);

    /// <summary>Answers "what may this actor do to this project now": the triggers the policy allows the actor here and whose guards pass.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers, in enum order.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such project.</exception>
    public async Task<IReadOnlyList<ProjectTrigger>> GetPermittedTriggersAsync(string projectId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var project = await _projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return _projects.Permitted(project, actor, ProjectFactsOf(project));
    }

    /// <summary>Gets the lifecycle of projects as a Mermaid state diagram, from the definition itself.</summary>
    /// <returns>The diagram.</returns>
    public static string ProjectLifecycleMermaid() => ListWorkflows.Project.ToMermaidGraph();

    // ---- Matching ----

    /// <summary>Ranks the resources on the list for one demand, each score explained (see <see cref="ResourceMatcher"/>).</summary>
    /// <param name="demandId">The demand.</param>
    /// <param name="top">How many to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The best candidates, best first.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such demand.</exception>
    public async Task<IReadOnlyList<ResourceMatch>> MatchAsync(string demandId, int top = 10, CancellationToken cancellationToken = default)
    {
        var demand = await _demands.GetAsync(demandId, cancellationToken).ConfigureAwait(false);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var district = hierarchy.TryGetNode(demand.PlaceCode, out var node) ? (node.NearestOfKind(GridNodeKind.District) ?? hierarchy.Root).Code : hierarchy.Root.Code;
        return Matcher(hierarchy, district).Rank(demand, _clock.GetCurrentInstant(), top);
    }

    /// <summary>
    /// Proposes an assignment of the demands on the list in a subtree (usually a district) that no project serves yet
    /// to the resources on the list there, within what remains of their capacities. Records nothing.
    /// </summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The proposal (see <see cref="ResourceMatcher.Assign"/>).</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public async Task<DistrictAssignment> ProposeAssignmentAsync(string subtreeCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subtreeCode);
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var top = hierarchy[subtreeCode];
        var served = ReadModel.Projects().Where(p => p.HoldsShare).SelectMany(p => p.DemandIds).ToHashSet(StringComparer.Ordinal);
        var demands = ReadModel.Demands().Where(d => d.State == ListEntryState.Active && !served.Contains(d.Id) && Within(hierarchy, top, d.PlaceCode));
        return Matcher(hierarchy, subtreeCode).Assign(demands, _clock.GetCurrentInstant());
    }

    private ResourceMatcher Matcher(GridHierarchy hierarchy, string subtreeCode)
    {
        var top = hierarchy[subtreeCode];
        var candidates = ReadModel.Resources()
            .Where(r => r.State == ListEntryState.Active && Within(hierarchy, top, r.PlaceCode))
            .Select(r => new MatchCandidate(r, ReadModel.Remaining(r.Id)));
        return new ResourceMatcher(hierarchy, candidates, _weights);
    }

    /// <summary>
    /// Takes a project's share of a resource's capacity in the resource's own stream, decided on the stream as it is and
    /// appended at that version: of racing takers of the last of it exactly one passes; the others read it again and are
    /// refused with <c>lists.over-capacity</c>. Shares of projects the read model shows cancelled but that were not given
    /// back (a crash between the two appends) are given back in the same append.
    /// </summary>
    /// <returns>Whether a share was taken (false when the project holds that very share already: a retried proposal).</returns>
    private async Task<bool> TakeShareAsync(string resourceId, string projectId, Quantity share, Actor actor, string reason, CancellationToken cancellationToken)
    {
        var took = false;
        await _resources.RecordAsync(resourceId, actor, reason, resource =>
        {
            took = false;
            if (resource.State != ListEntryState.Active)
            {
                throw new ListRejectedException(ListRejectedException.ResourceWithdrawnCode, projectId, $"Resource '{resourceId}' was withdrawn.");
            }

            if (share.Unit != resource.Capacity.Unit)
            {
                throw new ListRejectedException(ListRejectedException.UnitMismatchCode, projectId, $"The share {share} is not in the unit of resource '{resourceId}' ({resource.Capacity.Unit}).");
            }

            if (resource.Shares.TryGetValue(projectId, out var holding))
            {
                return holding == share.Amount
                    ? []
                    : throw new ListRejectedException(ListRejectedException.AlreadyExistsCode, projectId, $"Project '{projectId}' holds {new Quantity(holding, share.Unit)} of resource '{resourceId}' already.");
            }

            var events = new List<ResourceEvent>();
            var left = resource.Remaining;
            foreach (var (other, amount) in resource.Shares)
            {
                if (ReadModel.FindProject(other) is { HoldsShare: false })
                {
                    events.Add(new ResourceShareReleased(other, new Quantity(amount, share.Unit)) { ResourceId = resourceId });
                    left += amount;
                }
            }

            if (share.Amount > left)
            {
                throw OverCapacity(projectId, resourceId, new Quantity(left, share.Unit), share);
            }

            events.Add(new ResourceShareTaken(projectId, share) { ResourceId = resourceId });
            took = true;
            return events;
        }, cancellationToken).ConfigureAwait(false);
        return took;
    }

    /// <summary>
    /// Gives back the share a proposal took when its project could not be appended — unless the project now exists with
    /// that very share of that resource (the same command won on another thread or node and reused the share: a share is
    /// keyed by project id, so it is that project's now).
    /// </summary>
    private async Task UndoTakeAsync(string resourceId, string projectId, Quantity share, Actor actor)
    {
        if (await _projects.ReloadAsync(projectId, CancellationToken.None).ConfigureAwait(false) is { } existing
            && string.Equals(existing.ResourceId, resourceId, StringComparison.Ordinal) && existing.Share == share)
        {
            return;
        }

        await ReleaseShareAsync(resourceId, projectId, actor, $"项目 {projectId} 未记录 / project {projectId} not recorded").ConfigureAwait(false);
    }

    /// <summary>Gives a project's share of a resource back in the resource's stream; nothing when it holds none.</summary>
    private async Task ReleaseShareAsync(string resourceId, string projectId, Actor actor, string reason)
        => await _resources.RecordAsync(resourceId, actor, reason, resource =>
            resource.Shares.TryGetValue(projectId, out var amount)
                ? [new ResourceShareReleased(projectId, new Quantity(amount, resource.Capacity.Unit)) { ResourceId = resourceId }]
                : [], CancellationToken.None).ConfigureAwait(false);

    private static ListRejectedException OverCapacity(string projectId, string resourceId, Quantity left, Quantity share)
        => new(ListRejectedException.OverCapacityCode, projectId, $"Resource '{resourceId}' has {left} left; the share {share} is more.");

    private static bool Within(GridHierarchy hierarchy, GridNode top, string place)
        => hierarchy.TryGetNode(place, out var node) && top.IsAncestorOrSelfOf(node);

    private ListEntryFacts EntryFacts(Resource resource) => new(ReadModel.ProjectsUnderWay(resource.Id));

    private ListEntryFacts EntryFacts(Demand demand) => new(ReadModel.ProjectsUnderWay(demand.Id));

    private ProjectFacts ProjectFactsOf(Project project) => new(ReadModel.FindResource(project.ResourceId) is { State: ListEntryState.Active });

    private async Task<bool> IsDuplicateAsync(string streamId, string key, CancellationToken cancellationToken)
    {
        var stream = await _store.ReadStreamAsync(streamId, cancellationToken).ConfigureAwait(false);
        return stream.Any(e => string.Equals(e.Metadata.IdempotencyKey, key, StringComparison.Ordinal));
    }

    private async Task CheckDecisionAsync(string id, CommitteeDecisionRef decision, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(decision.MeetingId) || decision.ItemNumber < 1)
        {
            throw new ListRejectedException(ListRejectedException.DecisionNotFoundCode, id, "A committee decision names a meeting and an agenda item from 1.");
        }

        if (_committees is null)
        {
            return;
        }

        Meeting meeting;
        try
        {
            meeting = await _committees.GetMeetingAsync(new MeetingId(decision.MeetingId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GridGovException or ArgumentException)
        {
            throw new ListRejectedException(ListRejectedException.DecisionNotFoundCode, id, $"There is no meeting '{decision.MeetingId}'.");
        }

        if (!meeting.Agenda.Any(a => a.Item.Number == decision.ItemNumber && a.Outcome == AgendaItemOutcome.Decided))
        {
            throw new ListRejectedException(ListRejectedException.DecisionNotFoundCode, id, $"Item {decision.ItemNumber} of meeting '{decision.MeetingId}' was not decided.");
        }
    }

    private ResourceDetails CheckResource(string id, ResourceDetails? details)
    {
        if (details is null)
        {
            throw Invalid(id, "The resource's details are missing.");
        }

        CheckText(id, details.Title, "Title", MaxTitle, required: true);
        CheckText(id, details.Conditions, "Conditions", MaxText, required: false);
        if (!Enum.IsDefined(details.Category))
        {
            throw Invalid(id, "The category is unknown.");
        }

        CheckQuantity(id, details.Category, details.Capacity);
        CheckPlace(id, details.PlaceCode);
        if (details.Availability is null)
        {
            throw new ListRejectedException(ListRejectedException.InvalidWindowCode, id, "The availability is missing; an empty list means at any time.");
        }

        var windows = details.Availability.OrderBy(w => w.HasStart ? w.Start : Instant.MinValue).ToArray();
        for (var i = 0; i < windows.Length; i++)
        {
            if (!windows[i].HasStart || !windows[i].HasEnd || windows[i].Duration <= Duration.Zero)
            {
                throw new ListRejectedException(ListRejectedException.InvalidWindowCode, id, $"The window {windows[i]} must have a start before its end.");
            }

            if (i > 0 && windows[i].Start < windows[i - 1].End)
            {
                throw new ListRejectedException(ListRejectedException.InvalidWindowCode, id, $"The windows {windows[i - 1]} and {windows[i]} overlap.");
            }
        }

        return details with { Availability = windows };
    }

    private DemandDetails CheckDemand(string id, DemandDetails? details)
    {
        if (details is null)
        {
            throw Invalid(id, "The demand's details are missing.");
        }

        CheckText(id, details.Title, "Title", MaxTitle, required: true);
        CheckText(id, details.Description, "Description", MaxText, required: false);
        CheckText(id, details.Beneficiaries, "Beneficiaries", MaxTitle, required: true);
        if (!Enum.IsDefined(details.Category) || !Enum.IsDefined(details.Urgency))
        {
            throw Invalid(id, "The category or urgency is unknown.");
        }

        if (details.BeneficiaryCount < 1)
        {
            throw Invalid(id, "A demand benefits at least one person.");
        }

        CheckQuantity(id, details.Category, details.Need);
        CheckPlace(id, details.PlaceCode);
        if (details.NeededWithin is { } window && (!window.HasStart || !window.HasEnd || window.Duration <= Duration.Zero))
        {
            throw new ListRejectedException(ListRejectedException.InvalidWindowCode, id, $"The window {window} must have a start before its end.");
        }

        return details with { Description = details.Description ?? string.Empty };
    }

    private static void CheckQuantity(string id, ResourceCategory category, Quantity quantity)
    {
        if (!quantity.IsValid)
        {
            throw new ListRejectedException(ListRejectedException.InvalidQuantityCode, id, $"{quantity} must be positive with at most two decimals, in a known unit.");
        }

        if ((category == ResourceCategory.Funds) != (quantity.Unit == CapacityUnit.Yuan))
        {
            throw new ListRejectedException(ListRejectedException.UnitMismatchCode, id, $"Funds are counted in yuan and only funds are: {category} in {quantity.Unit} is not allowed.");
        }
    }

    private void CheckPlace(string id, string? place)
    {
        if (string.IsNullOrWhiteSpace(place))
        {
            throw Invalid(id, "The place is missing.");
        }

        if (_territory.IsLoaded && !_territory.Current.Contains(place))
        {
            throw new ListRejectedException(ListRejectedException.UnknownPlaceCode, id, $"Place '{place}' is not in the grid hierarchy.");
        }
    }

    private static void CheckAmount(string id, decimal? amount, string what)
    {
        if (amount is { } a && (a <= 0m || decimal.Round(a, 2) != a))
        {
            throw new ListRejectedException(ListRejectedException.InvalidAmountCode, id, $"The {what} must be positive with at most two decimals; {a} is not.");
        }
    }

    private static void CheckText(string id, string? text, string name, int max, bool required)
    {
        if ((required && string.IsNullOrWhiteSpace(text)) || (text?.Length ?? 0) > max)
        {
            throw Invalid(id, required ? $"{name} must be 1–{max} characters." : $"{name} must be at most {max} characters.");
        }
    }

    private static string CheckId(string? id, Actor? actor)
    {
        if (actor is null)
        {
            throw Invalid(id ?? string.Empty, "The command must name its actor.");
        }

        if (string.IsNullOrEmpty(id) || id.Length > 64 || id.Any(char.IsWhiteSpace) || id.Any(char.IsControl))
        {
            throw Invalid(id ?? string.Empty, "An id is 1–64 characters with no white space or control characters.");
        }

        return id;
    }

    private static ListRejectedException Invalid(string id, string message) => new(ListRejectedException.InvalidCommandCode, id, message);
}
