namespace GridGov.Sdk.Privacy;

/// <summary>
/// Thrown when an actor may not read personal data unmasked (<see cref="RevealDeniedCode"/>; the refusal is
/// recorded as a <see cref="PersonalDataRevealRefused"/>) or may not erase it (<see cref="EraseDeniedCode"/>).
/// Nothing was revealed or erased.
/// </summary>
public sealed class PersonalDataAccessDeniedException : GridGovException
{
    /// <summary>The stable code of a refused reveal.</summary>
    public const string RevealDeniedCode = "privacy.reveal-denied";

    /// <summary>The stable code of a refused erasure.</summary>
    public const string EraseDeniedCode = "privacy.erase-denied";

    /// <summary>Creates the exception.</summary>
    /// <param name="code"><see cref="RevealDeniedCode"/> or <see cref="EraseDeniedCode"/>.</param>
    /// <param name="reference">The reference asked for.</param>
    /// <param name="actorId">Who asked.</param>
    /// <param name="why">Why the policy refused.</param>
    public PersonalDataAccessDeniedException(string code, PersonalDataRef reference, string actorId, string why)
        : base(code, $"Actor '{actorId}' may not {(code == EraseDeniedCode ? "erase" : "read unmasked")} personal data {reference}: {why}")
    {
        Ref = reference;
        ActorId = actorId;
        Why = why;
    }

    /// <summary>Gets the reference asked for.</summary>
    public PersonalDataRef Ref { get; }

    /// <summary>Gets who asked.</summary>
    public string ActorId { get; }

    /// <summary>Gets why the policy refused.</summary>
    public string Why { get; }
}

/// <summary>Thrown when a reference is not in the vault (it was never stored, or was discarded).</summary>
public sealed class PersonalDataNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "privacy.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The reference.</param>
    public PersonalDataNotFoundException(PersonalDataRef reference)
        : base(ErrorCode, $"Personal data {reference} is not in the vault.")
    {
        Ref = reference;
    }

    /// <summary>Gets the reference.</summary>
    public PersonalDataRef Ref { get; }
}

/// <summary>Thrown when the data of a reference was erased and cannot be revealed. Nothing was recorded.</summary>
public sealed class PersonalDataErasedException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "privacy.erased";

    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The reference.</param>
    public PersonalDataErasedException(PersonalDataRef reference)
        : base(ErrorCode, $"Personal data {reference} was erased on request; only the fact of its erasure remains.")
    {
        Ref = reference;
    }

    /// <summary>Gets the reference.</summary>
    public PersonalDataRef Ref { get; }
}
