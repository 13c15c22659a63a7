using System.Collections.Immutable;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Lists;

/// <summary>A resource on the resource list (资源清单): what an enterprise, unit or resident offers the community. The fold of its stream.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Resource : IWorkflowAggregate<ListEntryState>
{
    /// <summary>The prefix of a resource's stream id.</summary>
    public const string StreamPrefix = "resource-";

    /// <summary>Gets the resource's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the number of events applied.</summary>
    public long Version { get; init; }

    /// <summary>Gets whether it is on the list or withdrawn.</summary>
    public ListEntryState State { get; init; }

    /// <summary>Gets the actor id of its owner.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Gets what kind of party the owner is.</summary>
    public ResourceProvider Provider { get; init; }

    /// <summary>Gets what it offers.</summary>
    public required ResourceDetails Details { get; init; }

    /// <summary>Gets when it was registered.</summary>
    public Instant RegisteredAt { get; init; }

    /// <summary>
    /// Gets the shares of its capacity that projects hold, by project id: taken with a proposal
    /// (<see cref="ResourceShareTaken"/>), given back when a project is cancelled (<see cref="ResourceShareReleased"/>).
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Shares { get; init; } = ImmutableDictionary<string, decimal>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Gets how much of its capacity projects hold: the sum of <see cref="Shares"/>.</summary>
    public decimal Held { get; init; }

    /// <summary>Gets what remains of its capacity: the capacity less what projects hold.</summary>
    public decimal Remaining => Capacity.Amount - Held;

    /// <summary>Gets its category.</summary>
    public ResourceCategory Category => Details.Category;

    /// <summary>Gets its total capacity.</summary>
    public Quantity Capacity => Details.Capacity;

    /// <summary>Gets where it is offered.</summary>
    public string PlaceCode => Details.PlaceCode;

    internal static Resource Fold(Resource? before, ResourceEvent evt, RecordedEvent recorded) => evt switch
    {
        ResourceRegistered r => new Resource
        {
            Id = r.ResourceId,
            Version = recorded.StreamVersion,
            OwnerId = r.OwnerId,
            Provider = r.Provider,
            Details = r.Details,
            RegisteredAt = recorded.Metadata.At,
        },
        ResourceChanged c => Existing(before, recorded) with { Version = recorded.StreamVersion, Details = c.Details },
        ResourceWithdrawn => Existing(before, recorded) with { Version = recorded.StreamVersion, State = ListEntryState.Withdrawn },
        ResourceShareTaken t => WithShare(Existing(before, recorded), t.ProjectId, t.Share.Amount, recorded.StreamVersion),
        ResourceShareReleased g => WithShare(Existing(before, recorded), g.ProjectId, null, recorded.StreamVersion),
        _ => throw new InvalidOperationException($"Unknown resource event {evt.GetType().Name}."),
    };

    private static Resource WithShare(Resource r, string projectId, decimal? amount, long version)
    {
        var ledger = r.Shares as ImmutableDictionary<string, decimal> ?? r.Shares.ToImmutableDictionary(StringComparer.Ordinal);
        var held = r.Held - ledger.GetValueOrDefault(projectId);
        return amount is { } a
            ? r with { Version = version, Shares = ledger.SetItem(projectId, a), Held = held + a }
            : r with { Version = version, Shares = ledger.Remove(projectId), Held = held };
    }

    private static Resource Existing(Resource? before, RecordedEvent recorded)
        => before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with a registration.");

    /// <inheritdoc />
    public override string ToString() => $"{Details.Title} ({Id}) {Category} {Capacity} @ {PlaceCode}, {State}";
}

/// <summary>A demand on the demand list (需求清单): what residents need, raised by them or found by grid workers. The fold of its stream.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Demand : IWorkflowAggregate<ListEntryState>
{
    /// <summary>The prefix of a demand's stream id.</summary>
    public const string StreamPrefix = "demand-";

    /// <summary>Gets the demand's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the number of events applied.</summary>
    public long Version { get; init; }

    /// <summary>Gets whether it is on the list or withdrawn.</summary>
    public ListEntryState State { get; init; }

    /// <summary>Gets the actor id of who raised it.</summary>
    public required string RaisedById { get; init; }

    /// <summary>Gets how it came to the list.</summary>
    public DemandSource Source { get; init; }

    /// <summary>Gets what is needed.</summary>
    public required DemandDetails Details { get; init; }

    /// <summary>Gets when it was raised.</summary>
    public Instant RaisedAt { get; init; }

    /// <summary>Gets its category.</summary>
    public ResourceCategory Category => Details.Category;

    /// <summary>Gets how much is needed.</summary>
    public Quantity Need => Details.Need;

    /// <summary>Gets where it arises.</summary>
    public string PlaceCode => Details.PlaceCode;

    /// <summary>Gets how urgent it is.</summary>
    public DemandUrgency Urgency => Details.Urgency;

    internal static Demand Fold(Demand? before, DemandEvent evt, RecordedEvent recorded) => evt switch
    {
        DemandRaised r => new Demand
        {
            Id = r.DemandId,
            Version = recorded.StreamVersion,
            RaisedById = r.RaisedById,
            Source = r.Source,
            Details = r.Details,
            RaisedAt = recorded.Metadata.At,
        },
        DemandChanged c => Existing(before, recorded) with { Version = recorded.StreamVersion, Details = c.Details },
        DemandWithdrawn => Existing(before, recorded) with { Version = recorded.StreamVersion, State = ListEntryState.Withdrawn },
        _ => throw new InvalidOperationException($"Unknown demand event {evt.GetType().Name}."),
    };

    private static Demand Existing(Demand? before, RecordedEvent recorded)
        => before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with a demand being raised.");

    /// <inheritdoc />
    public override string ToString() => $"{Details.Title} ({Id}) {Category} {Need} @ {PlaceCode}, {Urgency}, {State}";
}

/// <summary>
/// A project on the project list (项目清单): a share of one resource put to one or more demands, carried from
/// proposal through approval, the owner's claim with a pledge, work and delivery to evaluation. The fold of its stream.
/// </summary>
/// <remarks>Immutable and thread-safe. Hooks see it as <c>Before</c>/<c>After</c> of a transition: <see cref="PledgedYuan"/> and <see cref="AreaSquareMetres"/> let an integrator veto closing a big project.</remarks>
public sealed record Project : IWorkflowAggregate<ProjectState>
{
    /// <summary>The prefix of a project's stream id.</summary>
    public const string StreamPrefix = "project-";

    /// <summary>Gets the project's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the number of events applied.</summary>
    public long Version { get; init; }

    /// <summary>Gets its state.</summary>
    public ProjectState State { get; init; }

    /// <summary>Gets its title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets what is to be done.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Gets where: the first demand's place.</summary>
    public required string PlaceCode { get; init; }

    /// <summary>Gets the demands it meets.</summary>
    public required IReadOnlyList<string> DemandIds { get; init; }

    /// <summary>Gets the resource it uses.</summary>
    public required string ResourceId { get; init; }

    /// <summary>Gets the resource's owner, who alone may claim it.</summary>
    public required string ResourceOwnerId { get; init; }

    /// <summary>Gets how much of the resource's capacity it takes.</summary>
    public Quantity Share { get; init; }

    /// <summary>Gets the budget in yuan, if known.</summary>
    public decimal? BudgetYuan { get; init; }

    /// <summary>Gets the area concerned in m², if any.</summary>
    public decimal? AreaSquareMetres { get; init; }

    /// <summary>Gets the committee decision it was approved by, if any.</summary>
    public CommitteeDecisionRef? Decision { get; init; }

    /// <summary>Gets who claimed it; null before the claim.</summary>
    public string? ClaimantId { get; init; }

    /// <summary>Gets the amount pledged at the claim, in yuan; null before the claim.</summary>
    public decimal? PledgedYuan { get; init; }

    /// <summary>Gets what was delivered; null before delivery.</summary>
    public string? DeliverySummary { get; init; }

    /// <summary>Gets the evaluation's rating (1–5); null before evaluation.</summary>
    public int? Rating { get; init; }

    /// <summary>Gets the evaluation in words; null before evaluation.</summary>
    public string? Evaluation { get; init; }

    /// <summary>Gets when it was proposed.</summary>
    public Instant ProposedAt { get; init; }

    /// <summary>Gets whether it still takes its share of the resource (every state but <see cref="ProjectState.Cancelled"/>).</summary>
    public bool HoldsShare => State != ProjectState.Cancelled;

    internal static Project Fold(Project? before, ProjectEvent evt, RecordedEvent recorded)
    {
        if (evt is ProjectProposed p)
        {
            return new Project
            {
                Id = p.ProjectId,
                Version = recorded.StreamVersion,
                State = ProjectState.Proposed,
                Title = p.Title,
                Description = p.Description,
                PlaceCode = p.PlaceCode,
                DemandIds = p.DemandIds,
                ResourceId = p.ResourceId,
                ResourceOwnerId = p.ResourceOwnerId,
                Share = p.Share,
                BudgetYuan = p.BudgetYuan,
                AreaSquareMetres = p.AreaSquareMetres,
                ProposedAt = recorded.Metadata.At,
            };
        }

        var next = (before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with a proposal."))
            with { Version = recorded.StreamVersion, State = evt.To };
        return evt switch
        {
            ProjectApproved a => next with { Decision = a.Decision },
            ProjectClaimed c => next with { ClaimantId = c.ClaimantId, PledgedYuan = c.PledgedYuan },
            ProjectDelivered d => next with { DeliverySummary = d.Summary },
            ProjectEvaluated e => next with { Rating = e.Rating, Evaluation = e.Summary },
            _ => next,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Title} ({Id}) {State}, v{Version}";
}
