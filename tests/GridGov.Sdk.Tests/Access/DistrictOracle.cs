using GridGov.Sdk.Access;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// ADR 31 read plainly, as the oracle for district properties: districts found by walking parent codes, scopes
/// compared one by one, no arrays and no shortcuts.
/// </summary>
internal static class DistrictOracle
{
    /// <summary>Whether the actor sees a place by the territorial rules (no relation to the item).</summary>
    public static bool SeesPlace(Actor actor, string? place, Func<string, string, bool> isAncestorOrSelf, ISet<string> nodeCodes, Func<string, string?> districtOf, IReadOnlyDictionary<string, IReadOnlyList<string>>? gridCoverage = null)
    {
        if (actor.Scopes.Any(s => s.Kind == AccessScopeKind.Everywhere))
        {
            return true;
        }

        if (place is null || !nodeCodes.Contains(place))
        {
            return false;
        }

        var district = districtOf(place);
        bool Reaches(string node) => nodeCodes.Contains(node) && (isAncestorOrSelf(node, place) || (district is not null && districtOf(node) == district));
        return actor.Scopes.Any(s => s.Kind switch
        {
            AccessScopeKind.GridSubtree => Reaches(s.Code),
            AccessScopeKind.ProfessionalGrid => gridCoverage is not null && gridCoverage.TryGetValue(s.Code, out var covered) && covered.Any(Reaches),
            _ => false,
        });
    }

    /// <summary>Whether the actor sees one item: its place, or the item is its own, assigned to it or dispatched to its grid.</summary>
    public static bool Sees(Actor actor, AccessTarget target, Func<string, string, bool> isAncestorOrSelf, ISet<string> nodeCodes, Func<string, string?> districtOf, IReadOnlyDictionary<string, IReadOnlyList<string>>? gridCoverage = null)
        => target.OwnerId == actor.Id
           || target.AssigneeId == actor.Id
           || actor.Scopes.Any(s => s.Kind == AccessScopeKind.ProfessionalGrid && s.Code == target.ProfessionalGridCode)
           || SeesPlace(actor, target.PlaceCode, isAncestorOrSelf, nodeCodes, districtOf, gridCoverage);
}
