using NodaTime;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// Where the <see cref="PersonalDataVault"/> keeps personal data: a table keyed by <see cref="PersonalDataRef"/>,
/// outside the hash-chained event log, so that erasing a row breaks no chain. The vault adds the access policy,
/// the audit trail and masking on top; an implementation only keeps rows. Implementations: in memory
/// (<see cref="InMemoryPersonalDataStore"/>) and SQLite (<c>GridGov.Sdk.Sqlite</c>).
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IPersonalDataStore
{
    /// <summary>Adds a row.</summary>
    /// <param name="row">The row; its <see cref="StoredPersonalData.Contact"/> is set and it is not erased.</param>
    /// <param name="cancellationToken">Cancels the write before it is made.</param>
    /// <returns>A task that completes when the row is durable.</returns>
    /// <exception cref="ArgumentException">A row with the same reference exists.</exception>
    ValueTask AddAsync(StoredPersonalData row, CancellationToken cancellationToken = default);

    /// <summary>Gets a row, erased or not.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row, or null when there is none.</returns>
    ValueTask<StoredPersonalData?> GetAsync(PersonalDataRef reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a row's personal data for good, keeping the row as a tombstone (reference, place, erasure instant).
    /// The data must not remain anywhere the store controls (for SQLite: secure delete on).
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="at">When it was erased.</param>
    /// <param name="cancellationToken">Cancels the write before it is made.</param>
    /// <returns>False when there is no such row; true otherwise (also when it was erased already).</returns>
    ValueTask<bool> EraseAsync(PersonalDataRef reference, Instant at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a row entirely, leaving no tombstone: for data stored by a command that then failed, which no event
    /// refers to. Not for erasure on request (use <see cref="EraseAsync"/>, which the audit trail records).
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the write before it is made.</param>
    /// <returns>A task that completes when the row is gone.</returns>
    ValueTask DiscardAsync(PersonalDataRef reference, CancellationToken cancellationToken = default);
}

/// <summary>One row of an <see cref="IPersonalDataStore"/>.</summary>
/// <param name="Ref">The reference.</param>
/// <param name="Contact">The personal data; null once erased.</param>
/// <param name="PlaceCode">The grid node the data belongs to (the place of the issue that brought it), for the access policy's scope check; null when unknown.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="ErasedAt">When it was erased; null while it is held.</param>
public sealed record StoredPersonalData(
    PersonalDataRef Ref,
    PersonalContact? Contact,
    string? PlaceCode,
    Instant StoredAt,
    Instant? ErasedAt = null)
{
    /// <summary>Gets whether the data was erased.</summary>
    public bool IsErased => ErasedAt is not null;
}
