using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// Properties of the access check over generated hierarchies (<see cref="GridTreeGen"/>, up to 200 nodes,
/// some retired), generated actors (any combination of roles, any kind, zero to three scopes: subtrees of
/// random nodes or of unknown codes, professional grids, everywhere) and generated commands: a command is
/// refused by the policy exactly when <see cref="AccessOracle"/> says its roles or scope do not allow it,
/// with the oracle's code, and a refused command changes nothing but the security log.
/// </summary>
public sealed class AccessProperties
{
    private static readonly string[] ProfessionalGrids = ["PG-A", "PG-B"];

    internal sealed record ActorSpec(int Roles, ActorKind Kind, (int Kind, int Pick)[] Scopes);

    internal sealed record StepSpec(int Actor, int Kind, int Issue, int Param);

    internal sealed record Scenario(GridTreeSpec Tree, ActorSpec[] Actors, int[] IssuePlaces, StepSpec[] Steps)
    {
        public override string ToString() => $"{Tree.Count} nodes, {Actors.Length} actors, {IssuePlaces.Length} issues, {Steps.Length} steps";
    }

    internal static readonly Gen<ActorSpec> ActorSpecs =
        from roles in Gen.OneOf(Gen.Choose(0, 10).Select(b => 1 << b), Gen.Choose(0, (1 << 11) - 1), Gen.Constant(0))
        from kind in Gen.Frequency((6, Gen.Constant(ActorKind.Person)), (2, Gen.Constant(ActorKind.Organization)), (1, Gen.Constant(ActorKind.System)))
        from scopes in Gen.ArrayOf(
            from k in Gen.Frequency((6, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)))
            from pick in Gen.Choose(0, 1_000_000)
            select (k, pick)).Resize(3)
        select new ActorSpec(roles, kind, scopes);

    private static readonly Gen<StepSpec> StepSpecs =
        from actor in Gen.Choose(0, 1_000_000)
        from kind in Gen.Choose(0, 13)
        from issue in Gen.Choose(0, 1_000_000)
        from param in Gen.Choose(0, 1_000_000)
        select new StepSpec(actor, kind, issue, param);

    internal static readonly Gen<Scenario> Scenarios =
        from tree in GridTreeGen.Trees
        from actorCount in Gen.Choose(1, 8)
        from actors in Gen.ArrayOf(ActorSpecs, actorCount)
        from issueCount in Gen.Choose(1, 3)
        from places in Gen.ArrayOf(Gen.Choose(0, 1_000_000), issueCount)
        from stepCount in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(StepSpecs, stepCount)
        select new Scenario(tree, actors, places, steps);

    internal static Actor ToActor(ActorSpec spec, int index, GridTreeSpec tree) => new($"a-{index}", $"行动者{index}")
    {
        Roles = (ActorRoles)spec.Roles,
        Kind = spec.Kind,
        Scopes = [.. spec.Scopes.Select(s => s.Kind switch
        {
            0 => AccessScope.Subtree(tree.Nodes[s.Pick % tree.Count].Code),
            1 => AccessScope.ProfessionalGrid(ProfessionalGrids[s.Pick % ProfessionalGrids.Length]),
            2 => AccessScope.Everywhere,
            _ => AccessScope.Subtree("GONE-" + (s.Pick % 3)),
        })],
    };

    [Property(MaxTest = 150)]
    public Property Command_OnGeneratedHierarchies_IsRefusedExactlyWhenThePolicyDeniesRoleOrScope_AndARefusalChangesNothing()
        => Prop.ForAll(Arb.From(Scenarios), scenario => Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult());

    private static async Task RunAsync(Scenario scenario)
    {
        var tree = scenario.Tree;
        var codes = tree.Nodes.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        var live = tree.Nodes.Where(n => !n.IsRetired && !tree.AncestorsAndSelf(n.Code).Any(c => tree[c].IsRetired)).Select(n => n.Code).ToArray();
        var actors = scenario.Actors.Select((a, i) => ToActor(a, i, tree)).ToArray();
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 0));
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(clock);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<GridHierarchyHolder>().Load(tree.Build());
        var service = provider.GetRequiredService<IssueService>();
        var store = (InMemoryEventStore)provider.GetRequiredService<IEventStore>();
        var policy = provider.GetRequiredService<AccessPolicy>();

        var ids = new List<IssueId>();
        foreach (var pick in scenario.IssuePlaces)
        {
            var owner = actors[pick % actors.Length].Id;
            var reported = await service.ReportAsync(new ReportIssue(Actor.System, "environment", IssuePriority.Normal, IssueSource.GridPatrol, live[pick % live.Length], "t", "d") { ReporterId = owner });
            ids.Add(reported.Issue.Id);
        }

        foreach (var step in scenario.Steps)
        {
            var actor = actors[step.Actor % actors.Length];
            var other = actors[step.Param % actors.Length];
            var count = store.Count;
            if (step.Kind == 0)
            {
                // Report anywhere in the tree, retired places included (the policy is asked first).
                var place = tree.Nodes[step.Param % tree.Count].Code;
                var id = new IssueId($"I-{ids.Count}-{count}");
                var reportTarget = new AccessTarget(id.Value, place, null, other.Id);
                var expected = AccessOracle.Expected(policy, actor, IssueAccess.ReportTrigger, reportTarget, tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf)
                    ?? (other.Id == actor.Id ? null : AccessOracle.Expected(policy, actor, IssueAccess.ReportOnBehalfTrigger, reportTarget, tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf));
                var code = await OutcomeAsync(() => service.ReportAsync(new ReportIssue(actor, "environment", IssuePriority.Normal, IssueSource.GridPatrol, place, "t", "d") { IssueId = id, ReporterId = other.Id }));
                Assert.True(expected is null ? code is not { } c || !c.StartsWith("access.", StringComparison.Ordinal) : code == expected, $"Report at {place} by {Describe(actor)}: oracle {expected ?? "allows"}, service {code ?? "carried it out"}");
                if (expected is not null)
                {
                    Assert.Equal(count + 1, store.Count);
                    Assert.Empty(await store.ReadStreamAsync(id.StreamId));
                }
                else if (code is null)
                {
                    ids.Add(id);
                }

                continue;
            }

            var issueId = ids[step.Issue % ids.Count];
            var before = await service.GetAsync(issueId);
            IssueCommand command = step.Kind switch
            {
                1 => new AcceptIssue(issueId, actor),
                2 => new RejectIssue(issueId, actor) { Reason = "r" },
                3 => new ClaimIssue(issueId, actor, other.Id, ClaimantKind.PartyMember),
                4 => new DispatchIssue(issueId, actor, ProfessionalGrids[step.Param % 2]),
                5 => new ReturnIssue(issueId, actor) { Reason = "r" },
                6 => new StartWork(issueId, actor),
                7 => new ResolveIssue(issueId, actor, "n", []),
                8 => new VerifyIssue(issueId, actor),
                9 => new RateIssue(issueId, actor, IssueRating.Dissatisfied),
                10 => new ReopenIssue(issueId, actor),
                11 => new EscalateIssue(issueId, actor) { Reason = "r" },
                12 => new SuspendIssue(issueId, actor, SuspensionKind.Deferred) { Reason = "r" },
                _ => new ResumeIssue(issueId, actor),
            };
            var want = AccessOracle.Expected(policy, actor, command.Trigger.ToString(), IssueAccess.TargetOf(before), tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf);

            var got = await OutcomeAsync(() => service.ExecuteAsync(command));

            var what = $"{command.Trigger} on {before} by {Describe(actor)}: oracle {want ?? "allows"}, service {got ?? "carried it out"}";
            if (want is null)
            {
                Assert.False(got is { } g && g.StartsWith("access.", StringComparison.Ordinal), what);
            }
            else
            {
                Assert.True(got == want, what);
                var after = await service.GetAsync(issueId);
                Assert.Equal(before.Version, after.Version);
                Assert.Same(before, after);
                Assert.Equal(count + 1, store.Count);
                var last = (await store.ReadStreamAsync(AuditTrail.SecurityLogStreamId))[^1];
                Assert.Equal(want, Assert.IsType<AccessRefused>(last.Payload).Code);
            }
        }
    }

    private static async Task<string?> OutcomeAsync(Func<Task> act)
    {
        try
        {
            await act();
            return null;
        }
        catch (GridGovException ex)
        {
            return ex.Code;
        }
    }

    private static string Describe(Actor a) => $"{a.Id} [{a.Kind}; {a.Roles}; {string.Join(", ", a.Scopes)}]";

    [Property(MaxTest = 300)]
    public Property Check_OfEveryTrigger_AgreesWithANaiveReadingOfTheRules()
        => Prop.ForAll(
            Arb.From(from tree in GridTreeGen.Trees
                     from actor in ActorSpecs
                     from place in Gen.Choose(0, 1_000_000)
                     from grid in Gen.Choose(0, 2)
                     from owner in Gen.Choose(0, 2)
                     from assignee in Gen.Choose(0, 2)
                     select (tree, actor, place, grid, owner, assignee)),
            c =>
            {
                var (tree, spec, place, grid, owner, assignee) = c;
                var hierarchy = tree.Build();
                var codes = tree.Nodes.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
                var actor = ToActor(spec, 0, tree);
                var target = new AccessTarget(
                    "I-1",
                    tree.Nodes[place % tree.Count].Code,
                    grid < 2 ? ProfessionalGrids[grid] : null,
                    owner switch { 0 => actor.Id, 1 => "someone-else", _ => null },
                    assignee switch { 0 => actor.Id, 1 => "someone-else", _ => null });
                foreach (var trigger in IssueAccess.TriggerNames)
                {
                    var decision = AccessPolicy.Default.Check(actor, IssueAccess.WorkflowName, trigger, target, hierarchy);
                    Assert.Equal(AccessOracle.Expected(AccessPolicy.Default, actor, trigger, target, tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf), decision.Code);
                }

                var permitted = AccessPolicy.Default.PermittedTriggers(actor, IssueAccess.WorkflowName, target, hierarchy);
                Assert.Equal(IssueAccess.TriggerNames.Where(t => AccessOracle.Expected(AccessPolicy.Default, actor, t, target, tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf) is null), permitted);
            });
}
