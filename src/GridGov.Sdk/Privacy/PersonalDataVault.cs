using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// The SDK's <see cref="IPersonalDataVault"/>: rows in an <see cref="IPersonalDataStore"/>, permission from an
/// <see cref="IPersonalDataAccessPolicy"/>, and the audit trail as events in the <see cref="IEventStore"/>, one
/// stream per reference (<see cref="PersonalDataRef.StreamId"/>).
/// </summary>
/// <remarks>
/// <para>Thread-safe.</para>
/// <para>A reveal is recorded before the data is returned: if the record cannot be written, nothing is revealed.
/// An erasure is recorded before the data is removed: if the removal then fails, the data reads as held while its
/// stream says erased, and calling <see cref="EraseAsync"/> again completes it without a second event.</para>
/// </remarks>
public sealed partial class PersonalDataVault : IPersonalDataVault
{
    private const int AppendAttempts = 32;

    private readonly IPersonalDataStore _rows;
    private readonly IEventStore _events;
    private readonly IPersonalDataAccessPolicy _policy;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder? _territory;
    private readonly PersonalDataOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the vault. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="rows">Where the data is kept.</param>
    /// <param name="events">Where reveals and erasures are recorded.</param>
    /// <param name="policy">Who may reveal and erase.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">Purpose length limit; optional.</param>
    /// <param name="territory">The grid hierarchy, to mask addresses down to the compound; optional.</param>
    /// <param name="logger">The logger; optional. Log lines carry references, actor ids and masked text only.</param>
    public PersonalDataVault(
        IPersonalDataStore rows,
        IEventStore events,
        IPersonalDataAccessPolicy policy,
        IClock clock,
        IOptions<PersonalDataOptions>? options = null,
        GridHierarchyHolder? territory = null,
        ILogger<PersonalDataVault>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        _rows = rows;
        _events = events;
        _policy = policy;
        _clock = clock;
        _options = options?.Value ?? new PersonalDataOptions();
        _territory = territory;
        _logger = logger ?? NullLogger<PersonalDataVault>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<PersonalDataRef> StoreAsync(PersonalContact contact, string? placeCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (contact.IsEmpty)
        {
            throw new ArgumentException("The contact has no name, phone or address to store.", nameof(contact));
        }

        var reference = PersonalDataRef.New();
        await _rows.AddAsync(new StoredPersonalData(reference, contact, placeCode, _clock.GetCurrentInstant()), cancellationToken).ConfigureAwait(false);
        return reference;
    }

    /// <inheritdoc />
    public async ValueTask<PersonalDataView> ReadMaskedAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        var row = await GetAsync(reference, cancellationToken).ConfigureAwait(false);
        return View(row);
    }

    /// <inheritdoc />
    public async ValueTask<PersonalContact> RevealAsync(PersonalDataRef reference, Actor actor, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckText(purpose, nameof(purpose));
        var row = await GetAsync(reference, cancellationToken).ConfigureAwait(false);
        if (row.Contact is not { } contact)
        {
            throw new PersonalDataErasedException(reference);
        }

        var scrubbed = PersonalDataMask.Scrub(purpose);
        var decision = _policy.CanReveal(actor, new PersonalDataSubject(reference, row.PlaceCode), purpose);
        if (!decision.Allowed)
        {
            await RecordAsync(reference, new PersonalDataRevealRefused(reference, scrubbed, decision.Why), actor, null, CancellationToken.None).ConfigureAwait(false);
            LogRevealRefused(reference.Value, actor.Id, scrubbed, decision.Why);
            throw new PersonalDataAccessDeniedException(PersonalDataAccessDeniedException.RevealDeniedCode, reference, actor.Id, decision.Why);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await RecordAsync(reference, new PersonalDataRevealed(reference, scrubbed), actor, null, CancellationToken.None).ConfigureAwait(false);
        LogRevealed(reference.Value, actor.Id, scrubbed);
        return contact;
    }

    /// <inheritdoc />
    public async ValueTask<PersonalDataView> EraseAsync(PersonalDataRef reference, Actor actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckText(reason, nameof(reason));
        var row = await GetAsync(reference, cancellationToken).ConfigureAwait(false);
        if (row.IsErased)
        {
            return View(row);
        }

        var decision = _policy.CanErase(actor, new PersonalDataSubject(reference, row.PlaceCode), reason);
        if (!decision.Allowed)
        {
            throw new PersonalDataAccessDeniedException(PersonalDataAccessDeniedException.EraseDeniedCode, reference, actor.Id, decision.Why);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stream = await _events.ReadStreamAsync(reference.StreamId, CancellationToken.None).ConfigureAwait(false);
        var recorded = stream.FirstOrDefault(e => e.Payload is PersonalDataErased);
        var at = recorded?.Metadata.At ?? _clock.GetCurrentInstant();
        if (recorded is null)
        {
            at = await RecordAsync(reference, new PersonalDataErased(reference), actor, PersonalDataMask.Scrub(reason), CancellationToken.None).ConfigureAwait(false);
        }

        await _rows.EraseAsync(reference, at, CancellationToken.None).ConfigureAwait(false);
        LogErased(reference.Value, actor.Id, PersonalDataMask.Scrub(reason));
        return View(row with { Contact = null, ErasedAt = at });
    }

    /// <inheritdoc />
    public ValueTask DiscardAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
        => _rows.DiscardAsync(reference, cancellationToken);

    private async ValueTask<StoredPersonalData> GetAsync(PersonalDataRef reference, CancellationToken cancellationToken)
    {
        if (reference.Value.Length == 0)
        {
            throw new ArgumentException("The reference is the default value.", nameof(reference));
        }

        return await _rows.GetAsync(reference, cancellationToken).ConfigureAwait(false) ?? throw new PersonalDataNotFoundException(reference);
    }

    private PersonalDataView View(StoredPersonalData row)
    {
        if (row.Contact is not { } c)
        {
            return new PersonalDataView(row.Ref, null, null, null, row.ErasedAt ?? row.StoredAt);
        }

        var hierarchy = _territory is { IsLoaded: true } t ? t.Current : null;
        return new PersonalDataView(row.Ref, c.Name?.ToString(), c.Phone?.ToString(), c.Address?.Mask(hierarchy), null);
    }

    private void CheckText(string text, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text, name);
        if (text.Length > _options.MaxPurposeLength)
        {
            throw new ArgumentException($"The {name} must be at most {_options.MaxPurposeLength} characters.", name);
        }
    }

    /// <summary>Appends one audit event to the reference's stream, retrying when another reader came first.</summary>
    private async ValueTask<Instant> RecordAsync(PersonalDataRef reference, PersonalDataEvent evt, Actor actor, string? reason, CancellationToken cancellationToken)
    {
        var stream = await _events.ReadStreamAsync(reference.StreamId, cancellationToken).ConfigureAwait(false);
        long expected = stream.Count;
        for (var attempt = 1; ; attempt++)
        {
            var at = _clock.GetCurrentInstant();
            try
            {
                await _events.AppendAsync(reference.StreamId, expected, [new EventData(evt, new EventMetadata(actor, at, reason))], cancellationToken).ConfigureAwait(false);
                return at;
            }
            catch (StreamVersionConflictException conflict) when (attempt < AppendAttempts)
            {
                expected = conflict.ActualVersion;
            }
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Personal data {Ref} revealed to {ActorId} for: {Purpose}")]
    private partial void LogRevealed(string @ref, string actorId, string purpose);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Personal data {Ref} not revealed to {ActorId} (purpose: {Purpose}): {Why}")]
    private partial void LogRevealRefused(string @ref, string actorId, string purpose, string why);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Personal data {Ref} erased by {ActorId}: {Reason}")]
    private partial void LogErased(string @ref, string actorId, string reason);
}
