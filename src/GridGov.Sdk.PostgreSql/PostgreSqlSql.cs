namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// The SQL of one schema's event log: the migrations that create it and the statements the store runs.
/// Every object is schema-qualified and the schema name is validated (lower-case identifier), so nothing
/// depends on <c>search_path</c>.
/// </summary>
/// <remarks>Thread-safe: immutable.</remarks>
internal sealed class PostgreSqlSql
{
    /// <summary>The newest schema version this package knows; a database at a higher one is refused.</summary>
    internal const int SchemaVersion = 1;

    /// <summary>The first part of the advisory lock key that serializes migrations (the second is a hash of the schema name).</summary>
    internal const int MigrationLockClass = 0x47474F56; // "GGOV"

    /// <summary>The SQLSTATE the append function raises when the log head row is missing.</summary>
    internal const string LogHeadMissingState = "GG001";

    /// <summary>The SQLSTATE the append-only triggers raise.</summary>
    internal const string AppendOnlyState = "GG002";

    /// <summary>The name of the unique constraint that enforces one event per stream version.</summary>
    internal const string StreamVersionConstraint = "events_stream_version_unique";

    /// <summary>The name of the primary key on the global position.</summary>
    internal const string PositionConstraint = "events_pkey";

    public PostgreSqlSql(string schema)
    {
        Schema = schema;
        var s = '"' + schema + '"';
        Channel = "gridgov_events_" + schema;
        AppendBatch = $"SELECT out_position, out_version, out_hash FROM {s}.append_events($1, $2, $3, $4, $5)";

        // One event, one statement (no function call): the stream's head is read in the statement's snapshot; the
        // UPDATE of the log head waits for its row lock and then sees the newest head (READ COMMITTED re-check), so
        // position and chain come from the true predecessor. If the stream moved after the snapshot, the INSERT
        // hits the (stream_id, stream_version) unique constraint and the statement fails as a whole. A stream
        // already behind in the snapshot returns (NULL, actual version, NULL) and locks nothing.
        AppendOne = $"""
            WITH st AS (
                SELECT coalesce(e.stream_version, 0) AS version, coalesce(e.hash, ''::bytea) AS hash
                FROM (SELECT 1) AS one LEFT JOIN LATERAL (
                    SELECT x.stream_version, x.hash FROM {s}.events AS x WHERE x.stream_id = $1 ORDER BY x.stream_version DESC LIMIT 1) AS e ON true),
            head AS (
                UPDATE {s}.log_head AS h
                SET position = h.position + 1, previous_hash = h.hash, hash = {s}.event_hash(st.hash, h.hash, $1, $2 + 1, $3, $4, $5)
                FROM st WHERE h.id = 1 AND st.version = $2
                RETURNING h.position, h.previous_hash, h.hash, st.hash AS stream_hash),
            ins AS (
                INSERT INTO {s}.events (position, stream_id, stream_version, type, payload, metadata, previous_in_stream, previous_in_log, hash)
                SELECT head.position, $1, $2 + 1, $3, $4, $5, head.stream_hash, head.previous_hash, head.hash FROM head
                RETURNING position, stream_version, hash)
            SELECT ins.position, ins.stream_version, ins.hash FROM ins, LATERAL (SELECT pg_notify('{Channel}', ins.position::text)) AS n
            UNION ALL
            SELECT NULL, st.version, NULL FROM st WHERE st.version <> $2
            """;
        ReadStream = $"SELECT position, stream_version, type, payload, metadata, hash FROM {s}.events WHERE stream_id = $1 ORDER BY stream_version";
        ReadPage = $"SELECT position, stream_id, stream_version, type, payload, metadata, hash FROM {s}.events WHERE position >= $1 ORDER BY position LIMIT $2";
        ReadRows = $"SELECT position, stream_id, stream_version, type, payload, metadata, previous_in_stream, previous_in_log, hash FROM {s}.events WHERE position > $1 ORDER BY position LIMIT $2";
        ReadHead = $"SELECT position, hash FROM {s}.log_head WHERE id = 1";
        StreamVersion = $"SELECT coalesce(max(stream_version), 0) FROM {s}.events WHERE stream_id = $1";
        Listen = $"LISTEN \"{Channel}\"";
        CurrentVersion = $"SELECT coalesce(max(version), 0) FROM {s}.schema_version";
        RecordVersion = $"INSERT INTO {s}.schema_version (version, description) VALUES ($1, $2)";
        CreateSchema = $"CREATE SCHEMA {s}";
        CreateVersionTable = $"""
            CREATE TABLE {s}.schema_version (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now(),
                description text NOT NULL)
            """;
        RequiredObjects =
        [
            ("table", $"{s}.events", $"SELECT to_regclass('{s}.events') IS NOT NULL"),
            ("table", $"{s}.log_head", $"SELECT EXISTS (SELECT 1 FROM {s}.log_head WHERE id = 1)"),
            ("function", $"{s}.append_events", $"SELECT to_regprocedure('{s}.append_events(text, bigint, text[], bytea[], bytea[])') IS NOT NULL"),
            ("function", $"{s}.event_hash", $"SELECT to_regprocedure('{s}.event_hash(bytea, bytea, text, bigint, text, bytea, bytea)') IS NOT NULL"),
        ];
        Migrations = [(1, "events, log head, hash-chaining append function, append-only triggers", Version1(s, Channel))];
    }

    public string Schema { get; }

    public string Channel { get; }

    /// <summary>Gets the single-statement append of one event: $1 stream, $2 expected version, $3 type, $4 payload, $5 metadata.</summary>
    public string AppendOne { get; }

    /// <summary>Gets the call of the append function for several events: $1 stream, $2 expected version, $3 types, $4 payloads, $5 metadata.</summary>
    public string AppendBatch { get; }

    public string ReadStream { get; }

    public string ReadPage { get; }

    public string ReadRows { get; }

    public string ReadHead { get; }

    public string StreamVersion { get; }

    public string Listen { get; }

    public string CurrentVersion { get; }

    public string RecordVersion { get; }

    public string CreateSchema { get; }

    public string CreateVersionTable { get; }

    /// <summary>Gets the objects that must exist once the schema is at its version: kind, name, and a query answering whether it does.</summary>
    public IReadOnlyList<(string Kind, string Name, string Query)> RequiredObjects { get; }

    /// <summary>Gets the migrations in order: the version each one brings the schema to, a description, its statements.</summary>
    public IReadOnlyList<(int Version, string Description, string[] Statements)> Migrations { get; }

    private static string[] Version1(string s, string channel) =>
    [
        $"""
        CREATE TABLE {s}.events (
            position bigint NOT NULL,
            stream_id text NOT NULL,
            stream_version bigint NOT NULL,
            type text NOT NULL,
            payload bytea NOT NULL,
            metadata bytea NOT NULL,
            previous_in_stream bytea NOT NULL,
            previous_in_log bytea NOT NULL,
            hash bytea NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT {PositionConstraint} PRIMARY KEY (position),
            CONSTRAINT {StreamVersionConstraint} UNIQUE (stream_id, stream_version),
            CONSTRAINT events_position_positive CHECK (position > 0),
            CONSTRAINT events_stream_version_positive CHECK (stream_version > 0))
        """,
        $"""
        COMMENT ON TABLE {s}.events IS
            'GridGov.Sdk event log: append-only, written only through {s}.append_events. payload and metadata are the exact UTF-8 JSON bytes that the hash chain covers.'
        """,
        $"""
        CREATE TABLE {s}.log_head (
            id smallint PRIMARY KEY CHECK (id = 1),
            position bigint NOT NULL,
            hash bytea NOT NULL,
            previous_hash bytea NOT NULL)
        """,
        $"""
        COMMENT ON TABLE {s}.log_head IS
            'GridGov.Sdk event log head: the last position and hash the store appended (and the hash before it). Its row lock serializes appends.'
        """,
        $"INSERT INTO {s}.log_head (id, position, hash, previous_hash) VALUES (1, 0, ''::bytea, ''::bytea)",

        // The little-endian 8-byte form of a bigint (int8send gives big-endian), as EventHash writes lengths and
        // versions. One SELECT without FROM, so that the planner inlines it into the caller's expression.
        $"""
        CREATE FUNCTION {s}.le64(v bigint) RETURNS bytea
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
            SELECT substr(int8send(v), 8, 1) || substr(int8send(v), 7, 1) || substr(int8send(v), 6, 1) || substr(int8send(v), 5, 1)
                || substr(int8send(v), 4, 1) || substr(int8send(v), 3, 1) || substr(int8send(v), 2, 1) || substr(int8send(v), 1, 1)
        $fn$
        """,

        // Byte for byte GridGov.Sdk.Storage.EventHash.Compute: SHA-256 over length-prefixed fields. Inlinable
        // like le64 (STABLE because convert_to is), so the append function's plan holds it as one expression.
        $"""
        CREATE FUNCTION {s}.event_hash(previous_in_stream bytea, previous_in_log bytea, stream_id text, stream_version bigint, type text, payload bytea, metadata bytea) RETURNS bytea
        LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $fn$
            SELECT sha256(
                {s}.le64(length(previous_in_stream)) || previous_in_stream
                || {s}.le64(length(previous_in_log)) || previous_in_log
                || {s}.le64(length(convert_to(stream_id, 'UTF8'))) || convert_to(stream_id, 'UTF8')
                || {s}.le64(stream_version)
                || {s}.le64(length(convert_to(type, 'UTF8'))) || convert_to(type, 'UTF8')
                || {s}.le64(length(payload)) || payload
                || {s}.le64(length(metadata)) || metadata)
        $fn$
        """,

        // One call = one append of several events: checks the version, takes the log head's row lock (held to
        // commit, so positions are handed out and committed in order, without gaps), chains each event's hash to
        // its predecessors in the stream and in the log, inserts, moves the head, and notifies subscribers at
        // commit. A stale expected version returns one row (NULL, actual version, NULL) instead of raising.
        $"""
        CREATE FUNCTION {s}.append_events(p_stream_id text, p_expected_version bigint, p_types text[], p_payloads bytea[], p_metadata bytea[])
        RETURNS TABLE (out_position bigint, out_version bigint, out_hash bytea)
        LANGUAGE plpgsql VOLATILE AS $fn$
        DECLARE
            v_version bigint;
            v_stream_hash bytea;
            v_position bigint;
            v_log_hash bytea;
            v_hash bytea;
            v_previous bytea;
            i integer;
        BEGIN
            -- Without the lock first: a writer that is already behind learns it without queueing.
            SELECT e.stream_version INTO v_version FROM {s}.events AS e
                WHERE e.stream_id = p_stream_id ORDER BY e.stream_version DESC LIMIT 1;
            IF coalesce(v_version, 0) <> p_expected_version THEN
                out_position := NULL; out_version := coalesce(v_version, 0); out_hash := NULL;
                RETURN NEXT;
                RETURN;
            END IF;

            SELECT h.position, h.hash INTO v_position, v_log_hash FROM {s}.log_head AS h WHERE h.id = 1 FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'The log head row of {s}.log_head is missing.' USING ERRCODE = '{LogHeadMissingState}';
            END IF;

            SELECT e.stream_version, e.hash INTO v_version, v_stream_hash FROM {s}.events AS e
                WHERE e.stream_id = p_stream_id ORDER BY e.stream_version DESC LIMIT 1;
            v_version := coalesce(v_version, 0);
            v_stream_hash := coalesce(v_stream_hash, ''::bytea);
            IF v_version <> p_expected_version THEN
                out_position := NULL; out_version := v_version; out_hash := NULL;
                RETURN NEXT;
                RETURN;
            END IF;

            FOR i IN 1 .. cardinality(p_types) LOOP
                v_version := v_version + 1;
                v_position := v_position + 1;
                v_hash := {s}.event_hash(v_stream_hash, v_log_hash, p_stream_id, v_version, p_types[i], p_payloads[i], p_metadata[i]);
                INSERT INTO {s}.events (position, stream_id, stream_version, type, payload, metadata, previous_in_stream, previous_in_log, hash)
                    VALUES (v_position, p_stream_id, v_version, p_types[i], p_payloads[i], p_metadata[i], v_stream_hash, v_log_hash, v_hash);
                out_position := v_position; out_version := v_version; out_hash := v_hash;
                RETURN NEXT;
                v_previous := v_log_hash;
                v_stream_hash := v_hash;
                v_log_hash := v_hash;
            END LOOP;

            UPDATE {s}.log_head SET position = v_position, hash = v_log_hash, previous_hash = v_previous WHERE id = 1;
            PERFORM pg_notify('{channel}', v_position::text);
        END
        $fn$
        """,
        $"""
        CREATE FUNCTION {s}.refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'The GridGov event log is append-only: % on %.% is refused.', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = '{AppendOnlyState}',
                      HINT = 'Events are never changed or removed; append a correcting event instead.';
        END
        $fn$
        """,
        $"CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {s}.events FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change()",
        $"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {s}.events FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change()",
        $"CREATE TRIGGER log_head_keep BEFORE DELETE ON {s}.log_head FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change()",
        $"CREATE TRIGGER log_head_no_truncate BEFORE TRUNCATE ON {s}.log_head FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change()",
    ];
}
