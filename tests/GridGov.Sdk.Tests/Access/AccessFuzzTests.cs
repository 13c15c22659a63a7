using System.Diagnostics;
using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using NodaTime;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// Fuzz: 100,000 random commands (fixed seed, so a failure reproduces) from random actors (random roles,
/// kinds and scopes, and the lifecycle tests' district-wide cast) against random issues of
/// <see cref="IssueTestHost"/>'s district. Replaying only the commands the policy allowed, in the
/// same order and at the same instants, into a fresh service gives the same log (every issue's events, byte
/// for byte as stored) and the same indicators: refused commands changed nothing.
/// </summary>
/// <remarks>Runs alone (its own collection, not in parallel with other test classes) so that its time bound
/// measures the SDK rather than the other tests sharing the cores.</remarks>
[Collection(AccessFuzzCollection.Name)]
public sealed class AccessFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Seed = 20261125;
    private const int Commands = 100_000;
    private const int MaxIssues = 2_000;

    private static readonly string[] Places = ["D", "S1", "C1", "Q1", "B1", "G1", "G2", "U1", "Z1", "S2", "C2"];
    private static readonly string[] Grids = ["PG-CG", "PS-1", "PG-NOPE"];
    private static readonly string[] Categories = ["environment", "neighbour-dispute", "housing"];

    /// <summary>One operation: a report, a command, or moving the clock; built from the seed alone, never from state.</summary>
    private abstract record Op;

    private sealed record Report(ReportIssue Command) : Op;

    private sealed record Execute(IssueCommand Command) : Op;

    private sealed record Advance(Duration By) : Op;

    [Fact]
    public async Task RandomCommandsFromRandomActors_EndInTheStateOfReplayingOnlyTheAllowedOnes()
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(Seed);
        // Random actors, and the district-wide cast of the lifecycle tests among them, so that both refusals
        // and carried-out commands are frequent.
        Actor[] cast = [IssueTestHost.Worker, IssueTestHost.Resident, IssueTestHost.Secretary, IssueTestHost.PartyMember, IssueTestHost.Department];
        var actors = Enumerable.Range(0, 25).Select(i => RandomActor(random, i)).Concat(Enumerable.Repeat(cast, 5).SelectMany(c => c)).ToArray();
        var ids = new List<IssueId>();
        var allowed = new List<Op>();
        var outcomes = new List<string>();
        int refusals = 0, carriedOut = 0;

        using (var host = new IssueTestHost())
        {
            for (var n = 0; n < Commands; n++)
            {
                var op = Next(random, actors, ids);
                if (op is Advance a)
                {
                    host.Clock.Advance(a.By);
                    allowed.Add(op);
                    continue;
                }

                var outcome = await RunAsync(host, op);
                if (outcome.StartsWith("access.", StringComparison.Ordinal))
                {
                    refusals++;
                    continue;
                }

                carriedOut += outcome == "ok" ? 1 : 0;
                allowed.Add(op);
                outcomes.Add(outcome);
                if (op is Report r && outcome == "ok")
                {
                    ids.Add(r.Command.IssueId!.Value);
                }
            }

            var refusalLog = await host.Store().ReadStreamAsync(AuditTrail.SecurityLogStreamId);
            Assert.Equal(refusals, refusalLog.Count);
            Assert.True(refusals > Commands / 10 && carriedOut > Commands / 50, $"the fuzz must exercise both sides: {refusals} refusals, {carriedOut} carried out");

            using var replay = new IssueTestHost();
            var replayed = new List<string>();
            foreach (var op in allowed)
            {
                if (op is Advance a)
                {
                    replay.Clock.Advance(a.By);
                    continue;
                }

                replayed.Add(await RunAsync(replay, op));
            }

            Assert.Equal(outcomes, replayed); // the same outcome, command by command: no refusal in the replay either
            Assert.Empty(await replay.Store().ReadStreamAsync(AuditTrail.SecurityLogStreamId));
            Assert.Equal(await IssueLogAsync(host.Store()), await IssueLogAsync(replay.Store()));
            foreach (var id in ids)
            {
                Assert.Equal(Describe(await host.Service.GetAsync(id)), Describe(await replay.Service.GetAsync(id)));
            }

            var everything = new Interval(null, null);
            foreach (var node in new[] { "D", "S1", "C1", "S2" })
            {
                Assert.Equal(host.Service.ReadModel.Compute(host.Territory.Current, node, everything), replay.Service.ReadModel.Compute(replay.Territory.Current, node, everything));
            }
        }

        output.WriteLine($"{Commands:N0} operations: {refusals:N0} refused by the policy, {carriedOut:N0} carried out, {ids.Count:N0} issues; {allowed.Count:N0} replayed; {watch.Elapsed.TotalSeconds:0.0} s");
        // A guard against pathological slowness, not a benchmark: a shared 2-core CI machine under load takes ~40 s.
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), $"{Commands:N0} commands and their replay took {watch.Elapsed}; the bound is 5 min");
    }

    private static async Task<string> RunAsync(IssueTestHost host, Op op)
    {
        try
        {
            switch (op)
            {
                case Report r:
                    await host.Service.ReportAsync(r.Command);
                    break;
                case Execute e:
                    await host.Service.ExecuteAsync(e.Command);
                    break;
            }

            return "ok";
        }
        catch (GridGovException ex)
        {
            return ex.Code;
        }
    }

    private static Actor RandomActor(Random random, int index)
    {
        var roles = random.Next(4) == 0
            ? (ActorRoles)random.Next(1 << 11)
            : (ActorRoles)(1 << random.Next(11));
        var scopes = new List<AccessScope>();
        for (var s = random.Next(4); s > 0; s--)
        {
            scopes.Add(random.Next(10) switch
            {
                < 6 => AccessScope.Subtree(Places[random.Next(Places.Length)]),
                < 9 => AccessScope.ProfessionalGrid(Grids[random.Next(2)]),
                _ => AccessScope.Everywhere,
            });
        }

        return new Actor($"a-{index}", $"行动者{index}")
        {
            Roles = roles,
            Kind = random.Next(8) == 0 ? ActorKind.Organization : ActorKind.Person,
            Scopes = scopes,
        };
    }

    private static Op Next(Random random, Actor[] actors, List<IssueId> ids)
    {
        var actor = actors[random.Next(actors.Length)];
        var other = actors[random.Next(actors.Length)];
        var roll = random.Next(1000);
        if (roll < 5)
        {
            return new Advance(Duration.FromHours(random.Next(1, 72)));
        }

        if (ids.Count == 0 || (roll < 60 && ids.Count < MaxIssues))
        {
            return new Report(new ReportIssue(actor, Categories[random.Next(3)], IssuePriority.Normal, IssueSource.GridPatrol, Places[random.Next(Places.Length)], "问题", "描述")
            {
                IssueId = new IssueId($"F-{random.Next():x8}"),
                ReporterId = other.Id,
            });
        }

        var id = ids[random.Next(ids.Count)];
        var reason = random.Next(10) == 0 ? null : "理由";
        // Reject and merge end an issue: rarer, so that issues live long enough to go through their lifecycle.
        var other16 = random.Next(16);
        var kind = random.Next(100) < 3 ? 1 + random.Next(2) : other16 == 0 ? 0 : other16 + 2;
        IssueCommand command = kind switch
        {
            0 => new AcceptIssue(id, actor),
            1 => new RejectIssue(id, actor),
            2 => new MergeIssue(id, actor, ids[random.Next(ids.Count)]),
            3 => new ClaimIssue(id, actor, other.Id, ClaimantKind.PartyMember),
            4 => new DispatchIssue(id, actor, Grids[random.Next(Grids.Length)]),
            5 => new ReturnIssue(id, actor),
            6 => new RedispatchIssue(id, actor, Grids[random.Next(Grids.Length)]),
            7 => new StartWork(id, actor),
            8 => new ResolveIssue(id, actor, "已处理", ["photo"]),
            9 => new VerifyIssue(id, actor),
            10 => new RequestRework(id, actor),
            11 => new RateIssue(id, actor, (IssueRating)random.Next(3)),
            12 => new ReopenIssue(id, actor),
            13 => new SuspendIssue(id, actor, (SuspensionKind)random.Next(2)),
            14 => new ResumeIssue(id, actor),
            15 => new ExtendDeadline(id, actor, IssueTestHost.Start + Duration.FromDays(random.Next(400)), other),
            16 => new EscalateIssue(id, actor),
            _ => new DeescalateIssue(id, actor),
        };
        return new Execute(command with { Reason = reason });
    }

    /// <summary>Every issue event in log order as stored (type, payload and metadata JSON); the security log left out.</summary>
    private static async Task<List<string>> IssueLogAsync(IEventStore store)
    {
        var serializer = new EventSerializer();
        var log = new List<string>();
        await foreach (var e in store.ReadAllAsync())
        {
            if (e.Payload is IssueEvent)
            {
                var s = serializer.Serialize(new EventData(e.Payload, e.Metadata));
                log.Add($"{e.StreamId}#{e.StreamVersion} {s.Type} {Encoding.UTF8.GetString(s.Payload)} {Encoding.UTF8.GetString(s.Metadata)}");
            }
        }

        return log;
    }

    private static string Describe(Issue i)
        => $"{i} v{i.Version} claimant={i.ClaimantId} grid={i.ProfessionalGridCode} returned=[{string.Join(",", i.ReturnedBy)}] chain=[{string.Join(",", i.LevelChain)}] deadline={i.Deadline} rating={i.Rating} ext={i.ExtensionCount} rework={i.ReworkCount} reopen={i.ReopenCount}";
}

/// <summary>The fuzz test's collection: not run in parallel with any other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AccessFuzzCollection
{
    public const string Name = "Access fuzz (alone)";
}
