using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>The outcome of a people command: the events recorded.</summary>
/// <param name="Events">The events, as the store recorded them.</param>
public sealed record PeopleCommandResult(IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// Runs the people in service: party organizations, dual reporting (双报到) with moves kept as history, service
/// logs under the four-into mechanism (四进), volunteers and their teams, pairings of party organizations
/// (结对共建) and co-hosted activities. Every command names its actor, passes the access policy
/// (<see cref="PeopleAccess"/>), is validated whole, and becomes events with actor, instant and reason in the
/// event store; the <see cref="ReadModel"/> folds them into statistics.
/// </summary>
/// <remarks>
/// Thread-safe. Each command reads its aggregate's stream and appends with optimistic concurrency: an id that
/// exists is refused (<see cref="PeopleRejectedException.AlreadyExistsCode"/>), a race on an existing aggregate
/// gets a <see cref="WorkflowConcurrencyException"/>. Personal data (names, phones) goes to the vault; events
/// carry references.
/// </remarks>
public sealed partial class PeopleService
{
    internal const int MaxText = 200;
    internal const int MaxEntries = 10_000;

    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly IPersonalDataVault _vault;
    private readonly PeopleOptions _options;
    private readonly HashSet<string> _recordable;
    private readonly DateTimeZone _zone;
    private readonly AccessPolicy _policy;
    private readonly SecurityLog _securityLog;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="readModel">The read model kept up to date with every commit.</param>
    /// <param name="vault">The personal-data vault for members' and volunteers' names and phones.</param>
    /// <param name="options">The people settings.</param>
    /// <param name="gridGovOptions">The SDK settings (the time zone).</param>
    /// <param name="accessPolicy">The access policy; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="logger">Logs refusals; none when null.</param>
    public PeopleService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        PeopleReadModel readModel,
        IPersonalDataVault vault,
        IOptions<PeopleOptions> options,
        IOptions<GridGovOptions> gridGovOptions,
        AccessPolicy? accessPolicy = null,
        ILogger<PeopleService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        _store = store;
        _clock = clock;
        _territory = territory;
        ReadModel = readModel;
        _vault = vault;
        _options = options.Value;
        _recordable = _options.Categories
            .Select(c => c.Code)
            .Where(c => c != ServiceCategory.ServiceFair.Code && c != ServiceCategory.Activity.Code)
            .ToHashSet(StringComparer.Ordinal);
        _zone = gridGovOptions.Value.TimeZone;
        _policy = accessPolicy ?? AccessPolicy.Default;
        _securityLog = new SecurityLog(store, clock, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Gets the read model this service keeps up to date (statistics and lists).</summary>
    public PeopleReadModel ReadModel { get; }

    /// <summary>Gets the options in force.</summary>
    public PeopleOptions Options => _options;

    /// <summary>Gets today's date in the configured time zone, from the injected clock.</summary>
    public LocalDate Today => _clock.GetCurrentInstant().InZone(_zone).Date;

    /// <summary>Gets the configured time zone (Asia/Shanghai by default).</summary>
    public DateTimeZone Zone => _zone;

    /// <summary>Computes service statistics for a subtree of the current hierarchy over a window.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">The dates, inclusive.</param>
    /// <returns>Per person, organization and unit, and the total.</returns>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public ServiceStatistics Statistics(string subtreeCode, DateInterval window) => ReadModel.Statistics(_territory.Current, subtreeCode, window);

    /// <summary>Lists members registered in the subtree with no service in the window.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">The dates, inclusive.</param>
    /// <returns>The members.</returns>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public IReadOnlyList<PartyMember> WithoutService(string subtreeCode, DateInterval window) => ReadModel.WithoutService(_territory.Current, subtreeCode, window);

    /// <summary>Gets a member as stored.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The member.</returns>
    /// <exception cref="PeopleNotFoundException">The member is not enrolled.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<PartyMember> GetMemberAsync(string memberId, CancellationToken cancellationToken = default)
        => await LoadMemberAsync(memberId, cancellationToken).ConfigureAwait(false) ?? throw new PeopleNotFoundException("party member", memberId);

    /// <summary>Gets a pairing as stored.</summary>
    /// <param name="pairingId">The pairing.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pairing.</returns>
    /// <exception cref="PeopleNotFoundException">It does not exist.</exception>
    public async Task<Pairing> GetPairingAsync(string pairingId, CancellationToken cancellationToken = default)
        => await LoadPairingAsync(pairingId, cancellationToken).ConfigureAwait(false) ?? throw new PeopleNotFoundException("pairing", pairingId);

    /// <summary>Registers a party organization.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, or the id exists; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> RegisterOrganizationAsync(RegisterPartyOrganization command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.OrganizationId;
        CheckActor(command, id);
        CheckId(id, id, "OrganizationId");
        CheckId(id, command.UnitId, "UnitId");
        CheckText(id, command.Name, "Name");
        CheckText(id, command.UnitName, "UnitName");
        if (!Enum.IsDefined(command.Kind))
        {
            throw Invalid(id, "Kind must be a defined value.");
        }

        if (command.PlaceCode is { } placeCode)
        {
            Node(id, placeCode, "PlaceCode");
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.RegisterOrganizationTrigger, new AccessTarget(id, command.PlaceCode)).ConfigureAwait(false);
        var e = new PartyOrganizationRegistered(id, command.Name, command.UnitId, command.UnitName, command.Kind, command.PlaceCode, command.RegisteredOn);
        return await AppendNewAsync(OrganizationStream(id), id, [e], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Enrols a party member with their organization, the contact going to the vault; optionally reports them in.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input (including a report-in that would be refused), or the member exists; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The organization does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> EnrollAsync(EnrollPartyMember command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.MemberId;
        CheckActor(command, id);
        CheckId(id, id, "MemberId");
        if (command.Contact is null || command.Contact.IsEmpty)
        {
            throw Invalid(id, "A member needs a name or phone (kept in the personal-data vault).");
        }

        var organization = await LoadOrganizationAsync(command.OrganizationId, cancellationToken).ConfigureAwait(false)
            ?? throw new PeopleNotFoundException("party organization", command.OrganizationId ?? string.Empty);
        string? place = null;
        if (command.ReportInTo is { } to)
        {
            CheckRegistration(id, to.CommunityCode, to.AssignmentCode);
            place = to.CommunityCode;
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.EnrollTrigger, new AccessTarget(id, organization.PlaceCode, null, id, organization.OrganizationId)).ConfigureAwait(false);
        if (place is not null)
        {
            await AuthorizeAsync(command.Actor, PeopleAccess.ReportInTrigger, new AccessTarget(id, place, null, id, organization.OrganizationId)).ConfigureAwait(false);
        }

        var contact = await _vault.StoreAsync(command.Contact, place, cancellationToken).ConfigureAwait(false);
        try
        {
            object[] events = command.ReportInTo is { } r
                ? [new PartyMemberEnrolled(id, organization.OrganizationId, contact, command.Since), new MemberReportedIn(id, r.CommunityCode, r.AssignmentCode, command.Since)]
                : [new PartyMemberEnrolled(id, organization.OrganizationId, contact, command.Since)];
            return await AppendNewAsync(MemberStream(id), id, events, command, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _vault.DiscardAsync(contact, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reports a member in to a community (first time).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, reported in already, a date before enrolment; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The member is not enrolled.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the member came first; nothing changed.</exception>
    public async Task<PeopleCommandResult> ReportInAsync(ReportIn command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.MemberId;
        CheckActor(command, id);
        var member = await GetMemberAsync(id, cancellationToken).ConfigureAwait(false);
        CheckRegistration(id, command.CommunityCode, command.AssignmentCode);
        await AuthorizeAsync(command.Actor, PeopleAccess.ReportInTrigger, new AccessTarget(id, command.CommunityCode, null, id, member.OrganizationId)).ConfigureAwait(false);
        if (member.Current is not null)
        {
            throw new PeopleRejectedException(PeopleRejectedException.AlreadyReportedInCode, id, $"Member '{id}' has reported in to '{member.Current.CommunityCode}' already; a change of community is a move (MoveHouse).");
        }

        if (command.On < member.Since)
        {
            throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, id, $"Member '{id}' cannot report in before their enrolment on {member.Since:uuuu-MM-dd}.");
        }

        return await AppendAsync(MemberStream(id), id, member.Version, [new MemberReportedIn(id, command.CommunityCode, command.AssignmentCode, command.On)], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves a member's community registration; the previous one ends on the move's date and stays in the history.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, not reported in, the same community, a date not after the current registration's start; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The member is not enrolled.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the member came first; nothing changed.</exception>
    public async Task<PeopleCommandResult> MoveHouseAsync(MoveHouse command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.MemberId;
        CheckActor(command, id);
        var member = await GetMemberAsync(id, cancellationToken).ConfigureAwait(false);
        CheckRegistration(id, command.CommunityCode, command.AssignmentCode);
        await AuthorizeAsync(command.Actor, PeopleAccess.ReportInTrigger, new AccessTarget(id, command.CommunityCode, null, id, member.OrganizationId)).ConfigureAwait(false);
        var current = member.Current
            ?? throw new PeopleRejectedException(PeopleRejectedException.NotReportedInCode, id, $"Member '{id}' has not reported in to any community; report in first.");
        if (current.CommunityCode == command.CommunityCode)
        {
            throw new PeopleRejectedException(PeopleRejectedException.SameCommunityCode, id, $"Member '{id}' is registered in '{current.CommunityCode}' already.");
        }

        if (command.On <= current.From)
        {
            throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, id, $"The move must come after the current registration's start ({current.From:uuuu-MM-dd}).");
        }

        var moved = new MemberMoved(id, current.CommunityCode, command.CommunityCode, command.AssignmentCode, command.On);
        return await AppendAsync(MemberStream(id), id, member.Version, [moved], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a service log: every entry checked (input, person, category, hours, access), then all appended together.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded, one <see cref="ServiceRecorded"/> per entry.</returns>
    /// <exception cref="PeopleRejectedException">An entry is refused (its code says why), or the log id exists; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">An entry's person is neither an enrolled member nor a registered volunteer.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor for an entry; nothing changed.</exception>
    public async Task<PeopleCommandResult> RecordServiceAsync(RecordService command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.LogId;
        CheckActor(command, id);
        CheckId(id, id, "LogId");
        if (command.Entries is not { Count: > 0 and <= MaxEntries })
        {
            throw Invalid(id, $"A service log needs 1–{MaxEntries} entries.");
        }

        var today = Today;
        var events = new object[command.Entries.Count];
        var organizations = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var n = 0; n < events.Length; n++)
        {
            var entry = command.Entries[n] ?? throw Invalid(id, $"Entry {n + 1} is missing.");
            var recordId = $"{id}/{n + 1}";
            CheckId(recordId, entry.PersonId, "PersonId");
            if (entry.Category is null || !_recordable.Contains(entry.Category))
            {
                throw new PeopleRejectedException(PeopleRejectedException.UnknownCategoryCode, recordId, $"Category '{entry.Category}' is not one a service log may name ({string.Join(", ", _recordable.Order(StringComparer.Ordinal))}).");
            }

            Node(recordId, entry.PlaceCode, "PlaceCode");
            CheckHours(recordId, entry.Hours);
            if (entry.ProblemsFound < 0 || entry.ProblemsClaimed < 0 || entry.WishesClaimed < 0 || entry.WishesFulfilled < 0 || entry.LinkedIds is null || entry.LinkedIds.Any(l => !ValidId(l)))
            {
                throw Invalid(recordId, "Counts must not be negative, and linked ids must be valid ids.");
            }

            if (entry.Date > today)
            {
                throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, recordId, $"The service date {entry.Date:uuuu-MM-dd} is in the future.");
            }

            if (!organizations.TryGetValue(entry.PersonId, out var organizationId))
            {
                // Enrolment facts never change: the read model answers for known members; the stream for the rest.
                var member = ReadModel.FindMember(entry.PersonId) ?? await LoadMemberAsync(entry.PersonId, cancellationToken).ConfigureAwait(false);
                if (member is null && (ReadModel.FindVolunteer(entry.PersonId) ?? await LoadVolunteerAsync(entry.PersonId, cancellationToken).ConfigureAwait(false)) is null)
                {
                    throw new PeopleNotFoundException("party member or volunteer", entry.PersonId);
                }

                if (member is not null && entry.Date < member.Since)
                {
                    throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, recordId, $"Member '{member.Id}' was enrolled on {member.Since:uuuu-MM-dd}, after the service date.");
                }

                organizationId = member?.OrganizationId;
                organizations[entry.PersonId] = organizationId;
            }

            await AuthorizeAsync(command.Actor, PeopleAccess.RecordServiceTrigger, new AccessTarget(recordId, entry.PlaceCode, null, entry.PersonId, organizationId)).ConfigureAwait(false);
            events[n] = new ServiceRecorded(recordId, entry.PersonId, entry.Category, entry.PlaceCode, entry.Date, entry.Hours, entry.ProblemsFound, entry.ProblemsClaimed, entry.WishesClaimed, entry.WishesFulfilled, [.. entry.LinkedIds]);
        }

        return await AppendNewAsync(ServiceLogStream(id), id, events, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers a volunteer with their skills.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, or the volunteer is registered already; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> RegisterVolunteerAsync(RegisterVolunteer command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.VolunteerId;
        CheckActor(command, id);
        CheckId(id, id, "VolunteerId");
        Community(id, command.CommunityCode);
        if (command.Skills is not { Count: > 0 } || command.Skills.Any(s => !ValidId(s)))
        {
            throw Invalid(id, "A volunteer needs at least one skill, each a code like 'haircut'.");
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.RegisterVolunteerTrigger, new AccessTarget(id, command.CommunityCode, null, id)).ConfigureAwait(false);
        PersonalDataRef? contact = command.Contact is { IsEmpty: false } c ? await _vault.StoreAsync(c, command.CommunityCode, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            var e = new VolunteerRegistered(id, command.CommunityCode, contact, [.. command.Skills.Distinct(StringComparer.Ordinal)], command.On);
            return await AppendNewAsync(VolunteerStream(id), id, [e], command, cancellationToken).ConfigureAwait(false);
        }
        catch when (contact is not null)
        {
            await _vault.DiscardAsync(contact.Value, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Forms a volunteer service team.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, or the team exists; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> FormTeamAsync(FormVolunteerTeam command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.TeamId;
        CheckActor(command, id);
        CheckId(id, id, "TeamId");
        CheckText(id, command.Name, "Name");
        Community(id, command.CommunityCode);
        await AuthorizeAsync(command.Actor, PeopleAccess.ManageTeamTrigger, new AccessTarget(id, command.CommunityCode)).ConfigureAwait(false);
        return await AppendNewAsync(TeamStream(id), id, [new VolunteerTeamFormed(id, command.Name, command.CommunityCode, command.On)], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a registered volunteer to a team or ends their membership.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Joining twice, leaving a team one is not in, a date before the team was formed; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The team or the volunteer does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the team came first; nothing changed.</exception>
    public async Task<PeopleCommandResult> ChangeTeamMembershipAsync(ChangeTeamMembership command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.TeamId;
        CheckActor(command, id);
        var team = await LoadAsync(TeamStream(id ?? string.Empty), e => VolunteerTeam.Start((VolunteerTeamFormed)e), (t, e) => t.Apply(e), cancellationToken).ConfigureAwait(false)
            ?? throw new PeopleNotFoundException("volunteer team", id ?? string.Empty);
        if (!ValidId(command.VolunteerId) || (ReadModel.FindVolunteer(command.VolunteerId!) ?? await LoadVolunteerAsync(command.VolunteerId!, cancellationToken).ConfigureAwait(false)) is null)
        {
            throw new PeopleNotFoundException("volunteer", command.VolunteerId ?? string.Empty);
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.ManageTeamTrigger, new AccessTarget(team.Id, team.CommunityCode)).ConfigureAwait(false);
        if (team.IsMember(command.VolunteerId!) != command.Leave)
        {
            throw new PeopleRejectedException(PeopleRejectedException.TeamMembershipCode, team.Id, command.Leave ? $"'{command.VolunteerId}' is not in team '{team.Id}'." : $"'{command.VolunteerId}' is in team '{team.Id}' already.");
        }

        if (command.On < team.FormedOn)
        {
            throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, team.Id, $"Team '{team.Id}' was formed on {team.FormedOn:uuuu-MM-dd}.");
        }

        object e = command.Leave ? new VolunteerLeftTeam(team.Id, command.VolunteerId!, command.On) : new VolunteerJoinedTeam(team.Id, command.VolunteerId!, command.On);
        return await AppendAsync(TeamStream(team.Id), team.Id, team.Version, [e], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pairs two party organizations for a term.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, an organization pairing with itself, or the pairing exists; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">An organization does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> AgreePairingAsync(AgreePairing command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.PairingId;
        CheckActor(command, id);
        CheckId(id, id, "PairingId");
        if (command.OrganizationA == command.OrganizationB)
        {
            throw new PeopleRejectedException(PeopleRejectedException.SameOrganizationCode, id, "An organization cannot pair with itself.");
        }

        var a = await LoadOrganizationAsync(command.OrganizationA, cancellationToken).ConfigureAwait(false) ?? throw new PeopleNotFoundException("party organization", command.OrganizationA ?? string.Empty);
        var b = await LoadOrganizationAsync(command.OrganizationB, cancellationToken).ConfigureAwait(false) ?? throw new PeopleNotFoundException("party organization", command.OrganizationB ?? string.Empty);
        if (command.TermEnd < command.TermStart)
        {
            throw Invalid(id, "The term ends before it starts.");
        }

        var sides = new[] { a.OrganizationId, b.OrganizationId };
        if (command.Commitments is not { Count: > 0 } || command.Resources is null
            || command.Commitments.Select((c, i) => c is not null && c.Number == i + 1 && sides.Contains(c.OrganizationId) && ValidText(c.Text)).Any(ok => !ok)
            || command.Resources.Any(r => r is null || !sides.Contains(r.OrganizationId) || !ValidText(r.Text) || r.AmountYuan < 0))
        {
            throw Invalid(id, "A pairing needs commitments numbered 1…n and resources, each by one of the two organizations, with a text of 1–200 characters (amounts not negative).");
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.PairingTrigger, new AccessTarget(id, b.PlaceCode ?? a.PlaceCode, null, null, a.OrganizationId)).ConfigureAwait(false);
        var e = new PairingAgreed(id, a.OrganizationId, b.OrganizationId, command.TermStart, command.TermEnd, [.. command.Commitments], [.. command.Resources]);
        return await AppendNewAsync(PairingStream(id), id, [e], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that a commitment of a pairing was met.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">An unknown commitment, met already, a date outside the term; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The pairing does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the pairing came first; nothing changed.</exception>
    public async Task<PeopleCommandResult> MeetCommitmentAsync(MeetCommitment command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckActor(command, command.PairingId);
        var pairing = await GetPairingAsync(command.PairingId, cancellationToken).ConfigureAwait(false);
        var commitment = pairing.Agreement.Commitments.FirstOrDefault(c => c.Number == command.Number)
            ?? throw Invalid(pairing.Id, $"Pairing '{pairing.Id}' has no commitment {command.Number}.");
        CheckText(pairing.Id, command.Evidence, "Evidence");
        var place = ReadModel.FindOrganization(pairing.Agreement.OrganizationB)?.PlaceCode ?? ReadModel.FindOrganization(pairing.Agreement.OrganizationA)?.PlaceCode;
        await AuthorizeAsync(command.Actor, PeopleAccess.PairingTrigger, new AccessTarget(pairing.Id, place, null, null, commitment.OrganizationId)).ConfigureAwait(false);
        if (pairing.Met.ContainsKey(command.Number))
        {
            throw new PeopleRejectedException(PeopleRejectedException.CommitmentMetCode, pairing.Id, $"Commitment {command.Number} of '{pairing.Id}' is met already.");
        }

        if (!pairing.InTerm(command.On))
        {
            throw new PeopleRejectedException(PeopleRejectedException.OutsideTermCode, pairing.Id, $"{command.On:uuuu-MM-dd} lies outside the term {pairing.Agreement.TermStart:uuuu-MM-dd}–{pairing.Agreement.TermEnd:uuuu-MM-dd}.");
        }

        return await AppendAsync(PairingStream(pairing.Id), pairing.Id, pairing.Version, [new PairingCommitmentMet(pairing.Id, command.Number, command.On, command.Evidence)], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an activity; every distinct participant across the hosts is credited the hours once.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, no participants, invalid hours, a date outside the pairing's term, or the id exists; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The pairing does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> RecordActivityAsync(RecordActivity command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.ActivityId;
        CheckActor(command, id);
        CheckId(id, id, "ActivityId");
        CheckText(id, command.Title, "Title");
        CheckId(id, command.Kind, "Kind");
        Node(id, command.VenueCode, "VenueCode");
        CheckHours(id, command.Hours);
        if (command.Hosts is not { Count: > 0 } || command.Hosts.Any(h => h is null || !ValidId(h.HostId) || h.ParticipantIds is null || h.ParticipantIds.Any(p => !ValidId(p)))
            || command.Hosts.Select(h => h.HostId).Distinct(StringComparer.Ordinal).Count() != command.Hosts.Count)
        {
            throw Invalid(id, "An activity needs one or more distinct hosts, each with valid participant ids.");
        }

        if (!command.Hosts.Any(h => h.ParticipantIds.Count > 0))
        {
            throw new PeopleRejectedException(PeopleRejectedException.NoParticipantsCode, id, "An activity needs at least one participant.");
        }

        if (command.Date > Today)
        {
            throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, id, $"The activity date {command.Date:uuuu-MM-dd} is in the future.");
        }

        if (command.PairingId is { } pairingId)
        {
            var pairing = await GetPairingAsync(pairingId, cancellationToken).ConfigureAwait(false);
            if (!pairing.InTerm(command.Date))
            {
                throw new PeopleRejectedException(PeopleRejectedException.OutsideTermCode, id, $"{command.Date:uuuu-MM-dd} lies outside the term of pairing '{pairingId}'.");
            }
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.RecordActivityTrigger, new AccessTarget(id, command.VenueCode, null, null, command.Hosts[0].HostId)).ConfigureAwait(false);
        var hosts = command.Hosts.Select(h => new ActivityHost(h.HostId, [.. h.ParticipantIds])).ToList();
        var e = new ActivityHeld(id, command.Title, command.Kind, command.VenueCode, command.Date, command.Hours, hosts, command.PairingId);
        return await AppendNewAsync(ActivityStream(id), id, [e], command, cancellationToken).ConfigureAwait(false);
    }

    internal static string OrganizationStream(string id) => "party-organization-" + id;

    internal static string MemberStream(string id) => "party-member-" + id;

    internal static string ServiceLogStream(string id) => "service-log-" + id;

    internal static string VolunteerStream(string id) => "volunteer-" + id;

    internal static string TeamStream(string id) => "volunteer-team-" + id;

    internal static string PairingStream(string id) => "pairing-" + id;

    internal static string ActivityStream(string id) => "activity-" + id;

    internal static bool ValidId(string? id)
        => !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':');

    internal static bool ValidText(string? text) => !string.IsNullOrWhiteSpace(text) && text.Length <= MaxText;

    internal static PeopleRejectedException Invalid(string? subject, string message)
        => new(PeopleRejectedException.InvalidCommandCode, subject ?? string.Empty, message);

    internal static void CheckActor(PeopleCommand command, string? subject)
    {
        if (command.Actor is null)
        {
            throw Invalid(subject, "The command must name its actor.");
        }

        if (command.Reason is { Length: > 4000 })
        {
            throw Invalid(subject, "The reason must be at most 4000 characters.");
        }
    }

    internal static void CheckId(string? subject, string? id, string field)
    {
        if (!ValidId(id))
        {
            throw Invalid(subject, $"{field} must be 1–64 characters of letters, digits and - _ . / :.");
        }
    }

    internal static void CheckText(string? subject, string? text, string field)
    {
        if (!ValidText(text))
        {
            throw Invalid(subject, $"{field} must be 1–{MaxText} characters.");
        }
    }

    internal void CheckHours(string subject, decimal hours)
    {
        if (hours <= 0 || hours > _options.MaxHoursPerRecord || decimal.Round(hours, 2) != hours)
        {
            throw new PeopleRejectedException(PeopleRejectedException.InvalidHoursCode, subject, $"Hours must be positive, at most {_options.MaxHoursPerRecord}, with at most two decimals (were {hours}).");
        }
    }

    internal GridNode Node(string? subject, string? code, string field)
        => code is not null && _territory.IsLoaded && _territory.Current.TryGetNode(code, out var node)
            ? node
            : throw Invalid(subject, $"{field} '{code}' is not in the grid hierarchy.");

    internal GridNode Community(string? subject, string? code)
    {
        var node = Node(subject, code, "CommunityCode");
        return node.Kind == GridNodeKind.Community
            ? node
            : throw new PeopleRejectedException(PeopleRejectedException.NotACommunityCode, subject ?? string.Empty, $"'{code}' is a {node.Kind}, not a community.");
    }

    internal async ValueTask AuthorizeAsync(Actor actor, string trigger, AccessTarget target)
    {
        var decision = _policy.Check(actor, PeopleAccess.WorkflowName, trigger, target, _territory.IsLoaded ? _territory.Current : null);
        if (!decision.IsAllowed)
        {
            throw await _securityLog.RefuseAsync(decision, actor, PeopleAccess.WorkflowName, trigger, target, ReadModel.Apply).ConfigureAwait(false);
        }
    }

    internal async Task<PeopleCommandResult> AppendNewAsync(string streamId, string subject, IReadOnlyList<object> events, PeopleCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await AppendAsync(streamId, subject, 0, events, command, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowConcurrencyException conflict)
        {
            throw new PeopleRejectedException(PeopleRejectedException.AlreadyExistsCode, subject, $"'{subject}' exists already ({conflict.ActualVersion} events).");
        }
    }

    internal async Task<PeopleCommandResult> AppendAsync(string streamId, string subject, long expected, IReadOnlyList<object> events, PeopleCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = new EventMetadata(command.Actor, _clock.GetCurrentInstant(), command.Reason);
        AppendResult appended;
        try
        {
            appended = await _store.AppendAsync(streamId, expected, [.. events.Select(e => new EventData(e, metadata))], CancellationToken.None).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException conflict)
        {
            throw new WorkflowConcurrencyException(subject, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }

        foreach (var recorded in appended.Events)
        {
            ReadModel.Apply(recorded);
        }

        if (ReadModel.HasGap)
        {
            await ReadModel.CatchUpAsync(_store, CancellationToken.None).ConfigureAwait(false);
        }

        return new PeopleCommandResult(appended.Events);
    }

    internal async Task<T?> LoadAsync<T>(string streamId, Func<object, T> start, Func<T, object, T> apply, CancellationToken cancellationToken)
        where T : class
    {
        T? state = null;
        foreach (var e in await _store.ReadStreamAsync(streamId, cancellationToken).ConfigureAwait(false))
        {
            state = state is null ? start(e.Payload) : apply(state, e.Payload);
        }

        return state;
    }

    private void CheckRegistration(string subject, string? communityCode, string? assignmentCode)
    {
        var community = Community(subject, communityCode);
        var assignment = Node(subject, assignmentCode, "AssignmentCode");
        if (!community.IsAncestorOf(assignment)
            || (assignment.Kind != GridNodeKind.ResponsibilityZone && assignment.Kind != _territory.Current.Rules.GovernanceUnitKind))
        {
            throw new PeopleRejectedException(PeopleRejectedException.AssignmentOutsideCommunityCode, subject, $"'{assignmentCode}' must be a responsibility zone or a governance unit inside community '{communityCode}'.");
        }
    }

    private Task<PartyMember?> LoadMemberAsync(string? memberId, CancellationToken cancellationToken)
        => ValidId(memberId)
            ? LoadAsync(MemberStream(memberId!), e => PartyMember.Start((PartyMemberEnrolled)e), (m, e) => m.Apply(e), cancellationToken)
            : Task.FromResult<PartyMember?>(null);

    private Task<Pairing?> LoadPairingAsync(string? pairingId, CancellationToken cancellationToken)
        => ValidId(pairingId)
            ? LoadAsync(PairingStream(pairingId!), e => Pairing.Start((PairingAgreed)e), (p, e) => p.Apply(e), cancellationToken)
            : Task.FromResult<Pairing?>(null);

    private async Task<PartyOrganizationRegistered?> LoadOrganizationAsync(string? organizationId, CancellationToken cancellationToken)
    {
        if (!ValidId(organizationId))
        {
            return null;
        }

        var events = await _store.ReadStreamAsync(OrganizationStream(organizationId!), cancellationToken).ConfigureAwait(false);
        return events.Count == 0 ? null : (PartyOrganizationRegistered)events[0].Payload;
    }
}
