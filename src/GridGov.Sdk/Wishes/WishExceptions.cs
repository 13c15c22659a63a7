namespace GridGov.Sdk.Wishes;

/// <summary>Thrown when a small-wish command is refused for its input or because the wish has an active claim. Nothing changed.</summary>
public sealed class WishRejectedException : GridGovException
{
    /// <summary>The command's input is invalid (empty description, a value out of range, an unknown or retired place, no evidence…).</summary>
    public const string InvalidCommandCode = "wish.command-invalid";

    /// <summary>The wish has an active claim already: at most one claim is active at a time.</summary>
    public const string ClaimActiveCode = "wish.claim-active";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="wishId">The wish.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    public WishRejectedException(string code, string wishId, string message)
        : base(code, message)
    {
        WishId = wishId;
    }

    /// <summary>Gets the wish.</summary>
    public string WishId { get; }
}

/// <summary>Thrown when a wish does not exist.</summary>
public sealed class WishNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "wish.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="wishId">The wish.</param>
    public WishNotFoundException(string wishId)
        : base(ErrorCode, $"Wish '{wishId}' does not exist.")
    {
        WishId = wishId;
    }

    /// <summary>Gets the wish.</summary>
    public string WishId { get; }
}
