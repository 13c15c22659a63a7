using GridGov.Sdk.Access;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Grids;

/// <summary>
/// Holds the current grid hierarchy snapshot of a process and applies changes to it, stamping each
/// with the injected clock and keeping the events in order. Readers take <see cref="Current"/> and
/// keep using that snapshot; writers never block readers.
/// </summary>
/// <remarks>
/// Thread-safe. Changes are serialized; a change that names the version it was made against
/// (<c>expectedVersion</c>) fails with <see cref="GridConcurrencyException"/> if another change came
/// first, so no update is lost. Registered as a singleton by <c>AddGridGov</c>.
/// </remarks>
public sealed class GridHierarchyHolder
{
    private readonly IClock _clock;
    private readonly GridLevelRules _rules;
    private readonly object _gate = new();
    private readonly List<GridHierarchyChanged> _history = [];
    private GridHierarchy? _current;
    private ProfessionalGridMap? _professionalGrids;

    /// <summary>Creates an empty holder.</summary>
    /// <param name="clock">The clock that stamps changes.</param>
    /// <param name="options">The SDK options; their level rules must match every snapshot loaded.</param>
    public GridHierarchyHolder(IClock clock, IOptions<GridGovOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _rules = options.Value.LevelRules;
    }

    /// <summary>Gets the current snapshot.</summary>
    /// <exception cref="InvalidOperationException">No hierarchy has been loaded yet.</exception>
    public GridHierarchy Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("No grid hierarchy has been loaded; call Load first.");

    /// <summary>Gets the professional grids checked against <see cref="Current"/>, or null when none are loaded.</summary>
    public ProfessionalGridMap? ProfessionalGrids => Volatile.Read(ref _professionalGrids);

    /// <summary>Gets whether a hierarchy has been loaded.</summary>
    public bool IsLoaded => Volatile.Read(ref _current) is not null;

    /// <summary>Gets the changes applied through this holder, oldest first.</summary>
    /// <returns>A copy of the change events.</returns>
    public IReadOnlyList<GridHierarchyChanged> History()
    {
        lock (_gate)
        {
            return _history.ToArray();
        }
    }

    /// <summary>Replaces the current snapshot with a whole new one (for example a fresh import).</summary>
    /// <param name="hierarchy">The new snapshot; its level rules must equal the configured ones.</param>
    /// <exception cref="ArgumentException">The snapshot was validated against other level rules.</exception>
    public void Load(GridHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        if (!hierarchy.Rules.Equals(_rules))
        {
            throw new ArgumentException("The hierarchy was validated against other level rules than GridGovOptions.LevelRules.", nameof(hierarchy));
        }

        lock (_gate)
        {
            var grids = _professionalGrids is { } map ? ProfessionalGridMap.Build(hierarchy, map.Grids) : null;
            Volatile.Write(ref _professionalGrids, grids);
            Volatile.Write(ref _current, hierarchy);
        }
    }

    /// <summary>
    /// Loads the professional grids, checked against <see cref="Current"/>. After each change they are
    /// checked again against the new snapshot, and a change that would break them is refused.
    /// </summary>
    /// <param name="grids">The professional grids.</param>
    /// <exception cref="GridValidationException">The grids do not fit the current hierarchy; nothing changed.</exception>
    public void LoadProfessionalGrids(IEnumerable<ProfessionalGrid> grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        lock (_gate)
        {
            Volatile.Write(ref _professionalGrids, ProfessionalGridMap.Build(Current, grids));
        }
    }

    /// <summary>Applies a change to the current snapshot and makes the result current.</summary>
    /// <param name="change">The change.</param>
    /// <param name="actor">Who makes it.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="expectedVersion">The version the caller saw; when given and no longer current, the change is refused.</param>
    /// <returns>The new snapshot and its event.</returns>
    /// <exception cref="GridValidationException">The change is invalid; nothing changed.</exception>
    /// <exception cref="GridConcurrencyException">Another change came first; nothing changed.</exception>
    public GridChangeResult Apply(GridChange change, Actor actor, string? reason = null, long? expectedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        lock (_gate)
        {
            var current = Current;
            if (expectedVersion is { } expected && expected != current.Version)
            {
                throw new GridConcurrencyException(expected, current.Version);
            }

            var result = current.Apply(change, actor, _clock.GetCurrentInstant(), reason);
            var grids = _professionalGrids is { } map ? ProfessionalGridMap.Build(result.Hierarchy, map.Grids) : null;
            _history.Add(result.Event);
            Volatile.Write(ref _professionalGrids, grids);
            Volatile.Write(ref _current, result.Hierarchy);
            return result;
        }
    }
}

/// <summary>Thrown when a change names a hierarchy version that is no longer current: another change came first.</summary>
public sealed class GridConcurrencyException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "grid.concurrency-conflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="actualVersion">The version that is current.</param>
    public GridConcurrencyException(long expectedVersion, long actualVersion)
        : base(ErrorCode, $"The grid hierarchy is at version {actualVersion}, not {expectedVersion}: another change came first. Reload and try again.")
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the version the caller saw.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version that is current.</summary>
    public long ActualVersion { get; }
}
