namespace GridGov.Sdk.Interop.Open311;

/// <summary>One Open311 error: <c>{code, description}</c>.</summary>
/// <param name="Code">code: the HTTP status it comes with (400, 403, 404…).</param>
/// <param name="Description">description: what is wrong and what to do, without personal data.</param>
public sealed record Open311Error(int Code, string Description);

/// <summary>
/// An Open311 request was refused: the errors to send, as a list, with their HTTP status. Nothing was
/// changed.
/// </summary>
public sealed class Open311Exception : GridGovException
{
    /// <summary>The stable code of every Open311 refusal.</summary>
    public const string ErrorCode = "open311.refused";

    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status to answer with.</param>
    /// <param name="errors">The errors; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public Open311Exception(int statusCode, IReadOnlyList<Open311Error> errors)
        : base(ErrorCode, string.Join(" ", (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => e.Description)))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("An Open311 refusal needs at least one error.", nameof(errors));
        }

        StatusCode = statusCode;
        Errors = [.. errors];
    }

    /// <summary>Creates the exception with one error whose code is the status.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="description">What is wrong.</param>
    public Open311Exception(int statusCode, string description)
        : this(statusCode, [new Open311Error(statusCode, description)])
    {
    }

    /// <summary>Gets the HTTP status to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the errors to send.</summary>
    public IReadOnlyList<Open311Error> Errors { get; }
}
