using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Tests.Storage;

/// <summary>The stored hash layout is a contract (PostgreSQL recomputes it in SQL): it must never drift.</summary>
public sealed class EventHashTests
{
    [Property(MaxTest = 200)]
    public Property Compute_AnyEvent_EqualsTheDocumentedLayoutHashedIncrementally(byte[] previousInStream, byte[] previousInLog, NonNull<string> streamId, long version, NonNull<string> type, byte[] payload, byte[] metadata)
    {
        var expected = Reference(previousInStream, previousInLog, streamId.Get, version, type.Get, payload, metadata);
        var actual = EventHash.Compute(previousInStream, previousInLog, streamId.Get, version, type.Get, payload, metadata);
        return (expected.AsSpan().SequenceEqual(actual) && actual.Length == EventHash.Size).ToProperty();
    }

    [Fact]
    public void Compute_KnownEvent_GivesTheKnownHash()
    {
        var hash = EventHash.Compute([], [], "issue-1", 1, "issue.reported", "{}"u8, "{}"u8);
        Assert.Equal(Convert.ToHexString(Reference([], [], "issue-1", 1, "issue.reported", "{}"u8.ToArray(), "{}"u8.ToArray())), Convert.ToHexString(hash));
    }

    // The layout as ADR 11 describes it: length-prefixed fields (little-endian int64 lengths), the stream
    // version as a little-endian int64, hashed with an incremental SHA-256.
    private static byte[] Reference(byte[] previousInStream, byte[] previousInLog, string streamId, long version, string type, byte[] payload, byte[] metadata)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[8];
        void Field(byte[] bytes)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        Field(previousInStream);
        Field(previousInLog);
        Field(Encoding.UTF8.GetBytes(streamId));
        BinaryPrimitives.WriteInt64LittleEndian(number, version);
        hash.AppendData(number);
        Field(Encoding.UTF8.GetBytes(type));
        Field(payload);
        Field(metadata);
        return hash.GetHashAndReset();
    }
}
