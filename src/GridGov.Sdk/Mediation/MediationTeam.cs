using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Stateless;

namespace GridGov.Sdk.Mediation;

/// <summary>Whether a mediation team takes cases.</summary>
public enum MediationTeamState
{
    /// <summary>The team takes cases.</summary>
    Active = 0,

    /// <summary>The team was disbanded.</summary>
    Disbanded = 1,
}

/// <summary>What may happen to a mediation team; the names are the access policy's trigger names.</summary>
public enum MediationTeamTrigger
{
    /// <summary>The team's mediators change.</summary>
    ChangeMembers = 0,

    /// <summary>The team is disbanded.</summary>
    Disband = 1,
}

/// <summary>
/// A mediation team (调解团队), such as 金大姐说事室 — a team of respected local residents who mediate neighbour
/// disputes — registered at a grid node: it takes the cases handled at that node and below it.
/// </summary>
/// <remarks>Immutable and thread-safe. Stream <c>mediation-team-{id}</c>.</remarks>
public sealed record MediationTeam : IWorkflowAggregate<MediationTeamState>
{
    /// <summary>The prefix of a team's stream id.</summary>
    public const string StreamPrefix = "mediation-team-";

    private MediationTeam(string id, string name, string nodeCode)
    {
        Id = id;
        Name = name;
        NodeCode = nodeCode;
    }

    /// <summary>Gets the team id.</summary>
    public string Id { get; }

    /// <summary>Gets the team's name.</summary>
    public string Name { get; }

    /// <summary>Gets the grid node it serves.</summary>
    public string NodeCode { get; }

    /// <summary>Gets the actor ids of its mediators.</summary>
    public IReadOnlyList<string> MemberIds { get; private init; } = [];

    /// <summary>Gets the number of events applied.</summary>
    public long Version { get; private init; }

    /// <summary>Gets whether it is active.</summary>
    public MediationTeamState State { get; private init; }

    internal static MediationTeam Fold(MediationTeam? before, MediationTeamEvent evt, RecordedEvent recorded) => evt switch
    {
        MediationTeamRegistered r => new MediationTeam(r.TeamId, r.Name, r.NodeCode) { MemberIds = r.MemberIds, Version = recorded.StreamVersion },
        MediationTeamMembersChanged m => Existing(before, recorded) with { MemberIds = m.MemberIds, Version = recorded.StreamVersion },
        MediationTeamDisbanded => Existing(before, recorded) with { State = MediationTeamState.Disbanded, Version = recorded.StreamVersion },
        _ => throw new InvalidOperationException($"Unknown mediation team event {evt.GetType().Name}."),
    };

    private static MediationTeam Existing(MediationTeam? before, RecordedEvent recorded)
        => before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with {nameof(MediationTeamRegistered)}.");
}

/// <summary>The team lifecycle: active until disbanded.</summary>
internal static class MediationTeamWorkflow
{
    public static readonly WorkflowDefinition<MediationTeamState, MediationTeamTrigger, MediationTeam?> Definition = new(MediationAccess.TeamWorkflowName, 1, Configure);

    private static void Configure(StateMachine<MediationTeamState, MediationTeamTrigger> machine, Func<MediationTeam?> facts)
    {
        machine.Configure(MediationTeamState.Active)
            .PermitReentry(MediationTeamTrigger.ChangeMembers)
            .Permit(MediationTeamTrigger.Disband, MediationTeamState.Disbanded);
        machine.Configure(MediationTeamState.Disbanded);
    }
}
