namespace GridGov.Sdk.Issues;

/// <summary>Thrown when a command names an issue that was never reported.</summary>
public sealed class IssueNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "issue.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="issueId">The unknown issue.</param>
    public IssueNotFoundException(IssueId issueId)
        : base(ErrorCode, $"Issue '{issueId}' does not exist.")
    {
        IssueId = issueId;
    }

    /// <summary>Gets the unknown issue.</summary>
    public IssueId IssueId { get; }
}
