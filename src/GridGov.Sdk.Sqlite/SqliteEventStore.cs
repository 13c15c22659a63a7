using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GridGov.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace GridGov.Sdk.Sqlite;

/// <summary>
/// The embedded, durable event store: one SQLite database file in WAL mode. Every event is stored in its
/// serialized form (stable type name, UTF-8 JSON payload and metadata) and hash-chained to its predecessor
/// in its stream and in the global log (<see cref="EventHash"/>), so <see cref="VerifyAsync"/> finds edits,
/// deletions, insertions and reorderings made outside the store.
/// </summary>
/// <remarks>
/// <para>Thread-safe. One process should write a file at a time; other processes may read it.</para>
/// <para>
/// Appends are committed by a single writer at a time. Appends that arrive while a commit is in progress
/// queue up and are committed together in the next transaction (group commit), so concurrent writers share
/// one flush to the disk. An append completes only after the transaction that holds it has committed, at
/// the configured <see cref="SqliteDurability"/>. Each append in a group is checked against its expected
/// version on its own: a conflicting append fails alone and the others commit.
/// </para>
/// <para>
/// Groups are committed by a writer thread of the store's own. A lone append — nothing committing or
/// queued, and no concurrency in the last group — is committed on the caller's thread instead, so a single
/// writer pays no thread switch; appends that arrive meanwhile queue up for the writer thread. When the last
/// group held several appends, the writer thread waits up to 1 ms for as many to queue again before it
/// commits, since the writers it just released usually append again at once ("as many": the last group's
/// size, or half the figure before it if that is more, so that one writer arriving late does not split the
/// next rounds into a group of one and a group of the rest).
/// </para>
/// <para>
/// A committed group is acknowledged by one thread-pool work item that completes its appends in order, and
/// the appends' continuations run there synchronously (one wake-up per group rather than one per append).
/// When those continuations append again (writers in a loop), the same work item commits the appends they
/// queued and completes them in turn, up to 64 rounds, so a round of concurrent writers costs one flush and
/// no thread wake-up at all. A continuation that blocks delays the acknowledgements of the appends after it
/// in its group; appends queued meanwhile are committed by the writer thread once they have waited 2 ms. One
/// that blocks waiting for a later append of the same group would never finish. Awaiting is unaffected.
/// </para>
/// <para>
/// The store remembers the last version and hash of up to 65,536 recently written streams, so an append does
/// not query its stream's tail inside the write transaction. The memory is dropped whenever the log's end is not
/// the one this store wrote (another process appended) and after any failed transaction.
/// </para>
/// </remarks>
public sealed class SqliteEventStore : IEventStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this version of the store writes and understands.</summary>
    public const int CurrentSchemaVersion = 1;

    private const string Columns = "position, stream_id, stream_version, type, payload, metadata, prev_stream_hash, prev_log_hash, hash";

    /// <summary>Rows per multi-row INSERT: a batch of events is written this many rows per statement.</summary>
    private const int RowsPerInsert = 16;

    private readonly string _path;
    private readonly EventSerializer _serializer;
    private readonly int _maxGroupSize;
    private readonly int _pageSize;
    private readonly TimeSpan _pollInterval;
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _globalTail;
    private readonly SqliteStatement _hashAt;
    private readonly SqliteStatement _streamTail;
    private readonly SqliteStatement _insert;
    private readonly SqliteStatement _insertMany;
    private readonly AppendSignal _signal = new();
    private readonly CancellationTokenSource _disposing = new();

    // Guarded by _queueGate.
    private readonly object _queueGate = new();
    private readonly Queue<PendingAppend> _queue = new();
    private bool _writerIdle;
    private bool _committing;

    // How many completion work items are running their group's continuations. Each commits, when it is
    // done, what those continuations queued ("owned" appends), so those need not wake the writer thread.
    private int _completers;

    // Queued appends not owned by a completion work item: the writer thread commits them without delay.
    private int _unownedQueued;

    // The store whose group the current thread is completing (appends made by the continuations are owned).
    [ThreadStatic]
    private static SqliteEventStore? t_completing;
    private bool _closed;
    private int _gatherTarget = int.MaxValue;

    private readonly Thread _writerThread;
    private readonly TaskCompletionSource _writerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Written by whoever commits (one at a time): how many appends recent groups held — the last group's size,
    // or half the previous figure if that is more, so that one short group (a writer that came late) does
    // not make the next group wait for a single append.
    private volatile int _lastGroupSize = 1;

    // Touched only by whoever commits (one at a time: _committing), and by the constructor.
    private long _lastPosition;
    private byte[] _lastHash = [];

    // The last version and hash of recently written streams, as committed; valid while the log's tail is the one
    // this store wrote (CheckTail clears it when another process appended). Saves a query per append.
    private readonly Dictionary<string, (long Version, byte[] Hash)> _streamTails = new(StringComparer.Ordinal);

    // The tails written by the transaction in progress, merged into _streamTails only after it commits.
    private readonly Dictionary<string, (long Version, byte[] Hash)> _groupTails = new(StringComparer.Ordinal);

    private long _committedPosition;
    private long _transactions;
    private int _disposed;

    /// <summary>Opens (or creates) the event store in a database file, with the default options.</summary>
    /// <param name="path">The database file; its folder must exist.</param>
    /// <exception cref="SqliteStoreException">The file cannot be opened, is not a database, is damaged, or is not an event store.</exception>
    /// <exception cref="EventStoreSchemaTooNewException">The file was written by a newer version of the store; nothing was written.</exception>
    public SqliteEventStore(string path)
        : this(new SqliteEventStoreOptions { Path = path })
    {
    }

    /// <summary>Opens (or creates) the event store described by the options.</summary>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    /// <exception cref="SqliteStoreException">The options are invalid, or the file cannot be opened, is not a database, is damaged, or is not an event store.</exception>
    /// <exception cref="EventStoreSchemaTooNewException">The file was written by a newer version of the store; nothing was written.</exception>
    public SqliteEventStore(SqliteEventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SqliteStoreException(SqliteStoreException.InvalidOptionsCode, options.Path ?? string.Empty, "Invalid SqliteEventStoreOptions: " + string.Join(" ", errors));
        }

        _path = System.IO.Path.GetFullPath(options.Path!);
        _serializer = options.Serializer ?? new EventSerializer(options.Registry);
        _maxGroupSize = options.MaxGroupSize;
        _pageSize = options.ReadPageSize;
        _pollInterval = options.SubscriptionPollInterval;
        var timeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();

        var state = SqliteSchema.Inspect(_path);
        var writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = state == SqliteSchema.FileState.New ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        _writer = new SqliteConnection(writeConnectionString);
        try
        {
            _writer.Open();
            Execute(_writer, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");

            // Check what the file holds in a read transaction first: a file that is refused is not written to
            // (not even switched to WAL mode).
            bool create;
            Execute(_writer, "BEGIN");
            try
            {
                create = SqliteSchema.CheckOrNeedsCreate(_writer, _path);
            }
            finally
            {
                TryExecute(_writer, "ROLLBACK");
            }

            var mode = Convert.ToString(ExecuteScalar(_writer, "PRAGMA journal_mode = WAL"), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteStoreException(SqliteStoreException.OpenFailedCode, _path, $"Cannot put the event store '{_path}' in WAL mode (the journal mode stayed '{mode}'); the store needs a local file system with shared memory.");
            }

            Execute(_writer, options.Durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            if (create)
            {
                Execute(_writer, "BEGIN IMMEDIATE");
                try
                {
                    // Checked again under the write lock: another process may have created it meanwhile.
                    if (SqliteSchema.CheckOrNeedsCreate(_writer, _path))
                    {
                        Execute(_writer, SqliteSchema.CreateVersion1);
                        Execute(_writer, $"PRAGMA application_id = {SqliteSchema.ApplicationId}");
                        Execute(_writer, $"PRAGMA user_version = {CurrentSchemaVersion}");
                    }

                    Execute(_writer, "COMMIT");
                }
                catch
                {
                    TryExecute(_writer, "ROLLBACK");
                    throw;
                }
            }

            _begin = new SqliteStatement(_writer, "BEGIN IMMEDIATE");
            _commit = new SqliteStatement(_writer, "COMMIT");
            _rollback = new SqliteStatement(_writer, "ROLLBACK");
            _globalTail = new SqliteStatement(_writer, "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1");
            _hashAt = new SqliteStatement(_writer, "SELECT hash FROM events WHERE position = ?");
            _streamTail = new SqliteStatement(_writer, "SELECT stream_version, hash FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1");
            _insert = new SqliteStatement(_writer, InsertSql(1));
            _insertMany = new SqliteStatement(_writer, InsertSql(RowsPerInsert));
            (_lastPosition, _lastHash) = ReadGlobalTail();
            _committedPosition = _lastPosition;
            _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "GridGov SQLite writer" };
            _writerThread.Start();
        }
        catch (SqliteException e)
        {
            CloseAfterFailedOpen();
            throw SqliteSchema.OpenError(_path, e);
        }
        catch
        {
            CloseAfterFailedOpen();
            throw;
        }
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path => _path;

    /// <summary>Gets the global position of the last event this store has seen committed (0 when the log is empty).</summary>
    public long LastPosition => Volatile.Read(ref _committedPosition);

    /// <summary>
    /// Gets or sets a test seam called by the writer before each group's transaction, with the group's size;
    /// a test blocks in it to make later appends queue up into one group. Null in production.
    /// </summary>
    internal Action<int>? GroupStarting { get; set; }

    /// <summary>Gets how many append transactions this store has committed (each holds one group of appends). For tests and diagnostics.</summary>
    internal long TransactionsCommitted => Interlocked.Read(ref _transactions);

    /// <summary>Gets how many groups a completion work item committed itself (no writer-thread wake-up). For tests and diagnostics.</summary>
    internal long GroupsCommittedByCompleters => Interlocked.Read(ref _completerGroups);

    private long _completerGroups;

    /// <summary>Gets how many times the writer thread took appends a busy completion work item owned, after they waited the stall timeout. For tests and diagnostics.</summary>
    internal long StalledTakeovers => Interlocked.Read(ref _stalledTakeovers);

    private long _stalledTakeovers;

    /// <inheritdoc />
    /// <exception cref="SqliteStoreException">The group of appends this one was committed with could not be written (<see cref="SqliteStoreException.WriteFailedCode"/>); nothing of it was written.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public ValueTask<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (events.Count == 0)
        {
            throw new ArgumentException("At least one event is needed.", nameof(events));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var serialized = new SerializedEvent[events.Count];
        for (var i = 0; i < serialized.Length; i++)
        {
            serialized[i] = _serializer.Serialize(events[i] ?? throw new ArgumentException("The list contains a null event.", nameof(events)));
        }

        var pending = new PendingAppend(streamId, expectedVersion, events, serialized, cancellationToken);
        bool inline;
        lock (_queueGate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);

            // A lone append (nothing committing or queued, and no concurrency in the last group) is committed
            // on the caller's thread: no thread switch. Anything else goes to the writer thread's queue.
            inline = !_committing && _queue.Count == 0 && _lastGroupSize <= 1;
            if (inline)
            {
                _committing = true;
            }
            else
            {
                pending.EnqueuedAt = Stopwatch.GetTimestamp();
                pending.Owned = ReferenceEquals(t_completing, this);
                _queue.Enqueue(pending);
                if (!pending.Owned)
                {
                    _unownedQueued++;
                }

                if ((!pending.Owned && _writerIdle && !_committing) || _queue.Count >= _gatherTarget)
                {
                    Monitor.Pulse(_queueGate);
                }
            }
        }

        if (inline)
        {
            try
            {
                CommitGroup([pending]);
                CompleteAll([pending]);
            }
            finally
            {
                lock (_queueGate)
                {
                    _committing = false;
                    if (_queue.Count > 0 || _closed)
                    {
                        Monitor.Pulse(_queueGate);
                    }
                }
            }
        }

        return new ValueTask<AppendResult>(pending.Completion.Task);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<RecordedEvent> events = Query(
            $"SELECT {Columns} FROM events WHERE stream_id = $s ORDER BY stream_version",
            c => c.Parameters.AddWithValue("$s", streamId),
            cancellationToken);
        return ValueTask.FromResult(events);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var next = fromPosition;
        while (true)
        {
            var page = ReadPage(next, cancellationToken);
            foreach (var e in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
            }

            if (page.Count < _pageSize)
            {
                yield break;
            }

            next = page[^1].Position + 1;
            await Task.Yield();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Woken at once by appends of this store; appends of another process are picked up by polling every
    /// <see cref="SqliteEventStoreOptions.SubscriptionPollInterval"/>. Ends when the store is disposed.
    /// </remarks>
    public async IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var token = linked.Token;
        var next = fromPosition;
        while (!token.IsCancellationRequested)
        {
            var wake = _signal.WaitAsync(token);
            List<RecordedEvent> page;
            try
            {
                page = ReadPage(next, token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                yield break;
            }

            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count > 0)
            {
                next = page[^1].Position + 1;
            }

            if (page.Count < _pageSize)
            {
                await Task.WhenAny(wake, Task.Delay(_pollInterval, token)).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the rows in position order, <see cref="SqliteEventStoreOptions.ReadPageSize"/> at a time, in one read
    /// transaction and checks them with an <see cref="IncrementalEventLogVerifier"/>, so memory stays constant
    /// however long the log. Also reports as deleted events at the end of the log that this
    /// store instance committed but that are gone (the chain alone cannot show a cut-off tail).
    /// </remarks>
    public async ValueTask<EventLogVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await Task.Run(() => Verify(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting appends, commits the appends already accepted, ends subscriptions and closes the
    /// database (checkpointing the write-ahead log into the file).
    /// </summary>
    /// <returns>A task that completes when the file is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
        {
            return;
        }

        await _writerExited.Task.ConfigureAwait(false);
        EndDispose();
    }

    /// <summary>Like <see cref="DisposeAsync"/>, blocking.</summary>
    public void Dispose()
    {
        if (!BeginDispose())
        {
            return;
        }

        _writerExited.Task.GetAwaiter().GetResult();
        EndDispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? ExecuteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void TryExecute(SqliteConnection connection, string sql)
    {
        try
        {
            Execute(connection, sql);
        }
        catch (SqliteException)
        {
            // Best effort: SQLite may have rolled back already.
        }
    }

    private static byte[] Blob(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    private void CloseAfterFailedOpen()
    {
        // Some of these may not have been made yet.
        foreach (var disposable in new IDisposable?[] { _insert, _insertMany, _begin, _commit, _rollback, _globalTail, _hashAt, _streamTail })
        {
            disposable?.Dispose();
        }

        _writer.Dispose();
    }

    private static string InsertSql(int rows)
    {
        var sql = new System.Text.StringBuilder($"INSERT INTO events ({Columns}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?)");
        }

        return sql.ToString();
    }

    private bool BeginDispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        lock (_queueGate)
        {
            // The writer commits what is queued, then exits.
            _closed = true;
            Monitor.PulseAll(_queueGate);
        }

        _disposing.Cancel();
        return true;
    }

    private void EndDispose()
    {
        foreach (var statement in new[] { _begin, _commit, _rollback, _globalTail, _hashAt, _streamTail, _insert, _insertMany })
        {
            statement.Dispose();
        }

        using (var forPool = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(forPool);
        }

        _writer.Dispose();
    }

    private List<PendingAppend>? TakeGroupLocked()
    {
        if (_queue.Count == 0)
        {
            return null;
        }

        var group = new List<PendingAppend>(Math.Min(_queue.Count, _maxGroupSize));
        while (group.Count < _maxGroupSize && _queue.TryDequeue(out var next))
        {
            group.Add(next);
            if (!next.Owned)
            {
                _unownedQueued--;
            }
        }


        return group;
    }

    /// <summary>
    /// The one writer: waits for appends, takes up to <see cref="SqliteEventStoreOptions.MaxGroupSize"/> of
    /// them (the group) and commits them in one transaction, again and again. After the store is closed it
    /// commits what is still queued, then exits.
    /// </summary>
    private void WriterLoop()
    {
        List<PendingAppend>? group = null;
        try
        {
            while (true)
            {
                lock (_queueGate)
                {
                    // Appends queued by the continuations a completion work item is running are that work
                    // item's to commit; the writer steps in only if the oldest of them has waited StallTimeout
                    // (a continuation that blocks must not hold up the appends after it for ever).
                    while (_queue.Count == 0 || _committing || (_unownedQueued == 0 && !_closed && !HeadStalled()))
                    {
                        if (_closed && _queue.Count == 0 && !_committing)
                        {
                            return;
                        }

                        _writerIdle = true;
                        if (_completers > 0 || _queue.Count > 0)
                        {
                            Monitor.Wait(_queueGate, StallTimeout);
                        }
                        else
                        {
                            Monitor.Wait(_queueGate);
                        }

                        _writerIdle = false;
                    }

                    if (_unownedQueued == 0 && !_closed)
                    {
                        _stalledTakeovers++;
                    }

                    _committing = true;
                    Gather();
                    group = TakeGroupLocked();
                }

                var handedOver = false;
                try
                {
                    CommitGroup(group!);
                    lock (_queueGate)
                    {
                        _committing = false;
                        _completers++;
                    }

                    handedOver = true;

                    // One wake-up for the whole group rather than one thread-pool continuation per append: the
                    // appends' continuations run one after the other on this work item, which then commits the
                    // appends they queued itself (see CompleteAndCommit).
                    ThreadPool.UnsafeQueueUserWorkItem(CompleteAndCommit, group!, preferLocal: false);
                    group = null;
                }
                finally
                {
                    if (!handedOver)
                    {
                        lock (_queueGate)
                        {
                            _committing = false;
                        }
                    }
                }
            }
        }
        catch (Exception e)
        {
            // A bug, not a SQLite error (CommitGroup handles those): fail what is taken or queued rather than
            // strand it, and refuse further appends.
            var failed = group ?? [];
            lock (_queueGate)
            {
                _closed = true;
                failed.AddRange(_queue);
                _queue.Clear();
                _unownedQueued = 0;
            }

            foreach (var p in failed)
            {
                p.Fail(e);
            }

            // Not on this thread: the appends' continuations run synchronously where they are completed.
            ThreadPool.UnsafeQueueUserWorkItem(CompleteAll, failed, preferLocal: false);
        }
        finally
        {
            _writerExited.TrySetResult();
        }
    }

    /// <summary>
    /// Completes a committed group's appends (their continuations run here, synchronously), then — when those
    /// continuations queued new appends and nobody else is committing — commits those too, on this same
    /// thread, and completes them in turn, up to <see cref="MaxCompleterRounds"/> times. Writers that append
    /// again as soon as their append completes (the common case under load) thus go round without any thread
    /// waking another: no writer-thread wake-up, no gather, one flush per round.
    /// </summary>
    private void CompleteAndCommit(List<PendingAppend> group)
    {
        for (var round = 1; ; round++)
        {
            var outer = t_completing;
            t_completing = this;
            try
            {
                CompleteAll(group);
            }
            finally
            {
                t_completing = outer;
            }

            lock (_queueGate)
            {
                _completers--;
                if (_closed || _committing || _queue.Count == 0 || round >= MaxCompleterRounds)
                {
                    // What is left queued is nobody's now: the writer thread commits it without delay.
                    foreach (var p in _queue)
                    {
                        if (p.Owned)
                        {
                            p.Owned = false;
                            _unownedQueued++;
                        }
                    }

                    if (_queue.Count > 0 || _closed)
                    {
                        Monitor.Pulse(_queueGate);
                    }

                    return;
                }

                _committing = true;
                group = TakeGroupLocked()!;
            }

            try
            {
                Interlocked.Increment(ref _completerGroups);
                CommitGroup(group);
            }
            catch (Exception e)
            {
                // A bug, not a SQLite error (CommitGroup handles those): fail the appends not known committed.
                foreach (var p in group)
                {
                    if (p.Outcome != Outcome.Committed)
                    {
                        p.Fail(e);
                    }
                }
            }
            finally
            {
                lock (_queueGate)
                {
                    _committing = false;
                    _completers++;
                }
            }
        }
    }

    /// <summary>True when the oldest queued append has waited at least <see cref="StallTimeout"/>. Call under the gate.</summary>
    private bool HeadStalled() =>
        _queue.TryPeek(out var head) && Stopwatch.GetElapsedTime(head.EnqueuedAt).TotalMilliseconds >= StallTimeout;

    /// <summary>How long (ms) a queued append waits for a busy completion work item before the writer thread commits it.</summary>
    private const int StallTimeout = 2;

    /// <summary>Rounds a completion work item commits before it hands the queue back to the writer thread.</summary>
    private const int MaxCompleterRounds = 64;

    /// <summary>
    /// When the last group held several appends, waits briefly (a short spin, then at most <see cref="GatherTimeoutMs"/>) until as
    /// many are queued again: the writers whose appends just completed are usually about to append again,
    /// and one flush for all of them beats a flush for the first and another for the rest. A lone writer
    /// never waits (its groups hold one append).
    /// </summary>
    private void Gather()
    {
        var target = Math.Min(_lastGroupSize, _maxGroupSize);
        if (_queue.Count >= target || _closed)
        {
            return;
        }

        // Spin first (yielding the core now and then), with the queue unlocked: the writers are about to
        // arrive, and waking a parked thread costs more than the wait. Then park for what is left.
        var spinner = default(SpinWait);
        for (var i = 0; i < GatherSpins && _queue.Count < target && !_closed; i++)
        {
            Monitor.Exit(_queueGate);
            try
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            finally
            {
                Monitor.Enter(_queueGate);
            }
        }

        if (_queue.Count >= target || _closed)
        {
            return;
        }

        _gatherTarget = target;
        try
        {
            Monitor.Wait(_queueGate, GatherTimeoutMs);
        }
        finally
        {
            _gatherTarget = int.MaxValue;
        }
    }

    private const int GatherTimeoutMs = 1;

    private const int GatherSpins = 60;

    /// <summary>
    /// Commits a group and records each append's outcome; the caller completes them (<see cref="CompleteAll"/>)
    /// once it has given up the commit role.
    /// </summary>
    private void CommitGroup(List<PendingAppend> group)
    {
        var live = new List<PendingAppend>(group.Count);
        foreach (var p in group)
        {
            if (p.CancellationToken.IsCancellationRequested)
            {
                p.Outcome = Outcome.Canceled;
            }
            else
            {
                live.Add(p);
            }
        }

        while (live.Count > 0)
        {
            GroupStarting?.Invoke(live.Count);
            var failed = TryCommit(live, out var error);
            if (failed == Committed)
            {
                _lastGroupSize = Math.Max(live.Count, _lastGroupSize / 2);
                var any = false;
                foreach (var p in live)
                {
                    any |= p.Error is null;
                    p.Outcome = p.Error is null ? Outcome.Committed : Outcome.Failed;
                }

                if (any)
                {
                    _signal.Set();
                }

                break;
            }

            var writeFailed = error as SqliteStoreException ?? new SqliteStoreException(
                SqliteStoreException.WriteFailedCode,
                _path,
                $"Could not commit to the event store '{_path}': {error!.Message} The transaction was rolled back; nothing of the append was written.",
                error);
            if (failed == WholeGroup)
            {
                foreach (var p in live)
                {
                    p.Fail(writeFailed);
                }

                break;
            }

            // One append broke a constraint: fail it alone and commit the others without it.
            live[failed].Fail(writeFailed);
            live.RemoveAt(failed);
        }
    }

    private static void CompleteAll(List<PendingAppend> group)
    {
        foreach (var p in group)
        {
            p.Complete();
        }
    }

    /// <summary>At most this many stream tails are remembered; beyond it the memory is cleared and refilled.</summary>
    private const int MaxCachedStreamTails = 65_536;

    private const int Committed = -1;
    private const int WholeGroup = -2;

    /// <summary>Writes one group in one transaction. Outcomes are kept on the appends until the commit succeeded.</summary>
    /// <returns><see cref="Committed"/>, <see cref="WholeGroup"/>, or the index of the one append that failed.</returns>
    private int TryCommit(List<PendingAppend> live, out Exception? error)
    {
        error = null;
        var current = -1;
        var inTransaction = false;
        try
        {
            _groupTails.Clear();
            _begin.Execute();
            inTransaction = true;
            var (position, logHash) = CheckTail();
            for (var i = 0; i < live.Count; i++)
            {
                current = i;
                var p = live[i];
                p.Result = null;
                p.Error = null;
                var (version, streamHash) = StreamTail(p.StreamId);
                if (version != p.ExpectedVersion)
                {
                    p.Error = new StreamVersionConflictException(p.StreamId, p.ExpectedVersion, version);
                    continue;
                }

                var recorded = new RecordedEvent[p.Serialized.Length];
                var j = 0;
                while (j < recorded.Length)
                {
                    var many = recorded.Length - j >= RowsPerInsert;
                    var insert = many ? _insertMany : _insert;
                    for (var r = 0; r < (many ? RowsPerInsert : 1); r++, j++)
                    {
                        var s = p.Serialized[j];
                        version++;
                        position++;
                        var hash = EventHash.Compute(streamHash, logHash, p.StreamId, version, s.Type, s.Payload, s.Metadata);
                        var at = (r * 9) + 1;
                        insert.Bind(at, position);
                        insert.Bind(at + 1, p.StreamId);
                        insert.Bind(at + 2, version);
                        insert.Bind(at + 3, s.Type);
                        insert.Bind(at + 4, s.Payload);
                        insert.Bind(at + 5, s.Metadata);
                        insert.Bind(at + 6, streamHash);
                        insert.Bind(at + 7, logHash);
                        insert.Bind(at + 8, hash);
                        var e = p.Events[j];
                        recorded[j] = new RecordedEvent(p.StreamId, version, position, e.Payload, e.Metadata) { Hash = hash };
                        streamHash = hash;
                        logHash = hash;
                    }

                    insert.Execute();
                }

                p.Result = new AppendResult(version, recorded);
                _groupTails[p.StreamId] = (version, streamHash);
            }

            current = -1;
            _commit.Execute();
            inTransaction = false;
            _lastPosition = position;
            _lastHash = logHash;
            Volatile.Write(ref _committedPosition, position);
            Interlocked.Increment(ref _transactions);
            if (_streamTails.Count + _groupTails.Count > MaxCachedStreamTails)
            {
                _streamTails.Clear();
            }

            foreach (var (stream, tail) in _groupTails)
            {
                _streamTails[stream] = tail;
            }

            return Committed;
        }
        catch (Exception e)
        {
            // Whatever went wrong, read the stream tails from the file again from now on.
            _streamTails.Clear();
            if (inTransaction)
            {
                try
                {
                    _rollback.Execute();
                }
                catch (SqliteException)
                {
                    // SQLite rolled back on its own (for example after a full disk or an I/O error).
                }
            }

            error = e;
            return e is SqliteException { SqliteErrorCode: 19 } && current >= 0 ? current : WholeGroup;
        }
    }

    /// <summary>
    /// Reads the log's tail inside the write transaction and compares it with the one remembered. A tail
    /// further on (another process appended) is taken over if it continues the remembered one; any other
    /// difference means the log was changed outside the store, and nothing is appended to it.
    /// </summary>
    private (long Position, byte[] Hash) CheckTail()
    {
        var (position, hash) = ReadGlobalTail();
        if (position == _lastPosition && hash.AsSpan().SequenceEqual(_lastHash))
        {
            return (position, hash);
        }

        // Another process appended (or the log was changed): the remembered stream tails may be stale.
        _streamTails.Clear();

        if (position > _lastPosition)
        {
            if (_lastPosition == 0)
            {
                return (position, hash);
            }

            _hashAt.Bind(1, _lastPosition);
            if (_hashAt.QueryRow() is { } known && known.Blob.AsSpan().SequenceEqual(_lastHash))
            {
                return (position, hash);
            }
        }

        throw new SqliteStoreException(
            SqliteStoreException.WriteFailedCode,
            _path,
            $"The end of the event log in '{_path}' changed outside the store (this store last wrote position {_lastPosition}; the file now ends at position {position} with another hash). Nothing was appended; run VerifyAsync and restore the file from a backup.");
    }

    private (long Position, byte[] Hash) ReadGlobalTail()
    {
        return _globalTail.QueryRow() is { } row ? row : (0, []);
    }

    /// <summary>The stream's last version and hash as the transaction in progress sees them: its own appends, then the remembered tails, then the file.</summary>
    private (long Version, byte[] Hash) StreamTail(string streamId)
    {
        if (_groupTails.TryGetValue(streamId, out var tail) || _streamTails.TryGetValue(streamId, out tail))
        {
            return tail;
        }

        return ReadStreamTail(streamId);
    }

    private (long Version, byte[] Hash) ReadStreamTail(string streamId)
    {
        _streamTail.Bind(1, streamId);
        return _streamTail.QueryRow() is { } row ? row : (0, []);
    }

    private List<RecordedEvent> ReadPage(long from, CancellationToken cancellationToken) => Query(
        $"SELECT {Columns} FROM events WHERE position >= $from ORDER BY position LIMIT $limit",
        c =>
        {
            c.Parameters.AddWithValue("$from", from);
            c.Parameters.AddWithValue("$limit", _pageSize);
        },
        cancellationToken);

    private List<RecordedEvent> Query(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var events = new List<RecordedEvent>();
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                events.Add(ToRecorded(reader));
            }
        }
        catch (SqliteException e)
        {
            throw SqliteSchema.ReadError(_path, e);
        }

        return events;
    }

    private RecordedEvent ToRecorded(SqliteDataReader reader)
    {
        var position = reader.GetInt64(0);
        var streamId = reader.GetString(1);
        var version = reader.GetInt64(2);
        var type = reader.GetString(3);
        try
        {
            var (payload, metadata) = _serializer.Deserialize(type, Blob(reader, 4), Blob(reader, 5));
            return new RecordedEvent(streamId, version, position, payload, metadata) { Hash = Blob(reader, 8) };
        }
        catch (JsonException e)
        {
            throw new SqliteStoreException(SqliteStoreException.CorruptEventCode, _path, $"The event at position {position} ({streamId} v{version}, '{type}') in '{_path}' cannot be read: {e.Message} Run VerifyAsync to see whether it was altered.", e);
        }
    }

    private EventLogVerification Verify(CancellationToken cancellationToken)
    {
        // Read before the snapshot: whatever this store commits later can only add to what the scan sees.
        var committed = Volatile.Read(ref _committedPosition);
        var verifier = new IncrementalEventLogVerifier();
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();

            // One read transaction, so every page comes from the same snapshot; ReadPageSize rows at a time.
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT {Columns} FROM events WHERE position > $after ORDER BY position LIMIT $limit";
            var after = command.Parameters.Add("$after", SqliteType.Integer);
            command.Parameters.AddWithValue("$limit", _pageSize);
            after.Value = 0L;
            var more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = 0;
                using (var reader = command.ExecuteReader())
                {
                    while (more && reader.Read())
                    {
                        rows++;
                        var row = new StoredEventRow(
                            reader.GetInt64(0),
                            reader.GetString(1),
                            reader.GetInt64(2),
                            reader.GetString(3),
                            Blob(reader, 4),
                            Blob(reader, 5),
                            Blob(reader, 6),
                            Blob(reader, 7),
                            Blob(reader, 8));
                        after.Value = row.Position;
                        more = verifier.Add(row);
                    }
                }

                more &= rows == _pageSize;
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw SqliteSchema.ReadError(_path, e);
        }

        var verification = verifier.Complete();
        var last = verifier.LastPosition;
        if (verification.IsIntact && last < committed)
        {
            return new EventLogVerification(
                verification.EventsChecked,
                last + 1,
                EventLogFault.Deleted,
                $"The log ends at position {last}, but this store committed events up to position {committed}: the events at the end were deleted.");
        }

        return verification;
    }

    private enum Outcome
    {
        Pending,
        Committed,
        Failed,
        Canceled,
    }

    private sealed class PendingAppend(string streamId, long expectedVersion, IReadOnlyList<EventData> events, SerializedEvent[] serialized, CancellationToken cancellationToken)
    {
        public string StreamId { get; } = streamId;

        public long ExpectedVersion { get; } = expectedVersion;

        public IReadOnlyList<EventData> Events { get; } = events;

        public SerializedEvent[] Serialized { get; } = serialized;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>
        /// Completed by <see cref="Complete"/> only, after the commit, on the group's completion work item (or
        /// on the caller's thread before the task is returned): continuations run there synchronously, so a
        /// group of N appends costs one thread-pool wake-up, not N.
        /// </summary>
        public TaskCompletionSource<AppendResult> Completion { get; } = new();

        public AppendResult? Result { get; set; }

        public Exception? Error { get; set; }

        public Outcome Outcome { get; set; }

        /// <summary>When it was queued (<see cref="Stopwatch.GetTimestamp"/>).</summary>
        public long EnqueuedAt { get; set; }

        /// <summary>Queued by a continuation of a group being completed: that completion work item commits it.</summary>
        public bool Owned { get; set; }

        public void Fail(Exception error)
        {
            Error = error;
            Outcome = Outcome.Failed;
        }

        public void Complete()
        {
            switch (Outcome)
            {
                case Outcome.Committed:
                    Completion.TrySetResult(Result!);
                    break;
                case Outcome.Canceled:
                    Completion.TrySetCanceled(CancellationToken);
                    break;
                default:
                    Completion.TrySetException(Error ?? new InvalidOperationException("The append was never committed."));
                    break;
            }
        }
    }
}
