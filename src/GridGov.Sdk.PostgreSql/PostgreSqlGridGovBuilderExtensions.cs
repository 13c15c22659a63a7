using GridGov.Sdk.PostgreSql;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL event store on a <see cref="GridGovBuilder"/>.</summary>
public static class PostgreSqlGridGovBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgreSqlEventStore"/> as the <see cref="IEventStore"/> (replacing the in-memory one),
    /// registered as a singleton that the container disposes. The options are validated here, so a bad
    /// connection string or schema name fails at composition; the database is first contacted on first use
    /// (call <see cref="PostgreSqlEventStore.InitializeAsync"/> at start-up to fail early). Without a serializer
    /// or registry in the options, an <see cref="EventSerializer"/> or <see cref="EventTypeRegistry"/> registered
    /// in the container is used, else the default registry. Residents' personal data is kept in the same database and
    /// schema, in its own table outside the hash-chained log (<see cref="PostgreSqlPersonalDataStore"/> replaces the
    /// in-memory <see cref="IPersonalDataStore"/>).
    /// </summary>
    /// <param name="builder">The builder from <c>AddGridGov</c>.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Configures the other options; optional.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    /// <exception cref="PostgreSqlEventStoreException">The options are invalid.</exception>
    public static GridGovBuilder UsePostgreSql(this GridGovBuilder builder, string connectionString, Action<PostgreSqlEventStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new PostgreSqlEventStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        PostgreSqlEventStore.ThrowIfInvalid(options);
        builder.Services.RemoveAll<PostgreSqlEventStore>();
        builder.Services.AddSingleton(sp =>
        {
            var own = options.Clone();
            if (own.Serializer is null && own.Registry is null)
            {
                own.Serializer = sp.GetService<EventSerializer>();
                own.Registry = own.Serializer is null ? sp.GetService<EventTypeRegistry>() : null;
            }

            return new PostgreSqlEventStore(own);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(sp => sp.GetRequiredService<PostgreSqlEventStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IPersonalDataStore>(sp => new PostgreSqlPersonalDataStore(sp.GetRequiredService<PostgreSqlEventStore>())));
        return builder;
    }
}
