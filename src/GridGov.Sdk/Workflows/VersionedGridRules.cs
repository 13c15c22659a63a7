using System.Collections.Immutable;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Workflows;

/// <summary>
/// The versions of one area's rule sets across the hierarchy (docs/versions.md, docs/adr/0030): a catalog of every
/// version each subtree holds, and the version in force in each subtree (a <see cref="GridScopedValues{T}"/>, so the
/// nearest ancestor's wins). New items take the version in force at their place; an item keeps the version it started
/// under, found again by (place, version): the nearest subtree at or above the place that holds that version.
/// </summary>
/// <remarks>Immutable and thread-safe; <see cref="Publish"/> returns a copy.</remarks>
/// <typeparam name="T">The rule set.</typeparam>
internal sealed class VersionedGridRules<T>
    where T : class
{
    /// <summary>The catalog key of the deployment-wide default (no subtree).</summary>
    public const string DefaultScope = "";

    // Every configured version, and the subset that has been in force (or is configured as earlier): only those can
    // be the version an item started under. A version configured for later is not one until it is published.
    private readonly ImmutableDictionary<string, ImmutableDictionary<int, T>> _catalog;
    private readonly ImmutableDictionary<string, ImmutableDictionary<int, T>> _held;

    private VersionedGridRules(GridScopedValues<T> inForce, ImmutableDictionary<string, ImmutableDictionary<int, T>> catalog, ImmutableDictionary<string, ImmutableDictionary<int, T>> held)
    {
        InForce = inForce;
        _catalog = catalog;
        _held = held;
    }

    /// <summary>Gets the rule sets in force for new items, by subtree.</summary>
    public GridScopedValues<T> InForce { get; }

    /// <summary>Builds the versions from options: the rule sets in force at start, and the further versions each scope holds.</summary>
    /// <param name="inForce">The rule sets in force at start (default and overrides by subtree code).</param>
    /// <param name="further">Further versions, by scope (<see cref="DefaultScope"/> for the default); earlier ones and ones to publish.</param>
    /// <param name="versionOf">Reads a rule set's version.</param>
    /// <returns>The versions.</returns>
    public static VersionedGridRules<T> Create(GridScopedValues<T> inForce, IEnumerable<(string Scope, T Rules)> further, Func<T, int> versionOf)
    {
        var catalog = new Dictionary<string, Dictionary<int, T>>(StringComparer.Ordinal);
        void Add(string scope, T rules)
        {
            if (!catalog.TryGetValue(scope, out var versions))
            {
                catalog[scope] = versions = [];
            }

            versions.TryAdd(versionOf(rules), rules);
        }

        // In force first, so a duplicate version in the further lists never replaces what is in force.
        Add(DefaultScope, inForce.Default);
        foreach (var (code, rules) in inForce.Overrides)
        {
            Add(code, rules);
        }

        foreach (var (scope, rules) in further)
        {
            Add(scope, rules);
        }

        // Held from the start: the versions in force and, per scope, the configured ones not newer than the one in force.
        // (A subtree with nothing in force at start holds none of its versions until one is published.)
        var inForceVersion = inForce.Overrides.ToDictionary(p => p.Key, p => versionOf(p.Value), StringComparer.Ordinal);
        inForceVersion[DefaultScope] = versionOf(inForce.Default);
        var held = catalog
            .Where(p => inForceVersion.ContainsKey(p.Key))
            .ToImmutableDictionary(
                p => p.Key,
                p => p.Value.Where(v => p.Key == DefaultScope || v.Key <= inForceVersion[p.Key]).ToImmutableDictionary(),
                StringComparer.Ordinal);
        return new VersionedGridRules<T>(
            inForce,
            catalog.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableDictionary(), StringComparer.Ordinal),
            held);
    }

    /// <summary>The rule set in force for new items at a node.</summary>
    public T Resolve(GridNode node) => InForce.Resolve(node);

    /// <summary>The code of the subtree whose rule set is in force at a node (the nearest override), or <see cref="DefaultScope"/>.</summary>
    public string ScopeOf(GridNode node)
    {
        if (InForce.Overrides.Count == 0)
        {
            return DefaultScope;
        }

        var h = node.Hierarchy;
        for (var i = node.Index; i >= 0; i = h.ParentAt(i))
        {
            if (InForce.Overrides.ContainsKey(h.CodeAt(i)))
            {
                return h.CodeAt(i);
            }
        }

        return DefaultScope;
    }

    /// <summary>
    /// The rule set an item at <paramref name="node"/> started under: the nearest subtree at or above the node that holds
    /// <paramref name="version"/>, else the default's; null when nobody holds it. Publishing only ever raises the version
    /// in force at a place (see <see cref="Publish"/>'s callers), so the nearest holder is the one the item started under.
    /// </summary>
    public T? Find(GridNode node, int version)
    {
        var h = node.Hierarchy;
        for (var i = node.Index; i >= 0; i = h.ParentAt(i))
        {
            if (_held.TryGetValue(h.CodeAt(i), out var versions) && versions.TryGetValue(version, out var rules))
            {
                return rules;
            }
        }

        return _held.TryGetValue(DefaultScope, out var defaults) && defaults.TryGetValue(version, out var found) ? found : null;
    }

    /// <summary>The configured rule set of one scope with one version (held or still to publish); null when the scope has none.</summary>
    public T? Find(string scope, int version)
        => _catalog.TryGetValue(scope, out var versions) && versions.TryGetValue(version, out var rules) ? rules : null;

    /// <summary>The versions a scope holds, ascending.</summary>
    public IReadOnlyList<int> VersionsOf(string scope)
        => _catalog.TryGetValue(scope, out var versions) ? [.. versions.Keys.Order()] : [];

    /// <summary>A copy in which <paramref name="scope"/>'s version <paramref name="version"/> is in force in its subtree.</summary>
    /// <exception cref="InvalidOperationException">The scope does not hold the version.</exception>
    public VersionedGridRules<T> Publish(string scope, int version)
    {
        var rules = Find(scope, version) ?? throw new InvalidOperationException($"No rule set of version {version} is configured for '{scope}'.");
        var inForce = scope == DefaultScope ? WithDefault(rules) : InForce.With(scope, rules);
        var held = _held.TryGetValue(scope, out var versions) ? versions : ImmutableDictionary<int, T>.Empty;
        return new VersionedGridRules<T>(inForce, _catalog, _held.SetItem(scope, held.SetItem(version, rules)));
    }

    private GridScopedValues<T> WithDefault(T rules)
    {
        var scoped = new GridScopedValues<T>(rules);
        foreach (var (code, value) in InForce.Overrides)
        {
            scoped = scoped.With(code, value);
        }

        return scoped;
    }
}
