using System.Collections.Immutable;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// A committee (社区建设工作委员会, 社工委) as the fold of its events: the unit it belongs to, the history
/// of its members and of the unit's party secretary. Membership is history: <see cref="AsOf"/> gives the
/// committee on any date. Obtain it from <see cref="CommitteeService"/>; each command yields a new one.
/// </summary>
/// <remarks>Immutable and thread-safe. Two committees are equal when their fields and histories are equal.</remarks>
public sealed record Committee
{
    /// <summary>Marks the director's appointment in <see cref="Packed"/>.</summary>
    internal const int DirectorFlag = 1 << 30;

    private int[]? _packed;
    private Placement? _placement;

    /// <summary>Gets the committee's identifier.</summary>
    public required CommitteeId Id { get; init; }

    /// <summary>Gets the number of events in its stream (its version for optimistic concurrency).</summary>
    public long Version { get; init; }

    /// <summary>Gets the grid node of the unit the committee belongs to.</summary>
    public required string UnitCode { get; init; }

    /// <summary>Gets the committee's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the date it was formed.</summary>
    public LocalDate FormedOn { get; init; }

    /// <summary>Gets every appointment ever made, in the order made (ended ones included).</summary>
    public ImmutableArray<CommitteeAppointment> Appointments
    {
        get;
        init
        {
            field = value;
            _packed = null;
        }
    } = [];

    /// <summary>
    /// Gets what the evaluator's hot loop reads, as one int array built once per committee version on first
    /// use: <c>[n, (start, end, category, member | director flag) × n, m, (since, member) × m]</c> with dates as
    /// ordered integers, categories as process-wide keys and members as ids local to this committee (a
    /// secretary who is no member gets a negative one). One array per committee keeps evaluating many
    /// committees to a few cache lines each.
    /// </summary>
    internal int[] Packed
    {
        get
        {
            var packed = Volatile.Read(ref _packed);
            if (packed is null)
            {
                packed = Pack();
                Volatile.Write(ref _packed, packed);
            }

            return packed;
        }
    }

    /// <summary>Gets the unit's party secretaries, by the date each took office.</summary>
    public ImmutableArray<PartySecretaryTerm> PartySecretaries
    {
        get;
        init
        {
            field = value;
            _packed = null;
        }
    } = [];

    /// <summary>Returns the committee as it stood on a date: the members serving then, its director and the party secretary.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The view.</returns>
    public CommitteeAsOf AsOf(LocalDate date)
    {
        var active = ImmutableArray.CreateBuilder<CommitteeAppointment>();
        foreach (var a in Appointments)
        {
            if (a.IsActiveOn(date))
            {
                active.Add(a);
            }
        }

        return new CommitteeAsOf(this, date, active.ToImmutable(), PartySecretaryOn(date));
    }

    /// <summary>Returns whether someone is a member (in any category) on a date.</summary>
    /// <param name="memberId">The person's or organization's id.</param>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> if they serve on that date.</returns>
    public bool IsMemberOn(string memberId, LocalDate date)
    {
        foreach (var a in Appointments)
        {
            if (a.MemberId == memberId && a.IsActiveOn(date))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the party secretary in office on a date, if one is recorded.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The term, or null.</returns>
    public PartySecretaryTerm? PartySecretaryOn(LocalDate date)
    {
        PartySecretaryTerm? found = null;
        foreach (var term in PartySecretaries)
        {
            if (term.Since <= date)
            {
                found = term;
            }
        }

        return found;
    }

    /// <summary>Finds the unit's node in a snapshot, remembering the answer for that snapshot (the unit never changes).</summary>
    internal bool TryPlace(GridHierarchy hierarchy, out GridNode unit)
    {
        var placement = Volatile.Read(ref _placement);
        if (placement is null || !ReferenceEquals(placement.Hierarchy, hierarchy))
        {
            placement = new Placement(hierarchy, hierarchy.TryGetNode(UnitCode, out var found) ? found.Index : -1);
            Volatile.Write(ref _placement, placement);
        }

        unit = placement.Index >= 0 ? hierarchy.NodeAt(placement.Index) : default;
        return placement.Index >= 0;
    }

    private int[] Pack()
    {
        var n = Appointments.Length;
        var m = PartySecretaries.Length;
        var data = new int[checked(2 + (4 * n) + (2 * m))];
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        data[0] = n;
        for (var i = 0; i < n; i++)
        {
            var a = Appointments[i];
            if (!members.TryGetValue(a.MemberId, out var local))
            {
                local = members.Count;
                members[a.MemberId] = local;
            }

            var b = 1 + (4 * i);
            (data[b], data[b + 1]) = a.DayKeys;
            data[b + 2] = a.CategoryKey;
            data[b + 3] = a.Position == CommitteePosition.Director ? local | DirectorFlag : local;
        }

        var s = 1 + (4 * n);
        data[s] = m;
        for (var j = 0; j < m; j++)
        {
            var term = PartySecretaries[j];
            data[s + 1 + (2 * j)] = CommitteeAppointment.DayKey(term.Since);
            data[s + 2 + (2 * j)] = members.TryGetValue(term.SecretaryId, out var local) ? local : -2 - j;
        }

        return data;
    }

    /// <inheritdoc />
    public bool Equals(Committee? other)
        => other is not null
           && (ReferenceEquals(this, other)
               || (Id == other.Id && Version == other.Version && UnitCode == other.UnitCode && Name == other.Name && FormedOn == other.FormedOn
                   && Appointments.SequenceEqual(other.Appointments) && PartySecretaries.SequenceEqual(other.PartySecretaries)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Version, UnitCode, Appointments.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Id}) @ {UnitCode}, v{Version}";

    internal static Committee Start(CommitteeFormed formed)
        => new() { Id = formed.CommitteeId, Version = 1, UnitCode = formed.UnitCode, Name = formed.Name, FormedOn = formed.FormedOn };

    internal Committee Apply(CommitteeEvent e) => (e switch
    {
        PartySecretaryRecorded s => this with
        {
            // Kept sorted by Since (stable for equal dates), so "the last one on or before" is a scan.
            PartySecretaries = [.. PartySecretaries.Append(new PartySecretaryTerm(s.SecretaryId, s.SecretaryName, s.Since)).OrderBy(t => t.Since)],
        },
        CommitteeMemberAppointed a => this with
        {
            Appointments = Appointments.Add(new CommitteeAppointment(a.AppointmentNumber, a.MemberId, a.MemberName, a.Kind, a.Category, a.Position, a.Start, null)),
        },
        CommitteeMembershipEnded x => this with
        {
            Appointments = Appointments.SetItem(x.AppointmentNumber - 1, Appointments[x.AppointmentNumber - 1] with { End = x.End }),
        },
        _ => throw new InvalidOperationException($"Committee '{Id}' cannot apply {e.GetType().Name}."),
    }) with { Version = Version + 1 };

    internal static Committee? Fold(IReadOnlyList<RecordedEvent> stream)
    {
        if (stream.Count == 0)
        {
            return null;
        }

        if (stream[0].Payload is not CommitteeFormed first)
        {
            throw new InvalidOperationException($"Stream '{stream[0].StreamId}' does not start with CommitteeFormed.");
        }

        var committee = Start(first);
        for (var i = 1; i < stream.Count; i++)
        {
            committee = committee.Apply((CommitteeEvent)stream[i].Payload);
        }

        return committee;
    }
}

/// <summary>One appointment of a member in one category and position, with its dates.</summary>
/// <param name="Number">The appointment's number in the committee, from 1.</param>
/// <param name="MemberId">The person's or organization's id.</param>
/// <param name="MemberName">The name.</param>
/// <param name="Kind">Person or organization.</param>
/// <param name="Category">The member category code.</param>
/// <param name="Position">Director, deputy or member.</param>
/// <param name="Start">The first date of the appointment.</param>
/// <param name="End">The first date on which the member no longer serves; null while serving.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CommitteeAppointment(
    int Number,
    string MemberId,
    string MemberName,
    CommitteeMemberKind Kind,
    string Category,
    CommitteePosition Position,
    LocalDate Start,
    LocalDate? End)
{
    // Dates as ordered integers (see DayKey), kept in step with Start and End also through `with`, so the
    // evaluator's hot loop compares ints instead of calling into NodaTime's calendar comparison.
    private int _startKey = DayKey(Start);
    private int _endKey = End is { } e ? DayKey(e) : int.MaxValue;

    /// <summary>Gets the first date of the appointment.</summary>
    public LocalDate Start
    {
        get;
        init
        {
            field = value;
            _startKey = DayKey(value);
        }
    } = Start;

    /// <summary>Gets the first date on which the member no longer serves; null while serving.</summary>
    public LocalDate? End
    {
        get;
        init
        {
            field = value;
            _endKey = value is { } end ? DayKey(end) : int.MaxValue;
        }
    } = End;

    /// <summary>Gets the process-wide key of <see cref="Category"/>, so the evaluator counts without comparing strings.</summary>
    internal int CategoryKey { get; } = CategoryKeys.Of(Category);

    /// <summary>Returns whether the appointment is in force on a date: <see cref="Start"/> ≤ date &lt; <see cref="End"/>.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> if it is in force.</returns>
    public bool IsActiveOn(LocalDate date) => IsActiveOn(DayKey(date));

    /// <summary>Orders ISO dates as integers: year × 512 + month × 32 + day is monotonic in the date.</summary>
    internal static int DayKey(LocalDate date) => checked((date.Year * 512) + (date.Month * 32) + date.Day);

    internal bool IsActiveOn(int dayKey) => _startKey <= dayKey && dayKey < _endKey;

    internal (int Start, int End) DayKeys => (_startKey, _endKey);

    /// <summary>Returns whether this appointment's period overlaps [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="start">The other period's first date.</param>
    /// <param name="end">The other period's end (exclusive); null for open.</param>
    /// <returns><see langword="true"/> if they share a date.</returns>
    public bool Overlaps(LocalDate start, LocalDate? end)
        => (end is not { } e || Start < e) && (End is not { } mine || start < mine);
}

/// <summary>A party secretary's term, from the date they took office until the next one is recorded.</summary>
/// <param name="SecretaryId">The secretary's id.</param>
/// <param name="SecretaryName">The name.</param>
/// <param name="Since">The first date in office.</param>
public sealed record PartySecretaryTerm(string SecretaryId, string SecretaryName, LocalDate Since);

/// <summary>A committee as it stood on one date: the members serving then, the director and the party secretary.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CommitteeAsOf
{
    internal CommitteeAsOf(Committee committee, LocalDate date, ImmutableArray<CommitteeAppointment> members, PartySecretaryTerm? secretary)
    {
        Committee = committee;
        Date = date;
        Members = members;
        PartySecretary = secretary;
        Director = members.FirstOrDefault(m => m.Position == CommitteePosition.Director);
    }

    /// <summary>Gets the committee.</summary>
    public Committee Committee { get; }

    /// <summary>Gets the date.</summary>
    public LocalDate Date { get; }

    /// <summary>Gets the appointments in force on the date (a person in two categories appears twice).</summary>
    public ImmutableArray<CommitteeAppointment> Members { get; }

    /// <summary>Gets the director's appointment, if a director serves.</summary>
    public CommitteeAppointment? Director { get; }

    /// <summary>Gets the party secretary in office, if recorded.</summary>
    public PartySecretaryTerm? PartySecretary { get; }

    /// <summary>Gets the number of distinct members (a person in several categories counts once).</summary>
    public int DistinctMemberCount => Members.Select(m => m.MemberId).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Returns the members serving in one category.</summary>
    /// <param name="category">The category code.</param>
    /// <returns>The appointments.</returns>
    public IEnumerable<CommitteeAppointment> MembersIn(string category) => Members.Where(m => m.Category == category);
}


/// <summary>Where a committee's unit sits in one hierarchy snapshot (-1: not there).</summary>
internal sealed record Placement(GridHierarchy Hierarchy, int Index);
