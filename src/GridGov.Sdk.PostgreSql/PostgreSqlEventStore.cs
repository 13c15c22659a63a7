using System.Data;
using System.Runtime.CompilerServices;
using GridGov.Sdk.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// The shared event store for a city or province: one PostgreSQL database that several application nodes
/// write to at once. Streams with optimistic concurrency, one global log whose positions are handed out and
/// committed in order without gaps, and SHA-256 hash chains computed by the server in the same statement
/// that appends (byte for byte <see cref="EventHash"/>), so that <see cref="VerifyAsync"/> finds any event
/// changed, deleted or slipped in outside the store.
/// </summary>
/// <remarks>
/// <para>Thread-safe; create one per process (the DI registration makes it a singleton) and dispose it at the end.</para>
/// <para>Every append is one round trip: one statement for a single event, one call of the schema's
/// <c>append_events</c> function for a batch. Either checks the expected version (backed by a unique
/// constraint on stream and version), takes the log head's row lock until commit, hashes and inserts, and
/// notifies subscribers at commit. The schema is created and migrated on first use
/// (<see cref="PostgreSqlEventStoreOptions.AutoMigrate"/>); a schema written by a newer package is refused
/// with <see cref="EventStoreSchemaTooNewException"/>. See docs/adr/0010-postgresql-append.md.</para>
/// <para>Needs PostgreSQL 11 or later and a UTF8 database; no extension.</para>
/// </remarks>
public sealed class PostgreSqlEventStore : IEventStore, IAsyncDisposable, IDisposable
{
    /// <summary>The newest schema version this package writes and reads.</summary>
    public const int SchemaVersion = PostgreSqlSql.SchemaVersion;

    private const int MaxAppendAttempts = 10;

    private readonly PostgreSqlEventStoreOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenDataSource;
    private readonly EventSerializer _serializer;
    private readonly PostgreSqlSql _sql;
    private readonly PostgreSqlErrors _errors;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;

    /// <summary>Creates a store. Nothing is opened until the first call (or <see cref="InitializeAsync"/>).</summary>
    /// <param name="options">The options; validated, then copied.</param>
    /// <exception cref="PostgreSqlEventStoreException">The options are invalid (<see cref="PostgreSqlEventStoreException.InvalidOptionsCode"/>) or the connection string does not parse (<see cref="PostgreSqlEventStoreException.InvalidConnectionStringCode"/>).</exception>
    public PostgreSqlEventStore(PostgreSqlEventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        ThrowIfInvalid(_options);
        _serializer = _options.Serializer ?? new EventSerializer(_options.Registry);
        var connection = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        if (string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = "GridGov.Sdk.PostgreSql";
        }

        _sql = new PostgreSqlSql(_options.Schema);
        _errors = new PostgreSqlErrors(connection, _options.Schema);

        // The store's pooled connections never change session state (no SET, no LISTEN, no temporary tables, only
        // transaction-scoped locks), so the pool need not reset them. The reset (DISCARD ALL) would also throw
        // away the append function's cached plans on every use, which costs more than the append itself.
        var pooled = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { NoResetOnClose = true };
        if (_options.PrepareStatements && pooled.MaxAutoPrepare == 0)
        {
            // Parsing and planning the append statement costs about as much as executing it; prepared (after two
            // uses on a connection, without an extra round trip) it is only bound and executed.
            pooled.MaxAutoPrepare = 16;
            pooled.AutoPrepareMinUsages = 2;
        }

        _dataSource = NpgsqlDataSource.Create(pooled.ConnectionString);

        // Subscriptions hold their connection for as long as they run and LISTEN on it: unpooled, so that no
        // listening connection ever goes back to a pool.
        var listen = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false };
        _listenDataSource = NpgsqlDataSource.Create(listen.ConnectionString);
    }

    /// <summary>Gets the schema that holds this store's log.</summary>
    public string Schema => _options.Schema;

    /// <summary>Gets the options in use (a copy of those given).</summary>
    internal PostgreSqlEventStoreOptions Options => _options;

    internal PostgreSqlSql Sql => _sql;

    internal PostgreSqlErrors Errors => _errors;

    /// <summary>
    /// Connects, checks the server, and creates or migrates the schema if needed. Optional: every other call
    /// does it on first use. Call it at start-up to fail early on a bad connection string or a schema that is
    /// too new. Several nodes may call it at once; an advisory lock lets one migrate.
    /// </summary>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task.</returns>
    /// <exception cref="EventStoreSchemaTooNewException">The schema was written by a newer package; nothing was written.</exception>
    /// <exception cref="PostgreSqlEventStoreException">The server cannot be reached or refuses, or the schema is missing or outdated with migration off.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="PostgreSqlEventStoreException">The server cannot be reached or refuses the append.</exception>
    public async ValueTask<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ThrowIfNul(streamId);
        if (events.Count == 0)
        {
            throw new ArgumentException("At least one event is needed.", nameof(events));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var types = new string[events.Count];
        var payloads = new byte[events.Count][];
        var metadata = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var serialized = _serializer.Serialize(events[i] ?? throw new ArgumentException("The list contains a null event.", nameof(events)));
            types[i] = serialized.Type;
            payloads[i] = serialized.Payload;
            metadata[i] = serialized.Metadata;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppendOnceAsync(streamId, expectedVersion, events, types, payloads, metadata, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == "23505" && e.ConstraintName == PostgreSqlSql.StreamVersionConstraint)
            {
                // Another writer appended to this stream between this statement's snapshot and its turn at the log
                // head's lock: the unique constraint refused the version. Nothing was written.
                throw new StreamVersionConflictException(streamId, expectedVersion, await ReadStreamVersionAsync(streamId, cancellationToken).ConfigureAwait(false));
            }
            catch (PostgresException e) when (PostgreSqlErrors.IsSerializationFailure(e) && attempt < MaxAppendAttempts)
            {
                // Only under a server default of REPEATABLE READ or SERIALIZABLE: the head lock then fails instead of waiting.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                throw _errors.Map(e, $"append to stream '{streamId}'");
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgreSqlEventStoreException">The server cannot be reached or refuses the read.</exception>
    public async ValueTask<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ThrowIfNul(streamId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = new NpgsqlCommand(_sql.ReadStream, connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var events = new List<RecordedEvent>();
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            events.Add(ToRecorded(streamId, reader.GetInt64(1), reader.GetInt64(0), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<byte[]>(5)));
                        }

                        return events;
                    }
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw _errors.Map(e, $"read stream '{streamId}'");
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgreSqlEventStoreException">The server cannot be reached or refuses the read.</exception>
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        var next = fromPosition;
        while (true)
        {
            var page = await ReadPageAsync(next, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var e in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
            }

            next = page[^1].Position + 1;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Holds one unpooled connection that LISTENs for the notification every append sends at commit (so
    /// every node's appends wake every node's subscribers); between notifications it looks anyway every
    /// <see cref="PostgreSqlEventStoreOptions.PollInterval"/>. A dropped connection is re-opened with back-off;
    /// after ten failures in a row the subscription throws. Cancellation ends it quietly.
    /// </remarks>
    /// <exception cref="PostgreSqlEventStoreException">The server stays unreachable, or refuses the read.</exception>
    public async IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!await TryInitializeForSubscriptionAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var subscription = new PostgreSqlSubscription(this, _listenDataSource);
        await using (subscription.ConfigureAwait(false))
        {
            var next = fromPosition;
            while (true)
            {
                var page = await subscription.NextAsync(next, cancellationToken).ConfigureAwait(false);
                if (page is null)
                {
                    yield break;
                }

                foreach (var e in page)
                {
                    yield return e;
                }

                next = page[^1].Position + 1;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the log head and then the rows, <see cref="PostgreSqlEventStoreOptions.PageSize"/> at a time, in one
    /// REPEATABLE READ snapshot, and checks them with an <see cref="IncrementalEventLogVerifier"/> (which recomputes
    /// every hash with <see cref="EventHash"/>, so the server-side hashing is checked too); memory stays constant
    /// however long the log. Then it checks the last event against the log head: that catches the newest events
    /// deleted, or events added at the end without the store.
    /// </remarks>
    /// <exception cref="PostgreSqlEventStoreException">The server cannot be reached or refuses the read.</exception>
    public async ValueTask<EventLogVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var verifier = new IncrementalEventLogVerifier();
        var head = await ReadRowsAndHeadAsync(verifier.Add, cancellationToken).ConfigureAwait(false);
        var verification = verifier.Complete();
        if (!verification.IsIntact)
        {
            return verification;
        }

        var count = verification.EventsChecked;
        var lastPosition = verifier.LastPosition;
        var lastHash = verifier.LastHash.Span;
        if (head is null)
        {
            return new EventLogVerification(count, lastPosition + 1, EventLogFault.Deleted, $"The log head row is missing from {_errors.Where}: it was deleted outside the store.");
        }

        var (headPosition, headHash) = head.Value;
        if (headPosition > lastPosition)
        {
            return new EventLogVerification(count, lastPosition + 1, EventLogFault.Deleted, $"Position {lastPosition + 1} is missing: the log head records {headPosition} events, the last event left is at {lastPosition}. The newest events were deleted.");
        }

        if (headPosition < lastPosition)
        {
            return new EventLogVerification(count, headPosition + 1, EventLogFault.Inserted, $"The event at position {headPosition + 1} was inserted: the store appended only up to position {headPosition}.");
        }

        if (!headHash.AsSpan().SequenceEqual(lastHash))
        {
            return new EventLogVerification(count, lastPosition, EventLogFault.Altered, $"The event at position {lastPosition} does not match the hash the store recorded for it: it was changed (and re-hashed) outside the store.");
        }

        return verification;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _listenDataSource.DisposeAsync().ConfigureAwait(false);
        _initGate.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _dataSource.Dispose();
        _listenDataSource.Dispose();
        _initGate.Dispose();
    }

    /// <summary>Throws the typed error for invalid options.</summary>
    /// <param name="options">The options.</param>
    internal static void ThrowIfInvalid(PostgreSqlEventStoreOptions options)
    {
        var errors = options.Validate();
        if (errors.Count == 0)
        {
            return;
        }

        var code = !string.IsNullOrWhiteSpace(options.ConnectionString) && options.ConnectionProblem() is not null
            ? PostgreSqlEventStoreException.InvalidConnectionStringCode
            : PostgreSqlEventStoreException.InvalidOptionsCode;
        throw new PostgreSqlEventStoreException(code, string.Join(" ", errors));
    }

    /// <summary>Reads one page of the global log from a position on, on the given connection.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="fromPosition">The first position.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <see cref="PostgreSqlEventStoreOptions.PageSize"/> events; empty at the end.</returns>
    /// <remarks>Npgsql errors are not mapped, so that the caller can tell transient ones.</remarks>
    internal async Task<List<RecordedEvent>> ReadPageCoreAsync(NpgsqlConnection connection, long fromPosition, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(_sql.ReadPage, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromPosition });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.PageSize });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var events = new List<RecordedEvent>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    events.Add(ToRecorded(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(0), reader.GetString(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6)));
                }

                return events;
            }
        }
    }

    /// <summary>Reads every stored row in position order, as <see cref="EventLogVerifier"/> checks them.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    internal async Task<IReadOnlyList<StoredEventRow>> ReadRowsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredEventRow>();
        await ReadRowsAndHeadAsync(row => { rows.Add(row); return true; }, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static void ThrowIfNul(string streamId)
    {
        if (streamId.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A stream id cannot contain the NUL character.", nameof(streamId));
        }
    }

    private async Task<AppendResult> AppendOnceAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, string[] types, byte[][] payloads, byte[][] metadata, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var single = events.Count == 1;
            var command = new NpgsqlCommand(single ? _sql.AppendOne : _sql.AppendBatch, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
                if (single)
                {
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = types[0], NpgsqlDbType = NpgsqlDbType.Text });
                    command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payloads[0], NpgsqlDbType = NpgsqlDbType.Bytea });
                    command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = metadata[0], NpgsqlDbType = NpgsqlDbType.Bytea });
                }
                else
                {
                    command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                    command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                    command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                }
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var recorded = new RecordedEvent[events.Count];
                    var count = 0;
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (reader.IsDBNull(0))
                        {
                            throw new StreamVersionConflictException(streamId, expectedVersion, reader.GetInt64(1));
                        }

                        if (count == recorded.Length)
                        {
                            break;
                        }

                        var e = events[count];
                        recorded[count++] = new RecordedEvent(streamId, reader.GetInt64(1), reader.GetInt64(0), e.Payload, e.Metadata) { Hash = reader.GetFieldValue<byte[]>(2) };
                    }

                    if (count != recorded.Length)
                    {
                        throw new PostgreSqlEventStoreException(PostgreSqlEventStoreException.LogInconsistentCode, $"The append in {_errors.Where} recorded {count} of {recorded.Length} events: the log head row is missing, or the append function is not the one this package installed.");
                    }

                    return new AppendResult(recorded[^1].StreamVersion, recorded);
                }
            }
        }
    }

    private async Task<long> ReadStreamVersionAsync(string streamId, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = new NpgsqlCommand(_sql.StreamVersion, connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
                    return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw _errors.Map(e, $"read the version of stream '{streamId}'");
        }
    }

    private async Task<List<RecordedEvent>> ReadPageAsync(long fromPosition, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await ReadPageCoreAsync(connection, fromPosition, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw _errors.Map(e, $"read the log from position {fromPosition}");
        }
    }

    /// <summary>Reads the log head, then passes the rows page by page to <paramref name="onRow"/> until it returns false, all in one snapshot.</summary>
    private async Task<(long Position, byte[] Hash)?> ReadRowsAndHeadAsync(Func<StoredEventRow, bool> onRow, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // One snapshot for the rows and the head: an append committing in between must not look like a deletion.
                var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    (long, byte[])? head = null;
                    var headCommand = new NpgsqlCommand(_sql.ReadHead, connection, transaction);
                    await using (headCommand.ConfigureAwait(false))
                    {
                        var reader = await headCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                head = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
                            }
                        }
                    }

                    var rowsCommand = new NpgsqlCommand(_sql.ReadRows, connection, transaction);
                    await using (rowsCommand.ConfigureAwait(false))
                    {
                        var after = new NpgsqlParameter<long> { TypedValue = 0 };
                        rowsCommand.Parameters.Add(after);
                        rowsCommand.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.PageSize });
                        var more = true;
                        while (more)
                        {
                            var rows = 0;
                            var reader = await rowsCommand.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
                            await using (reader.ConfigureAwait(false))
                            {
                                while (more && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                                {
                                    rows++;
                                    var row = new StoredEventRow(
                                        reader.GetInt64(0),
                                        reader.GetString(1),
                                        reader.GetInt64(2),
                                        reader.GetString(3),
                                        reader.GetFieldValue<byte[]>(4),
                                        reader.GetFieldValue<byte[]>(5),
                                        reader.GetFieldValue<byte[]>(6),
                                        reader.GetFieldValue<byte[]>(7),
                                        reader.GetFieldValue<byte[]>(8));
                                    after.TypedValue = row.Position;
                                    more = onRow(row);
                                }
                            }

                            more &= rows == _options.PageSize;
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return head;
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw _errors.Map(e, "read the log for verification");
        }
    }

    private RecordedEvent ToRecorded(string streamId, long version, long position, string type, byte[] payload, byte[] metadata, byte[] hash)
    {
        var (p, m) = _serializer.Deserialize(type, payload, metadata);
        return new RecordedEvent(streamId, version, position, p, m) { Hash = hash };
    }

    private async Task<bool> TryInitializeForSubscriptionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
        => _initialized ? ValueTask.CompletedTask : new ValueTask(InitializeSlowAsync(cancellationToken));

    private async Task InitializeSlowAsync(CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await PostgreSqlMigrator.MigrateAsync(_dataSource, _sql, _errors, _options.AutoMigrate, cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initGate.Release();
        }
    }
}
