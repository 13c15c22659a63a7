using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// The access properties of <see cref="AccessProperties"/>, extended to committees, meetings and personal data:
/// over generated hierarchies and actors, a committee or meeting command is refused by the policy exactly when
/// <see cref="AccessOracle"/> says role or scope does not allow it, with the oracle's code; a refusal changes
/// nothing but the security log; "what may this actor do" answers as the oracle does.
/// </summary>
public sealed class CommitteeAccessProperties
{
    private static readonly LocalDate Formed = new(2026, 1, 5);

    internal sealed record StepSpec(int Actor, int Kind, int Target, int Param);

    internal sealed record Scenario(GridTreeSpec Tree, AccessProperties.ActorSpec[] Actors, int[] Units, StepSpec[] Steps)
    {
        public override string ToString() => $"{Tree.Count} nodes, {Actors.Length} actors, {Units.Length} committees, {Steps.Length} steps";
    }

    private static readonly Gen<Scenario> Scenarios =
        from tree in GridTreeGen.Trees
        from actors in Gen.ArrayOf(AccessProperties.ActorSpecs, 6)
        from unitCount in Gen.Choose(1, 3)
        from units in Gen.ArrayOf(Gen.Choose(0, 1_000_000), unitCount)
        from stepCount in Gen.Choose(1, 30)
        from steps in Gen.ArrayOf(
            from a in Gen.Choose(0, 1_000_000)
            from k in Gen.Choose(0, 12)
            from t in Gen.Choose(0, 1_000_000)
            from p in Gen.Choose(0, 1_000_000)
            select new StepSpec(a, k, t, p), stepCount)
        select new Scenario(tree, actors, units, steps);

    [Property(MaxTest = 100)]
    public Property CommitteeAndMeetingCommands_AreRefusedExactlyWhenThePolicyDenies_AndARefusalChangesNothing()
        => Prop.ForAll(Arb.From(Scenarios), scenario => Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult());

    private static async Task RunAsync(Scenario scenario)
    {
        var tree = scenario.Tree;
        var codes = tree.Nodes.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        var actors = scenario.Actors.Select((a, i) => AccessProperties.ToActor(a, i, tree)).ToArray();
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 0)));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<GridHierarchyHolder>().Load(tree.Build());
        var service = provider.GetRequiredService<CommitteeService>();
        var store = (InMemoryEventStore)provider.GetRequiredService<IEventStore>();
        var policy = provider.GetRequiredService<AccessPolicy>();

        // The system forms a committee at each unit, appoints one member and schedules one meeting.
        var committees = new List<Committee>();
        var meetings = new List<MeetingId>();
        foreach (var pick in scenario.Units)
        {
            var id = new CommitteeId($"k-{committees.Count}");
            var formed = await service.ExecuteAsync(new FormCommittee(id, Actor.System, tree.Nodes[pick % tree.Count].Code, "社工委", Formed));
            await service.ExecuteAsync(new AppointMembers(id, Actor.System, [new MemberAppointment("m-1", "成员", CommitteeMemberKind.Person, MemberCategory.WorkingStaff.Code, CommitteePosition.Director, Formed)]));
            committees.Add(formed.Committee);
            meetings.Add((await service.ScheduleMeetingAsync(new ScheduleMeeting(id, Actor.System, MeetingKind.Regular, "例会", Formed.PlusDays(30), [new AgendaItemDraft("议题", "")], []) { MeetingId = new MeetingId($"mt-{meetings.Count}") })).Meeting.Id);
        }

        foreach (var step in scenario.Steps)
        {
            var actor = actors[step.Actor % actors.Length];
            var k = step.Target % committees.Count;
            var committee = committees[k];
            var count = store.Count;
            string workflow, trigger;
            AccessTarget target;
            string streamId;
            Func<Task> act;
            if (step.Kind == 0)
            {
                var unit = tree.Nodes[step.Param % tree.Count].Code;
                var id = new CommitteeId($"new-{count}");
                (workflow, trigger, target, streamId) = (CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.FormTrigger, new AccessTarget(id.Value, unit), id.StreamId);
                act = () => service.ExecuteAsync(new FormCommittee(id, actor, unit, "社工委", Formed));
            }
            else if (step.Kind <= 3)
            {
                CommitteeCommand command = step.Kind switch
                {
                    1 => new RecordPartySecretary(committee.Id, actor, "sec", "书记", Formed),
                    2 => new AppointMembers(committee.Id, actor, [new MemberAppointment($"m-{step.Param % 3}", "成员", CommitteeMemberKind.Person, MemberCategory.ResidentRepresentative.Code, CommitteePosition.Member, Formed)]),
                    _ => new EndMembership(committee.Id, actor, "m-1", MemberCategory.WorkingStaff.Code, Formed.PlusDays(1 + (step.Param % 100))),
                };
                (workflow, trigger, target, streamId) = (CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.TriggerName(command), CommitteeAccess.TargetOf(committee), committee.Id.StreamId);
                act = () => service.ExecuteAsync(command);
            }
            else if (step.Kind == 4)
            {
                var id = new MeetingId($"mt-new-{count}");
                (workflow, trigger, target, streamId) = (CommitteeAccess.MeetingWorkflowName, CommitteeAccess.ScheduleTrigger, CommitteeAccess.TargetOf(id, committee), id.StreamId);
                act = () => service.ScheduleMeetingAsync(new ScheduleMeeting(committee.Id, actor, MeetingKind.Regular, "例会", Formed.PlusDays(40), [new AgendaItemDraft("议题", "")], []) { MeetingId = id });
            }
            else
            {
                var id = meetings[k];
                MeetingCommand command = step.Kind switch
                {
                    5 => new ConveneMeeting(id, actor, ["m-1"]),
                    6 => new DecideItem(id, actor, 1, "决定"),
                    7 => new DeferItem(id, actor, 1) { Reason = "r" },
                    8 => new RejectItem(id, actor, 1) { Reason = "r" },
                    9 => new ConcludeMeeting(id, actor, "纪要"),
                    10 => new ApproveMinutes(id, actor),
                    11 => new CancelMeeting(id, actor) { Reason = "r" },
                    _ => new ClaimPledge(id, actor, 1, "m-1", "成员", null),
                };
                (workflow, trigger, target, streamId) = (CommitteeAccess.MeetingWorkflowName, CommitteeAccess.TriggerName(command.Trigger), CommitteeAccess.TargetOf(id, committee), id.StreamId);
                act = () => service.ExecuteAsync(command);
            }

            var want = AccessOracle.Expected(policy, workflow, actor, trigger, target, tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf);
            var before = await store.ReadStreamAsync(streamId);
            var got = await OutcomeAsync(act);

            var what = $"{workflow}.{trigger} on {target} by {actor.Id} [{actor.Kind}; {actor.Roles}; {string.Join(", ", actor.Scopes)}]: oracle {want ?? "allows"}, service {got ?? "carried it out"}";
            if (want is null)
            {
                Assert.False(got is { } g && g.StartsWith("access.", StringComparison.Ordinal), what);
            }
            else
            {
                Assert.True(got == want, what);
                Assert.Equal(before.Count, (await store.ReadStreamAsync(streamId)).Count);
                Assert.Equal(count + 1, store.Count);
                var last = (await store.ReadStreamAsync(AuditTrail.SecurityLogStreamId))[^1];
                Assert.Equal((want, workflow, trigger, target.Id), Assert.IsType<AccessRefused>(last.Payload) is var r ? (r.Code, r.Workflow, r.Trigger, r.TargetId) : default);
            }
        }
    }

    [Property(MaxTest = 200)]
    public Property PermittedTriggers_OfCommitteesMeetingsAndPersonalData_AgreeWithANaiveReadingOfTheRules()
        => Prop.ForAll(
            Arb.From(from tree in GridTreeGen.Trees
                     from actor in AccessProperties.ActorSpecs
                     from place in Gen.Choose(-1, 1_000_000)
                     select (tree, actor, place)),
            c =>
            {
                var (tree, spec, place) = c;
                var hierarchy = tree.Build();
                var codes = tree.Nodes.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
                var actor = AccessProperties.ToActor(spec, 0, tree);
                var target = new AccessTarget("x-1", place < 0 ? null : tree.Nodes[place % tree.Count].Code);
                foreach (var (workflow, triggers) in new[]
                         {
                             (CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.CommitteeTriggerNames),
                             (CommitteeAccess.MeetingWorkflowName, CommitteeAccess.MeetingTriggerNames),
                             (CommitteeAccess.JointMeetingWorkflowName, [CommitteeAccess.RecordTrigger]),
                             (PersonalDataAccess.WorkflowName, PersonalDataAccess.TriggerNames),
                         })
                {
                    Assert.Equal(triggers, AccessPolicy.Default.TriggersOf(workflow));
                    var permitted = AccessPolicy.Default.PermittedTriggers(actor, workflow, target, hierarchy);
                    Assert.Equal(triggers.Where(t => AccessOracle.Expected(AccessPolicy.Default, workflow, actor, t, target, tree.NaiveIsAncestorOrSelf, codes, tree.NaiveDistrictOf) is null), permitted);
                }
            });

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
}
