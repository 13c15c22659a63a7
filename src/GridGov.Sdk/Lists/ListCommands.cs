using GridGov.Sdk.Access;

namespace GridGov.Sdk.Lists;

/// <summary>A command on the three lists. Names its actor; may carry a reason, an idempotency key and the version it was decided against.</summary>
/// <param name="Actor">Who gives the command.</param>
public abstract record ListCommand(Actor Actor)
{
    /// <summary>Gets why, for the audit trail.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key: a repeat with the same key records nothing and returns the entry as a duplicate.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version the command was decided against; when set and stale, the command fails with a concurrency error. Ignored when creating.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>Puts a resource on the resource list (资源清单).</summary>
/// <param name="ResourceId">The new resource's id (1–64 characters, no white space).</param>
/// <param name="Actor">Who registers it: its owner, or a grid worker or manager on the owner's behalf.</param>
/// <param name="Provider">What kind of party offers it.</param>
/// <param name="Details">What it offers, where and when.</param>
public sealed record RegisterResource(string ResourceId, Actor Actor, ResourceProvider Provider, ResourceDetails Details) : ListCommand(Actor)
{
    /// <summary>Gets the owner's actor id when someone registers on the owner's behalf; the actor's id when null.</summary>
    public string? OwnerId { get; init; }
}

/// <summary>Changes a resource's details. Its capacity cannot drop below what projects hold, nor its unit change while they hold any.</summary>
/// <param name="ResourceId">The resource.</param>
/// <param name="Actor">Its owner or a manager.</param>
/// <param name="Details">The new details.</param>
public sealed record ChangeResource(string ResourceId, Actor Actor, ResourceDetails Details) : ListCommand(Actor);

/// <summary>Takes a resource off the list; refused while a project under way relies on it.</summary>
/// <param name="ResourceId">The resource.</param>
/// <param name="Actor">Its owner or a manager.</param>
public sealed record WithdrawResource(string ResourceId, Actor Actor) : ListCommand(Actor);

/// <summary>Puts a demand on the demand list (需求清单).</summary>
/// <param name="DemandId">The new demand's id (1–64 characters, no white space).</param>
/// <param name="Actor">Who raises it: a resident, or a grid worker who found it.</param>
/// <param name="Source">Raised by residents or found by a grid worker.</param>
/// <param name="Details">What is needed, where, how urgently, for whom.</param>
public sealed record RaiseDemand(string DemandId, Actor Actor, DemandSource Source, DemandDetails Details) : ListCommand(Actor);

/// <summary>Changes a demand's details.</summary>
/// <param name="DemandId">The demand.</param>
/// <param name="Actor">Who raised it, or a manager.</param>
/// <param name="Details">The new details.</param>
public sealed record ChangeDemand(string DemandId, Actor Actor, DemandDetails Details) : ListCommand(Actor);

/// <summary>Takes a demand off the list; refused while a project under way meets it.</summary>
/// <param name="DemandId">The demand.</param>
/// <param name="Actor">Who raised it, or a manager.</param>
public sealed record WithdrawDemand(string DemandId, Actor Actor) : ListCommand(Actor);

/// <summary>Proposes a project (项目清单): a share of one resource put to one or more demands.</summary>
/// <param name="ProjectId">The new project's id (1–64 characters, no white space).</param>
/// <param name="Actor">Who proposes it.</param>
/// <param name="Title">The title; 1–200 characters.</param>
/// <param name="Description">What is to be done; up to 2000 characters.</param>
/// <param name="DemandIds">The demands it meets, at least one, all on the list.</param>
/// <param name="ResourceId">The resource it uses, on the list.</param>
/// <param name="Share">How much of the resource it takes: in the resource's unit, at most what remains.</param>
public sealed record ProposeProject(string ProjectId, Actor Actor, string Title, string Description, IReadOnlyList<string> DemandIds, string ResourceId, Quantity Share) : ListCommand(Actor)
{
    /// <summary>Gets the budget in yuan, if known.</summary>
    public decimal? BudgetYuan { get; init; }

    /// <summary>Gets the area concerned in m², if any.</summary>
    public decimal? AreaSquareMetres { get; init; }
}

/// <summary>A command on a project that fires one <see cref="ProjectTrigger"/>.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">Who gives the command.</param>
public abstract record ProjectCommand(string ProjectId, Actor Actor) : ListCommand(Actor)
{
    /// <summary>Gets the trigger the command fires.</summary>
    public abstract ProjectTrigger Trigger { get; }
}

/// <summary>Approves a proposed project, possibly by a committee decision.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">A manager.</param>
public sealed record ApproveProject(string ProjectId, Actor Actor) : ProjectCommand(ProjectId, Actor)
{
    /// <summary>Gets the committee decision (a meeting and a decided agenda item) the approval rests on; null for none.</summary>
    public CommitteeDecisionRef? Decision { get; init; }

    /// <inheritdoc />
    public override ProjectTrigger Trigger => ProjectTrigger.Approve;
}

/// <summary>The resource's owner claims an approved project with a pledged amount (认领).</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">The owner of the project's resource.</param>
/// <param name="PledgedYuan">The amount pledged in yuan: positive, at most two decimals.</param>
public sealed record ClaimProject(string ProjectId, Actor Actor, decimal PledgedYuan) : ProjectCommand(ProjectId, Actor)
{
    /// <inheritdoc />
    public override ProjectTrigger Trigger => ProjectTrigger.Claim;
}

/// <summary>Starts work on a claimed project.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">The claimant or a manager.</param>
public sealed record StartProject(string ProjectId, Actor Actor) : ProjectCommand(ProjectId, Actor)
{
    /// <inheritdoc />
    public override ProjectTrigger Trigger => ProjectTrigger.Start;
}

/// <summary>Records the delivery of a project in progress.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">The claimant or a manager.</param>
/// <param name="Summary">What was delivered; 1–2000 characters.</param>
public sealed record DeliverProject(string ProjectId, Actor Actor, string Summary) : ProjectCommand(ProjectId, Actor)
{
    /// <inheritdoc />
    public override ProjectTrigger Trigger => ProjectTrigger.Deliver;
}

/// <summary>Evaluates a delivered project, which closes it.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">A manager or committee member.</param>
/// <param name="Rating">1 (poor) to 5 (excellent).</param>
/// <param name="Summary">The evaluation; 1–2000 characters.</param>
public sealed record EvaluateProject(string ProjectId, Actor Actor, int Rating, string Summary) : ProjectCommand(ProjectId, Actor)
{
    /// <inheritdoc />
    public override ProjectTrigger Trigger => ProjectTrigger.Evaluate;
}

/// <summary>Cancels a project before delivery; needs a reason. Its share of the resource is free again.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Actor">A manager.</param>
public sealed record CancelProject(string ProjectId, Actor Actor) : ProjectCommand(ProjectId, Actor)
{
    /// <inheritdoc />
    public override ProjectTrigger Trigger => ProjectTrigger.Cancel;
}

/// <summary>Settings of the three lists.</summary>
public sealed class ListOptions
{
    /// <summary>Gets or sets the matcher's weights. <value>The default value is <see cref="MatchWeights.Default"/>.</value></summary>
    public MatchWeights Weights { get; set; } = MatchWeights.Default;
}
