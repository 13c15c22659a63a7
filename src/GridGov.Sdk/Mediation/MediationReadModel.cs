using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>One case as lists and statistics see it.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Category">The category code.</param>
/// <param name="PlaceCode">Where the dispute is.</param>
/// <param name="HandlingNodeCode">The node whose mediators have it (had it, once final).</param>
/// <param name="Level">That node's level.</param>
/// <param name="State">The state.</param>
/// <param name="TeamId">The team at the current level; null when none.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Deadline">The current level's time limit while mediating; null otherwise.</param>
/// <param name="AgreedAt">When the parties agreed; null otherwise.</param>
/// <param name="Escalations">How many times it went up a level.</param>
/// <param name="EndedAt">When it became final; null while open.</param>
public sealed record MediationCaseSummary(
    string CaseId,
    string Category,
    string PlaceCode,
    string HandlingNodeCode,
    HandlingLevel Level,
    MediationState State,
    string? TeamId,
    Instant OpenedAt,
    Instant? Deadline,
    Instant? AgreedAt,
    int Escalations,
    Instant? EndedAt)
{
    internal static MediationCaseSummary Of(MediationCase c) => new(
        c.Id, c.Category, c.PlaceCode, c.HandlingNodeCode, c.CurrentLevel.Level, c.State, c.CurrentLevel.TeamId,
        c.OpenedAt, c.Deadline, c.AgreedAt, c.Levels.Count - 1, c.EndedAt);
}

/// <summary>Mediation figures for a subtree and a window (cases opened in the window whose place lies in the subtree).</summary>
/// <param name="SubtreeCode">The subtree.</param>
/// <param name="Window">The window (half-open) the cases were opened in.</param>
/// <param name="Cases">Cases opened.</param>
/// <param name="Agreements">Of those, settled by agreement.</param>
/// <param name="Referred">Of those, referred outside.</param>
/// <param name="Closed">Of those, closed without agreement or referral.</param>
/// <param name="Withdrawn">Of those, withdrawn.</param>
/// <param name="Open">Of those, still being mediated or awaiting a decision after a failure.</param>
/// <param name="Escalated">Of those, escalated at least once.</param>
/// <param name="AverageDaysToAgreement">The mean time from opening to agreement, in days (two decimals); null without agreements.</param>
/// <param name="SettledWithinCompound">Agreements reached at the compound level or below, over cases: "small matters do not leave the compound".</param>
/// <param name="SettledWithinCommunity">Agreements reached at the community level or below, over cases: "big matters do not leave the community".</param>
public sealed record MediationStatistics(
    string SubtreeCode,
    Interval Window,
    int Cases,
    int Agreements,
    int Referred,
    int Closed,
    int Withdrawn,
    int Open,
    int Escalated,
    decimal? AverageDaysToAgreement,
    IndicatorRate SettledWithinCompound,
    IndicatorRate SettledWithinCommunity);

/// <summary>
/// The mediation cases and teams of a deployment, folded from the store's global log with the same fold as the
/// service: the source of statistics by subtree and window and of the overdue list. Rebuilt from scratch with
/// <see cref="LogProjection.CatchUpAsync"/>, it gives the same answers; events of other aggregates are skipped.
/// </summary>
/// <remarks>Thread-safe: writers are serialized, readers take a consistent copy.</remarks>
public sealed class MediationReadModel : LogProjection
{
    private readonly Dictionary<string, MediationCase> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MediationTeam> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _teamsByNode = new(StringComparer.Ordinal);
    private long _publicationsSeen;

    /// <summary>Gets every case, ordered by id.</summary>
    /// <returns>The summaries.</returns>
    public IReadOnlyList<MediationCaseSummary> Cases()
    {
        lock (Gate)
        {
            return [.. _cases.Values.Select(MediationCaseSummary.Of).OrderBy(s => s.CaseId, StringComparer.Ordinal)];
        }
    }

    /// <summary>Gets every team, ordered by id.</summary>
    /// <returns>The teams.</returns>
    public IReadOnlyList<MediationTeam> Teams()
    {
        lock (Gate)
        {
            return [.. _teams.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Looks a case up.</summary>
    /// <param name="caseId">The case.</param>
    /// <returns>The case, or null.</returns>
    public MediationCase? Find(string caseId)
    {
        lock (Gate)
        {
            return _cases.GetValueOrDefault(caseId);
        }
    }

    /// <summary>Looks a team up.</summary>
    /// <param name="teamId">The team.</param>
    /// <returns>The team, or null.</returns>
    public MediationTeam? FindTeam(string teamId)
    {
        lock (Gate)
        {
            return _teams.GetValueOrDefault(teamId);
        }
    }

    /// <summary>The active team registered at a node or, failing that, at its nearest ancestor; the first registered wins at one node.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The team, or null when none covers it.</returns>
    public MediationTeam? TeamFor(GridNode node)
    {
        lock (Gate)
        {
            foreach (var n in node.AncestorsAndSelf())
            {
                if (_teamsByNode.TryGetValue(n.Code, out var ids))
                {
                    foreach (var id in ids)
                    {
                        if (_teams[id].State == MediationTeamState.Active)
                        {
                            return _teams[id];
                        }
                    }
                }
            }

            return null;
        }
    }

    /// <summary>Gets how many publications of mediation rules versions this read model has seen (a node's cue to reload them).</summary>
    internal long PublicationsSeen
    {
        get
        {
            lock (Gate)
            {
                return _publicationsSeen;
            }
        }
    }

    /// <summary>The ids of the cases whose place is in a subtree and that have not ended (being mediated, or failed at a level).</summary>
    internal IReadOnlyList<string> FindUnendedIn(GridHierarchy hierarchy, string subtreeCode)
    {
        var root = hierarchy[subtreeCode];
        lock (Gate)
        {
            return [.. _cases.Values
                .Where(c => c.State is MediationState.Mediating or MediationState.Failed && hierarchy.TryGetNode(c.PlaceCode, out var node) && root.IsAncestorOrSelfOf(node))
                .OrderBy(c => c.OpenedAt)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => c.Id)];
        }
    }

    /// <inheritdoc />
    protected override void When(RecordedEvent next)
    {
        switch (next.Payload)
        {
            case MediationEvent e:
                _cases[e.CaseId] = MediationCase.Fold(_cases.GetValueOrDefault(e.CaseId), e, next);
                break;
            case Workflows.RuleSetPublished { Area: Workflows.RuleSetAreas.Mediation }:
                _publicationsSeen++;
                break;
            case MediationTeamEvent t:
                var team = MediationTeam.Fold(_teams.GetValueOrDefault(t.TeamId), t, next);
                if (t is MediationTeamRegistered)
                {
                    (_teamsByNode.TryGetValue(team.NodeCode, out var ids) ? ids : _teamsByNode[team.NodeCode] = []).Add(team.Id);
                }

                _teams[t.TeamId] = team;
                break;
        }
    }

    /// <summary>The figures of the cases opened in a window whose place lies in a subtree.</summary>
    /// <param name="hierarchy">The grid hierarchy.</param>
    /// <param name="subtreeCode">The subtree (a street, a community…).</param>
    /// <param name="window">The window; its end is excluded.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public MediationStatistics Statistics(GridHierarchy hierarchy, string subtreeCode, Interval window) => Statistics(hierarchy, subtreeCode, window, null);

    /// <summary>As the public overload, counting only cases at places <paramref name="visible"/> sees (null: all).</summary>
    internal MediationStatistics Statistics(GridHierarchy hierarchy, string subtreeCode, Interval window, Access.DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var root = hierarchy[subtreeCode];
        int cases = 0, agreements = 0, referred = 0, closed = 0, withdrawn = 0, open = 0, escalated = 0, inCompound = 0, inCommunity = 0;
        var totalTicks = 0m;
        lock (Gate)
        {
            foreach (var c in _cases.Values)
            {
                if (!window.Contains(c.OpenedAt) || !hierarchy.TryGetNode(c.PlaceCode, out var place) || !root.IsAncestorOrSelfOf(place) || (visible is not null && !visible.SeesIndex(place.Index)))
                {
                    continue;
                }

                cases = checked(cases + 1);
                escalated += c.Levels.Count > 1 ? 1 : 0;
                switch (c.State)
                {
                    case MediationState.Agreed:
                        agreements++;
                        totalTicks += (c.AgreedAt!.Value - c.OpenedAt).BclCompatibleTicks;
                        inCompound += c.CurrentLevel.Level <= HandlingLevel.Compound ? 1 : 0;
                        inCommunity += c.CurrentLevel.Level <= HandlingLevel.Community ? 1 : 0;
                        break;
                    case MediationState.Referred:
                        referred++;
                        break;
                    case MediationState.Closed:
                        closed++;
                        break;
                    case MediationState.Withdrawn:
                        withdrawn++;
                        break;
                    default:
                        open++;
                        break;
                }
            }
        }

        decimal? average = agreements == 0 ? null : Math.Round(totalTicks / agreements / NodaConstants.TicksPerDay, 2, MidpointRounding.AwayFromZero);
        return new MediationStatistics(root.Code, window, cases, agreements, referred, closed, withdrawn, open, escalated, average, new IndicatorRate(inCompound, cases), new IndicatorRate(inCommunity, cases));
    }

    /// <summary>The cases in a subtree still being mediated whose current level's time limit has passed, earliest deadline first.</summary>
    /// <param name="hierarchy">The grid hierarchy.</param>
    /// <param name="subtreeCode">The subtree, matched on the handling node.</param>
    /// <param name="now">The instant to compare with.</param>
    /// <returns>The overdue cases.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public IReadOnlyList<MediationCaseSummary> Overdue(GridHierarchy hierarchy, string subtreeCode, Instant now) => Overdue(hierarchy, subtreeCode, now, null);

    /// <summary>As the public overload, listing only cases whose place <paramref name="visible"/> sees (null: all).</summary>
    internal IReadOnlyList<MediationCaseSummary> Overdue(GridHierarchy hierarchy, string subtreeCode, Instant now, Access.DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var root = hierarchy[subtreeCode];
        lock (Gate)
        {
            return [.. _cases.Values
                .Where(c => c.IsOverdueAt(now) && hierarchy.TryGetNode(c.HandlingNodeCode, out var node) && root.IsAncestorOrSelfOf(node) && (visible is null || visible.Sees(c.PlaceCode)))
                .Select(MediationCaseSummary.Of)
                .OrderBy(s => s.Deadline)
                .ThenBy(s => s.CaseId, StringComparer.Ordinal)];
        }
    }
}
