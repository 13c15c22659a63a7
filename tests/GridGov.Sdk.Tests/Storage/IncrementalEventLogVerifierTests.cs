using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Tests.Storage;

/// <summary>
/// The incremental (page-by-page) verifier gives exactly the findings of the whole-log check it replaced, kept
/// here as the reference; and the in-memory store verifies a log of several pages and finds tampering in a later one.
/// </summary>
public sealed class IncrementalEventLogVerifierTests
{
    private static readonly Gen<Tampering> Tamperings =
        from streams in Gen.Choose(1, 5)
        from events in Gen.Choose(0, 40)
        from kind in Gen.Choose(0, 7)
        from a in Gen.Choose(0, 1_000_000)
        from b in Gen.Choose(0, 1_000_000)
        select new Tampering(streams, events, kind, a, b);

    [Property(MaxTest = 300)]
    public Property Incremental_GivesTheFindingsOfTheWholeLogCheck()
        => Prop.ForAll(Tamperings.ToArbitrary(), t =>
        {
            var rows = t.Apply(BuildLogAsync(t.Streams, t.Events).GetAwaiter().GetResult());

            var expected = ReferenceVerify(rows);
            var actual = EventLogVerifier.Verify(rows);
            var fedOneByOne = new IncrementalEventLogVerifier();
            foreach (var row in rows)
            {
                if (!fedOneByOne.Add(row))
                {
                    break;
                }
            }

            Assert.Equal(expected, actual);
            Assert.Equal(expected, fedOneByOne.Complete());
        });

    [Fact]
    public async Task InMemoryStore_LogOfSeveralPages_IsIntact_AndTamperingInALaterPageIsFound()
    {
        var count = (2 * InMemoryEventStore.VerifyPageSize) + 1000;
        var store = new InMemoryEventStore(new EventSerializer());
        var id = TestEvents.NewIssueId();
        await store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        for (var v = 1; v < count; v += 500)
        {
            var n = Math.Min(500, count - v);
            await store.AppendAsync(id.StreamId, v, TestEvents.Next(id, v + 1, n));
        }

        var intact = await store.VerifyAsync();
        Assert.True(intact.IsIntact, intact.Message);
        Assert.Equal(count, intact.EventsChecked);

        var target = (2 * InMemoryEventStore.VerifyPageSize) + 123; // a row index in the third page
        store.TamperRow(target, r => r with { Metadata = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(r.Metadata).Replace("conformance", "forged", StringComparison.Ordinal)) });
        var altered = await store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, altered.Fault);
        Assert.Equal(target + 1, altered.FirstFaultPosition);
        Assert.Equal(target, altered.EventsChecked);
    }

    [Fact]
    public async Task Add_AfterTheOutcomeIsSettled_ReturnsFalse_AndChangesNothing()
    {
        var rows = (await BuildLogAsync(2, 6)).ToList();
        rows[2] = rows[2] with { Payload = "{}"u8.ToArray() };
        var verifier = new IncrementalEventLogVerifier();

        Assert.True(verifier.Add(rows[0]));
        Assert.True(verifier.Add(rows[1]));
        Assert.False(verifier.Add(rows[2]));
        Assert.True(verifier.IsSettled);
        Assert.False(verifier.Add(rows[3]));
        Assert.Equal(new EventLogVerification(2, 3, EventLogFault.Altered, verifier.Complete().Message), verifier.Complete());
    }

    private static async Task<IReadOnlyList<StoredEventRow>> BuildLogAsync(int streams, int events)
    {
        var store = new InMemoryEventStore(new EventSerializer());
        var ids = Enumerable.Range(0, streams).Select(_ => TestEvents.NewIssueId()).ToArray();
        var versions = new long[streams];
        for (var i = 0; i < events; i++)
        {
            var s = (i * 7 / 3) % streams;
            await store.AppendAsync(ids[s].StreamId, versions[s], versions[s] == 0 ? TestEvents.Lifecycle(ids[s], 1) : TestEvents.Next(ids[s], versions[s] + 1));
            versions[s]++;
        }

        return store.Rows();
    }

    /// <summary>A random change to a log: alter, delete (with or without renumbering), swap, move, insert, duplicate, cut.</summary>
    public sealed record Tampering(int Streams, int Events, int Kind, int A, int B)
    {
        public IReadOnlyList<StoredEventRow> Apply(IReadOnlyList<StoredEventRow> original)
        {
            var rows = original.ToList();
            if (rows.Count == 0)
            {
                return rows;
            }

            var i = A % rows.Count;
            var j = B % rows.Count;
            switch (Kind)
            {
                case 0:
                    rows[i] = rows[i] with { Payload = [.. rows[i].Payload, (byte)' '] };
                    break;
                case 1:
                    rows.RemoveAt(i);
                    break;
                case 2:
                    rows.RemoveAt(i);
                    return Renumber(rows);
                case 3:
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                    return Renumber(rows);
                case 4:
                    var moved = rows[i];
                    rows.RemoveAt(i);
                    rows.Insert(Math.Min(j, rows.Count), moved);
                    return Renumber(rows);
                case 5:
                    var forged = rows[i] with { Payload = "{}"u8.ToArray() };
                    forged = forged with { Hash = EventHash.Compute(forged.PreviousInStream, forged.PreviousInLog, forged.StreamId, forged.StreamVersion, forged.Type, forged.Payload, forged.Metadata) };
                    rows.Insert(i + 1, forged);
                    return Renumber(rows);
                case 6:
                    rows.Insert(j, rows[i]);
                    return Renumber(rows);
                default:
                    rows.RemoveRange(i, rows.Count - i);
                    break;
            }

            return rows;
        }

        private static List<StoredEventRow> Renumber(List<StoredEventRow> rows) => rows.Select((r, k) => r with { Position = k + 1 }).ToList();
    }

    /// <summary>The whole-log check as it was before verification went page by page (it indexed every hash up front).</summary>
    private static EventLogVerification ReferenceVerify(IReadOnlyList<StoredEventRow> rows)
    {
        var later = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            later.TryAdd(Convert.ToHexString(rows[i].Hash), i);
        }

        var lastInStream = new Dictionary<string, (long Version, byte[] Hash)>(StringComparer.Ordinal);
        byte[] previous = [];
        long expectedPosition = 1;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var recomputed = EventHash.Compute(row.PreviousInStream, row.PreviousInLog, row.StreamId, row.StreamVersion, row.Type, row.Payload, row.Metadata);
            if (!recomputed.AsSpan().SequenceEqual(row.Hash))
            {
                return new(i, row.Position, EventLogFault.Altered, $"The event at position {row.Position} ({row.StreamId} v{row.StreamVersion}) does not match its hash: its content was changed.");
            }

            if (row.Position != expectedPosition)
            {
                return new(i, expectedPosition, EventLogFault.Deleted, $"Position {expectedPosition} is missing from the log.");
            }

            if (!row.PreviousInLog.AsSpan().SequenceEqual(previous))
            {
                var link = Convert.ToHexString(row.PreviousInLog);
                if (i >= 2 && row.PreviousInLog.AsSpan().SequenceEqual(rows[i - 2].Hash))
                {
                    return new(i, rows[i - 1].Position, EventLogFault.Inserted, $"The event at position {rows[i - 1].Position} was inserted: its successor links past it.");
                }

                if (later.TryGetValue(link, out var at) && at > i)
                {
                    return new(i, row.Position, EventLogFault.Reordered, $"The event at position {row.Position} links to an event that now comes after it: the log was reordered.");
                }

                var missing = i > 0 ? rows[i - 1].Position + 1 : 1;
                return new(i, missing, EventLogFault.Deleted, $"The event at position {missing} is missing: the chain of position {row.Position} links to an event that is gone.");
            }

            lastInStream.TryGetValue(row.StreamId, out var last);
            if (row.StreamVersion != last.Version + 1 || !row.PreviousInStream.AsSpan().SequenceEqual(last.Hash ?? []))
            {
                var fault = row.StreamVersion > last.Version + 1 ? EventLogFault.Deleted : EventLogFault.Reordered;
                return new(i, row.Position, fault, $"Stream '{row.StreamId}' breaks at version {row.StreamVersion} (position {row.Position}).");
            }

            lastInStream[row.StreamId] = (row.StreamVersion, row.Hash);
            previous = row.Hash;
            expectedPosition = row.Position + 1;
        }

        return new EventLogVerification(rows.Count);
    }
}
