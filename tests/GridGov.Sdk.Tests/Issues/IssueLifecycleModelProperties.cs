using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// Model-based properties of the lifecycle: random sequences of commands by a fixed cast (the reporting
/// resident, a party member who claims, a grid worker who verifies, the community secretary, the department
/// owning the professional grids) against one to three issues run through <see cref="IssueService"/> and
/// through a small reference model of the default access policy for this cast, the states, the legal
/// triggers and the guards. After every step the two must agree, and the service's
/// invariants must hold.
/// </summary>
public sealed class IssueLifecycleModelProperties
{
    // ---- The cast, the places and the reference model ----

    private static readonly Actor[] Cast = [IssueTestHost.Resident, IssueTestHost.PartyMember, IssueTestHost.Worker, IssueTestHost.Secretary, IssueTestHost.Department];

    private static readonly string ReporterId = IssueTestHost.Resident.Id;

    private static readonly string[] Grids = ["PG-CG", "PS-1", "PG-NOPE"];

    private static readonly string[] ClaimantIds = [IssueTestHost.PartyMember.Id, IssueTestHost.Worker.Id];

    private static readonly Duration[] ClockSteps = [Duration.FromHours(1), Duration.FromHours(20), Duration.FromDays(3), Duration.FromDays(8)];

    /// <summary>The handling node of a category at a place, under the default rules.</summary>
    private static readonly Dictionary<(string Place, string Category), string> FirstHandler = new()
    {
        [("B1", "environment")] = "Q1",
        [("B1", "neighbour-dispute")] = "B1",
        [("B1", "housing")] = "S1",
        [("C2", "environment")] = "C2",
        [("C2", "neighbour-dispute")] = "C2",
        [("C2", "housing")] = "S2",
        [("Z1", "environment")] = "G2",
        [("Z1", "neighbour-dispute")] = "U1",
        [("Z1", "housing")] = "S1",
    };

    /// <summary>The next handling level up from a handling node (null at the root).</summary>
    private static readonly Dictionary<string, string?> LevelAbove = new()
    {
        ["B1"] = "Q1",
        ["U1"] = "G2",
        ["G2"] = "C1", // G1, a first-level grid, stands for no level
        ["Q1"] = "C1",
        ["C1"] = "S1",
        ["S1"] = "D",
        ["C2"] = "S2",
        ["S2"] = "D",
        ["D"] = null,
    };

    /// <summary>The professional grids covering each place: PG-CG covers the district, PS-1 street S1.</summary>
    private static bool Covers(string grid, string place) => grid switch
    {
        "PG-CG" => true,
        "PS-1" => place is "B1" or "Z1",
        _ => false,
    };

    internal enum Kind
    {
        Accept,
        Reject,
        Merge,
        Claim,
        Dispatch,
        Return,
        Redispatch,
        StartWork,
        Resolve,
        Verify,
        Rework,
        Rate,
        Reopen,
        Suspend,
        Resume,
        Extend,
        Escalate,
        Deescalate,
    }

    private static readonly Kind[] NeedsReason = [Kind.Reject, Kind.Return, Kind.Rework, Kind.Suspend, Kind.Extend, Kind.Escalate, Kind.Deescalate];

    /// <summary>One concrete command of the model, turned into an SDK command by <see cref="ToSdk"/>.</summary>
    internal sealed record Cmd(Kind Kind, int Actor, int Issue, int Param = 0, int Param2 = 0, bool WithReason = true)
    {
        public Actor By => Cast[Actor];

        public IssueCommand ToSdk(IReadOnlyList<IssueId> ids, Instant now)
        {
            var id = ids[Issue];
            IssueCommand command = Kind switch
            {
                Kind.Accept => new AcceptIssue(id, By),
                Kind.Reject => new RejectIssue(id, By),
                Kind.Merge => new MergeIssue(id, By, ids[Param]),
                Kind.Claim => new ClaimIssue(id, By, ClaimantIds[Param], ClaimantKind.PartyMember),
                Kind.Dispatch => new DispatchIssue(id, By, Grids[Param]),
                Kind.Return => new ReturnIssue(id, By),
                Kind.Redispatch => new RedispatchIssue(id, By, Grids[Param]),
                Kind.StartWork => new StartWork(id, By),
                Kind.Resolve => new ResolveIssue(id, By, "已处理", ["photo"]),
                Kind.Verify => new VerifyIssue(id, By),
                Kind.Rework => new RequestRework(id, By),
                Kind.Rate => new RateIssue(id, By, (IssueRating)Param),
                Kind.Reopen => new ReopenIssue(id, By),
                Kind.Suspend => new SuspendIssue(id, By, (SuspensionKind)Param),
                Kind.Resume => new ResumeIssue(id, By),
                Kind.Extend => new ExtendDeadline(id, By, ExtensionTo(now), Cast[Param]),
                Kind.Escalate => new EscalateIssue(id, By),
                Kind.Deescalate => new DeescalateIssue(id, By),
                _ => throw new InvalidOperationException(Kind.ToString()),
            };
            return WithReason ? command with { Reason = "理由" } : command;
        }

        /// <summary>The extension's new deadline: already passed, in 20 days, or in 200 days.</summary>
        public Instant ExtensionTo(Instant now) => Param2 switch
        {
            0 => now - Duration.FromHours(1),
            1 => now + Duration.FromDays(20),
            _ => now + Duration.FromDays(200),
        };

        public override string ToString()
        {
            var extra = Kind switch
            {
                Kind.Merge => $" into #{Param}",
                Kind.Claim => $" for {ClaimantIds[Param]}",
                Kind.Dispatch or Kind.Redispatch => $" to {Grids[Param]}",
                Kind.Rate => $" {(IssueRating)Param}",
                Kind.Suspend => $" {(SuspensionKind)Param}",
                Kind.Extend => $" approved by {Cast[Param].Id}, to option {Param2}",
                _ => string.Empty,
            };
            return $"#{Issue} {Kind}{extra} by {By.Id}{(WithReason ? string.Empty : " (no reason)")}";
        }
    }

    /// <summary>The reference model of one issue.</summary>
    private sealed class ModelIssue(string place, string handler)
    {
        public string Place { get; } = place;

        public IssueState State { get; set; } = IssueState.Reported;

        public List<string> Chain { get; } = [handler];

        public string? Claimant { get; set; }

        public string? Grid { get; set; }

        public List<string> ReturnedBy { get; } = [];

        public string? ResolvedBy { get; set; }

        public IssueRating? Rating { get; set; }

        public Instant? ClosedAt { get; set; }

        public IssueState? SuspendedFrom { get; set; }

        public int Extensions { get; set; }

        public bool IsFinal => State is IssueState.Rejected or IssueState.Merged;
    }

    private static bool Permitted(IssueState state, Kind kind) => state switch
    {
        IssueState.Reported => kind is Kind.Accept or Kind.Reject or Kind.Merge or Kind.Escalate or Kind.Deescalate,
        IssueState.Accepted => kind is Kind.Claim or Kind.Dispatch or Kind.Suspend or Kind.Escalate or Kind.Deescalate or Kind.Extend,
        IssueState.Claimed => kind is Kind.StartWork or Kind.Suspend or Kind.Escalate or Kind.Deescalate or Kind.Extend,
        IssueState.Dispatched => kind is Kind.StartWork or Kind.Return or Kind.Suspend or Kind.Escalate or Kind.Deescalate or Kind.Extend,
        IssueState.Returned => kind is Kind.Redispatch or Kind.Claim or Kind.Suspend or Kind.Escalate or Kind.Deescalate or Kind.Extend,
        IssueState.InProgress => kind is Kind.Resolve or Kind.Suspend or Kind.Escalate or Kind.Deescalate or Kind.Extend,
        IssueState.Resolved => kind is Kind.Verify or Kind.Rework or Kind.Extend,
        IssueState.Closed => kind is Kind.Rate or Kind.Reopen,
        IssueState.Suspended => kind is Kind.Resume,
        _ => false,
    };

    private static bool GuardsPass(ModelIssue m, Cmd c, Instant now)
    {
        var actor = c.By.Id;
        return c.Kind switch
        {
            Kind.StartWork or Kind.Resolve => m.Claimant is null || m.Claimant == actor,
            Kind.Verify or Kind.Rework => m.ResolvedBy != actor,
            Kind.Rate => actor == ReporterId && m.Rating is null,
            Kind.Reopen => actor == ReporterId && m.Rating == IssueRating.Dissatisfied && now <= m.ClosedAt!.Value + Duration.FromDays(7),
            Kind.Escalate => LevelAbove[m.Chain[^1]] is not null,
            Kind.Deescalate => m.Chain.Count > 1,
            Kind.Extend => m.Extensions < 2,
            _ => true,
        };
    }

    /// <summary>
    /// The default access policy as it applies to this cast, written out by hand (every staff member's scope
    /// is the whole district; the department's, both professional grids): null when allowed, else the code.
    /// </summary>
    private static string? Access(ModelIssue m, Cmd c)
    {
        const string role = AccessDeniedException.RoleMissingCode;
        const string scope = AccessDeniedException.OutOfScopeCode;
        const string own = AccessDeniedException.NotOwnMatterCode;
        var who = c.By;
        string? Claimant() => m.Claimant == who.Id ? null : own;
        string? Grid() => m.Grid is "PG-CG" or "PS-1" ? null : scope;
        var actor = (c.Kind, who.Roles) switch
        {
            (Kind.Accept or Kind.Reject or Kind.Merge or Kind.Dispatch or Kind.Redispatch or Kind.Suspend or Kind.Resume or Kind.Deescalate, ActorRoles.CommunitySecretary) => null,
            (Kind.Claim, ActorRoles.PartyMember or ActorRoles.GridWorker or ActorRoles.CommunitySecretary) => null,
            (Kind.Return, ActorRoles.DepartmentStaff) => Grid(),
            (Kind.StartWork or Kind.Resolve, ActorRoles.DepartmentStaff) => Grid(),
            (Kind.StartWork or Kind.Resolve, ActorRoles.PartyMember or ActorRoles.GridWorker) => Claimant(),
            (Kind.Verify or Kind.Rework or Kind.Escalate, ActorRoles.GridWorker or ActorRoles.CommunitySecretary) => null,
            (Kind.Rate or Kind.Reopen, ActorRoles.Resident or ActorRoles.PartyMember) => who.Id == ReporterId ? null : own,
            (Kind.Extend, ActorRoles.GridWorker or ActorRoles.CommunitySecretary) => null,
            (Kind.Extend, ActorRoles.DepartmentStaff) => Grid(),
            (Kind.Extend, ActorRoles.PartyMember) => Claimant(),
            _ => role,
        };

        // The approver an extension names is checked next: only a manager (here the secretary) may approve.
        return actor is null && c.Kind == Kind.Extend && !Cast[c.Param].HasAnyRole(ActorRoles.CommunitySecretary) ? role : actor;
    }

    /// <summary>What the model expects: null when the command is carried out, else the refusal's code.</summary>
    private static string? Predict(IReadOnlyList<ModelIssue> issues, Cmd c, Instant now, Instant? currentDeadline)
    {
        var m = issues[c.Issue];
        if (Access(m, c) is { } refused)
        {
            return refused;
        }

        if ((NeedsReason.Contains(c.Kind) && !c.WithReason)
            || (c.Kind == Kind.Merge && c.Param == c.Issue)
            || (c.Kind == Kind.Extend && c.Param == c.Actor))
        {
            return WorkflowRejectedException.InvalidCommandCode;
        }

        if (!Permitted(m.State, c.Kind))
        {
            return WorkflowRejectedException.NotPermittedCode;
        }

        if (!GuardsPass(m, c, now))
        {
            return WorkflowRejectedException.GuardFailedCode;
        }

        var invalid = c.Kind switch
        {
            Kind.Merge => issues[c.Param].IsFinal,
            Kind.Dispatch or Kind.Redispatch => !Covers(Grids[c.Param], m.Place) || m.ReturnedBy.Contains(Grids[c.Param]),
            Kind.Extend => c.ExtensionTo(now) <= now || (currentDeadline is { } d && c.ExtensionTo(now) <= d),
            _ => false,
        };
        return invalid ? WorkflowRejectedException.InvalidCommandCode : null;
    }

    private static void Apply(ModelIssue m, Cmd c, Instant now)
    {
        switch (c.Kind)
        {
            case Kind.Accept:
                m.State = IssueState.Accepted;
                break;
            case Kind.Reject:
                m.State = IssueState.Rejected;
                break;
            case Kind.Merge:
                m.State = IssueState.Merged;
                break;
            case Kind.Claim:
                m.State = IssueState.Claimed;
                m.Claimant = ClaimantIds[c.Param];
                m.Grid = null;
                break;
            case Kind.Dispatch or Kind.Redispatch:
                m.State = IssueState.Dispatched;
                m.Grid = Grids[c.Param];
                m.Claimant = null;
                break;
            case Kind.Return:
                m.State = IssueState.Returned;
                m.ReturnedBy.Add(m.Grid!);
                m.Grid = null;
                break;
            case Kind.StartWork or Kind.Rework or Kind.Reopen:
                m.State = IssueState.InProgress;
                break;
            case Kind.Resolve:
                m.State = IssueState.Resolved;
                m.ResolvedBy = c.By.Id;
                break;
            case Kind.Verify:
                m.State = IssueState.Closed;
                m.ClosedAt = now;
                m.Rating = null;
                break;
            case Kind.Rate:
                m.Rating = (IssueRating)c.Param;
                break;
            case Kind.Suspend:
                m.SuspendedFrom = m.State;
                m.State = IssueState.Suspended;
                break;
            case Kind.Resume:
                m.State = m.SuspendedFrom!.Value;
                m.SuspendedFrom = null;
                break;
            case Kind.Extend:
                m.Extensions++;
                break;
            case Kind.Escalate:
                m.Chain.Add(LevelAbove[m.Chain[^1]]!);
                break;
            case Kind.Deescalate:
                m.Chain.RemoveAt(m.Chain.Count - 1);
                break;
        }
    }

    /// <summary>Every concrete command on one issue, grouped by kind.</summary>
    private static IEnumerable<Cmd> Candidates(int issue, int issueCount)
    {
        for (var a = 0; a < Cast.Length; a++)
        {
            foreach (var reason in new[] { true, false })
            {
                yield return new Cmd(Kind.Accept, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Reject, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Return, a, issue, WithReason: reason);
                yield return new Cmd(Kind.StartWork, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Resolve, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Verify, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Rework, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Reopen, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Resume, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Escalate, a, issue, WithReason: reason);
                yield return new Cmd(Kind.Deescalate, a, issue, WithReason: reason);
                for (var k = 0; k < 2; k++)
                {
                    yield return new Cmd(Kind.Suspend, a, issue, k, WithReason: reason);
                }

                for (var approver = 0; approver < Cast.Length; approver++)
                {
                    for (var option = 0; option < 3; option++)
                    {
                        yield return new Cmd(Kind.Extend, a, issue, approver, option, reason);
                    }
                }
            }

            for (var t = 0; t < issueCount; t++)
            {
                yield return new Cmd(Kind.Merge, a, issue, t);
            }

            for (var k = 0; k < ClaimantIds.Length; k++)
            {
                yield return new Cmd(Kind.Claim, a, issue, k);
            }

            for (var g = 0; g < Grids.Length; g++)
            {
                yield return new Cmd(Kind.Dispatch, a, issue, g);
                yield return new Cmd(Kind.Redispatch, a, issue, g);
            }

            for (var r = 0; r < 3; r++)
            {
                yield return new Cmd(Kind.Rate, a, issue, r);
            }
        }
    }

    // ---- Scenarios ----

    /// <summary>
    /// One random step: which issue, a roll that decides between moving the clock (6 %), a command the
    /// model says is legal (54 %) and any command at all (40 %), then a kind of command and a variant of it.
    /// </summary>
    internal sealed record Step(int Issue, int Roll, int Choice, int Variant);

    internal sealed record IssueSpec(string Place, string Category);

    internal sealed record Scenario(IssueSpec[] Issues, Step[] Steps)
    {
        public override string ToString()
            => $"{Issues.Length} issue(s) [{string.Join(", ", Issues.Select(i => $"{i.Category}@{i.Place}"))}], {Steps.Length} step(s)";
    }

    private static readonly Gen<IssueSpec> IssueSpecs =
        from place in Gen.Elements("B1", "C2", "Z1")
        from category in Gen.Elements("environment", "neighbour-dispute", "housing")
        select new IssueSpec(place, category);

    private static readonly Gen<Step> Steps =
        from issue in Gen.Choose(0, 2)
        from roll in Gen.Choose(0, 99)
        from choice in Gen.Choose(0, 1_000_000)
        from variant in Gen.Choose(0, 1_000_000)
        select new Step(issue, roll, choice, variant);

    internal static readonly Gen<Scenario> Scenarios =
        from issueCount in Gen.Choose(1, 3)
        from issues in Gen.ArrayOf(IssueSpecs, issueCount)
        from stepCount in Gen.Choose(0, 40)
        from steps in Gen.ArrayOf(Steps, stepCount)
        select new Scenario(issues, steps);

    private static IEnumerable<Scenario> Shrink(Scenario s)
    {
        if (s.Steps.Length > 1)
        {
            yield return s with { Steps = s.Steps[..(s.Steps.Length / 2)] };
        }

        for (var i = s.Steps.Length - 1; i >= 0; i--)
        {
            yield return s with { Steps = [.. s.Steps[..i], .. s.Steps[(i + 1)..]] };
        }
    }

    private sealed class ModelMismatchException(string message, Exception inner) : Exception(message, inner);

    /// <summary>A host with issues and their models side by side; every command goes through both and is checked.</summary>
    private sealed class Harness : IDisposable
    {
        private readonly List<ModelIssue> _models = [];
        private readonly List<IssueId> _ids = [];

        private Harness(IssueTestHost host) => Host = host;

        public IssueTestHost Host { get; }

        public IReadOnlyList<ModelIssue> Models => _models;

        public HashSet<IssueState> Reached { get; } = [];

        public StringBuilder Trace { get; } = new();

        public int Count => _ids.Count;

        public static async Task<Harness> CreateAsync(IEnumerable<IssueSpec> issues)
        {
            var harness = new Harness(new IssueTestHost());
            foreach (var spec in issues)
            {
                var reported = await harness.Host.Service.ReportAsync(
                    new ReportIssue(IssueTestHost.Worker, spec.Category, IssuePriority.Normal, IssueSource.GridPatrol, spec.Place, "问题", "描述") { ReporterId = ReporterId });
                harness._ids.Add(reported.Issue.Id);
                harness._models.Add(new ModelIssue(spec.Place, FirstHandler[(spec.Place, spec.Category)]));
                harness.Trace.AppendLine($"report #{harness._ids.Count - 1}: {spec.Category}@{spec.Place}");
            }

            await harness.CheckAllAsync();
            return harness;
        }

        public void Advance(Duration by)
        {
            Host.Clock.Advance(by);
            Trace.AppendLine($"clock +{by}");
        }

        public async Task<Issue> GetAsync(int index) => await Host.Service.GetAsync(_ids[index]);

        public async Task<string?> PredictAsync(Cmd cmd) => Predict(_models, cmd, Host.Now(), (await GetAsync(cmd.Issue)).Deadline);

        /// <summary>Runs one command through the service and the model and checks the step; returns the refusal's code, or null.</summary>
        public async Task<string?> ExecuteAsync(Cmd cmd)
        {
            var service = Host.Service;
            var now = Host.Now();
            var countBefore = Host.EventCount();
            var before = await GetAsync(cmd.Issue);
            var expected = Predict(_models, cmd, now, before.Deadline);
            Trace.Append($"{cmd} in {before.State} → ");

            IssueCommandResult? result = null;
            string? actual = null;
            try
            {
                result = await service.ExecuteAsync(cmd.ToSdk(_ids, now));
            }
            catch (GridGovException ex)
            {
                actual = ex.Code;
            }

            Trace.AppendLine(actual ?? result!.Issue.State.ToString());
            Assert.True(expected == actual, $"the model expected {expected ?? "success"}, the service answered {actual ?? "success"}");
            var after = await GetAsync(cmd.Issue);
            if (result is null)
            {
                // A refusal changes nothing; one by the access policy adds its record to the security log.
                var refusedByPolicy = actual!.StartsWith("access.", StringComparison.Ordinal);
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.State, after.State);
                Assert.Equal(countBefore + (refusedByPolicy ? 1 : 0), Host.EventCount());
            }
            else
            {
                var recorded = Assert.Single(result.Events);
                Assert.Equal(countBefore + 1, Host.EventCount());
                Assert.Equal(before.Version + 1, after.Version);
                Assert.Equal(after.Version, recorded.StreamVersion);
                Assert.False(result.WasDuplicate);
                if (before.State == IssueState.Closed && after.State != IssueState.Closed)
                {
                    Assert.True(cmd.Kind == Kind.Reopen, $"{cmd.Kind} took a closed issue to {after.State}; only Reopen may");
                }

                CheckDeadline(before, (IssueEvent)recorded.Payload, recorded.Metadata.At);
                Apply(_models[cmd.Issue], cmd, now);
            }

            await CheckAllAsync();
            return actual;
        }

        /// <summary>The service's issues equal the models, and the read model's invariants hold.</summary>
        public async Task CheckAllAsync()
        {
            for (var i = 0; i < _ids.Count; i++)
            {
                var issue = await GetAsync(i);
                var m = _models[i];
                Reached.Add(issue.State);
                Assert.Equal(m.State, issue.State);
                Assert.Equal(m.Chain, issue.LevelChain.ToArray());
                Assert.Equal(m.Chain[^1], issue.HandlingNodeCode);
                Assert.Equal(m.Claimant, issue.ClaimantId);
                Assert.Equal(m.Grid, issue.ProfessionalGridCode);
                Assert.Equal(m.ReturnedBy, issue.ReturnedBy.ToArray());
                Assert.Equal(m.ResolvedBy, issue.ResolvedById);
                Assert.Equal(m.Rating, issue.Rating);
                Assert.Equal(m.Extensions, issue.ExtensionCount);
                Assert.Equal(m.SuspendedFrom, issue.SuspendedFrom);
                Assert.Equal(issue.Version, (await Host.StreamAsync(_ids[i])).Count);
                Assert.Equal(m.State == IssueState.Suspended || m.IsFinal || m.State == IssueState.Closed, issue.Deadline is null);
            }

            var k = Host.Service.ReadModel.Compute(Host.Territory.Current, "D", new NodaTime.Interval(null, null));
            Assert.Equal(_ids.Count, k.Found);
            Assert.True(k.Resolved <= k.Claimed && k.Claimed <= k.Found, $"resolved {k.Resolved} ≤ claimed {k.Claimed} ≤ found {k.Found} does not hold");
            Assert.Equal(_models.Count(m => m.State == IssueState.Closed), k.Resolved);
            Assert.Equal(_ids.Count, Host.Service.ReadModel.Count);
        }

        public Exception Explain(Exception ex) => ex as ModelMismatchException ?? new ModelMismatchException($"{Trace}{ex.Message}", ex);

        public void Dispose() => Host.Dispose();
    }

    /// <summary>
    /// A deadline an event sets is never before the event's instant. Resuming restores the time that was
    /// left when suspended (the clock was paused), which is negative when the issue was already overdue.
    /// </summary>
    private static void CheckDeadline(Issue before, IssueEvent e, Instant at)
    {
        if (e is IssueResumed)
        {
            if (before.SuspendedRemaining is { } left)
            {
                Assert.Equal(at + left, e.Deadline);
            }

            return;
        }

        if (e.Deadline is { } set && set != before.Deadline)
        {
            Assert.True(set >= at, $"{e.GetType().Name} at {at} set the deadline to {set}, before itself");
        }
    }

    /// <summary>Runs a scenario through the service and the model, checking after every step; returns the states reached.</summary>
    internal static async Task<HashSet<IssueState>> RunAsync(Scenario scenario)
    {
        using var harness = await Harness.CreateAsync(scenario.Issues);
        try
        {
            foreach (var step in scenario.Steps)
            {
                if (step.Roll < 6)
                {
                    harness.Advance(ClockSteps[step.Choice % ClockSteps.Length]);
                    continue;
                }

                var index = step.Issue % harness.Count;
                var all = Candidates(index, harness.Count).ToList();
                var pool = new List<Cmd>();
                if (step.Roll < 60)
                {
                    foreach (var c in all)
                    {
                        if (await harness.PredictAsync(c) is null)
                        {
                            pool.Add(c);
                        }
                    }
                }

                if (pool.Count == 0)
                {
                    pool = all;
                }

                var kinds = pool.Select(c => c.Kind).Distinct().ToArray();
                var kind = kinds[step.Choice % kinds.Length];
                var variants = pool.Where(c => c.Kind == kind).ToArray();
                await harness.ExecuteAsync(variants[step.Variant % variants.Length]);
            }
        }
        catch (Exception ex)
        {
            throw harness.Explain(ex);
        }

        return harness.Reached;
    }

    // ---- Properties ----

    [Property(MaxTest = 200)]
    public Property Lifecycle_RandomCommands_ServiceAgreesWithTheModelAfterEveryStep()
        => Prop.ForAll(Arb.From(Scenarios, Shrink), scenario => Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult());

    [Fact]
    public async Task Lifecycle_ManySeededRandomRuns_ReachEveryState()
    {
        var random = new Random(20260302);
        var reached = new HashSet<IssueState>();
        for (var run = 0; run < 150 && reached.Count < Enum.GetValues<IssueState>().Length; run++)
        {
            var issues = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => new IssueSpec(new[] { "B1", "C2", "Z1" }[random.Next(3)], new[] { "environment", "neighbour-dispute", "housing" }[random.Next(3)]))
                .ToArray();
            var steps = Enumerable.Range(0, random.Next(20, 41))
                .Select(_ => new Step(random.Next(3), random.Next(100), random.Next(1_000_000), random.Next(1_000_000)))
                .ToArray();
            reached.UnionWith(await RunAsync(new Scenario(issues, steps)));
        }

        Assert.Equal(Enum.GetValues<IssueState>().Order(), reached.Order());
    }

    // ---- Every command in every situation ----

    private static Cmd C(Kind kind, Actor by, int param = 0, int param2 = 0, int issue = 0) => new(kind, Array.IndexOf(Cast, by), issue, param, param2);

    private static readonly Actor Res = IssueTestHost.Resident;
    private static readonly Actor Pm = IssueTestHost.PartyMember;
    private static readonly Actor Gw = IssueTestHost.Worker;
    private static readonly Actor Sec = IssueTestHost.Secretary;
    private static readonly Actor Dept = IssueTestHost.Department;

    /// <summary>Named situations: the path (commands, or durations to advance the clock) from two fresh reports at B1.</summary>
    private static readonly Dictionary<string, object[]> Situations = new(StringComparer.Ordinal)
    {
        ["reported"] = [],
        ["rejected"] = [C(Kind.Reject, Sec)],
        ["merged"] = [C(Kind.Merge, Sec, 1)],
        ["accepted"] = [C(Kind.Accept, Sec)],
        ["accepted, escalated to the street"] = [C(Kind.Accept, Sec), C(Kind.Escalate, Sec), C(Kind.Escalate, Sec)],
        ["accepted, escalated to the district"] = [C(Kind.Accept, Sec), C(Kind.Escalate, Sec), C(Kind.Escalate, Sec), C(Kind.Escalate, Sec)],
        ["accepted, extended twice"] = [C(Kind.Accept, Sec), C(Kind.Extend, Gw, 3, 1), C(Kind.Extend, Gw, 3, 2)],
        ["claimed by the party member"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0)],
        ["claimed by the worker"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 1)],
        ["dispatched"] = [C(Kind.Accept, Sec), C(Kind.Dispatch, Sec, 0)],
        ["returned by PG-CG"] = [C(Kind.Accept, Sec), C(Kind.Dispatch, Sec, 0), C(Kind.Return, Dept)],
        ["returned by PG-CG and PS-1"] = [C(Kind.Accept, Sec), C(Kind.Dispatch, Sec, 0), C(Kind.Return, Dept), C(Kind.Redispatch, Sec, 1), C(Kind.Return, Dept)],
        ["in progress, claimed"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm)],
        ["in progress, dispatched"] = [C(Kind.Accept, Sec), C(Kind.Dispatch, Sec, 0), C(Kind.StartWork, Dept)],
        ["resolved by the party member"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm), C(Kind.Resolve, Pm)],
        ["closed"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm), C(Kind.Resolve, Pm), C(Kind.Verify, Gw)],
        ["closed, rated dissatisfied"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm), C(Kind.Resolve, Pm), C(Kind.Verify, Gw), C(Kind.Rate, Res, (int)IssueRating.Dissatisfied)],
        ["closed, rated dissatisfied, window passed"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm), C(Kind.Resolve, Pm), C(Kind.Verify, Gw), C(Kind.Rate, Res, (int)IssueRating.Dissatisfied), Duration.FromDays(8)],
        ["closed, rated satisfied"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm), C(Kind.Resolve, Pm), C(Kind.Verify, Gw), C(Kind.Rate, Res, (int)IssueRating.Satisfied)],
        ["reopened"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.StartWork, Pm), C(Kind.Resolve, Pm), C(Kind.Verify, Gw), C(Kind.Rate, Res, (int)IssueRating.Dissatisfied), C(Kind.Reopen, Res)],
        ["suspended from claimed"] = [C(Kind.Accept, Sec), C(Kind.Claim, Sec, 0), C(Kind.Suspend, Sec, 0)],
        ["suspended from returned, overdue"] = [C(Kind.Accept, Sec), C(Kind.Dispatch, Sec, 0), C(Kind.Return, Dept), Duration.FromDays(5), C(Kind.Suspend, Sec, 1)],
        ["other issue rejected"] = [C(Kind.Reject, Sec, issue: 1)],
    };

    public static TheoryData<string> SituationNames() => [.. Situations.Keys];

    private static async Task<Harness> SituationAsync(string name)
    {
        var harness = await Harness.CreateAsync([new IssueSpec("B1", "environment"), new IssueSpec("B1", "environment")]);
        foreach (var step in Situations[name])
        {
            if (step is Duration by)
            {
                harness.Advance(by);
            }
            else
            {
                Assert.Null(await harness.ExecuteAsync((Cmd)step));
            }
        }

        return harness;
    }

    [Theory]
    [MemberData(nameof(SituationNames))]
    public async Task Lifecycle_EveryCommandInASituation_ServiceAgreesWithTheModel(string situation)
    {
        var accepted = new List<Cmd>();
        using (var harness = await SituationAsync(situation))
        {
            try
            {
                foreach (var cmd in Candidates(0, harness.Count))
                {
                    if (await harness.PredictAsync(cmd) is null)
                    {
                        accepted.Add(cmd);
                    }
                    else
                    {
                        await harness.ExecuteAsync(cmd); // refused: nothing changes, so the next candidate sees the same issue
                    }
                }
            }
            catch (Exception ex)
            {
                throw harness.Explain(ex);
            }
        }

        foreach (var cmd in accepted)
        {
            using var fresh = await SituationAsync(situation);
            try
            {
                Assert.Null(await fresh.ExecuteAsync(cmd));
            }
            catch (Exception ex)
            {
                throw fresh.Explain(ex);
            }
        }
    }

    /// <summary>A path from a report to each state, one command at a time.</summary>
    public static TheoryData<IssueState> AllStates() => [.. Enum.GetValues<IssueState>()];

    [Theory]
    [MemberData(nameof(AllStates))]
    public async Task Lifecycle_DeterministicPath_ReachesEachState(IssueState target)
    {
        using var host = new IssueTestHost();
        var s = host.Service;
        var a = await host.ReportAsync();
        var b = await host.ReportAsync();
        var id = a.Id;
        IssueCommand[] path = target switch
        {
            IssueState.Reported => [],
            IssueState.Accepted => [new AcceptIssue(id, Sec)],
            IssueState.Rejected => [new RejectIssue(id, Sec) { Reason = "r" }],
            IssueState.Merged => [new MergeIssue(id, Sec, b.Id)],
            IssueState.Claimed => [new AcceptIssue(id, Sec), new ClaimIssue(id, Sec, Pm.Id, ClaimantKind.PartyMember)],
            IssueState.Dispatched => [new AcceptIssue(id, Sec), new DispatchIssue(id, Sec, "PG-CG")],
            IssueState.Returned => [new AcceptIssue(id, Sec), new DispatchIssue(id, Sec, "PG-CG"), new ReturnIssue(id, Dept) { Reason = "r" }],
            IssueState.InProgress => [new AcceptIssue(id, Sec), new DispatchIssue(id, Sec, "PG-CG"), new StartWork(id, Dept)],
            IssueState.Resolved => [new AcceptIssue(id, Sec), new DispatchIssue(id, Sec, "PG-CG"), new StartWork(id, Dept), new ResolveIssue(id, Dept, "n", [])],
            IssueState.Closed => [new AcceptIssue(id, Sec), new DispatchIssue(id, Sec, "PG-CG"), new StartWork(id, Dept), new ResolveIssue(id, Dept, "n", []), new VerifyIssue(id, Sec)],
            IssueState.Suspended => [new AcceptIssue(id, Sec), new SuspendIssue(id, Sec, SuspensionKind.Parked) { Reason = "r" }],
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };

        foreach (var command in path)
        {
            await s.ExecuteAsync(command);
        }

        var issue = await s.GetAsync(id);
        Assert.Equal(target, issue.State);
        Assert.Equal(1 + path.Length, issue.Version);
    }
}
