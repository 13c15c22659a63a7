using System.Buffers;
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

        // One contiguous, pooled buffer and one-shot SHA-256: the same bytes an incremental hash would see,
        // without its allocations (this runs for every stored event).
        var streamIdLength = Encoding.UTF8.GetByteCount(streamId);
        var typeLength = Encoding.UTF8.GetByteCount(type);
        var size = checked((6 * sizeof(long)) + sizeof(long) + previousInStream.Length + previousInLog.Length + streamIdLength + typeLength + payload.Length + metadata.Length);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var buffer = rented.AsSpan(0, size);
            var at = 0;
            void Field(Span<byte> into, ReadOnlySpan<byte> bytes, ref int offset)
            {
                BinaryPrimitives.WriteInt64LittleEndian(into[offset..], bytes.Length);
                offset += sizeof(long);
                bytes.CopyTo(into[offset..]);
                offset += bytes.Length;
            }

            Field(buffer, previousInStream, ref at);
            Field(buffer, previousInLog, ref at);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], streamIdLength);
            at += sizeof(long);
            at += Encoding.UTF8.GetBytes(streamId, buffer[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], streamVersion);
            at += sizeof(long);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], typeLength);
            at += sizeof(long);
            at += Encoding.UTF8.GetBytes(type, buffer[at..]);
            Field(buffer, payload, ref at);
            Field(buffer, metadata, ref at);
            return SHA256.HashData(buffer[..at]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
