namespace GridGov.Sdk.Workflows;

/// <summary>
/// A publication or migration of rule-set versions was refused (docs/versions.md); nothing changed. Refusals by
/// the access policy are <see cref="Access.AccessDeniedException"/> instead.
/// </summary>
public sealed class RuleSetRejectedException : GridGovException
{
    /// <summary>The command does not name its actor, its subtree or its reason (the why every change records).</summary>
    public const string InvalidCommandCode = "rules.invalid-command";

    /// <summary>The subtree's code is not a live node of the grid hierarchy.</summary>
    public const string PlaceUnknownCode = "rules.place-unknown";

    /// <summary>The subtree holds no rule set of that version in its configuration.</summary>
    public const string VersionUnknownCode = "rules.version-unknown";

    /// <summary>The version is not newer than the one in force there: versions only move forward.</summary>
    public const string VersionNotNewerCode = "rules.version-not-newer";

    /// <summary>A migration names a version other than the one in force in the subtree.</summary>
    public const string VersionNotInForceCode = "rules.version-not-in-force";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable code, one of the constants of this class.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="subtreeCode">The subtree the command named.</param>
    public RuleSetRejectedException(string code, string message, string? subtreeCode)
        : base(code, message)
    {
        SubtreeCode = subtreeCode;
    }

    /// <summary>Gets the subtree the command named.</summary>
    public string? SubtreeCode { get; }
}
