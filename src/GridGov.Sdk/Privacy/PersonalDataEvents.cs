namespace GridGov.Sdk.Privacy;

/// <summary>
/// An event of the personal-data audit trail. Each reference has its own stream,
/// <c>personal-data-{ref}</c> (<see cref="PersonalDataRef.StreamId"/>), in the same store as every other event:
/// who read the data unmasked and why, who was refused, who erased it and why. Who and when are in the event's
/// metadata; the data itself never is.
/// </summary>
/// <param name="Ref">The reference concerned.</param>
public abstract record PersonalDataEvent(PersonalDataRef Ref);

/// <summary>Someone read the data unmasked (查看个人信息), for a stated purpose.</summary>
/// <param name="Ref">The reference read.</param>
/// <param name="Purpose">Why, as the reader stated it (phone and ID numbers in it masked).</param>
public sealed record PersonalDataRevealed(PersonalDataRef Ref, [property: PersonalData(PersonalDataKind.FreeText)] string Purpose) : PersonalDataEvent(Ref);

/// <summary>Someone asked to read the data unmasked and was refused.</summary>
/// <param name="Ref">The reference asked for.</param>
/// <param name="Purpose">The purpose they stated (phone and ID numbers in it masked).</param>
/// <param name="Why">Why the policy refused.</param>
public sealed record PersonalDataRevealRefused(PersonalDataRef Ref, [property: PersonalData(PersonalDataKind.FreeText)] string Purpose, string Why) : PersonalDataEvent(Ref);

/// <summary>The data was erased on request (删除个人信息); the reason is in the metadata. The reference stays, reading as erased.</summary>
/// <param name="Ref">The reference whose data was erased.</param>
public sealed record PersonalDataErased(PersonalDataRef Ref) : PersonalDataEvent(Ref);

/// <summary>Names of the personal-data streams and events.</summary>
public static class PersonalDataEvents
{
    /// <summary>The prefix of every personal-data stream: <c>personal-data-</c> followed by the reference.</summary>
    public const string StreamPrefix = "personal-data-";

    /// <summary>The stable type name of <see cref="PersonalDataRevealed"/>.</summary>
    public const string RevealedType = "personal-data.revealed";

    /// <summary>The stable type name of <see cref="PersonalDataRevealRefused"/>.</summary>
    public const string RevealRefusedType = "personal-data.reveal-refused";

    /// <summary>The stable type name of <see cref="PersonalDataErased"/>.</summary>
    public const string ErasedType = "personal-data.erased";
}
