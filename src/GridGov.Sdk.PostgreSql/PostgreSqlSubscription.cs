using GridGov.Sdk.Storage;
using Npgsql;

namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// The live part of one subscription: an unpooled connection that LISTENs on the schema's channel and reads
/// pages of the log. Re-opens a dropped connection with back-off; gives up after ten failures in a row.
/// </summary>
/// <remarks>Not thread-safe: one subscription's enumerator uses it.</remarks>
internal sealed class PostgreSqlSubscription : IAsyncDisposable
{
    private const int MaxConsecutiveFailures = 10;

    private readonly PostgreSqlEventStore _store;
    private readonly NpgsqlDataSource _listenDataSource;
    private NpgsqlConnection? _connection;
    private int _notified;

    public PostgreSqlSubscription(PostgreSqlEventStore store, NpgsqlDataSource listenDataSource)
    {
        _store = store;
        _listenDataSource = listenDataSource;
    }

    /// <summary>Returns the next non-empty page from a position on, waiting as long as it takes; null once cancelled.</summary>
    /// <param name="next">The first position wanted.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The page, or null.</returns>
    public async Task<List<RecordedEvent>?> NextAsync(long next, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _connection ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);

                // A notification that arrives while the page is read sets the flag; one that arrives after it waits
                // in the socket for WaitAsync. Either way no append goes unnoticed.
                Volatile.Write(ref _notified, 0);
                var page = await _store.ReadPageCoreAsync(_connection, next, cancellationToken).ConfigureAwait(false);
                failures = 0;
                if (page.Count > 0)
                {
                    return page;
                }

                if (Volatile.Read(ref _notified) == 0)
                {
                    await _connection.WaitAsync(_store.Options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (IsTransient(e) && ++failures < MaxConsecutiveFailures)
            {
                await DropConnectionAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 << failures)), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                await DropConnectionAsync().ConfigureAwait(false);
                throw _store.Errors.Map(e, $"follow the log from position {next}");
            }
        }

        return null;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DropConnectionAsync();

    private static bool IsTransient(Exception e) => e is TimeoutException || (e is NpgsqlException n && n.IsTransient);

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await _listenDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += (_, _) => Volatile.Write(ref _notified, 1);
            var listen = new NpgsqlCommand(_store.Sql.Listen, connection);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
