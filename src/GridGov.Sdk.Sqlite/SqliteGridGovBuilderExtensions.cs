using GridGov.Sdk.Privacy;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts GridGov.Sdk's events in a SQLite file.</summary>
public static class SqliteGridGovBuilderExtensions
{
    /// <summary>
    /// Replaces the <see cref="IEventStore"/> registration (the in-memory store by default) with a singleton
    /// <see cref="SqliteEventStore"/> on a database file, also resolvable as <see cref="SqliteEventStore"/>, and keeps
    /// residents' personal data in the same file, in its own table outside the hash-chained log
    /// (<see cref="SqlitePersonalDataStore"/> replaces the in-memory <see cref="IPersonalDataStore"/>).
    /// The options are validated here; the file is opened when the store is first resolved and closed when
    /// the container is disposed.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGridGov</c>.</param>
    /// <param name="path">The database file; its folder must exist.</param>
    /// <param name="configure">Sets more options (durability, serializer, group size); optional.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    /// <exception cref="GridGov.Sdk.Sqlite.SqliteStoreException">The options are invalid (<see cref="SqliteStoreException.InvalidOptionsCode"/>).</exception>
    public static GridGovBuilder UseSqlite(this GridGovBuilder builder, string path, Action<SqliteEventStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new SqliteEventStoreOptions { Path = path };
        configure?.Invoke(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SqliteStoreException(SqliteStoreException.InvalidOptionsCode, options.Path ?? string.Empty, "Invalid SqliteEventStoreOptions: " + string.Join(" ", errors));
        }

        builder.Services.Replace(ServiceDescriptor.Singleton(_ => new SqliteEventStore(options)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IPersonalDataStore>(sp => new SqlitePersonalDataStore(sp.GetRequiredService<SqliteEventStore>())));
        return builder;
    }
}
