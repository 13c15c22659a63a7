namespace GridGov.Sdk.Grids;

/// <summary>
/// The stable codes of <see cref="GridProblem"/>. Codes never change meaning once shipped;
/// switch on them, not on messages.
/// </summary>
public static class GridProblemCodes
{
    /// <summary>The hierarchy has no nodes.</summary>
    public const string Empty = "grid.empty";

    /// <summary>A code is empty, too long, has surrounding white space or control characters.</summary>
    public const string InvalidCode = "grid.code-invalid";

    /// <summary>A name is empty, too long, has surrounding white space or control characters.</summary>
    public const string InvalidName = "grid.name-invalid";

    /// <summary>A kind is not one of <see cref="GridNodeKind"/>.</summary>
    public const string InvalidKind = "grid.kind-invalid";

    /// <summary>Two nodes share a code.</summary>
    public const string DuplicateCode = "grid.code-duplicate";

    /// <summary>A node names a parent that does not exist.</summary>
    public const string MissingParent = "grid.parent-missing";

    /// <summary>No node is without a parent.</summary>
    public const string NoRoot = "grid.root-missing";

    /// <summary>More than one node is without a parent.</summary>
    public const string MultipleRoots = "grid.root-multiple";

    /// <summary>The root's kind may not be a root under the level rules.</summary>
    public const string RootKindNotAllowed = "grid.root-kind";

    /// <summary>Parent links form a cycle.</summary>
    public const string Cycle = "grid.cycle";

    /// <summary>A node's kind may not sit under its parent's kind (a building cannot contain a street).</summary>
    public const string LevelOrder = "grid.level-order";

    /// <summary>A node that is not retired sits under a retired node.</summary>
    public const string LiveUnderRetired = "grid.live-under-retired";

    /// <summary>The hierarchy is deeper than the SDK supports (65,535 levels).</summary>
    public const string TooDeep = "grid.too-deep";

    /// <summary>A line of an import file is malformed (wrong field count, bad quoting, bad value).</summary>
    public const string MalformedLine = "import.line-malformed";

    /// <summary>An import file is malformed as a whole (bad header, bad JSON, wrong format marker).</summary>
    public const string MalformedFile = "import.file-malformed";

    /// <summary>A change names a node that does not exist.</summary>
    public const string NodeNotFound = "grid.node-not-found";

    /// <summary>A move would put a node under itself or one of its descendants.</summary>
    public const string MoveIntoOwnSubtree = "grid.move-into-own-subtree";

    /// <summary>A node cannot be retired while it has live children.</summary>
    public const string RetireWithLiveChildren = "grid.retire-with-live-children";

    /// <summary>The node is already retired.</summary>
    public const string AlreadyRetired = "grid.already-retired";

    /// <summary>An overlay item (professional grid, household, staff member, cadre assignment) has a duplicate code.</summary>
    public const string DuplicateItem = "overlay.duplicate";

    /// <summary>An overlay item is invalid in itself (empty code, no categories, no covered nodes).</summary>
    public const string InvalidItem = "overlay.invalid";

    /// <summary>An overlay item refers to a node that does not exist in the hierarchy.</summary>
    public const string UnknownNode = "overlay.node-unknown";

    /// <summary>An overlay item refers to a retired node.</summary>
    public const string RetiredNode = "overlay.node-retired";

    /// <summary>A household is placed on a node that has children; households belong on leaves.</summary>
    public const string HouseholdNotOnLeaf = "household.not-on-leaf";

    /// <summary>A contact names a household or staff member that does not exist.</summary>
    public const string UnknownReference = "overlay.reference-unknown";

    /// <summary>A household has more than one contact staff member.</summary>
    public const string DuplicateContact = "household.contact-duplicate";

    /// <summary>A staff member's contact household lies outside the staff member's unit.</summary>
    public const string ContactOutsideUnit = "household.contact-outside-unit";

    /// <summary>A cadre is assigned to a node whose kind is not covered by cadre assignments.</summary>
    public const string CadreNodeKind = "cadre.node-kind";
}
