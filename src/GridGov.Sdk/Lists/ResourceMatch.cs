namespace GridGov.Sdk.Lists;

/// <summary>How close a resource is to a demand in the grid hierarchy: the smallest unit both lie in.</summary>
public enum MatchProximity
{
    /// <summary>The same compound (小区).</summary>
    SameCompound = 0,

    /// <summary>The same community (社区), another compound or none.</summary>
    SameCommunity = 1,

    /// <summary>The same street (街道), another community.</summary>
    SameStreet = 2,

    /// <summary>The same district (区), another street.</summary>
    SameDistrict = 3,
}

/// <summary>One part of a match's score, explained.</summary>
/// <param name="Code">A stable code: <c>category</c>, <c>distance</c>, <c>availability</c> or <c>capacity</c>.</param>
/// <param name="Points">The points earned; the parts of a match add up exactly to its score.</param>
/// <param name="ExplanationZh">Why, in Chinese.</param>
/// <param name="ExplanationEn">Why, in English.</param>
public sealed record MatchScorePart(string Code, decimal Points, string ExplanationZh, string ExplanationEn);

/// <summary>A candidate resource for a demand, with its score and the parts that make it up.</summary>
/// <param name="DemandId">The demand.</param>
/// <param name="ResourceId">The resource.</param>
/// <param name="Score">The score: exactly the sum of <paramref name="Parts"/>.</param>
/// <param name="Proximity">How close the resource is in the grid hierarchy.</param>
/// <param name="Remaining">What remained of the resource's capacity when it was scored.</param>
/// <param name="Parts">The parts, in the order category, distance, availability, capacity.</param>
/// <remarks>
/// A match made by <see cref="ResourceMatcher"/> writes its explanation texts only when <see cref="Parts"/> is first read
/// (a district's assignment makes 100,000 matches, and most are never explained to anyone); the points are fixed when
/// the match is made. Thread-safe: two first reads build equal parts. Two matches are equal when their ids, score,
/// proximity, remaining capacity and parts are.
/// </remarks>
public sealed record ResourceMatch(string DemandId, string ResourceId, decimal Score, MatchProximity Proximity, Quantity Remaining, IReadOnlyList<MatchScorePart> Parts)
{
    private readonly MatchExplanation? _explanation;
    private IReadOnlyList<MatchScorePart>? _parts = Parts;

    /// <summary>Creates a match whose parts are built on first read.</summary>
    internal ResourceMatch(string demandId, string resourceId, decimal score, MatchProximity proximity, Quantity remaining, MatchExplanation explanation)
        : this(demandId, resourceId, score, proximity, remaining, (IReadOnlyList<MatchScorePart>)null!)
    {
        _explanation = explanation;
    }

    /// <summary>Gets the parts, in the order category, distance, availability, capacity; they add up exactly to <see cref="Score"/>.</summary>
    public IReadOnlyList<MatchScorePart> Parts
    {
        get => Volatile.Read(ref _parts) ?? Explain();
        init => _parts = value;
    }

    /// <inheritdoc />
    public bool Equals(ResourceMatch? other)
        => ReferenceEquals(this, other) || (other is not null
            && string.Equals(DemandId, other.DemandId, StringComparison.Ordinal)
            && string.Equals(ResourceId, other.ResourceId, StringComparison.Ordinal)
            && Score == other.Score
            && Proximity == other.Proximity
            && Remaining == other.Remaining
            && Parts.SequenceEqual(other.Parts));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(DemandId), StringComparer.Ordinal.GetHashCode(ResourceId), Score, Proximity, Remaining);

    /// <inheritdoc />
    public override string ToString() => $"{ResourceId} → {DemandId}: {Score:0.##} = {string.Join(" + ", Parts.Select(p => $"{p.Code} {p.Points:0.##}"))}";

    private IReadOnlyList<MatchScorePart> Explain()
    {
        var built = (_explanation ?? throw new InvalidOperationException("A match without parts.")).Build();
        return Interlocked.CompareExchange(ref _parts, built, null) ?? built;
    }
}

/// <summary>What a match needs to write its parts when they are first read.</summary>
internal abstract class MatchExplanation
{
    /// <summary>Builds the parts.</summary>
    /// <returns>The four parts.</returns>
    public abstract IReadOnlyList<MatchScorePart> Build();
}

/// <summary>One demand put to one resource in a proposed assignment.</summary>
/// <param name="Match">The match (its score explained).</param>
/// <param name="Share">The share of the resource's capacity the demand takes: its whole need.</param>
public sealed record MatchAssignment(ResourceMatch Match, Quantity Share);

/// <summary>
/// A proposed assignment of a district's demands to its resources: greedy by urgency, then by score. No resource
/// is given more than its remaining capacity. A proposal only: nothing is recorded until projects are proposed.
/// </summary>
/// <param name="Assignments">The demands that found a resource, in the order they were served.</param>
/// <param name="Unassigned">The demands no resource could take whole, in the order they were considered.</param>
/// <param name="Remaining">What remains of each resource's capacity after the assignment, by resource id.</param>
public sealed record DistrictAssignment(IReadOnlyList<MatchAssignment> Assignments, IReadOnlyList<string> Unassigned, IReadOnlyDictionary<string, decimal> Remaining);

/// <summary>A resource offered to the matcher, with what remains of its capacity after the projects already holding a share.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Remaining">What remains of its capacity, in its unit; zero or less makes it no candidate.</param>
public sealed record MatchCandidate(Resource Resource, decimal Remaining);
