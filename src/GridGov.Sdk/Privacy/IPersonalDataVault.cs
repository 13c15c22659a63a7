using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// The personal-data vault (个人信息库): residents' contact data kept outside the hash-chained event log, keyed by
/// an opaque <see cref="PersonalDataRef"/> that events carry instead of the data. Reading is masked by default;
/// reading unmasked needs the access policy's permission and is recorded (actor, purpose, instant) as an event;
/// erasure on request removes the data, is recorded, and leaves the event log's hash chains intact.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IPersonalDataVault
{
    /// <summary>Stores contact data and returns a new reference to it.</summary>
    /// <param name="contact">The data; at least one part given.</param>
    /// <param name="placeCode">The grid node the data belongs to (for the access policy's scope check); null when unknown.</param>
    /// <param name="cancellationToken">Cancels the write before it is made.</param>
    /// <returns>The reference to put into events.</returns>
    /// <exception cref="ArgumentException">The contact is empty.</exception>
    ValueTask<PersonalDataRef> StoreAsync(PersonalContact contact, string? placeCode, CancellationToken cancellationToken = default);

    /// <summary>Reads the data masked (张*, 138****5678, the address down to the compound), or learns that it was erased. Not recorded.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The masked view.</returns>
    /// <exception cref="PersonalDataNotFoundException">The reference is not in the vault.</exception>
    ValueTask<PersonalDataView> ReadMaskedAsync(PersonalDataRef reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the data unmasked, if the access policy allows the actor. The reveal is recorded as a
    /// <see cref="PersonalDataRevealed"/> event before the data is returned; a refusal is recorded as a
    /// <see cref="PersonalDataRevealRefused"/> event.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="purpose">Why (1–500 characters by default), for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the read before it is recorded.</param>
    /// <returns>The data; show its parts with their <c>Reveal</c> methods.</returns>
    /// <exception cref="ArgumentException">The purpose is empty or too long.</exception>
    /// <exception cref="PersonalDataAccessDeniedException">The policy refuses the actor (<see cref="PersonalDataAccessDeniedException.RevealDeniedCode"/>).</exception>
    /// <exception cref="PersonalDataNotFoundException">The reference is not in the vault.</exception>
    /// <exception cref="PersonalDataErasedException">The data was erased.</exception>
    ValueTask<PersonalContact> RevealAsync(PersonalDataRef reference, Actor actor, string purpose, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases the data on request (删除权): records a <see cref="PersonalDataErased"/> event (who, when, why), then
    /// removes the data, keeping the reference as a tombstone that reads as erased. Events that carry the reference
    /// are untouched, so <c>IEventStore.VerifyAsync</c> still passes. Erasing an erased reference changes nothing.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="actor">Who erases it.</param>
    /// <param name="reason">Why (the resident's request), for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the erasure before it is recorded.</param>
    /// <returns>The view after erasure.</returns>
    /// <exception cref="ArgumentException">The reason is empty.</exception>
    /// <exception cref="PersonalDataAccessDeniedException">The policy refuses the actor (<see cref="PersonalDataAccessDeniedException.EraseDeniedCode"/>).</exception>
    /// <exception cref="PersonalDataNotFoundException">The reference is not in the vault.</exception>
    ValueTask<PersonalDataView> EraseAsync(PersonalDataRef reference, Actor actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes data stored for a command that then failed, which no event refers to; leaves no tombstone and no
    /// event. Not for erasure on request.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the data is gone.</returns>
    ValueTask DiscardAsync(PersonalDataRef reference, CancellationToken cancellationToken = default);
}

/// <summary>Personal data as it may be shown without permission: masked, or marked erased.</summary>
/// <param name="Ref">The reference.</param>
/// <param name="Name">The masked name (张*); null when not given or erased.</param>
/// <param name="Phone">The masked phone number (138****5678); null when not given or erased.</param>
/// <param name="Address">The masked address (down to the compound); null when not given or erased.</param>
/// <param name="ErasedAt">When the data was erased; null while it is held.</param>
public sealed record PersonalDataView(PersonalDataRef Ref, string? Name, string? Phone, string? Address, Instant? ErasedAt)
{
    /// <summary>Gets whether the data was erased.</summary>
    public bool IsErased => ErasedAt is not null;

    /// <summary>Returns the masked parts, or <see cref="PersonalDataMask.ErasedMarker"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => IsErased ? PersonalDataMask.ErasedMarker : string.Join(" ", new[] { Name, Phone, Address }.Where(p => !string.IsNullOrEmpty(p)));
}
