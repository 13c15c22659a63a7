using NodaTime;

namespace GridGov.Sdk.Lists;

/// <summary>What a resource on the resource list (资源清单) offers, where and when.</summary>
/// <param name="Title">What it is, such as 企业捐资 or 党群服务中心多功能厅; 1–200 characters.</param>
/// <param name="Category">Its category.</param>
/// <param name="Capacity">How much of it there is in total (yuan, m², hours, items, persons).</param>
/// <param name="PlaceCode">The grid node where it is offered (a compound, a community, a street…).</param>
/// <param name="Availability">When it is available, as half-open intervals; empty means at any time.</param>
/// <param name="Conditions">Conditions the owner sets (免费, 需提前三天预约…); optional, up to 2000 characters.</param>
public sealed record ResourceDetails(
    string Title,
    ResourceCategory Category,
    Quantity Capacity,
    string PlaceCode,
    IReadOnlyList<Interval> Availability,
    string? Conditions = null);

/// <summary>What a demand on the demand list (需求清单) asks for, where, how urgently and for whom.</summary>
/// <param name="Title">What is needed; 1–200 characters.</param>
/// <param name="Description">Details; up to 2000 characters.</param>
/// <param name="Category">The kind of resource that would meet it.</param>
/// <param name="Need">How much is needed, in the unit of the resources that could meet it.</param>
/// <param name="PlaceCode">The grid node where it arises.</param>
/// <param name="Urgency">How urgent it is.</param>
/// <param name="Beneficiaries">Who benefits, in words (一单元独居老人, 全小区居民); 1–200 characters.</param>
/// <param name="BeneficiaryCount">How many people benefit; at least 1.</param>
/// <param name="NeededWithin">When it is needed; null for the default window of the matcher (the next 30 days).</param>
public sealed record DemandDetails(
    string Title,
    string Description,
    ResourceCategory Category,
    Quantity Need,
    string PlaceCode,
    DemandUrgency Urgency,
    string Beneficiaries,
    int BeneficiaryCount,
    Interval? NeededWithin = null);

/// <summary>An event in a resource's stream (<c>resource-{id}</c>). The who/when/why is in the stored event's metadata.</summary>
public abstract record ResourceEvent
{
    /// <summary>Gets the resource.</summary>
    public required string ResourceId { get; init; }
}

/// <summary>A resource was put on the resource list.</summary>
/// <param name="OwnerId">The actor id of its owner (an enterprise, a unit, a resident), who alone may claim projects on it.</param>
/// <param name="Provider">What kind of party the owner is.</param>
/// <param name="Details">What it offers.</param>
public sealed record ResourceRegistered(string OwnerId, ResourceProvider Provider, ResourceDetails Details) : ResourceEvent;

/// <summary>A resource's details changed.</summary>
/// <param name="Details">The new details.</param>
public sealed record ResourceChanged(ResourceDetails Details) : ResourceEvent;

/// <summary>A resource was taken off the list.</summary>
public sealed record ResourceWithdrawn : ResourceEvent;

/// <summary>
/// A project took a share of the resource's capacity (its proposal). Recorded in the resource's own stream at the
/// version the decision was made on (optimistic concurrency), so of two takers of the last of it only one passes;
/// the project's own proposal follows in its stream.
/// </summary>
/// <param name="ProjectId">The project that holds the share.</param>
/// <param name="Share">How much it holds, in the resource's unit.</param>
public sealed record ResourceShareTaken(string ProjectId, Quantity Share) : ResourceEvent;

/// <summary>A project gave its share of the resource's capacity back (it was cancelled, or its proposal was not recorded).</summary>
/// <param name="ProjectId">The project that held the share.</param>
/// <param name="Share">How much it gave back.</param>
public sealed record ResourceShareReleased(string ProjectId, Quantity Share) : ResourceEvent;

/// <summary>An event in a demand's stream (<c>demand-{id}</c>). The who/when/why is in the stored event's metadata.</summary>
public abstract record DemandEvent
{
    /// <summary>Gets the demand.</summary>
    public required string DemandId { get; init; }
}

/// <summary>A demand was put on the demand list.</summary>
/// <param name="RaisedById">The actor id of who raised it (a resident, a grid worker).</param>
/// <param name="Source">Raised by residents or found by a grid worker.</param>
/// <param name="Details">What is needed.</param>
public sealed record DemandRaised(string RaisedById, DemandSource Source, DemandDetails Details) : DemandEvent;

/// <summary>A demand's details changed.</summary>
/// <param name="Details">The new details.</param>
public sealed record DemandChanged(DemandDetails Details) : DemandEvent;

/// <summary>A demand was taken off the list.</summary>
public sealed record DemandWithdrawn : DemandEvent;

/// <summary>A reference to the committee decision (社工委议事决定) behind a project: a meeting and one of its agenda items.</summary>
/// <param name="MeetingId">The meeting's id.</param>
/// <param name="ItemNumber">The agenda item's number, from 1.</param>
public sealed record CommitteeDecisionRef(string MeetingId, int ItemNumber);

/// <summary>An event in a project's stream (<c>project-{id}</c>). The who/when/why is in the stored event's metadata.</summary>
public abstract record ProjectEvent
{
    /// <summary>Gets the project.</summary>
    public required string ProjectId { get; init; }

    /// <summary>Gets the state before the event (<see cref="ProjectState.Proposed"/> for the proposal itself).</summary>
    public ProjectState From { get; init; }

    /// <summary>Gets the state after the event.</summary>
    public ProjectState To { get; init; }
}

/// <summary>A project was proposed: a share of one resource put to one or more demands.</summary>
/// <param name="Title">The project's title; 1–200 characters.</param>
/// <param name="Description">What is to be done; up to 2000 characters.</param>
/// <param name="PlaceCode">Where: the first demand's place.</param>
/// <param name="DemandIds">The demands it meets, at least one.</param>
/// <param name="ResourceId">The resource it uses.</param>
/// <param name="ResourceOwnerId">The resource's owner, who alone may claim it.</param>
/// <param name="Share">How much of the resource's capacity it takes, in the resource's unit.</param>
/// <param name="BudgetYuan">The budget in yuan, if known.</param>
/// <param name="AreaSquareMetres">The area concerned in m², if any (an 800 m² eyesore turned into a pocket park).</param>
public sealed record ProjectProposed(
    string Title,
    string Description,
    string PlaceCode,
    IReadOnlyList<string> DemandIds,
    string ResourceId,
    string ResourceOwnerId,
    Quantity Share,
    decimal? BudgetYuan,
    decimal? AreaSquareMetres) : ProjectEvent;

/// <summary>A project was approved, possibly by a committee decision.</summary>
/// <param name="Decision">The committee decision it rests on; null when approved by a manager alone.</param>
public sealed record ProjectApproved(CommitteeDecisionRef? Decision) : ProjectEvent;

/// <summary>The resource's owner claimed the project with a pledged amount (认领).</summary>
/// <param name="ClaimantId">The owner's actor id.</param>
/// <param name="PledgedYuan">The amount pledged, in yuan.</param>
public sealed record ProjectClaimed(string ClaimantId, decimal PledgedYuan) : ProjectEvent;

/// <summary>Work on the project started.</summary>
public sealed record ProjectStarted : ProjectEvent;

/// <summary>The project was delivered.</summary>
/// <param name="Summary">What was delivered.</param>
public sealed record ProjectDelivered(string Summary) : ProjectEvent;

/// <summary>The delivered project was evaluated (评价), which closes it.</summary>
/// <param name="Rating">1 (poor) to 5 (excellent).</param>
/// <param name="Summary">The evaluation in words.</param>
public sealed record ProjectEvaluated(int Rating, string Summary) : ProjectEvent;

/// <summary>The project was cancelled before delivery; its share of the resource is free again.</summary>
public sealed record ProjectCancelled : ProjectEvent;
