using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GridGov.Sdk.Storage;

/// <summary>
/// The tamper-evidence hash of a stored event: SHA-256 over its stream id, stream version, type name,
/// payload and metadata bytes, and the hashes of its predecessors in its stream and in the global log,
/// each field length-prefixed so that no two different events hash the same input. The global position is
/// not hashed, so a reordering shows as a broken chain rather than as an altered event.
/// </summary>
public static class EventHash
{
    /// <summary>The size of a hash in bytes.</summary>
    public const int Size = 32;

    /// <summary>Computes an event's hash.</summary>
    /// <param name="previousInStream">The hash of the previous event in the stream; empty for the first.</param>
    /// <param name="previousInLog">The hash of the previous event in the global log; empty for the first.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="streamVersion">The event's version in the stream.</param>
    /// <param name="type">The stable type name.</param>
    /// <param name="payload">The payload bytes as stored.</param>
    /// <param name="metadata">The metadata bytes as stored.</param>
    /// <returns>The 32-byte hash.</returns>
    public static byte[] Compute(
        ReadOnlySpan<byte> previousInStream,
        ReadOnlySpan<byte> previousInLog,
        string streamId,
        long streamVersion,
        string type,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> metadata)
    {
        ArgumentNullException.ThrowIfNull(streamId);
        ArgumentNullException.ThrowIfNull(type);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        void Field(IncrementalHash h, ReadOnlySpan<byte> bytes, Span<byte> scratch)
        {
            BinaryPrimitives.WriteInt64LittleEndian(scratch, bytes.Length);
            h.AppendData(scratch);
            h.AppendData(bytes);
        }

        Field(hash, previousInStream, number);
        Field(hash, previousInLog, number);
        Field(hash, Encoding.UTF8.GetBytes(streamId), number);
        BinaryPrimitives.WriteInt64LittleEndian(number, streamVersion);
        hash.AppendData(number);
        Field(hash, Encoding.UTF8.GetBytes(type), number);
        Field(hash, payload, number);
        Field(hash, metadata, number);
        return hash.GetHashAndReset();
    }
}
