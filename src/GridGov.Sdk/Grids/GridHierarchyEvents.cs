using System.Text.Json;

namespace GridGov.Sdk.Grids;

/// <summary>
/// The event that puts a whole grid hierarchy into the <c>grid-hierarchy</c> stream: the first import,
/// or a later re-import that replaces everything before it. Stored under the name
/// <c>grid.hierarchy-imported</c>.
/// </summary>
/// <param name="Hierarchy">
/// The hierarchy as a <see cref="GridHierarchyJson"/> document (format <c>gridgov.grid-hierarchy</c>,
/// its version and every node in pre-order), nested as a JSON object in the stored payload.
/// </param>
/// <remarks>Immutable and thread-safe. Create one with <see cref="From"/>; read it back with <see cref="ToHierarchy"/>.</remarks>
public sealed record GridHierarchyImported(JsonElement Hierarchy)
{
    /// <summary>Creates the event for a hierarchy.</summary>
    /// <param name="hierarchy">The hierarchy to record.</param>
    /// <returns>The event.</returns>
    public static GridHierarchyImported From(GridHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        using var buffer = new MemoryStream();
        GridHierarchyJson.Write(hierarchy, buffer, indented: false);
        using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, checked((int)buffer.Length)));
        return new GridHierarchyImported(document.RootElement.Clone());
    }

    /// <summary>Reads the recorded hierarchy, validating it as <see cref="GridHierarchyJson.Parse"/> does.</summary>
    /// <param name="rules">The level order to validate against; <see cref="GridLevelRules.Default"/> when null.</param>
    /// <returns>The hierarchy, with the version it was recorded at.</returns>
    /// <exception cref="GridValidationException">The recorded document is malformed or does not fit <paramref name="rules"/>.</exception>
    public GridHierarchy ToHierarchy(GridLevelRules? rules = null)
    {
        if (Hierarchy.ValueKind == JsonValueKind.Undefined)
        {
            throw new GridValidationException("grid hierarchy event", [new GridProblem(GridProblemCodes.MalformedFile, "The event holds no 'hierarchy' document.")]);
        }

        return GridHierarchyJson.Read(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(Hierarchy), rules);
    }
}

/// <summary>
/// The event recording one change set applied to the grid hierarchy, all or nothing: the changes in
/// order and the versions before and after. Who, when and why are in the event's
/// <see cref="Storage.EventMetadata"/>. Stored under the name <c>grid.changes-applied</c>.
/// </summary>
/// <param name="FromVersion">The hierarchy version the changes were applied to.</param>
/// <param name="ToVersion">The version they produced: <paramref name="FromVersion"/> plus the number of changes.</param>
/// <param name="Changes">The changes, at least one, applied in order.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record GridChangesApplied(long FromVersion, long ToVersion, IReadOnlyList<GridChange> Changes);
