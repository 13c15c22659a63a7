using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Sqlite.Tests.Support;

/// <summary>Small event builders on top of the conformance suite's.</summary>
public static class Events
{
    /// <summary>Returns <paramref name="count"/> events for a stream at a version, each tagged with a reason (to find them again).</summary>
    public static IReadOnlyList<EventData> Tagged(long firstVersion, int count, string tag)
        => TestEvents.Next(TestEvents.NewIssueId(), firstVersion, count)
            .Select((e, i) => e with { Metadata = e.Metadata with { Reason = $"{tag}:{i + 1}:{count}" } })
            .ToList();

    public static async Task<List<RecordedEvent>> ReadAllListAsync(this IEventStore store, long from = 1)
    {
        var all = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(from))
        {
            all.Add(e);
        }

        return all;
    }
}
