namespace GridGov.Sdk.Access;

/// <summary>
/// A report over a grid subtree read for an actor (<see cref="DistrictScope"/>): the figures, and whether they were
/// narrowed to the districts the actor reads because the subtree spans others (the city root, for a district's actor).
/// </summary>
/// <typeparam name="T">The report's type.</typeparam>
/// <param name="Value">The report, counting only what the actor sees.</param>
/// <param name="SubtreeCode">The subtree asked for.</param>
/// <param name="IsNarrowed">Whether part of the subtree was left out (it lies in districts the actor does not read, or at city level).</param>
/// <param name="DistrictCodes">The codes of the districts the report covers (at, above or inside the subtree's root), in pre-order; empty for a city-level subtree the actor reads through no district.</param>
/// <remarks>Immutable when <typeparamref name="T"/> is.</remarks>
public sealed record ScopedRead<T>(T Value, string SubtreeCode, bool IsNarrowed, IReadOnlyList<string> DistrictCodes);
