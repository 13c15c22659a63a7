using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Scorecards;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
// Refusals are recorded in the hierarchy holder's security log (a scorecard has no workflow of its own).
public sealed partial class ScorecardReadModel
{
    /// <summary>The name refusals of scorecard reads are recorded under in the security log.</summary>
    public const string WorkflowName = "scorecard";

    /// <summary>The scorecard of one community for an actor, who must see its district (<see cref="DistrictScope"/>).</summary>
    /// <param name="communityCode">The community's grid node.</param>
    /// <param name="window">The days scored (inclusive).</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="Grids.GridNodeNotFoundException">The community is not in the hierarchy.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<CommunityScorecard> ScoreAsync(string communityCode, DateInterval window, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var node = _territory.Current[communityCode];
        await _territory.Reads.EnsureAsync(actor, WorkflowName, node, new AccessTarget(node.Code, node.Code)).ConfigureAwait(false);
        return Score(communityCode, window);
    }

    /// <summary>Ranks the communities of a subtree for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree (a district, a street; the city root is narrowed).</param>
    /// <param name="window">The days scored (inclusive).</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The table, with the districts it covers.</returns>
    /// <exception cref="Grids.GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<ScorecardTable>> RankAsync(string subtreeCode, DateInterval window, Actor actor)
    {
        var hierarchy = _territory.Current;
        var read = await _territory.Reads.SubtreeAsync(actor, WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(Rank(subtreeCode, window, read.Filter));
    }
}
