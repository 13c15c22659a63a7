using System.Text.Json.Serialization;

namespace GridGov.Sdk.Grids;

/// <summary>
/// A change to a grid hierarchy: <see cref="AddGridNode"/>, <see cref="MoveGridNode"/>,
/// <see cref="RenameGridNode"/> or <see cref="RetireGridNode"/>. Apply it with
/// <see cref="GridHierarchy.Apply"/>; the resulting <see cref="GridHierarchyChanged"/> event carries it.
/// </summary>
/// <remarks>
/// <para>The set of changes is closed; immutable and thread-safe.</para>
/// <para>Stored as JSON with a <c>"change"</c> discriminator that never changes meaning:
/// <c>add-node</c>, <c>move-node</c>, <c>rename-node</c>, <c>retire-node</c>.</para>
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "change", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AddGridNode), "add-node")]
[JsonDerivedType(typeof(MoveGridNode), "move-node")]
[JsonDerivedType(typeof(RenameGridNode), "rename-node")]
[JsonDerivedType(typeof(RetireGridNode), "retire-node")]
public abstract record GridChange
{
    private protected GridChange()
    {
    }

    /// <summary>Gets the code of the node the change is about.</summary>
    [JsonIgnore]
    public abstract string NodeCode { get; }

    /// <summary>Describes the change in one line, for logs and audit views.</summary>
    /// <returns>The description.</returns>
    public sealed override string ToString() => Describe();

    internal abstract GridHierarchyBuilder ApplyTo(GridHierarchy hierarchy);

    internal abstract string Describe();

    private protected static int Find(GridHierarchy hierarchy, string code, string role)
    {
        if (code is null || !hierarchy.TryGetIndex(code, out var i))
        {
            throw Refuse(GridProblemCodes.NodeNotFound, $"The {role} '{code}' does not exist.", code);
        }

        return i;
    }

    private protected static GridValidationException Refuse(string problemCode, string message, string? subject)
        => new("grid change", [new GridProblem(problemCode, message, subject)]);
}

/// <summary>Adds a node under an existing parent, as its last child.</summary>
/// <param name="Code">The new node's code; must be unused.</param>
/// <param name="Name">The new node's name.</param>
/// <param name="Kind">The new node's kind; the level rules must allow it under the parent.</param>
/// <param name="ParentCode">The parent's code.</param>
public sealed record AddGridNode(string Code, string Name, GridNodeKind Kind, string ParentCode) : GridChange
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string NodeCode => Code;

    internal override string Describe() => $"add {Kind} {Code} '{Name}' under {ParentCode}";

    internal override GridHierarchyBuilder ApplyTo(GridHierarchy hierarchy)
    {
        var p = Find(hierarchy, ParentCode, "parent");
        if (hierarchy.IsRetiredAt(p))
        {
            throw Refuse(GridProblemCodes.LiveUnderRetired, $"Cannot add '{Code}' under '{ParentCode}': the parent is retired.", Code);
        }

        return hierarchy.ToBuilder().Add(Code, Name, Kind, ParentCode);
    }
}

/// <summary>Moves a node, with its whole subtree, under another parent, as that parent's last child.</summary>
/// <param name="Code">The code of the node to move.</param>
/// <param name="NewParentCode">The code of the new parent; may not be the node itself or one of its descendants.</param>
public sealed record MoveGridNode(string Code, string NewParentCode) : GridChange
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string NodeCode => Code;

    internal override string Describe() => $"move {Code} under {NewParentCode}";

    internal override GridHierarchyBuilder ApplyTo(GridHierarchy hierarchy)
    {
        var i = Find(hierarchy, Code, "node");
        var p = Find(hierarchy, NewParentCode, "new parent");
        if (hierarchy.NodeAt(i).IsAncestorOrSelfOf(hierarchy.NodeAt(p)))
        {
            throw Refuse(GridProblemCodes.MoveIntoOwnSubtree,
                $"Cannot move '{Code}' under '{NewParentCode}': that is the node itself or one of its descendants.", Code);
        }

        var builder = hierarchy.ToBuilder();
        builder.SetParent(i, NewParentCode);
        builder.MoveToEnd(i);
        return builder;
    }
}

/// <summary>Renames a node; its code stays.</summary>
/// <param name="Code">The code of the node to rename.</param>
/// <param name="NewName">The new name.</param>
public sealed record RenameGridNode(string Code, string NewName) : GridChange
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string NodeCode => Code;

    internal override string Describe() => $"rename {Code} to '{NewName}'";

    internal override GridHierarchyBuilder ApplyTo(GridHierarchy hierarchy)
    {
        var i = Find(hierarchy, Code, "node");
        var builder = hierarchy.ToBuilder();
        builder.SetName(i, NewName);
        return builder;
    }
}

/// <summary>
/// Retires a node: it stays in the hierarchy for history (old problems still resolve its code)
/// but is no longer in service. Its children must be retired first.
/// </summary>
/// <param name="Code">The code of the node to retire.</param>
public sealed record RetireGridNode(string Code) : GridChange
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string NodeCode => Code;

    internal override string Describe() => $"retire {Code}";

    internal override GridHierarchyBuilder ApplyTo(GridHierarchy hierarchy)
    {
        var i = Find(hierarchy, Code, "node");
        if (hierarchy.IsRetiredAt(i))
        {
            throw Refuse(GridProblemCodes.AlreadyRetired, $"Node '{Code}' is already retired.", Code);
        }

        var live = hierarchy.NodeAt(i).Children.Where(c => !c.IsRetired).Select(c => c.Code).Take(5).ToList();
        if (live.Count > 0)
        {
            throw Refuse(GridProblemCodes.RetireWithLiveChildren,
                $"Cannot retire '{Code}' while it has children in service ({string.Join(", ", live)}…); retire or move them first.", Code);
        }

        var builder = hierarchy.ToBuilder();
        builder.SetRetired(i);
        return builder;
    }
}
