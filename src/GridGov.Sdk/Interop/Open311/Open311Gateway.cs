using System.Security.Cryptography;
using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// Serves Open311 GeoReport v2 over the problem lifecycle, with no web framework: a host (ASP.NET Core,
/// a function, a test) parses the HTTP request into <see cref="Open311PostRequest"/> or
/// <see cref="Open311RequestQuery"/>, calls this, and writes the answer with <see cref="Open311Json"/> or
/// <see cref="Open311Xml"/>; an <see cref="Open311Exception"/> carries the status and the error list.
/// </summary>
/// <remarks>Thread-safe. Resolve it from DI after <c>AddGridGov().AddOpen311(...)</c>.</remarks>
public sealed class Open311Gateway
{
    private readonly IssueService _issues;
    private readonly IEventStore _store;
    private readonly GridHierarchyHolder _territory;
    private readonly IssueOptions _issueOptions;
    private readonly DateTimeZone _zone;
    private readonly Open311Options _options;
    private readonly IOpen311PersonalDataVault _vault;
    private readonly IClock _clock;
    private readonly byte[][] _apiKeys;
    private Open311Mapper? _mapper;

    /// <summary>Creates the gateway. Usually resolved from DI.</summary>
    /// <param name="issues">The issue service that runs the reports.</param>
    /// <param name="store">The event store, read for each request's last change.</param>
    /// <param name="territory">The grid hierarchy and professional grids.</param>
    /// <param name="issueOptions">The lifecycle rules: their categories are the services.</param>
    /// <param name="gridGovOptions">The time zone datetimes are written in.</param>
    /// <param name="options">The Open311 settings.</param>
    /// <param name="vault">Where personal data goes (by default nowhere).</param>
    /// <param name="clock">The clock (for the default 90-day window).</param>
    public Open311Gateway(
        IssueService issues,
        IEventStore store,
        GridHierarchyHolder territory,
        IOptions<IssueOptions> issueOptions,
        IOptions<GridGovOptions> gridGovOptions,
        IOptions<Open311Options> options,
        IOpen311PersonalDataVault vault,
        IClock clock)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(issueOptions);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(clock);
        _issues = issues;
        _store = store;
        _territory = territory;
        _issueOptions = issueOptions.Value;
        _zone = gridGovOptions.Value.TimeZone;
        _options = options.Value;
        _vault = vault;
        _clock = clock;
        _apiKeys = [.. _options.ApiKeys.Select(k => Encoding.UTF8.GetBytes(k))];
    }

    /// <summary>Gets the mapper for the current hierarchy and professional-grid snapshots.</summary>
    public Open311Mapper Mapper
    {
        get
        {
            var hierarchy = _territory.Current;
            var grids = _territory.ProfessionalGrids;
            var mapper = Volatile.Read(ref _mapper);
            if (mapper is null || !ReferenceEquals(mapper.Hierarchy, hierarchy) || !ReferenceEquals(mapper.ProfessionalGrids, grids))
            {
                mapper = new Open311Mapper(hierarchy, grids, _issueOptions.Rules, _zone, _options);
                Volatile.Write(ref _mapper, mapper);
            }

            return mapper;
        }
    }

    /// <summary>Answers <c>GET services</c>.</summary>
    /// <param name="jurisdictionId">jurisdiction_id, if sent.</param>
    /// <returns>The services.</returns>
    /// <exception cref="Open311Exception">Another jurisdiction (404).</exception>
    public IReadOnlyList<Open311Service> GetServices(string? jurisdictionId = null)
    {
        CheckJurisdiction(jurisdictionId);
        return Mapper.Services;
    }

    /// <summary>Answers <c>GET services/{service_code}</c>.</summary>
    /// <param name="serviceCode">service_code.</param>
    /// <param name="jurisdictionId">jurisdiction_id, if sent.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="Open311Exception">No such service or another jurisdiction (404).</exception>
    public Open311ServiceDefinition GetServiceDefinition(string serviceCode, string? jurisdictionId = null)
    {
        CheckJurisdiction(jurisdictionId);
        return Mapper.GetDefinition(serviceCode);
    }

    /// <summary>
    /// Answers <c>POST requests</c>: checks the api_key, maps the request onto a <see cref="ReportIssue"/>,
    /// reports it, and hands the personal data (if any) to the <see cref="IOpen311PersonalDataVault"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels before the report is committed.</param>
    /// <returns>The new request's id and notice.</returns>
    /// <exception cref="Open311Exception">A missing or wrong api_key or the access policy refusing the resident (403), another jurisdiction (404), or a request that cannot be mapped or that the lifecycle refuses (400).</exception>
    public async Task<Open311RequestCreated> CreateRequestAsync(Open311PostRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsKnownKey(request.ApiKey))
        {
            throw new Open311Exception(403, "api_key is missing or not valid.");
        }

        CheckJurisdiction(request.JurisdictionId);
        var mapper = Mapper;
        var report = mapper.ToReport(request);
        IssueCommandResult result;
        try
        {
            result = await _issues.ReportAsync(report.Command, cancellationToken).ConfigureAwait(false);
        }
        catch (AccessDeniedException ex)
        {
            // The district's access policy does not let a resident report there (or at all).
            throw new Open311Exception(403, [new Open311Error(403, $"The access policy refuses residents' reports here ({ex.Code}).")]);
        }
        catch (GridGovException ex) when (ex is WorkflowRejectedException or WorkflowVetoedException)
        {
            throw new Open311Exception(400, [new Open311Error(400, $"The report was refused ({ex.Code}): {ex.Message}")]);
        }

        if (!report.PersonalData.IsEmpty)
        {
            await _vault.KeepAsync(result.Issue.Id, report.PersonalData, cancellationToken).ConfigureAwait(false);
        }

        return mapper.ToCreated(result.Issue, request.AccountId);
    }

    /// <summary>Answers <c>GET requests/{service_request_id}</c>.</summary>
    /// <param name="serviceRequestId">service_request_id.</param>
    /// <param name="jurisdictionId">jurisdiction_id, if sent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The request.</returns>
    /// <exception cref="Open311Exception">No such request or another jurisdiction (404).</exception>
    public async Task<Open311ServiceRequest> GetRequestAsync(string serviceRequestId, string? jurisdictionId = null, CancellationToken cancellationToken = default)
    {
        CheckJurisdiction(jurisdictionId);
        return await LoadAsync(serviceRequestId, Mapper, cancellationToken).ConfigureAwait(false)
               ?? throw new Open311Exception(404, $"service_request_id '{serviceRequestId}' is not known.");
    }

    /// <summary>
    /// Answers <c>GET requests</c>: the listed ids (unknown ones are left out), or the requests reported in the
    /// query's window (the last 90 days by default) that pass its service_code and status filters, newest first,
    /// at most <see cref="Open311RequestQuery.MaxRecords"/>.
    /// </summary>
    /// <param name="query">The filters.</param>
    /// <param name="jurisdictionId">jurisdiction_id, if sent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The requests.</returns>
    /// <exception cref="Open311Exception">A bad window (400) or another jurisdiction (404).</exception>
    public async Task<IReadOnlyList<Open311ServiceRequest>> GetRequestsAsync(Open311RequestQuery query, string? jurisdictionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckJurisdiction(jurisdictionId);
        var mapper = Mapper;
        var found = new List<Open311ServiceRequest>();
        if (query.ServiceRequestIds.Count > 0)
        {
            foreach (var id in query.ServiceRequestIds.Distinct(StringComparer.Ordinal))
            {
                if (await LoadAsync(id, mapper, cancellationToken).ConfigureAwait(false) is { } request)
                {
                    found.Add(request);
                }
            }

            return found;
        }

        var (start, end) = query.Window(_clock.GetCurrentInstant());
        // The window's end is included: the read model's interval excludes its end, so add one tick (the model keeps ticks).
        foreach (var id in _issues.ReadModel.FindReported(new Interval(start, end + Duration.FromTicks(1)), int.MaxValue))
        {
            if (await LoadAsync(id.Value, mapper, cancellationToken).ConfigureAwait(false) is { } request && query.Matches(request))
            {
                found.Add(request);
                if (found.Count == Open311RequestQuery.MaxRecords)
                {
                    break;
                }
            }
        }

        return found;
    }

    private async Task<Open311ServiceRequest?> LoadAsync(string id, Open311Mapper mapper, CancellationToken cancellationToken)
    {
        IssueId issueId;
        try
        {
            issueId = new IssueId(id);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var stream = await _store.ReadStreamAsync(issueId.StreamId, cancellationToken).ConfigureAwait(false);
        return Issue.Fold(stream) is { } issue ? mapper.ToServiceRequest(issue, stream[^1].Metadata.At) : null;
    }

    private void CheckJurisdiction(string? jurisdictionId)
    {
        if (jurisdictionId is not null && _options.JurisdictionId is { } mine && !string.Equals(jurisdictionId, mine, StringComparison.Ordinal))
        {
            throw new Open311Exception(404, $"jurisdiction_id '{jurisdictionId}' is not served here.");
        }
    }

    private bool IsKnownKey(string? apiKey)
    {
        if (apiKey is null)
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(apiKey);
        var known = false;
        foreach (var key in _apiKeys)
        {
            known |= CryptographicOperations.FixedTimeEquals(given, key);
        }

        return known;
    }
}
