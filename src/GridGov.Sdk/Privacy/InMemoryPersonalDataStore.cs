using System.Collections.Concurrent;
using NodaTime;

namespace GridGov.Sdk.Privacy;

/// <summary>The in-memory <see cref="IPersonalDataStore"/>: for tests, samples and the in-memory event store. Nothing survives the process.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryPersonalDataStore : IPersonalDataStore
{
    private readonly ConcurrentDictionary<PersonalDataRef, StoredPersonalData> _rows = new();

    /// <summary>Gets the number of rows, erased ones included.</summary>
    public int Count => _rows.Count;

    /// <inheritdoc />
    public ValueTask AddAsync(StoredPersonalData row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_rows.TryAdd(row.Ref, row))
        {
            throw new ArgumentException($"Personal data {row.Ref} is stored already.", nameof(row));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<StoredPersonalData?> GetAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_rows.TryGetValue(reference, out var row) ? row : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> EraseAsync(PersonalDataRef reference, Instant at, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (_rows.TryGetValue(reference, out var row))
        {
            if (row.IsErased || _rows.TryUpdate(reference, row with { Contact = null, ErasedAt = at }, row))
            {
                return ValueTask.FromResult(true);
            }
        }

        return ValueTask.FromResult(false);
    }

    /// <inheritdoc />
    public ValueTask DiscardAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _rows.TryRemove(reference, out _);
        return ValueTask.CompletedTask;
    }
}
