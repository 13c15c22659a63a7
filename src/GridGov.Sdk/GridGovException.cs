namespace GridGov.Sdk;

/// <summary>
/// Base class of every exception GridGov.Sdk throws on purpose. Each carries a stable
/// <see cref="Code"/> that callers can switch on; the message is for people and may change.
/// </summary>
/// <remarks>An exception means the command was refused as a whole: nothing was changed.</remarks>
public abstract class GridGovException : Exception
{
    /// <summary>Creates the exception with its stable code and a message a person can act on.</summary>
    /// <param name="code">The stable, machine-readable code, such as <c>grid.invalid-hierarchy</c>.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    protected GridGovException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>Gets the stable, machine-readable code of the failure.</summary>
    public string Code { get; }
}
