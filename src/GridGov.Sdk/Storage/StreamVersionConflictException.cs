namespace GridGov.Sdk.Storage;

/// <summary>
/// Thrown when an append names a stream version that is no longer current: another writer came
/// first. Nothing was appended; reload and decide again.
/// </summary>
public sealed class StreamVersionConflictException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "store.version-conflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="expectedVersion">The version the writer expected.</param>
    /// <param name="actualVersion">The stream's actual version.</param>
    public StreamVersionConflictException(string streamId, long expectedVersion, long actualVersion)
        : base(ErrorCode, $"Stream '{streamId}' is at version {actualVersion}, not {expectedVersion}: another writer came first.")
    {
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the stream.</summary>
    public string StreamId { get; }

    /// <summary>Gets the version the writer expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the stream's actual version.</summary>
    public long ActualVersion { get; }
}
