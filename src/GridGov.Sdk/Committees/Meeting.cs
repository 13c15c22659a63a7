using System.Collections.Immutable;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// A consultation meeting (协商议事会议) as the fold of its events: agenda, invitees, attendance and
/// quorum, each item's outcome, the follow-up actions decisions created, pledges claimed, and minutes.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Meeting
{
    /// <summary>Gets the meeting's identifier.</summary>
    public required MeetingId Id { get; init; }

    /// <summary>Gets the number of events in its stream.</summary>
    public long Version { get; init; }

    /// <summary>Gets the committee holding it.</summary>
    public required CommitteeId CommitteeId { get; init; }

    /// <summary>Gets whether it is regular or special.</summary>
    public MeetingKind Kind { get; init; }

    /// <summary>Gets the title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the meeting date.</summary>
    public LocalDate Date { get; init; }

    /// <summary>Gets the current state.</summary>
    public MeetingState State { get; init; }

    /// <summary>Gets the agenda with each item's outcome so far.</summary>
    public ImmutableArray<AgendaItemRecord> Agenda { get; init; } = [];

    /// <summary>Gets the invitees.</summary>
    public ImmutableArray<Invitee> Invitees { get; init; } = [];

    /// <summary>Gets who convened it, once convened.</summary>
    public string? ConvenorId { get; init; }

    /// <summary>Gets everyone present, once convened.</summary>
    public ImmutableArray<string> AttendeeIds { get; init; } = [];

    /// <summary>Gets the committee's distinct members on the meeting date, recorded when convened.</summary>
    public int MembersTotal { get; init; }

    /// <summary>Gets the distinct members present, recorded when convened.</summary>
    public int MembersPresent { get; init; }

    /// <summary>Gets whether the quorum was met when convened.</summary>
    public bool QuorumMet { get; init; }

    /// <summary>Gets the follow-up actions the decisions created, in order.</summary>
    public ImmutableArray<FollowUpAction> FollowUps { get; init; } = [];

    /// <summary>Gets the pledges claimed, in order.</summary>
    public ImmutableArray<PledgeClaim> Claims { get; init; } = [];

    /// <summary>Gets the minutes, once concluded.</summary>
    public string? Minutes { get; init; }

    /// <summary>Gets when it was concluded, if it was.</summary>
    public Instant? ConcludedAt { get; init; }

    /// <summary>Gets the claim of a pledge, if it was claimed.</summary>
    /// <param name="actionNumber">The pledge's action number.</param>
    /// <returns>The claim, or null.</returns>
    public PledgeClaim? ClaimOf(int actionNumber) => Claims.FirstOrDefault(c => c.ActionNumber == actionNumber);

    /// <inheritdoc />
    public override string ToString() => $"{Title} ({Id}) {State}, v{Version}";

    internal static Meeting Start(MeetingScheduled s) => new()
    {
        Id = s.MeetingId,
        Version = 1,
        CommitteeId = s.CommitteeId,
        Kind = s.Kind,
        Title = s.Title,
        Date = s.Date,
        State = MeetingState.Scheduled,
        Agenda = [.. s.Agenda.Select(a => new AgendaItemRecord(a, AgendaItemOutcome.Open, null, null))],
        Invitees = [.. s.Invitees],
    };

    internal Meeting Apply(MeetingEvent e, EventMetadata m)
    {
        var next = e switch
        {
            MeetingConvened c => this with
            {
                ConvenorId = c.ConvenorId,
                AttendeeIds = [.. c.AttendeeIds],
                MembersTotal = c.MembersTotal,
                MembersPresent = c.MembersPresent,
                QuorumMet = c.QuorumMet,
            },
            AgendaItemResolved r => this with
            {
                Agenda = Agenda.SetItem(r.ItemNumber - 1, Agenda[r.ItemNumber - 1] with { Outcome = r.Outcome, Text = r.Text, Vote = r.Vote }),
                FollowUps = FollowUps.AddRange(r.FollowUps),
            },
            PledgeClaimed p => this with { Claims = Claims.Add(new PledgeClaim(p.ActionNumber, p.ClaimantId, p.ClaimantName, p.AmountYuan, m.At)) },
            MeetingConcluded c => this with { Minutes = c.Minutes, ConcludedAt = m.At },
            MeetingMinutesApproved or MeetingCancelled => this,
            _ => throw new InvalidOperationException($"Meeting '{Id}' cannot apply {e.GetType().Name}."),
        };
        return next with { State = e.To, Version = Version + 1 };
    }

    internal static Meeting? Fold(IReadOnlyList<RecordedEvent> stream)
    {
        if (stream.Count == 0)
        {
            return null;
        }

        if (stream[0].Payload is not MeetingScheduled first)
        {
            throw new InvalidOperationException($"Stream '{stream[0].StreamId}' does not start with MeetingScheduled.");
        }

        var meeting = Start(first);
        for (var i = 1; i < stream.Count; i++)
        {
            meeting = meeting.Apply((MeetingEvent)stream[i].Payload, stream[i].Metadata);
        }

        return meeting;
    }
}

/// <summary>An agenda item and how it ended.</summary>
/// <param name="Item">The item as scheduled.</param>
/// <param name="Outcome">Open, decided, deferred or rejected.</param>
/// <param name="Text">The decision text, or why deferred or rejected.</param>
/// <param name="Vote">The vote, if one was taken.</param>
public sealed record AgendaItemRecord(AgendaItem Item, AgendaItemOutcome Outcome, string? Text, ItemVote? Vote);

/// <summary>A member unit's claim of a pledge (认领).</summary>
/// <param name="ActionNumber">The pledge's action number.</param>
/// <param name="ClaimantId">The member unit.</param>
/// <param name="ClaimantName">Its name.</param>
/// <param name="AmountYuan">The amount committed in yuan, if money.</param>
/// <param name="At">When it was claimed.</param>
public sealed record PledgeClaim(int ActionNumber, string ClaimantId, string ClaimantName, decimal? AmountYuan, Instant At);
