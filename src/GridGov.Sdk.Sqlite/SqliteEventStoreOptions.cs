using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Sqlite;

/// <summary>
/// The settings of a <see cref="SqliteEventStore"/>. Every property has a documented default except
/// <see cref="Path"/>; <see cref="Validate"/> runs when the store opens.
/// </summary>
/// <remarks>Not thread-safe while being configured; the store copies the values when it opens.</remarks>
public sealed class SqliteEventStoreOptions
{
    /// <summary>The largest allowed <see cref="MaxGroupSize"/>.</summary>
    public const int MaxGroupSizeLimit = 10_000;

    /// <summary>
    /// Gets or sets the database file. Its folder must exist; the file is created with the schema when it
    /// does not exist or is empty. The write-ahead log and its index sit beside it (<c>-wal</c>, <c>-shm</c>).
    /// <value>The default value is null, which is invalid: a path must be set.</value>
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Gets or sets how hard commits are flushed to the disk.
    /// <value>The default value is <see cref="SqliteDurability.Full"/>.</value>
    /// </summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;

    /// <summary>
    /// Gets or sets the serializer that turns events into their stored form. When null, a serializer over
    /// <see cref="Registry"/> is used.
    /// <value>The default value is null.</value>
    /// </summary>
    public EventSerializer? Serializer { get; set; }

    /// <summary>
    /// Gets or sets the event type names, used when <see cref="Serializer"/> is null. When both are null,
    /// <see cref="EventTypeRegistry.CreateDefault"/> is used. Set one or the other, not both.
    /// <value>The default value is null.</value>
    /// </summary>
    public EventTypeRegistry? Registry { get; set; }

    /// <summary>
    /// Gets or sets how many concurrent appends at most are committed together in one transaction
    /// (group commit), 1–<see cref="MaxGroupSizeLimit"/>. 1 turns group commit off.
    /// <value>The default value is 256.</value>
    /// </summary>
    public int MaxGroupSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many events <see cref="SqliteEventStore.ReadAllAsync"/> and
    /// <see cref="SqliteEventStore.SubscribeAsync"/> read per query, 1–100,000. Between pages no read
    /// transaction is held, so a slow reader does not keep the write-ahead log from being checkpointed.
    /// <value>The default value is 1,000.</value>
    /// </summary>
    public int ReadPageSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets how often a caught-up subscription looks for new events when no append of this
    /// process woke it (appends of another process, or a missed wake-up), more than zero and at most one hour.
    /// <value>The default value is 1 second.</value>
    /// </summary>
    public TimeSpan SubscriptionPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long an open or a commit waits for a lock held by another connection or process
    /// before it fails, from zero to ten minutes.
    /// <value>The default value is 5 seconds.</value>
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    /// <returns>The problems, as messages a person can act on.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("SqliteEventStoreOptions.Path must be set to the database file.");
        }
        else if (Path.Trim() == ":memory:" || Path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"SqliteEventStoreOptions.Path must be a file path, not '{Path}': the store needs a file on disk for its write-ahead log.");
        }
        else if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || Path.Contains(';', StringComparison.Ordinal))
        {
            errors.Add($"SqliteEventStoreOptions.Path '{Path}' contains characters that are not allowed in a path.");
        }

        if (!Enum.IsDefined(Durability))
        {
            errors.Add($"SqliteEventStoreOptions.Durability must be Full or Normal, not {(int)Durability}.");
        }

        if (Serializer is not null && Registry is not null && !ReferenceEquals(Serializer.Registry, Registry))
        {
            errors.Add("Set SqliteEventStoreOptions.Serializer or SqliteEventStoreOptions.Registry, not both: the serializer carries its own registry.");
        }

        if (MaxGroupSize < 1 || MaxGroupSize > MaxGroupSizeLimit)
        {
            errors.Add($"SqliteEventStoreOptions.MaxGroupSize must be 1–{MaxGroupSizeLimit}, not {MaxGroupSize}.");
        }

        if (ReadPageSize < 1 || ReadPageSize > 100_000)
        {
            errors.Add($"SqliteEventStoreOptions.ReadPageSize must be 1–100,000, not {ReadPageSize}.");
        }

        if (SubscriptionPollInterval <= TimeSpan.Zero || SubscriptionPollInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"SqliteEventStoreOptions.SubscriptionPollInterval must be more than zero and at most one hour, not {SubscriptionPollInterval}.");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"SqliteEventStoreOptions.BusyTimeout must be from zero to ten minutes, not {BusyTimeout}.");
        }

        return errors;
    }
}
