using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>One level a case was mediated at: where, from when, until when, and whether mediation there failed.</summary>
/// <param name="NodeCode">The node whose mediators took it.</param>
/// <param name="Level">Its level.</param>
/// <param name="TeamId">The team; null when none was registered there.</param>
/// <param name="Started">When the case reached the level.</param>
/// <param name="Deadline">The level's time limit.</param>
/// <param name="Failed">Whether mediation at this level failed.</param>
public sealed record MediationLevelVisit(string NodeCode, HandlingLevel Level, string? TeamId, Instant Started, Instant Deadline, bool Failed);

/// <summary>A session as the case keeps it.</summary>
/// <param name="Number">The session's number, from 1.</param>
/// <param name="HeldAt">When.</param>
/// <param name="NodeCode">The level's node it was held at.</param>
/// <param name="AttendingParties">The parties who attended.</param>
/// <param name="MediatorIds">The mediators who attended.</param>
/// <param name="Notes">The notes.</param>
public sealed record MediationSession(int Number, Instant HeldAt, string NodeCode, IReadOnlyList<int> AttendingParties, IReadOnlyList<string> MediatorIds, string Notes);

/// <summary>
/// A mediation case (调解案件): parties, the dispute, the levels it went through, its sessions and its outcome.
/// State is the fold of the case's events (stream <c>mediation-{id}</c>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record MediationCase : IWorkflowAggregate<MediationState>
{
    /// <summary>The prefix of a case's stream id.</summary>
    public const string StreamPrefix = "mediation-";

    private MediationCase(string id)
    {
        Id = id;
    }

    /// <summary>Gets the case id.</summary>
    public string Id { get; }

    /// <summary>Gets the number of events applied.</summary>
    public long Version { get; private init; }

    /// <summary>Gets the state.</summary>
    public MediationState State { get; private init; }

    /// <summary>Gets the version of the mediation rules the case is under (0 when opened before versions were recorded: the rules in force apply).</summary>
    public int RuleSetVersion { get; private init; }

    /// <summary>Gets the dispute's category code.</summary>
    public string Category { get; private init; } = string.Empty;

    /// <summary>Gets the grid node where the dispute is.</summary>
    public string PlaceCode { get; private init; } = string.Empty;

    /// <summary>Gets the dispute as the parties told it.</summary>
    public string Description { get; private init; } = string.Empty;

    /// <summary>Gets the parties.</summary>
    public IReadOnlyList<MediationPartyRecord> Parties { get; private init; } = [];

    /// <summary>Gets the actor id of the party who opened the case themselves, or null.</summary>
    public string? ApplicantId { get; private init; }

    /// <summary>Gets the levels the case went through, the current one last.</summary>
    public IReadOnlyList<MediationLevelVisit> Levels { get; private init; } = [];

    /// <summary>Gets the current level.</summary>
    public MediationLevelVisit CurrentLevel => Levels[^1];

    /// <summary>Gets the node whose mediators have the case now.</summary>
    public string HandlingNodeCode => CurrentLevel.NodeCode;

    /// <summary>Gets the sessions, in order.</summary>
    public IReadOnlyList<MediationSession> Sessions { get; private init; } = [];

    /// <summary>Gets the number of sessions held at the current level.</summary>
    public int SessionsAtCurrentLevel { get; private init; }

    /// <summary>Gets when the case was opened.</summary>
    public Instant OpenedAt { get; private init; }

    /// <summary>Gets the agreement, once reached.</summary>
    public MediationAgreementReached? Agreement { get; private init; }

    /// <summary>Gets when the agreement was reached, or null.</summary>
    public Instant? AgreedAt { get; private init; }

    /// <summary>Gets the referral, once made.</summary>
    public MediationCaseReferred? Referral { get; private init; }

    /// <summary>Gets the last failure, or null.</summary>
    public MediationFailed? LastFailure { get; private init; }

    /// <summary>Gets when the case reached a final state, or null.</summary>
    public Instant? EndedAt { get; private init; }

    /// <summary>Gets whether the case is final (agreed, referred, closed or withdrawn).</summary>
    public bool IsFinal => State is MediationState.Agreed or MediationState.Referred or MediationState.Closed or MediationState.Withdrawn;

    /// <summary>Gets the current level's deadline while the case is being mediated; null otherwise.</summary>
    public Instant? Deadline => State == MediationState.Mediating ? CurrentLevel.Deadline : null;

    /// <summary>Whether the current level's time limit has passed while the case is still being mediated.</summary>
    /// <param name="now">The instant to compare with.</param>
    /// <returns><see langword="true"/> when overdue.</returns>
    public bool IsOverdueAt(Instant now) => Deadline is { } deadline && deadline < now;

    /// <summary>Gets the party with a number, or null.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The party.</returns>
    public MediationPartyRecord? Party(int number) => Parties.FirstOrDefault(p => p.Number == number);

    /// <summary>The fold: the case before (null for the first event) and one recorded event give the case after.</summary>
    internal static MediationCase Fold(MediationCase? before, MediationEvent evt, RecordedEvent recorded)
    {
        var at = recorded.Metadata.At;
        var version = recorded.StreamVersion;
        if (evt is MediationCaseOpened opened)
        {
            return new MediationCase(opened.CaseId)
            {
                Version = version,
                State = MediationState.Mediating,
                Category = opened.Category,
                PlaceCode = opened.PlaceCode,
                Description = opened.Description,
                Parties = opened.Parties,
                ApplicantId = opened.ApplicantId,
                Levels = [new MediationLevelVisit(opened.HandlingNodeCode, opened.Level, opened.TeamId, at, opened.Deadline, Failed: false)],
                OpenedAt = at,
                RuleSetVersion = opened.RuleSetVersion,
            };
        }

        var c = before ?? throw new InvalidOperationException($"Mediation case stream '{recorded.StreamId}' does not start with {nameof(MediationCaseOpened)}.");
        return evt switch
        {
            MediationSessionHeld s => c with
            {
                Version = version,
                Sessions = [.. c.Sessions, new MediationSession(s.Number, s.HeldAt, c.HandlingNodeCode, s.AttendingParties, s.MediatorIds, s.Notes)],
                SessionsAtCurrentLevel = checked(c.SessionsAtCurrentLevel + 1),
            },
            MediationAgreementReached a => c with { Version = version, State = MediationState.Agreed, Agreement = a, AgreedAt = at, EndedAt = at },
            MediationFailed f => c with
            {
                Version = version,
                State = MediationState.Failed,
                LastFailure = f,
                Levels = [.. c.Levels.Take(c.Levels.Count - 1), c.CurrentLevel with { Failed = true }],
            },
            MediationCaseEscalated e => c with
            {
                Version = version,
                State = MediationState.Mediating,
                Levels = [.. c.Levels, new MediationLevelVisit(e.ToNodeCode, e.ToLevel, e.TeamId, at, e.Deadline, Failed: false)],
                SessionsAtCurrentLevel = 0,
            },
            MediationCaseReferred r => c with { Version = version, State = MediationState.Referred, Referral = r, EndedAt = at },
            MediationCaseClosed => c with { Version = version, State = MediationState.Closed, EndedAt = at },
            MediationCaseWithdrawn => c with { Version = version, State = MediationState.Withdrawn, EndedAt = at },
            MediationRuleSetMigrated m => c with
            {
                Version = version,
                RuleSetVersion = m.ToVersion,
                Levels = [.. c.Levels.Take(c.Levels.Count - 1), c.CurrentLevel with { Deadline = m.NewDeadline }],
            },
            _ => throw new InvalidOperationException($"Unknown mediation event {evt.GetType().Name}."),
        };
    }
}
