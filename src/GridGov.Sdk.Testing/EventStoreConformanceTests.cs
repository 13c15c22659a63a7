using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using NodaTime;
using Xunit;

namespace GridGov.Sdk.Testing;

/// <summary>
/// The conformance suite every <see cref="IEventStore"/> must pass: streams with optimistic concurrency,
/// atomic batches, one global log without gaps, catch-up and live subscription, hash chains, and exact
/// round trips of every SDK event type. Derive a test class, create your store, and run it with xunit —
/// as the in-memory, SQLite and PostgreSQL stores do.
/// </summary>
/// <remarks>Each test gets a fresh, empty store from <see cref="CreateStoreAsync"/>.</remarks>
public abstract class EventStoreConformanceTests : IAsyncLifetime
{
    private IEventStore? _store;

    /// <summary>Gets the store under test.</summary>
    protected IEventStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Gets whether the store hash-chains its events (durable stores must). The default value is true.</summary>
    protected virtual bool HashesEvents => true;

    /// <summary>Gets how many races the concurrency test runs. The default value is 200.</summary>
    protected virtual int ConcurrencyTrials => 200;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }

    /// <summary>Appending to a new stream and reading it back gives the events in order, versions from 1.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_NewStream_ReadsBackInOrder()
    {
        var id = TestEvents.NewIssueId();
        var result = await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 3));
        Assert.Equal(3, result.StreamVersion);
        var read = await Store.ReadStreamAsync(id.StreamId);
        Assert.Equal([1L, 2L, 3L], read.Select(e => e.StreamVersion));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.Second.Position == p.First.Position + 1));
        Assert.IsType<IssueReported>(read[0].Payload);
        Assert.Equal(id, ((IssueEvent)read[2].Payload).IssueId);
    }

    /// <summary>A wrong expected version is refused and nothing is appended.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_WrongExpectedVersion_ThrowsConflictAndAppendsNothing()
    {
        var id = TestEvents.NewIssueId();
        await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 2));
        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() => Store.AppendAsync(id.StreamId, 1, TestEvents.Next(id, 3)).AsTask());
        Assert.Equal(StreamVersionConflictException.ErrorCode, conflict.Code);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(2, (await Store.ReadStreamAsync(id.StreamId)).Count);
    }

    /// <summary>Expecting a new stream when it exists is a conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_ExistingStreamExpectedNew_ThrowsConflict()
    {
        var id = TestEvents.NewIssueId();
        await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1)).AsTask());
    }

    /// <summary>A refused batch leaves no event of the batch behind.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_RefusedBatch_AppendsNoneOfIt()
    {
        var id = TestEvents.NewIssueId();
        await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => Store.AppendAsync(id.StreamId, 5, TestEvents.Next(id, 2, count: 3)).AsTask());
        Assert.Single(await Store.ReadStreamAsync(id.StreamId));
        Assert.Equal(1, await CountAllAsync());
    }

    /// <summary>Bad arguments are refused before anything is written.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_BadArguments_Throw()
    {
        var id = TestEvents.NewIssueId();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(id.StreamId, 0, []).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(string.Empty, 0, TestEvents.Lifecycle(id, 1)).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(id.StreamId, -1, TestEvents.Lifecycle(id, 1)).AsTask());
        Assert.Equal(0, await CountAllAsync());
    }

    /// <summary>An unknown stream reads as empty.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReadStream_Unknown_IsEmpty() => Assert.Empty(await Store.ReadStreamAsync("issue-never-written"));

    /// <summary>The global log holds every stream's events in append order, positions 1, 2, 3… without gaps.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ReadAll_SeveralStreams_GlobalOrderWithoutGaps()
    {
        var a = TestEvents.NewIssueId();
        var b = TestEvents.NewIssueId();
        await Store.AppendAsync(a.StreamId, 0, TestEvents.Lifecycle(a, 2));
        await Store.AppendAsync(b.StreamId, 0, TestEvents.Lifecycle(b, 1));
        await Store.AppendAsync(a.StreamId, 2, TestEvents.Next(a, 3));
        var all = await ReadAllAsync(1);
        Assert.Equal([1L, 2L, 3L, 4L], all.Select(e => e.Position));
        Assert.Equal([a.StreamId, a.StreamId, b.StreamId, a.StreamId], all.Select(e => e.StreamId));
        var tail = await ReadAllAsync(3);
        Assert.Equal([3L, 4L], tail.Select(e => e.Position));
    }

    /// <summary>Writers racing on one stream version: exactly one wins each race, the others get a conflict; nothing is lost or duplicated.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_RacingWriters_ExactlyOneWinnerPerVersion()
    {
        var id = TestEvents.NewIssueId();
        await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        var version = 1L;
        for (var trial = 0; trial < ConcurrencyTrials; trial++)
        {
            var expected = version;
            var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await Store.AppendAsync(id.StreamId, expected, TestEvents.Next(id, expected + 1));
                    return true;
                }
                catch (StreamVersionConflictException)
                {
                    return false;
                }
            })).ToArray();
            var wins = (await Task.WhenAll(racers)).Count(w => w);
            Assert.Equal(1, wins);
            version++;
        }

        var stream = await Store.ReadStreamAsync(id.StreamId);
        Assert.Equal(ConcurrencyTrials + 1, stream.Count);
        Assert.Equal(Enumerable.Range(1, ConcurrencyTrials + 1).Select(v => (long)v), stream.Select(e => e.StreamVersion));
    }

    /// <summary>Writers on different streams all succeed and the global log has no gaps or duplicates.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Append_ParallelStreams_AllLandWithoutGaps()
    {
        var ids = Enumerable.Range(0, 16).Select(_ => TestEvents.NewIssueId()).ToArray();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
            for (var v = 1; v < 5; v++)
            {
                await Store.AppendAsync(id.StreamId, v, TestEvents.Next(id, v + 1));
            }
        })));
        var all = await ReadAllAsync(1);
        Assert.Equal(Enumerable.Range(1, ids.Length * 5).Select(p => (long)p), all.Select(e => e.Position));
        Assert.All(ids, id => Assert.Equal(5, all.Count(e => e.StreamId == id.StreamId)));
    }

    /// <summary>A subscription catches up from its position, then receives new events as they are appended.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Subscribe_CatchesUpThenReceivesLive()
    {
        var id = TestEvents.NewIssueId();
        await Store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 2));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<long>();
        var reader = Task.Run(async () =>
        {
            await foreach (var e in Store.SubscribeAsync(2, cts.Token))
            {
                received.Add(e.Position);
                if (received.Count == 3)
                {
                    break;
                }
            }
        });
        await Store.AppendAsync(id.StreamId, 2, TestEvents.Next(id, 3, count: 2));
        await reader;
        Assert.Equal([2L, 3L, 4L], received);
    }

    /// <summary>An untouched log verifies intact, and every event carries a hash when the store hashes.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Verify_UntouchedLog_IsIntact()
    {
        var a = TestEvents.NewIssueId();
        var b = TestEvents.NewIssueId();
        await Store.AppendAsync(a.StreamId, 0, TestEvents.Lifecycle(a, 3));
        await Store.AppendAsync(b.StreamId, 0, TestEvents.Lifecycle(b, 2));
        var verification = await Store.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(5, verification.EventsChecked);
        if (HashesEvents)
        {
            Assert.All(await ReadAllAsync(1), e => Assert.Equal(EventHash.Size, e.Hash.Length));
        }
    }

    /// <summary>Every SDK event type and its metadata survive the store (after a reopen, for durable stores) unchanged.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task RoundTrip_EverySdkEventType_IsExact()
    {
        var id = TestEvents.NewIssueId();
        var events = TestEvents.OneOfEachType(id);
        await Store.AppendAsync(id.StreamId, 0, events);
        var reopened = await ReopenAsync(Store);
        var read = await reopened.ReadStreamAsync(id.StreamId);
        var serializer = new EventSerializer();
        Assert.Equal(events.Count, read.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var expected = serializer.Serialize(events[i]);
            var actual = serializer.Serialize(new EventData(read[i].Payload, read[i].Metadata));
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Payload), System.Text.Encoding.UTF8.GetString(actual.Payload));
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Metadata), System.Text.Encoding.UTF8.GetString(actual.Metadata));
        }
    }

    /// <summary>The grid hierarchy's events (a whole imported hierarchy, then a set of every kind of change) survive the store unchanged.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task RoundTrip_GridHierarchyEvents_IsExact()
    {
        var stream = "grid-hierarchy-" + Guid.NewGuid().ToString("N");
        var events = TestEvents.GridHierarchy();
        await Store.AppendAsync(stream, 0, events);
        var reopened = await ReopenAsync(Store);
        var read = await reopened.ReadStreamAsync(stream);
        var serializer = new EventSerializer();
        Assert.Equal(events.Count, read.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var expected = serializer.Serialize(events[i]);
            var actual = serializer.Serialize(new EventData(read[i].Payload, read[i].Metadata));
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Payload), System.Text.Encoding.UTF8.GetString(actual.Payload));
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Metadata), System.Text.Encoding.UTF8.GetString(actual.Metadata));
        }

        var imported = Assert.IsType<GridHierarchyImported>(read[0].Payload).ToHierarchy();
        Assert.Equal(((GridHierarchyImported)events[0].Payload).ToHierarchy(), imported);
        Assert.Equal(((GridChangesApplied)events[1].Payload).Changes, Assert.IsType<GridChangesApplied>(read[1].Payload).Changes);
    }

    /// <summary>
    /// Returns the store as a new process would see it: durable stores reopen their database; the default
    /// returns the same instance.
    /// </summary>
    /// <param name="store">The store written to.</param>
    /// <returns>The store to read from.</returns>
    protected virtual Task<IEventStore> ReopenAsync(IEventStore store) => Task.FromResult(store);

    /// <summary>Creates a fresh, empty store.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IEventStore> CreateStoreAsync();

    private async Task<List<RecordedEvent>> ReadAllAsync(long from)
    {
        var all = new List<RecordedEvent>();
        await foreach (var e in Store.ReadAllAsync(from))
        {
            all.Add(e);
        }

        return all;
    }

    private async Task<int> CountAllAsync() => (await ReadAllAsync(1)).Count;
}

/// <summary>Builds SDK events for store tests.</summary>
public static class TestEvents
{
    private static readonly Actor Tester = new("conformance", "Conformance suite 一致性测试");
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 1, 0);

    /// <summary>Returns a new random issue id.</summary>
    /// <returns>The id.</returns>
    public static IssueId NewIssueId() => IssueId.New();

    /// <summary>Returns the first <paramref name="count"/> events of an issue's lifecycle, starting with its report.</summary>
    /// <param name="id">The issue.</param>
    /// <param name="count">How many events.</param>
    /// <returns>The events.</returns>
    public static IReadOnlyList<EventData> Lifecycle(IssueId id, int count)
    {
        var events = new List<EventData>
        {
            Data(new IssueReported("environment", IssuePriority.Normal, IssueSource.GridPatrol, "Z1", "Q1", "楼道堆放杂物", "3单元, \"quoted\" \n line", "r-1", 1)
            {
                IssueId = id,
                Deadline = At + Duration.FromDays(1),
            }, 1),
        };
        events.AddRange(Next(id, 2, count - 1));
        return events.Take(count).ToList();
    }

    /// <summary>Returns <paramref name="count"/> follow-up events (internal deadline extensions) starting at a version.</summary>
    /// <param name="id">The issue.</param>
    /// <param name="version">The version of the first one, for its timestamp.</param>
    /// <param name="count">How many.</param>
    /// <returns>The events.</returns>
    public static IReadOnlyList<EventData> Next(IssueId id, long version, int count = 1)
        => Enumerable.Range(0, count).Select(i => Data(new IssueDeadlineExtended("approver") { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = At + Duration.FromDays(version + i) }, version + i)).ToList();

    /// <summary>Returns one event of every SDK event type in one stream: each issue event (and an issue reported with a contact reference), a security-log refusal, and the personal-data audit events.</summary>
    /// <param name="id">The issue.</param>
    /// <returns>The events.</returns>
    public static IReadOnlyList<EventData> OneOfEachType(IssueId id)
    {
        var contact = PersonalDataRef.Parse("pd-abcdefghijklmnopqrstuvwxyz");
        object[] payloads =
        [
            new IssueReported("facilities", IssuePriority.Urgent, IssueSource.Hotline12345, "B1", "C1", "大坝通道", "描述", null, 2) { IssueId = id, Deadline = At },
            new IssueReported("environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "Q1", "楼道", "杂物", "r-1", 1) { IssueId = id, ReporterContact = contact },
            new IssueAccepted { IssueId = id, From = IssueState.Reported, To = IssueState.Accepted, Deadline = At },
            new IssueRejected { IssueId = id, From = IssueState.Reported, To = IssueState.Rejected },
            new IssueMerged(IssueId.New()) { IssueId = id, From = IssueState.Reported, To = IssueState.Merged },
            new IssueClaimed("pm-1", ClaimantKind.Enterprise) { IssueId = id, From = IssueState.Accepted, To = IssueState.Claimed, Deadline = At },
            new IssueDispatched("PG-1", true) { IssueId = id, From = IssueState.Returned, To = IssueState.Dispatched, Deadline = At },
            new IssueReturned("PG-0") { IssueId = id, From = IssueState.Dispatched, To = IssueState.Returned, Deadline = At },
            new IssueWorkStarted { IssueId = id, From = IssueState.Claimed, To = IssueState.InProgress, Deadline = At },
            new IssueResolved("已清理", ["photo:1.jpg", "doc:2.pdf"]) { IssueId = id, From = IssueState.InProgress, To = IssueState.Resolved, Deadline = At },
            new IssueClosed(true) { IssueId = id, From = IssueState.Resolved, To = IssueState.Closed },
            new IssueReworkRequested { IssueId = id, From = IssueState.Resolved, To = IssueState.InProgress, Deadline = At },
            new IssueRated(IssueRating.BasicallySatisfied) { IssueId = id, From = IssueState.Closed, To = IssueState.Closed },
            new IssueReopened { IssueId = id, From = IssueState.Closed, To = IssueState.InProgress, Deadline = At },
            new IssueSuspended(SuspensionKind.Parked, Duration.FromHours(30)) { IssueId = id, From = IssueState.InProgress, To = IssueState.Suspended },
            new IssueResumed { IssueId = id, From = IssueState.Suspended, To = IssueState.InProgress, Deadline = At },
            new IssueDeadlineExtended("director") { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = At },
            new IssueLevelChanged("Q1", "C1", true, true) { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = At },
            new IssueRuleSetMigrated(1, 2, At) { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = At + Duration.FromHours(4) },
            new PersonalDataRevealed(contact, "回访 138****5678"),
            new PersonalDataRevealRefused(contact, "看看", "no role"),
            new PersonalDataErased(contact),
        ];
        var events = payloads.Select((p, i) => new EventData(p, new EventMetadata(Tester, At + Duration.FromMinutes(i), i % 2 == 0 ? "原因 reason" : null, 1, i % 3 == 0 ? $"key-{i}" : null,
            i == 4 ? new Dictionary<string, string> { ["ticket"] = "12345-0001" } : null))).ToList();

        // The security log's refusal, by an actor carrying roles and every kind of scope (stored in the metadata).
        var refused = new Actor("r-2", "居民王") { Kind = ActorKind.Person, Roles = ActorRoles.Resident | ActorRoles.PartyMember, Scopes = [AccessScope.Subtree("B1"), AccessScope.ProfessionalGrid("PG-1"), AccessScope.Everywhere] };
        events.Add(new EventData(
            new AccessRefused(refused.Id, refused.Roles, "issue", "Rate", id.Value, AccessDeniedException.NotOwnMatterCode, At),
            new EventMetadata(refused, At + Duration.FromMinutes(payloads.Length), AccessDeniedException.NotOwnMatterCode)));
        return events;
    }

    /// <summary>Returns the grid hierarchy's events: an import of a small district, then one set with every kind of change.</summary>
    /// <returns>The events.</returns>
    public static IReadOnlyList<EventData> GridHierarchy()
    {
        var hierarchy = new GridHierarchyBuilder()
            .Add("620104", "西固区", GridNodeKind.District)
            .Add("620104001", "陈坪街道", GridNodeKind.Street, "620104")
            .Add("620104001001", "先锋社区 \"quoted\"", GridNodeKind.Community, "620104001")
            .Add("620104001001Q01", "1号小区", GridNodeKind.Compound, "620104001001")
            .Build();
        GridChange[] changes =
        [
            new AddGridNode("620104001001Q01B01", "1号楼", GridNodeKind.Building, "620104001001Q01"),
            new RenameGridNode("620104001001", "先锋社区（示范）"),
            new MoveGridNode("620104001001Q01B01", "620104001001"),
            new RetireGridNode("620104001001Q01B01"),
        ];
        return
        [
            new EventData(GridHierarchyImported.From(hierarchy), new EventMetadata(Tester, At, "导入网格体系")),
            new EventData(new GridChangesApplied(1, 5, changes), new EventMetadata(Tester, At + Duration.FromMinutes(1), "区划调整")),
        ];
    }

    private static EventData Data(IssueEvent payload, long version) => new(payload, new EventMetadata(Tester, At + Duration.FromMinutes(version), "conformance", 1));
}
