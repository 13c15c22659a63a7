namespace GridGov.Sdk.Sqlite;

/// <summary>How hard a <see cref="SqliteEventStore"/> works to keep a committed append across a crash.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>PRAGMA synchronous=FULL</c>: every commit is flushed to the disk (fsync of the write-ahead log)
    /// before the append completes. A completed append survives a process crash, an operating-system
    /// crash and a power cut. The default.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>PRAGMA synchronous=NORMAL</c>: commits reach the operating system but are flushed to the disk
    /// only at checkpoints. A completed append survives a process crash; the last appends before an
    /// operating-system crash or a power cut may be lost (never half-written: the log stays consistent).
    /// </summary>
    Normal = 1,
}
