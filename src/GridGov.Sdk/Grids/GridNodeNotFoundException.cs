namespace GridGov.Sdk.Grids;

/// <summary>Thrown when a code names no node of the hierarchy snapshot at hand.</summary>
public sealed class GridNodeNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = GridProblemCodes.NodeNotFound;

    /// <summary>Creates the exception.</summary>
    /// <param name="nodeCode">The code that was not found.</param>
    public GridNodeNotFoundException(string nodeCode)
        : base(ErrorCode, $"No grid node has code '{nodeCode}'.")
    {
        NodeCode = nodeCode;
    }

    /// <summary>Gets the code that was not found.</summary>
    public string NodeCode { get; }
}
