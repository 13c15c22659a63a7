using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>
/// Party organizations, members, volunteers, teams, pairings and every service credit of a deployment, folded
/// from the store's global log: the source of service statistics and of the lists a district needs. Rebuilt
/// from scratch with <see cref="LogProjection.CatchUpAsync"/>, it gives the same answers; events of other aggregates are skipped.
/// </summary>
/// <remarks>
/// <para>Service credits are kept as columns (day number, person, place, hundredths of an hour, counts), so a
/// statistics query over a million records is one pass over arrays with no lookup per record: places are
/// resolved once per distinct place against the hierarchy given to the query.</para>
/// <para>Thread-safe: writers and readers are serialized.</para>
/// </remarks>
public sealed class PeopleReadModel : LogProjection
{
    private readonly Dictionary<string, PartyOrganizationRegistered> _organizations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PartyMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VolunteerRegistered> _volunteers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VolunteerTeam> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pairing> _pairings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _jointActivities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceFairScheduled> _fairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _personIndex = new(StringComparer.Ordinal);
    private readonly List<string> _personIds = [];
    private readonly Dictionary<string, int> _placeIndex = new(StringComparer.Ordinal);
    private readonly List<string> _placeCodes = [];
    private readonly Credits _credits = new();

    /// <summary>Gets the number of service credits held (records, fair services and activity participations).</summary>
    public int CreditCount
    {
        get
        {
            lock (Gate)
            {
                return _credits.Count;
            }
        }
    }

    /// <summary>Looks a member up.</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The member, or null.</returns>
    public PartyMember? FindMember(string memberId)
    {
        lock (Gate)
        {
            return _members.GetValueOrDefault(memberId);
        }
    }

    /// <summary>Looks an organization up.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <returns>Its registration, or null.</returns>
    public PartyOrganizationRegistered? FindOrganization(string organizationId)
    {
        lock (Gate)
        {
            return _organizations.GetValueOrDefault(organizationId);
        }
    }

    /// <summary>Looks a volunteer up.</summary>
    /// <param name="volunteerId">The volunteer.</param>
    /// <returns>Their registration, or null.</returns>
    public VolunteerRegistered? FindVolunteer(string volunteerId)
    {
        lock (Gate)
        {
            return _volunteers.GetValueOrDefault(volunteerId);
        }
    }

    /// <summary>Gets every member.</summary>
    /// <returns>The members, by id (ordinal).</returns>
    public IReadOnlyList<PartyMember> Members()
    {
        lock (Gate)
        {
            return [.. _members.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Gets every pairing.</summary>
    /// <returns>The pairings, by id (ordinal).</returns>
    public IReadOnlyList<Pairing> Pairings()
    {
        lock (Gate)
        {
            return [.. _pairings.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Gets the number of joint activities held under a pairing.</summary>
    /// <param name="pairingId">The pairing.</param>
    /// <returns>The count.</returns>
    public int JointActivities(string pairingId)
    {
        lock (Gate)
        {
            return _jointActivities.GetValueOrDefault(pairingId);
        }
    }

    /// <summary>
    /// Gets the volunteer service teams (志愿服务队) that qualify as a committee's "volunteer service team" on a date:
    /// formed by then, with at least <paramref name="minimumMembers"/> registered volunteers as members that day.
    /// </summary>
    /// <param name="asOf">The date.</param>
    /// <param name="minimumMembers">The least number of members.</param>
    /// <param name="communityCode">Only teams of this community; null for all.</param>
    /// <returns>The teams, by id (ordinal).</returns>
    public IReadOnlyList<VolunteerTeam> QualifyingTeams(LocalDate asOf, int minimumMembers, string? communityCode = null)
    {
        lock (Gate)
        {
            return [.. _teams.Values
                .Where(t => t.FormedOn <= asOf && (communityCode is null || t.CommunityCode == communityCode)
                            && t.MembersOn(asOf).Count(v => _volunteers.ContainsKey(v)) >= minimumMembers)
                .OrderBy(t => t.Id, StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc />
    protected override void When(RecordedEvent next)
    {
        ApplyPayload(next.Payload);
    }

    /// <summary>Computes the service in a subtree over a window, per person, organization and unit.</summary>
    /// <param name="hierarchy">The grid hierarchy the records' places are looked up in.</param>
    /// <param name="subtreeCode">The subtree (a district, a street, a community…).</param>
    /// <param name="window">The dates, inclusive.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public ServiceStatistics Statistics(GridHierarchy hierarchy, string subtreeCode, DateInterval window) => Statistics(hierarchy, subtreeCode, window, null);

    /// <summary>As the public overload, counting only service at places <paramref name="visible"/> sees (null: all).</summary>
    internal ServiceStatistics Statistics(GridHierarchy hierarchy, string subtreeCode, DateInterval window, Access.DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(subtreeCode);
        ArgumentNullException.ThrowIfNull(window);
        var top = hierarchy[subtreeCode];
        lock (Gate)
        {
            var inside = PlacesInside(hierarchy, top, visible);
            var perPerson = new Totals[_personIds.Count];
            var total = default(Totals);
            var c = _credits;
            int from = Day(window.Start), to = Day(window.End);
            for (var i = 0; i < c.Count; i++)
            {
                var day = c.Days[i];
                if (day < from || day > to || !inside[c.Places[i]])
                {
                    continue;
                }

                perPerson[c.People[i]].Add(c, i);
                total.Add(c, i);
            }

            var people = new List<PersonServiceRow>();
            var organizations = new Dictionary<string, (Totals Totals, int Active)>(StringComparer.Ordinal);
            var units = new Dictionary<string, (Totals Totals, int Active)>(StringComparer.Ordinal);
            for (var p = 0; p < perPerson.Length; p++)
            {
                if (perPerson[p].Activities == 0)
                {
                    continue;
                }

                var id = _personIds[p];
                var organization = _members.TryGetValue(id, out var member) ? _organizations.GetValueOrDefault(member.OrganizationId) : null;
                people.Add(new PersonServiceRow(id, organization?.OrganizationId, organization?.UnitId, perPerson[p].ToTotals()));
                if (organization is not null)
                {
                    Accumulate(organizations, organization.OrganizationId, perPerson[p]);
                    Accumulate(units, organization.UnitId, perPerson[p]);
                }
            }

            people.Sort((a, b) => string.CompareOrdinal(a.PersonId, b.PersonId));
            return new ServiceStatistics(
                top.Code,
                window,
                total.ToTotals(),
                people,
                Rows(organizations, id => _organizations[id].Name),
                Rows(units, id => _organizations.Values.First(o => o.UnitId == id).UnitName));
        }
    }

    /// <summary>Lists the members enrolled by a date who have not reported in to any community on it (未报到).</summary>
    /// <param name="asOf">The date.</param>
    /// <param name="organizationId">Only members of this organization; null for all.</param>
    /// <returns>The members, by id (ordinal).</returns>
    public IReadOnlyList<PartyMember> NotReportedIn(LocalDate asOf, string? organizationId = null)
    {
        lock (Gate)
        {
            return [.. _members.Values
                .Where(m => m.Since <= asOf && m.RegistrationOn(asOf) is null && (organizationId is null || m.OrganizationId == organizationId))
                .OrderBy(m => m.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Lists the members registered, on the window's last day, in a community inside the subtree who have no
    /// service credited in the window anywhere.
    /// </summary>
    /// <param name="hierarchy">The grid hierarchy.</param>
    /// <param name="subtreeCode">The subtree the members' communities lie in.</param>
    /// <param name="window">The dates, inclusive.</param>
    /// <returns>The members, by id (ordinal).</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public IReadOnlyList<PartyMember> WithoutService(GridHierarchy hierarchy, string subtreeCode, DateInterval window) => WithoutService(hierarchy, subtreeCode, window, null);

    /// <summary>As the public overload, listing only members registered in communities <paramref name="visible"/> sees (null: all).</summary>
    internal IReadOnlyList<PartyMember> WithoutService(GridHierarchy hierarchy, string subtreeCode, DateInterval window, Access.DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(window);
        var top = hierarchy[subtreeCode];
        lock (Gate)
        {
            var served = ServedInWindow(window);
            return [.. _members.Values
                .Where(m => m.RegistrationOn(window.End) is { } r
                            && hierarchy.TryGetNode(r.CommunityCode, out var community) && top.IsAncestorOrSelfOf(community) && (visible is null || visible.SeesIndex(community.Index))
                            && !(_personIndex.TryGetValue(m.Id, out var p) && served[p]))
                .OrderBy(m => m.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Ranks party organizations by participation in a window: the share of their members (enrolled by the window's
    /// end) with at least one service record in it, then hours, then id; organizations with no members come last.
    /// </summary>
    /// <param name="window">The dates, inclusive.</param>
    /// <returns>Every organization, best first.</returns>
    public IReadOnlyList<OrganizationParticipation> RankOrganizations(DateInterval window)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (Gate)
        {
            var served = ServedInWindow(window);
            var hours = new long[_personIds.Count];
            int from = Day(window.Start), to = Day(window.End);
            for (var i = 0; i < _credits.Count; i++)
            {
                if (_credits.Days[i] >= from && _credits.Days[i] <= to)
                {
                    hours[_credits.People[i]] = checked(hours[_credits.People[i]] + _credits.CentiHours[i]);
                }
            }

            var rows = new List<OrganizationParticipation>();
            foreach (var group in _members.Values.Where(m => m.Since <= window.End).GroupBy(m => m.OrganizationId, StringComparer.Ordinal))
            {
                int members = 0, active = 0;
                long centi = 0;
                foreach (var m in group)
                {
                    members++;
                    if (_personIndex.TryGetValue(m.Id, out var p))
                    {
                        active += served[p] ? 1 : 0;
                        centi = checked(centi + hours[p]);
                    }
                }

                rows.Add(new OrganizationParticipation(group.Key, _organizations.GetValueOrDefault(group.Key)?.Name ?? group.Key, members, active, centi / 100m));
            }

            foreach (var o in _organizations.Values.Where(o => rows.All(r => r.OrganizationId != o.OrganizationId)))
            {
                rows.Add(new OrganizationParticipation(o.OrganizationId, o.Name, 0, 0, 0m));
            }

            rows.Sort((a, b) =>
            {
                if ((a.Members == 0) != (b.Members == 0))
                {
                    return a.Members == 0 ? 1 : -1; // an organization with no members yet comes last
                }

                var byRate = ((long)b.ActiveMembers * a.Members).CompareTo((long)a.ActiveMembers * b.Members);
                return byRate != 0 ? byRate : b.Hours != a.Hours ? b.Hours.CompareTo(a.Hours) : string.CompareOrdinal(a.OrganizationId, b.OrganizationId);
            });
            return rows;
        }
    }

    internal static int Day(LocalDate date) => date.ToDateOnly().DayNumber;

    /// <summary>Hours as hundredths; the service refuses hours with more than two decimals, so this is exact.</summary>
    internal static long CentiHours(decimal hours) => (long)decimal.Round(hours * 100m, 0, MidpointRounding.ToEven);

    private static IReadOnlyList<GroupServiceRow> Rows(Dictionary<string, (Totals Totals, int Active)> groups, Func<string, string> name)
        => [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GroupServiceRow(g.Key, name(g.Key), g.Value.Active, g.Value.Totals.ToTotals()))];

    private static void Accumulate(Dictionary<string, (Totals Totals, int Active)> groups, string key, in Totals person)
    {
        var entry = groups.GetValueOrDefault(key);
        entry.Totals.Add(person);
        entry.Active = checked(entry.Active + 1);
        groups[key] = entry;
    }

    private bool[] PlacesInside(GridHierarchy hierarchy, GridNode top, Access.DistrictScope? visible)
    {
        var inside = new bool[_placeCodes.Count];
        for (var p = 0; p < inside.Length; p++)
        {
            inside[p] = hierarchy.TryGetNode(_placeCodes[p], out var node) && top.IsAncestorOrSelfOf(node) && (visible is null || visible.SeesIndex(node.Index));
        }

        return inside;
    }

    private bool[] ServedInWindow(DateInterval window)
    {
        var served = new bool[_personIds.Count];
        int from = Day(window.Start), to = Day(window.End);
        for (var i = 0; i < _credits.Count; i++)
        {
            if (_credits.Days[i] >= from && _credits.Days[i] <= to)
            {
                served[_credits.People[i]] = true;
            }
        }

        return served;
    }

    private void ApplyPayload(object payload)
    {
        switch (payload)
        {
            case PartyOrganizationRegistered o:
                _organizations[o.OrganizationId] = o;
                break;
            case PartyMemberEnrolled e:
                _members[e.MemberId] = PartyMember.Start(e);
                break;
            case MemberReportedIn r when _members.TryGetValue(r.MemberId, out var member):
                _members[r.MemberId] = member.Apply(r);
                break;
            case MemberMoved m when _members.TryGetValue(m.MemberId, out var member):
                _members[m.MemberId] = member.Apply(m);
                break;
            case ServiceRecorded s:
                Credit(s.PersonId, s.PlaceCode, s.Date, s.Hours, s.ProblemsFound, s.ProblemsClaimed, s.WishesClaimed, s.WishesFulfilled);
                break;
            case VolunteerRegistered v:
                _volunteers[v.VolunteerId] = v;
                break;
            case VolunteerTeamFormed t:
                _teams[t.TeamId] = VolunteerTeam.Start(t);
                break;
            case VolunteerJoinedTeam j when _teams.TryGetValue(j.TeamId, out var team):
                _teams[j.TeamId] = team.Apply(j);
                break;
            case VolunteerLeftTeam l when _teams.TryGetValue(l.TeamId, out var team):
                _teams[l.TeamId] = team.Apply(l);
                break;
            case PairingAgreed a:
                _pairings[a.PairingId] = Pairing.Start(a);
                break;
            case PairingCommitmentMet met when _pairings.TryGetValue(met.PairingId, out var pairing):
                _pairings[met.PairingId] = pairing.Apply(met);
                break;
            case ActivityHeld held:
                if (held.PairingId is { } pairingId)
                {
                    _jointActivities[pairingId] = checked(_jointActivities.GetValueOrDefault(pairingId) + 1);
                }

                foreach (var person in DistinctParticipants(held))
                {
                    Credit(person, held.VenueCode, held.Date, held.Hours, 0, 0, 0, 0);
                }

                break;
            case ServiceFairScheduled f:
                _fairs[f.FairId] = f;
                break;
            case FairServiceGiven g when _fairs.TryGetValue(g.FairId, out var fair):
                Credit(g.VolunteerId, fair.VenueCode, fair.Date, g.Hours, 0, 0, 0, 0);
                break;
        }
    }

    /// <summary>Participants counted once across hosts, in first-listed order.</summary>
    internal static IEnumerable<string> DistinctParticipants(ActivityHeld held)
        => held.Hosts.SelectMany(h => h.ParticipantIds).Distinct(StringComparer.Ordinal);

    private void Credit(string personId, string placeCode, LocalDate date, decimal hours, int found, int claimed, int wishesClaimed, int wishesFulfilled)
    {
        if (!_personIndex.TryGetValue(personId, out var person))
        {
            person = _personIds.Count;
            _personIndex[personId] = person;
            _personIds.Add(personId);
        }

        if (!_placeIndex.TryGetValue(placeCode, out var place))
        {
            place = _placeCodes.Count;
            _placeIndex[placeCode] = place;
            _placeCodes.Add(placeCode);
        }

        _credits.Add(Day(date), person, place, CentiHours(hours), found, claimed, wishesClaimed, wishesFulfilled);
    }

    /// <summary>Running sums; hours in hundredths, every addition checked for overflow.</summary>
    private struct Totals
    {
        public long CentiHours;
        public int Activities;
        public int Found;
        public int Claimed;
        public int WishesClaimed;
        public int WishesFulfilled;

        public void Add(Credits c, int i)
        {
            CentiHours = checked(CentiHours + c.CentiHours[i]);
            Activities = checked(Activities + 1);
            Found = checked(Found + c.Found[i]);
            Claimed = checked(Claimed + c.Claimed[i]);
            WishesClaimed = checked(WishesClaimed + c.WishesClaimed[i]);
            WishesFulfilled = checked(WishesFulfilled + c.WishesFulfilled[i]);
        }

        public void Add(in Totals other)
        {
            CentiHours = checked(CentiHours + other.CentiHours);
            Activities = checked(Activities + other.Activities);
            Found = checked(Found + other.Found);
            Claimed = checked(Claimed + other.Claimed);
            WishesClaimed = checked(WishesClaimed + other.WishesClaimed);
            WishesFulfilled = checked(WishesFulfilled + other.WishesFulfilled);
        }

        public readonly ServiceTotals ToTotals() => new(CentiHours / 100m, Activities, Found, Claimed, WishesClaimed, WishesFulfilled);
    }

    /// <summary>Service credits as growable columns.</summary>
    private sealed class Credits
    {
        public int Count;
        public int[] Days = new int[1024];
        public int[] People = new int[1024];
        public int[] Places = new int[1024];
        public long[] CentiHours = new long[1024];
        public int[] Found = new int[1024];
        public int[] Claimed = new int[1024];
        public int[] WishesClaimed = new int[1024];
        public int[] WishesFulfilled = new int[1024];

        public void Add(int day, int person, int place, long centiHours, int found, int claimed, int wishesClaimed, int wishesFulfilled)
        {
            if (Count == Days.Length)
            {
                var size = checked(Count * 2);
                Array.Resize(ref Days, size);
                Array.Resize(ref People, size);
                Array.Resize(ref Places, size);
                Array.Resize(ref CentiHours, size);
                Array.Resize(ref Found, size);
                Array.Resize(ref Claimed, size);
                Array.Resize(ref WishesClaimed, size);
                Array.Resize(ref WishesFulfilled, size);
            }

            Days[Count] = day;
            People[Count] = person;
            Places[Count] = place;
            CentiHours[Count] = centiHours;
            Found[Count] = found;
            Claimed[Count] = claimed;
            WishesClaimed[Count] = wishesClaimed;
            WishesFulfilled[Count] = wishesFulfilled;
            Count++;
        }
    }
}
