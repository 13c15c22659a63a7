using System.Text.RegularExpressions;
using GridGov.Sdk.Storage;
using Npgsql;

namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// The settings of a <see cref="PostgreSqlEventStore"/>: where the database is, which schema holds the
/// event log, and how events are serialized. <see cref="Validate"/> runs when the store is created.
/// </summary>
/// <remarks>Not thread-safe while being configured; the store takes a copy, so later changes do not affect it.</remarks>
public sealed partial class PostgreSqlEventStoreOptions
{
    /// <summary>The default schema name, <c>gridgov</c>.</summary>
    public const string DefaultSchema = "gridgov";

    /// <summary>The longest schema name allowed (the notification channel <c>gridgov_events_&lt;schema&gt;</c> must fit in 63 bytes).</summary>
    public const int MaxSchemaLength = 48;

    /// <summary>
    /// Gets or sets the Npgsql connection string, for example
    /// <c>Host=db.example;Port=5432;Database=gridgov;Username=gridgov;Password=…</c>.
    /// <value>The default value is empty, which is invalid: it must be set.</value>
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the schema that holds the event log's tables and functions: lower-case letters, digits and
    /// underscores, starting with a letter or underscore, at most <see cref="MaxSchemaLength"/> characters, not
    /// starting with <c>pg_</c>. Several independent logs can share one database under different schemas.
    /// <value>The default value is <see cref="DefaultSchema"/>.</value>
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Gets or sets the serializer that turns events into their stored (and hashed) form.
    /// <value>The default value is null: a serializer over <see cref="Registry"/> is used.</value>
    /// </summary>
    public EventSerializer? Serializer { get; set; }

    /// <summary>
    /// Gets or sets the event type names, used when <see cref="Serializer"/> is not set.
    /// <value>The default value is null: <see cref="EventTypeRegistry.CreateDefault"/> is used.</value>
    /// </summary>
    public EventTypeRegistry? Registry { get; set; }

    /// <summary>
    /// Gets or sets whether the store creates its schema and applies its migrations on first use. Turn it off
    /// where the application's database user may not run DDL; the store then only checks that the schema is
    /// present and at its version.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool AutoMigrate { get; set; } = true;

    /// <summary>
    /// Gets or sets how many events one query of <see cref="PostgreSqlEventStore.ReadAllAsync"/> and
    /// <see cref="PostgreSqlEventStore.SubscribeAsync"/> fetches, 1–100,000.
    /// <value>The default value is 1,000.</value>
    /// </summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets how long a caught-up subscription waits for a notification (LISTEN/NOTIFY) before it looks
    /// for new events anyway, between 10 ms and 10 minutes. Notifications normally wake it at once; the poll
    /// only covers a notification that was lost.
    /// <value>The default value is 1 second.</value>
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets whether the store lets Npgsql prepare its statements on each pooled connection (automatic
    /// preparation, no extra round trip). Turn it off behind a connection pooler that does not support prepared
    /// statements (PgBouncer before 1.21 in transaction mode). A <c>Max Auto Prepare</c> in the connection
    /// string takes precedence.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    /// <returns>The problems, as messages a person can act on.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ConnectionProblem() is { } connection)
        {
            errors.Add(connection);
        }

        if (string.IsNullOrEmpty(Schema) || Schema.Length > MaxSchemaLength || !SchemaName().IsMatch(Schema) || Schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            errors.Add($"PostgreSqlEventStoreOptions.Schema '{Schema}' is not allowed: use 1–{MaxSchemaLength} lower-case letters, digits and underscores, starting with a letter or underscore and not with 'pg_'.");
        }

        if (Serializer is not null && Registry is not null && !ReferenceEquals(Serializer.Registry, Registry))
        {
            errors.Add("PostgreSqlEventStoreOptions.Serializer and Registry are both set and disagree: set one of them (the serializer carries its registry).");
        }

        if (PageSize is < 1 or > 100_000)
        {
            errors.Add($"PostgreSqlEventStoreOptions.PageSize must be 1–100,000 (was {PageSize}).");
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"PostgreSqlEventStoreOptions.PollInterval must be between 10 ms and 10 minutes (was {PollInterval}).");
        }

        return errors;
    }

    /// <summary>Returns the problem with <see cref="ConnectionString"/>, or null if it parses.</summary>
    internal string? ConnectionProblem()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return "PostgreSqlEventStoreOptions.ConnectionString must be set, for example 'Host=db;Database=gridgov;Username=gridgov;Password=…'.";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return "PostgreSqlEventStoreOptions.ConnectionString names no Host.";
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The message names the bad keyword or value; the connection string itself (with its password) is not repeated.
            return $"PostgreSqlEventStoreOptions.ConnectionString is not a valid Npgsql connection string: {e.Message}";
        }

        return null;
    }

    /// <summary>Returns a copy, so that the store is not affected by later changes.</summary>
    internal PostgreSqlEventStoreOptions Clone() => (PostgreSqlEventStoreOptions)MemberwiseClone();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
