namespace GridGov.Sdk.Grids;

/// <summary>
/// The event recording one change to the professional grids, kept in the
/// <see cref="GridHierarchyHolder.ProfessionalGridsStreamId"/> stream: the grids added or replaced (by code)
/// and the codes removed. Replayed in order, the events give the grids in force. Stored under the name
/// <c>grid.professional-grids-changed</c>; who, when and why are in its <see cref="Storage.EventMetadata"/>.
/// </summary>
/// <param name="Put">The grids added, or replacing the grid with the same code, in order.</param>
/// <param name="Removed">The codes of the grids removed.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ProfessionalGridsChanged(IReadOnlyList<ProfessionalGridEntry> Put, IReadOnlyList<string> Removed);

/// <summary>A professional grid as stored in <see cref="ProfessionalGridsChanged"/>.</summary>
/// <param name="Code">The grid's stable code.</param>
/// <param name="Name">The grid's name.</param>
/// <param name="Level">The grid's level.</param>
/// <param name="Agency">The responsible department or station.</param>
/// <param name="Categories">The matter categories handled.</param>
/// <param name="CoveredNodeCodes">The codes of the covered nodes.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ProfessionalGridEntry(string Code, string Name, ProfessionalGridLevel Level, string Agency, IReadOnlyList<string> Categories, IReadOnlyList<string> CoveredNodeCodes)
{
    /// <summary>Creates the entry for a grid.</summary>
    /// <param name="grid">The grid.</param>
    /// <returns>The entry.</returns>
    public static ProfessionalGridEntry From(ProfessionalGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return new ProfessionalGridEntry(grid.Code, grid.Name, grid.Level, grid.Agency, grid.Categories, grid.CoveredNodeCodes);
    }

    /// <summary>Creates the grid this entry stores.</summary>
    /// <returns>The grid.</returns>
    public ProfessionalGrid ToGrid() => new(Code, Name, Level, Agency, Categories ?? [], CoveredNodeCodes ?? []);

    /// <summary>Whether two entries describe the same grid, item by item.</summary>
    /// <param name="other">The other entry.</param>
    /// <returns><see langword="true"/> when every field and list is equal.</returns>
    public bool Equals(ProfessionalGridEntry? other)
        => other is not null
           && Code == other.Code && Name == other.Name && Level == other.Level && Agency == other.Agency
           && Categories.SequenceEqual(other.Categories) && CoveredNodeCodes.SequenceEqual(other.CoveredNodeCodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Name, Level, Agency, Categories.Count, CoveredNodeCodes.Count);
}

/// <summary>
/// The event recording one change to the households, unit staff and household contacts, kept in the
/// <see cref="GridHierarchyHolder.HouseholdsStreamId"/> stream: what was added or replaced (households by
/// code, staff by id, contacts by household) and the keys removed. Stored under the name
/// <c>grid.households-changed</c>.
/// </summary>
/// <param name="PutHouseholds">The households added or replaced.</param>
/// <param name="RemovedHouseholds">The codes of the households removed.</param>
/// <param name="PutStaff">The staff members added or replaced.</param>
/// <param name="RemovedStaff">The ids of the staff members removed.</param>
/// <param name="PutContacts">The contacts added or replaced (a household has one contact).</param>
/// <param name="RemovedContacts">The codes of the households whose contact was removed.</param>
/// <remarks>Immutable and thread-safe. Staff names are marked personal data (<see cref="UnitStaff"/>) and are masked on export.</remarks>
public sealed record HouseholdsChanged(
    IReadOnlyList<Household> PutHouseholds,
    IReadOnlyList<string> RemovedHouseholds,
    IReadOnlyList<UnitStaff> PutStaff,
    IReadOnlyList<string> RemovedStaff,
    IReadOnlyList<HouseholdContact> PutContacts,
    IReadOnlyList<string> RemovedContacts);

/// <summary>
/// The event recording one change to the cadre roster, kept in the <see cref="GridHierarchyHolder.CadreRosterStreamId"/>
/// stream: assignments added or replaced and assignments removed, each identified by cadre, kind and place.
/// Stored under the name <c>grid.cadre-roster-changed</c>.
/// </summary>
/// <param name="Put">The assignments added, or replacing the one with the same cadre, kind and place (a new name or post).</param>
/// <param name="Removed">The assignments removed (matched by cadre, kind and place).</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CadreRosterChanged(IReadOnlyList<CadreAssignment> Put, IReadOnlyList<CadreAssignment> Removed);

/// <summary>Thrown when a change to professional grids, households or the cadre roster names a stream version that is no longer current.</summary>
public sealed class GridOverlayConcurrencyException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "grid.overlay-concurrency-conflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="streamId">The overlay's stream.</param>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="actualVersion">The version that is current.</param>
    /// <param name="innerException">The store's conflict, when another process came first; optional.</param>
    public GridOverlayConcurrencyException(string streamId, long expectedVersion, long actualVersion, Exception? innerException = null)
        : base(ErrorCode, $"The stream '{streamId}' is at version {actualVersion}, not {expectedVersion}: another change came first. Reload and try again.", innerException)
    {
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the overlay's stream.</summary>
    public string StreamId { get; }

    /// <summary>Gets the version the caller saw.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version that is current.</summary>
    public long ActualVersion { get; }
}

/// <summary>Computes and applies keyed differences between item lists: what the overlay events record.</summary>
internal static class KeyedDiff
{
    /// <summary>The items of <paramref name="desired"/> that are new or differ from <paramref name="current"/>, and the keys of <paramref name="current"/> not in <paramref name="desired"/>.</summary>
    public static (List<T> Put, List<TKey> Removed) Compute<T, TKey>(IReadOnlyList<T> current, IReadOnlyList<T> desired, Func<T, TKey> key)
        where TKey : notnull
    {
        var had = new Dictionary<TKey, T>(current.Count);
        foreach (var item in current)
        {
            had[key(item)] = item;
        }

        var put = new List<T>();
        var wanted = new HashSet<TKey>();
        foreach (var item in desired)
        {
            var k = key(item);
            wanted.Add(k);
            if (!had.TryGetValue(k, out var old) || !EqualityComparer<T>.Default.Equals(old, item))
            {
                put.Add(item);
            }
        }

        var removed = new List<TKey>();
        foreach (var item in current)
        {
            var k = key(item);
            if (!wanted.Contains(k))
            {
                removed.Add(k);
            }
        }

        return (put, removed);
    }

    /// <summary>Applies a difference: kept items stay in place (replaced ones too), removed ones go, new ones are appended in order.</summary>
    public static List<T> Apply<T, TKey>(IReadOnlyList<T> current, IReadOnlyList<T> put, IReadOnlyList<TKey> removed, Func<T, TKey> key)
        where TKey : notnull
    {
        var replacements = new Dictionary<TKey, T>(put.Count);
        foreach (var item in put)
        {
            replacements[key(item)] = item;
        }

        var gone = new HashSet<TKey>(removed);
        var result = new List<T>(current.Count + put.Count);
        var present = new HashSet<TKey>();
        foreach (var item in current)
        {
            var k = key(item);
            if (gone.Contains(k))
            {
                continue;
            }

            present.Add(k);
            result.Add(replacements.TryGetValue(k, out var replacement) ? replacement : item);
        }

        foreach (var item in put)
        {
            if (present.Add(key(item)))
            {
                result.Add(item);
            }
        }

        return result;
    }
}
