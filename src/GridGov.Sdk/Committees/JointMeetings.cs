using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>A record of a district's joint-meeting system with enterprises (联席会议, 地企共驻共建). One stream per district.</summary>
public abstract record JointMeetingEvent;

/// <summary>A joint meeting of the district and enterprises was held and decided matters.</summary>
/// <param name="Date">The date held.</param>
/// <param name="Title">The meeting's title.</param>
/// <param name="Enterprises">The enterprises taking part.</param>
/// <param name="MattersDecided">The major matters decided (重大事项), one line each.</param>
public sealed record JointMeetingHeld(LocalDate Date, string Title, IReadOnlyList<string> Enterprises, IReadOnlyList<string> MattersDecided) : JointMeetingEvent;

/// <summary>A cadre was exchanged between an enterprise and the district (交流互派, shadow learning).</summary>
/// <param name="CadreId">The cadre's id.</param>
/// <param name="CadreName">The cadre's name.</param>
/// <param name="FromOrganization">Where the cadre comes from.</param>
/// <param name="ToOrganization">Where the cadre goes.</param>
/// <param name="Start">The first date of the exchange.</param>
/// <param name="End">The first date after it; null while it lasts.</param>
public sealed record CadreExchanged(string CadreId, string CadreName, string FromOrganization, string ToOrganization, LocalDate Start, LocalDate? End) : JointMeetingEvent;

/// <summary>Office or activity space was provided free (无偿提供).</summary>
/// <param name="Provider">Who provides it.</param>
/// <param name="Recipient">Who uses it.</param>
/// <param name="Use">What for.</param>
/// <param name="AreaSquareMetres">The area in m², positive, at most two decimals.</param>
/// <param name="Since">The first date it is provided.</param>
public sealed record FreeSpaceProvided(string Provider, string Recipient, string Use, decimal AreaSquareMetres, LocalDate Since) : JointMeetingEvent;

/// <summary>What a district's joint-meeting system has achieved up to a date.</summary>
/// <param name="DistrictCode">The district.</param>
/// <param name="AsOf">The date (inclusive).</param>
/// <param name="Meetings">Joint meetings held.</param>
/// <param name="MattersDecided">Major matters decided.</param>
/// <param name="CadresExchanged">Distinct cadres exchanged (an exchange started on or before the date).</param>
/// <param name="SpaceSquareMetres">Space provided free, in m².</param>
/// <param name="Enterprises">Distinct enterprises that took part in a meeting.</param>
public sealed record JointMeetingSummary(string DistrictCode, LocalDate AsOf, int Meetings, int MattersDecided, int CadresExchanged, decimal SpaceSquareMetres, int Enterprises);

/// <summary>
/// Records a district's joint-meeting system with large enterprises — meetings and matters decided,
/// cadres exchanged, space provided free — and summarizes it (the report's 32 matters, 62 cadres,
/// ~20,000 m²). Every record is an event with actor, instant and reason.
/// </summary>
/// <remarks>
/// Thread-safe; records for one district are appended with optimistic concurrency. The access policy
/// (workflow <c>joint-meeting</c>, trigger <c>Record</c>, place = the district) is checked before the input;
/// a refusal throws <see cref="AccessDeniedException"/> and is recorded in the security log.
/// </remarks>
public sealed class JointMeetingService
{
    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly AccessGate _access;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="accessPolicy">Who may do what, where; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="logger">The logger (refusals are logged as warnings); optional.</param>
    public JointMeetingService(IEventStore store, IClock clock, GridHierarchyHolder territory, AccessPolicy? accessPolicy = null, ILogger<JointMeetingService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        _store = store;
        _clock = clock;
        _territory = territory;
        _access = new AccessGate(accessPolicy ?? AccessPolicy.Default, territory, new SecurityLog(store, clock, logger ?? (ILogger)NullLogger<JointMeetingService>.Instance));
    }

    /// <summary>Gets the name of a district's joint-meeting stream.</summary>
    /// <param name="districtCode">The district's node code.</param>
    /// <returns>The stream id.</returns>
    public static string StreamIdOf(string districtCode) => "joint-meetings-" + districtCode;

    /// <summary>Records one or more entries for a district; all or nothing.</summary>
    /// <param name="actor">Who records them.</param>
    /// <param name="districtCode">The district's node code.</param>
    /// <param name="entries">The entries, at least one.</param>
    /// <param name="reason">Why, for the audit trail; optional.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor record for the district; nothing changed but the security log.</exception>
    /// <exception cref="WorkflowRejectedException">An entry is invalid; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another writer appended to the district's stream meanwhile; nothing changed.</exception>
    public async Task<IReadOnlyList<RecordedEvent>> RecordAsync(Actor actor, string districtCode, IReadOnlyList<JointMeetingEvent> entries, string? reason = null, CancellationToken cancellationToken = default)
    {
        // A district outside the hierarchy, or no actor, is invalid input, refused below.
        if (actor is not null && !string.IsNullOrWhiteSpace(districtCode) && (!_territory.IsLoaded || _territory.Current.Contains(districtCode)))
        {
            await _access.AuthorizeAsync(actor, CommitteeAccess.JointMeetingWorkflowName, CommitteeAccess.RecordTrigger, CommitteeAccess.JointMeetingTargetOf(districtCode)).ConfigureAwait(false);
        }

        var problems = new List<string>();
        if (actor is null)
        {
            problems.Add("The command must name its actor.");
        }

        if (string.IsNullOrWhiteSpace(districtCode) || (_territory.IsLoaded && !_territory.Current.Contains(districtCode)))
        {
            problems.Add($"District '{districtCode}' is not in the grid hierarchy.");
        }

        if (entries is not { Count: > 0 })
        {
            problems.Add("Record at least one entry.");
        }
        else
        {
            foreach (var entry in entries)
            {
                var problem = entry switch
                {
                    JointMeetingHeld m when string.IsNullOrWhiteSpace(m.Title) || m.Enterprises is null || m.MattersDecided is null
                                            || m.Enterprises.Any(string.IsNullOrWhiteSpace) || m.MattersDecided.Any(string.IsNullOrWhiteSpace)
                        => "A joint meeting needs a title, and enterprises and matters without empty lines.",
                    CadreExchanged c when string.IsNullOrWhiteSpace(c.CadreId) || string.IsNullOrWhiteSpace(c.CadreName)
                                          || string.IsNullOrWhiteSpace(c.FromOrganization) || string.IsNullOrWhiteSpace(c.ToOrganization)
                        => "A cadre exchange needs the cadre's id and name and both organizations.",
                    CadreExchanged c when c.End is { } end && end <= c.Start
                        => $"The exchange of '{c.CadreId}' ends ({c.End}) before it starts ({c.Start}).",
                    FreeSpaceProvided s when string.IsNullOrWhiteSpace(s.Provider) || string.IsNullOrWhiteSpace(s.Recipient)
                        => "Free space needs a provider and a recipient.",
                    FreeSpaceProvided s when s.AreaSquareMetres <= 0m || s.AreaSquareMetres != Math.Round(s.AreaSquareMetres, 2) || s.AreaSquareMetres > 100_000_000m
                        => $"An area must be positive m² with at most two decimals, not {s.AreaSquareMetres}.",
                    null => "An entry is null.",
                    _ => null,
                };
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }
        }

        var streamId = StreamIdOf(districtCode ?? string.Empty);
        if (problems.Count > 0)
        {
            throw new WorkflowRejectedException(WorkflowRejectedException.InvalidCommandCode, string.Join(" ", problems), streamId, "-", "Record", []);
        }

        var version = (await _store.ReadStreamAsync(streamId, cancellationToken).ConfigureAwait(false)).Count;
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = new EventMetadata(actor!, _clock.GetCurrentInstant(), reason, MeetingWorkflow.DefinitionVersion);
        try
        {
            var appended = await _store.AppendAsync(streamId, version, [.. entries!.Select(e => new EventData(e, metadata))], CancellationToken.None).ConfigureAwait(false);
            return appended.Events;
        }
        catch (StreamVersionConflictException conflict)
        {
            throw new WorkflowConcurrencyException(streamId, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }
    }

    /// <summary>Summarizes a district's joint-meeting system up to a date.</summary>
    /// <param name="districtCode">The district's node code.</param>
    /// <param name="asOf">The date (inclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary.</returns>
    public async Task<JointMeetingSummary> SummarizeAsync(string districtCode, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(districtCode);
        var stream = await _store.ReadStreamAsync(StreamIdOf(districtCode), cancellationToken).ConfigureAwait(false);
        return Summarize(districtCode, asOf, stream.Select(e => e.Payload).OfType<JointMeetingEvent>());
    }

    /// <summary>Summarizes entries up to a date (pure; the service's summary is this over the district's stream).</summary>
    /// <param name="districtCode">The district.</param>
    /// <param name="asOf">The date (inclusive).</param>
    /// <param name="entries">The entries.</param>
    /// <returns>The summary.</returns>
    public static JointMeetingSummary Summarize(string districtCode, LocalDate asOf, IEnumerable<JointMeetingEvent> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int meetings = 0, matters = 0;
        var area = 0m;
        var cadres = new HashSet<string>(StringComparer.Ordinal);
        var enterprises = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case JointMeetingHeld m when m.Date <= asOf:
                    meetings = checked(meetings + 1);
                    matters = checked(matters + m.MattersDecided.Count);
                    enterprises.UnionWith(m.Enterprises);
                    break;
                case CadreExchanged c when c.Start <= asOf:
                    cadres.Add(c.CadreId);
                    break;
                case FreeSpaceProvided s when s.Since <= asOf:
                    area = checked(area + s.AreaSquareMetres);
                    break;
            }
        }

        return new JointMeetingSummary(districtCode, asOf, meetings, matters, cadres.Count, area, enterprises.Count);
    }
}
