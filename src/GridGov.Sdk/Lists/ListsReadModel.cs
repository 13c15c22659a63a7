using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Lists;

/// <summary>
/// The three lists of a deployment — resources, demands, projects — folded from the store's global log, with the
/// remaining capacity of every resource and list totals. Kept live by <see cref="ListService"/> (every commit goes
/// through <see cref="LogProjection.Apply"/>) and rebuilt from scratch by <see cref="LogProjection.CatchUpAsync"/> with the same answers.
/// </summary>
/// <remarks>Thread-safe: writers are serialized, readers take a consistent copy.</remarks>
public sealed class ListsReadModel : LogProjection
{
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Demand> _demands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Project> _projects = new(StringComparer.Ordinal);

    /// <summary>Gets a copy of every resource, withdrawn ones included.</summary>
    /// <returns>The resources, ordered by id.</returns>
    public IReadOnlyList<Resource> Resources()
    {
        lock (Gate)
        {
            return [.. _resources.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Gets a copy of every demand, withdrawn ones included.</summary>
    /// <returns>The demands, ordered by id.</returns>
    public IReadOnlyList<Demand> Demands()
    {
        lock (Gate)
        {
            return [.. _demands.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Gets a copy of every project.</summary>
    /// <returns>The projects, ordered by id.</returns>
    public IReadOnlyList<Project> Projects()
    {
        lock (Gate)
        {
            return [.. _projects.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Looks a resource up.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The resource, or null.</returns>
    public Resource? FindResource(string id)
    {
        lock (Gate)
        {
            return _resources.GetValueOrDefault(id);
        }
    }

    /// <summary>Looks a demand up.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The demand, or null.</returns>
    public Demand? FindDemand(string id)
    {
        lock (Gate)
        {
            return _demands.GetValueOrDefault(id);
        }
    }

    /// <summary>Looks a project up.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The project, or null.</returns>
    public Project? FindProject(string id)
    {
        lock (Gate)
        {
            return _projects.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Gets what remains of a resource's capacity: its capacity less the shares projects hold (<see cref="Held"/>), as its
    /// own stream records them (<see cref="Resource.Shares"/>: taken with a proposal, given back when a project is cancelled).
    /// </summary>
    /// <param name="resourceId">The resource.</param>
    /// <returns>The remaining amount in the resource's unit; 0 for an unknown resource.</returns>
    public decimal Remaining(string resourceId)
    {
        lock (Gate)
        {
            return _resources.TryGetValue(resourceId, out var r) ? r.Capacity.Amount - HeldLocked(r) : 0m;
        }
    }

    /// <summary>
    /// Gets the amount of a resource's capacity that projects hold: <see cref="Resource.Held"/>, less the shares of projects
    /// this model knows to be cancelled whose share a crash kept from being given back (the next proposal on the
    /// resource gives them back).
    /// </summary>
    /// <param name="resourceId">The resource.</param>
    /// <returns>The amount held; 0 for an unknown resource.</returns>
    public decimal Held(string resourceId)
    {
        lock (Gate)
        {
            return _resources.TryGetValue(resourceId, out var r) ? HeldLocked(r) : 0m;
        }
    }

    /// <summary>Counts the projects under way (proposed, approved, claimed or in progress) that use a resource or meet a demand.</summary>
    /// <param name="entryId">A resource's or a demand's id.</param>
    /// <returns>The count.</returns>
    public int ProjectsUnderWay(string entryId)
    {
        lock (Gate)
        {
            var count = 0;
            foreach (var p in _projects.Values)
            {
                if (IsUnderWay(p.State) && (string.Equals(p.ResourceId, entryId, StringComparison.Ordinal) || p.DemandIds.Contains(entryId, StringComparer.Ordinal)))
                {
                    count = checked(count + 1);
                }
            }

            return count;
        }
    }

    /// <inheritdoc />
    protected override void When(RecordedEvent next)
    {
        switch (next.Payload)
        {
            case ResourceEvent e:
                _resources[e.ResourceId] = Resource.Fold(_resources.GetValueOrDefault(e.ResourceId), e, next);
                break;
            case DemandEvent e:
                _demands[e.DemandId] = Demand.Fold(_demands.GetValueOrDefault(e.DemandId), e, next);
                break;
            case ProjectEvent e:
                _projects[e.ProjectId] = Project.Fold(_projects.GetValueOrDefault(e.ProjectId), e, next);
                break;
        }
    }

    /// <summary>Totals of the three lists, over everything or one grid subtree.</summary>
    /// <param name="hierarchy">The hierarchy the subtree is looked up in; required with <paramref name="subtreeCode"/>.</param>
    /// <param name="subtreeCode">The subtree; null for everything.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public ListStatistics Statistics(GridHierarchy? hierarchy = null, string? subtreeCode = null) => Statistics(hierarchy, subtreeCode, null);

    /// <summary>As the public overload, counting only entries at places <paramref name="visible"/> sees (null: all).</summary>
    internal ListStatistics Statistics(GridHierarchy? hierarchy, string? subtreeCode, Access.DistrictScope? visible)
    {
        GridNode? top = null;
        if (subtreeCode is not null)
        {
            ArgumentNullException.ThrowIfNull(hierarchy);
            top = hierarchy[subtreeCode];
        }

        bool Within(string place) => (top is not { } t || (hierarchy!.TryGetNode(place, out var node) && t.IsAncestorOrSelfOf(node))) && (visible is null || visible.Sees(place));

        lock (Gate)
        {
            var byState = new int[Enum.GetValues<ProjectState>().Length];
            var met = new HashSet<string>(StringComparer.Ordinal);
            decimal pledged = 0m, area = 0m;
            int ratings = 0, ratingSum = 0;
            foreach (var p in _projects.Values)
            {
                if (!Within(p.PlaceCode))
                {
                    continue;
                }

                byState[(int)p.State] = checked(byState[(int)p.State] + 1);
                if (p.PledgedYuan is { } y && p.State != ProjectState.Cancelled)
                {
                    pledged += y;
                }

                if (p.State is ProjectState.Delivered or ProjectState.Evaluated)
                {
                    area += p.AreaSquareMetres ?? 0m;
                    met.UnionWith(p.DemandIds);
                }

                if (p.Rating is { } rating)
                {
                    ratings = checked(ratings + 1);
                    ratingSum = checked(ratingSum + rating);
                }
            }

            int resources = 0, resourcesWithdrawn = 0, demands = 0, demandsWithdrawn = 0, beneficiaries = 0;
            foreach (var r in _resources.Values)
            {
                if (Within(r.PlaceCode))
                {
                    _ = r.State == ListEntryState.Active ? resources = checked(resources + 1) : resourcesWithdrawn = checked(resourcesWithdrawn + 1);
                }
            }

            var demandsMet = 0;
            foreach (var d in _demands.Values)
            {
                if (!Within(d.PlaceCode))
                {
                    continue;
                }

                _ = d.State == ListEntryState.Active ? demands = checked(demands + 1) : demandsWithdrawn = checked(demandsWithdrawn + 1);
                if (met.Contains(d.Id))
                {
                    demandsMet = checked(demandsMet + 1);
                    beneficiaries = checked(beneficiaries + d.Details.BeneficiaryCount);
                }
            }

            return new ListStatistics
            {
                Resources = resources,
                ResourcesWithdrawn = resourcesWithdrawn,
                Demands = demands,
                DemandsWithdrawn = demandsWithdrawn,
                DemandsMet = demandsMet,
                BeneficiariesServed = beneficiaries,
                ProjectsProposed = byState[(int)ProjectState.Proposed],
                ProjectsApproved = byState[(int)ProjectState.Approved],
                ProjectsClaimed = byState[(int)ProjectState.Claimed],
                ProjectsInProgress = byState[(int)ProjectState.InProgress],
                ProjectsDelivered = byState[(int)ProjectState.Delivered],
                ProjectsEvaluated = byState[(int)ProjectState.Evaluated],
                ProjectsCancelled = byState[(int)ProjectState.Cancelled],
                PledgedYuan = pledged,
                DeliveredAreaSquareMetres = area,
                AverageRating = ratings == 0 ? null : decimal.Round((decimal)ratingSum / ratings, 2, MidpointRounding.AwayFromZero),
            };
        }
    }

    private decimal HeldLocked(Resource r)
    {
        var held = r.Held;
        foreach (var (projectId, amount) in r.Shares)
        {
            if (_projects.TryGetValue(projectId, out var p) && !p.HoldsShare)
            {
                held -= amount;
            }
        }

        return held;
    }

    internal static bool IsUnderWay(ProjectState state) => state is ProjectState.Proposed or ProjectState.Approved or ProjectState.Claimed or ProjectState.InProgress;
}

/// <summary>Totals of the three lists (三张清单) over a deployment or a grid subtree.</summary>
/// <remarks>Immutable; two totals are equal when every figure is.</remarks>
public sealed record ListStatistics
{
    /// <summary>Gets the resources on the list.</summary>
    public int Resources { get; init; }

    /// <summary>Gets the resources withdrawn.</summary>
    public int ResourcesWithdrawn { get; init; }

    /// <summary>Gets the demands on the list.</summary>
    public int Demands { get; init; }

    /// <summary>Gets the demands withdrawn.</summary>
    public int DemandsWithdrawn { get; init; }

    /// <summary>Gets the demands met by a delivered or evaluated project.</summary>
    public int DemandsMet { get; init; }

    /// <summary>Gets the people who benefit from the demands met.</summary>
    public int BeneficiariesServed { get; init; }

    /// <summary>Gets the projects proposed and not yet approved.</summary>
    public int ProjectsProposed { get; init; }

    /// <summary>Gets the projects approved and not yet claimed.</summary>
    public int ProjectsApproved { get; init; }

    /// <summary>Gets the projects claimed and not yet started.</summary>
    public int ProjectsClaimed { get; init; }

    /// <summary>Gets the projects in progress.</summary>
    public int ProjectsInProgress { get; init; }

    /// <summary>Gets the projects delivered and not yet evaluated.</summary>
    public int ProjectsDelivered { get; init; }

    /// <summary>Gets the projects evaluated (closed).</summary>
    public int ProjectsEvaluated { get; init; }

    /// <summary>Gets the projects cancelled.</summary>
    public int ProjectsCancelled { get; init; }

    /// <summary>Gets the yuan pledged by owners on projects that are not cancelled.</summary>
    public decimal PledgedYuan { get; init; }

    /// <summary>Gets the m² of delivered or evaluated projects.</summary>
    public decimal DeliveredAreaSquareMetres { get; init; }

    /// <summary>Gets the average evaluation rating, to two decimals; null before any evaluation.</summary>
    public decimal? AverageRating { get; init; }

    /// <summary>Gets every project, whatever its state.</summary>
    public int Projects => checked(ProjectsProposed + ProjectsApproved + ProjectsClaimed + ProjectsInProgress + ProjectsDelivered + ProjectsEvaluated + ProjectsCancelled);
}
