using System.Collections.Immutable;

namespace GridGov.Sdk.Grids;

/// <summary>
/// A rule value that attaches to subtrees of the hierarchy and falls back to the nearest ancestor's:
/// a city-wide default, a district that overrides it, a street that overrides its district. This is
/// how one deployment serves several districts with different rules.
/// </summary>
/// <typeparam name="T">The rule value (for example <see cref="HouseholdContactBounds"/>).</typeparam>
/// <remarks>Keyed by node code, so one instance serves every snapshot of a hierarchy. Immutable and thread-safe.</remarks>
public sealed class GridScopedValues<T>
{
    private readonly ImmutableDictionary<string, T> _overrides;

    /// <summary>Creates scoped values with a default for nodes that have no override above them.</summary>
    /// <param name="defaultValue">The value used where no override applies.</param>
    public GridScopedValues(T defaultValue)
        : this(defaultValue, ImmutableDictionary.Create<string, T>(StringComparer.Ordinal))
    {
    }

    private GridScopedValues(T defaultValue, ImmutableDictionary<string, T> overrides)
    {
        Default = defaultValue;
        _overrides = overrides;
    }

    /// <summary>Gets the value used where no override applies.</summary>
    public T Default { get; }

    /// <summary>Gets the overrides, by node code.</summary>
    public IReadOnlyDictionary<string, T> Overrides => _overrides;

    /// <summary>Returns a copy in which the subtree under <paramref name="nodeCode"/> uses <paramref name="value"/>.</summary>
    /// <param name="nodeCode">The code of the node whose subtree the value applies to.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new instance; this one is unchanged.</returns>
    public GridScopedValues<T> With(string nodeCode, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeCode);
        return new GridScopedValues<T>(Default, _overrides.SetItem(nodeCode, value));
    }

    /// <summary>Returns the value that applies at a node: the override of the node itself or its nearest ancestor, else <see cref="Default"/>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The value in force there.</returns>
    public T Resolve(GridNode node)
    {
        if (_overrides.IsEmpty)
        {
            return Default;
        }

        var h = node.Hierarchy;
        for (var i = node.Index; i >= 0; i = h.ParentAt(i))
        {
            if (_overrides.TryGetValue(h.CodeAt(i), out var value))
            {
                return value;
            }
        }

        return Default;
    }
}
