namespace GridGov.Sdk.Privacy;

/// <summary>
/// Thrown when a name, phone number or address is not valid. The message never holds the rejected value,
/// only its masked form, so logging the exception leaks nothing.
/// </summary>
public sealed class InvalidPersonalDataException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "privacy.invalid-value";

    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What kind of value was rejected.</param>
    /// <param name="message">What is wrong, without the value itself.</param>
    public InvalidPersonalDataException(PersonalDataKind kind, string message)
        : base(ErrorCode, message)
    {
        Kind = kind;
    }

    /// <summary>Gets what kind of value was rejected.</summary>
    public PersonalDataKind Kind { get; }
}
