using System.Runtime.CompilerServices;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using NodaTime;
using NodaTime.Text;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>A <c>POST requests</c> mapped onto the problem lifecycle.</summary>
/// <param name="Command">The report to run; it carries no personal data.</param>
/// <param name="Place">The grid node the request was located at.</param>
/// <param name="PersonalData">What the request said about its sender, for the vault only.</param>
public sealed record Open311Report(ReportIssue Command, GridNode Place, Open311PersonalData PersonalData);

/// <summary>
/// Maps Open311 GeoReport v2 onto GridGov: issue categories are services, a grid node code is an
/// address_id, a <c>POST requests</c> is a <see cref="ReportIssue"/> by a resident, and an
/// <see cref="Issue"/> is a service request with status open or closed, its place masked to the
/// compound level and no personal data. Pure: it reads and changes nothing.
/// </summary>
/// <remarks>Immutable and thread-safe. Bound to one hierarchy snapshot; make a new one when the hierarchy changes.</remarks>
public sealed class Open311Mapper
{
    /// <summary>The most characters a description may have.</summary>
    public const int MaxDescriptionLength = 4000;

    /// <summary>The attribute code of the optional short title.</summary>
    public const string TitleAttribute = "title";

    /// <summary>The attribute code of the optional priority (<c>normal</c> or <c>urgent</c>).</summary>
    public const string PriorityAttribute = "priority";

    private const int MaxTitleLength = 200;
    private const int DerivedTitleLength = 40;
    private static readonly OffsetDateTimePattern DateTimePattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>");
    private static readonly ConditionalWeakTable<GridHierarchy, AddressIndex> Addresses = new();

    private readonly ProfessionalGridMap? _professionalGrids;
    private readonly IssueRuleSet _rules;
    private readonly DateTimeZone _zone;
    private readonly Open311Options _options;
    private readonly IReadOnlyList<Open311Service> _services;
    private readonly Dictionary<string, Open311Service> _servicesByCode;

    /// <summary>Creates the mapper.</summary>
    /// <param name="hierarchy">The grid hierarchy that places requests.</param>
    /// <param name="professionalGrids">The professional grids, for agency_responsible; optional.</param>
    /// <param name="rules">The district's rule set: its categories are the services.</param>
    /// <param name="zone">The zone datetimes are written in (Asia/Shanghai: +08:00).</param>
    /// <param name="options">Service names and keywords.</param>
    public Open311Mapper(GridHierarchy hierarchy, ProfessionalGridMap? professionalGrids, IssueRuleSet rules, DateTimeZone zone, Open311Options options)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(options);
        Hierarchy = hierarchy;
        _professionalGrids = professionalGrids;
        _rules = rules;
        _zone = zone;
        _options = options;
        var categories = rules.Categories.Values.OrderBy(c => c.Level).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();
        if (!rules.Categories.ContainsKey(rules.Fallback.Category))
        {
            categories.Add(rules.Fallback);
        }

        _services = [.. categories.Select(ToService)];
        _servicesByCode = _services.ToDictionary(s => s.ServiceCode, StringComparer.Ordinal);
    }

    /// <summary>Gets the hierarchy this mapper places requests in.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets the professional grids this mapper names agencies from, if any.</summary>
    public ProfessionalGridMap? ProfessionalGrids => _professionalGrids;

    /// <summary>Gets the services (<c>GET services</c>): one per issue category, by handling level then code.</summary>
    public IReadOnlyList<Open311Service> Services => _services;

    /// <summary>Formats an instant as Open311 writes datetimes: ISO 8601 with the zone's offset, such as <c>2025-06-03T09:30:00+08:00</c>.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="zone">The zone.</param>
    /// <returns>The text.</returns>
    public static string FormatDateTime(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateTimePattern.Format(instant.InZone(zone).ToOffsetDateTime());
    }

    /// <summary>Gets a service's definition (<c>GET services/{service_code}</c>): the title and priority attributes.</summary>
    /// <param name="serviceCode">The service code.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="Open311Exception">No such service (404).</exception>
    public Open311ServiceDefinition GetDefinition(string serviceCode)
    {
        if (serviceCode is null || !_servicesByCode.ContainsKey(serviceCode))
        {
            throw new Open311Exception(404, $"service_code '{serviceCode}' is not a service of this server; GET services lists them.");
        }

        return new Open311ServiceDefinition(serviceCode,
        [
            new Open311Attribute(true, TitleAttribute, "string", false, $"At most {MaxTitleLength} characters; when absent, the start of the description is used.", 1, "一句话概括问题 (a short title)", []),
            new Open311Attribute(true, PriorityAttribute, "singlevaluelist", false, "normal or urgent; normal when absent. Urgent matters get the urgent time limits.", 2, "是否紧急 (how urgent)",
            [
                new Open311AttributeValue("normal", "一般 (normal)"),
                new Open311AttributeValue("urgent", "紧急 (urgent)"),
            ]),
        ]);
    }

    /// <summary>
    /// Maps a <c>POST requests</c> onto a <see cref="ReportIssue"/> by a resident (<see cref="ActorRoles.Resident"/>,
    /// scoped to the place's subtree). The place comes from address_id (a grid node code) or address_string
    /// (a unique node name, or a full path); lat/long alone cannot be mapped. The name (last_name + first_name)
    /// and phone become <see cref="ReportIssue.ReporterContact"/>, which the lifecycle keeps in the personal-data
    /// vault with only a reference in the event; all five personal fields also go to <see cref="Open311Report.PersonalData"/>
    /// for the <see cref="IOpen311PersonalDataVault"/> seam (email and device_id have no other place).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Open311Exception">The request cannot be mapped (400), listing every problem.</exception>
    public Open311Report ToReport(Open311PostRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<Open311Error>(request.ParseErrors);
        Open311Service? service = null;
        if (request.ServiceCode is null)
        {
            errors.Add(new Open311Error(400, "service_code is required."));
        }
        else if (!_servicesByCode.TryGetValue(request.ServiceCode, out service))
        {
            errors.Add(new Open311Error(400, $"service_code '{request.ServiceCode}' is not a service of this server; GET services lists them."));
        }

        if (request.AccountId is { Length: > 56 })
        {
            errors.Add(new Open311Error(400, "account_id must be at most 56 characters."));
        }

        var place = LocatePlace(request, errors);
        var description = request.Description ?? string.Empty;
        if (description.Length > MaxDescriptionLength)
        {
            errors.Add(new Open311Error(400, $"description must be at most {MaxDescriptionLength} characters."));
        }

        var priority = IssuePriority.Normal;
        if (request.Attributes.TryGetValue(PriorityAttribute, out var priorities))
        {
            switch (priorities[0])
            {
                case "normal":
                    break;
                case "urgent":
                    priority = IssuePriority.Urgent;
                    break;
                default:
                    errors.Add(new Open311Error(400, "attribute[priority] must be normal or urgent."));
                    break;
            }
        }

        var title = request.Attributes.TryGetValue(TitleAttribute, out var titles) ? titles[0] : DeriveTitle(description, service?.ServiceName);
        if (title.Length > MaxTitleLength)
        {
            errors.Add(new Open311Error(400, $"attribute[title] must be at most {MaxTitleLength} characters."));
        }

        // The resident's name and phone go into the personal-data vault through ReportIssue.ReporterContact (the
        // event keeps only a reference); email and device_id have no place there and reach only the seam.
        var personal = request.PersonalData;
        var fullName = string.Concat(personal.LastName?.Trim(), personal.FirstName?.Trim());
        PersonName? name = null;
        if (fullName.Length > 0)
        {
            if (PersonName.TryParse(fullName, out var parsed))
            {
                name = parsed;
            }
            else
            {
                errors.Add(new Open311Error(400, "first_name and last_name do not make a valid name."));
            }
        }

        PhoneNumber? phone = null;
        if (personal.Phone is { Length: > 0 } phoneText)
        {
            if (PhoneNumber.TryParse(phoneText, out var parsed))
            {
                phone = parsed;
            }
            else
            {
                errors.Add(new Open311Error(400, "phone is not a valid phone number (a mainland mobile or a landline with its area code)."));
            }
        }

        if (errors.Count > 0)
        {
            throw new Open311Exception(400, errors);
        }

        var node = place!.Value;
        // account_id names the resident in the client's system: it becomes the reporter, who alone may rate
        // and reopen. Without one the report is anonymous and nobody can rate it.
        var reporterId = request.AccountId is { } account ? $"open311:{account}" : null;
        var resident = new Actor(reporterId ?? "open311:anonymous", "Open311 居民 (resident)")
        {
            Kind = ActorKind.Person,
            Roles = ActorRoles.Resident,
            Scopes = [AccessScope.Subtree(node.Code)],
        };
        var command = new ReportIssue(resident, service!.ServiceCode, priority, IssueSource.ResidentReport, node.Code, title, description)
        {
            ReporterId = reporterId,
            Reason = "Open311 POST requests",
            ReporterContact = name is not null || phone is not null ? new PersonalContact(name, phone) : null,
        };
        return new Open311Report(command, node, request.PersonalData);
    }

    /// <summary>Maps an issue onto a service request: status open or closed only, the place masked to the compound level, no personal data.</summary>
    /// <param name="issue">The issue.</param>
    /// <param name="updatedAt">When the issue last changed (its last event).</param>
    /// <returns>The service request.</returns>
    public Open311ServiceRequest ToServiceRequest(Issue issue, Instant updatedAt)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var closed = issue.State is IssueState.Closed or IssueState.Rejected or IssueState.Merged;
        var agency = AgencyOf(issue);
        var (address, addressId) = MaskedAddress(issue.PlaceCode);
        var expected = closed || issue.State == IssueState.Suspended ? null : issue.ResolveDeadline;
        return new Open311ServiceRequest
        {
            ServiceRequestId = issue.Id.Value,
            Status = closed ? Open311Status.Closed : Open311Status.Open,
            StatusNotes = StatusNotes(issue, agency),
            ServiceName = _servicesByCode.TryGetValue(issue.Category, out var service) ? service.ServiceName : issue.Category,
            ServiceCode = issue.Category,
            Description = issue.Description,
            AgencyResponsible = agency,
            ServiceNotice = expected is { } due ? $"办结时限 (resolve by) {FormatDateTime(due, _zone)}" : null,
            RequestedDatetime = FormatDateTime(issue.ReportedAt, _zone),
            UpdatedDatetime = FormatDateTime(updatedAt, _zone),
            ExpectedDatetime = expected is { } e ? FormatDateTime(e, _zone) : null,
            Address = address,
            AddressId = addressId,
        };
    }

    /// <summary>Gets the answer of <c>POST requests</c> for a reported issue.</summary>
    /// <param name="issue">The new issue.</param>
    /// <param name="accountId">The account_id the request named, echoed.</param>
    /// <returns>The answer.</returns>
    public Open311RequestCreated ToCreated(Issue issue, string? accountId)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var handling = Hierarchy.TryGetNode(issue.HandlingNodeCode, out var node) ? node.Name : issue.HandlingNodeCode;
        var notice = issue.Deadline is { } d ? $"由{handling}受理，{FormatDateTime(d, _zone)}前立案 (accepted by {FormatDateTime(d, _zone)})" : $"由{handling}受理";
        return new Open311RequestCreated(issue.Id.Value, notice, accountId);
    }

    /// <summary>
    /// Gets the place's path masked to the compound level: from the root down to the nearest node at or
    /// above the compound (buildings and base-grid cells are left out), and that node's code.
    /// </summary>
    /// <param name="placeCode">The place's code.</param>
    /// <returns>The masked path and code; the code alone when the place is not in the hierarchy.</returns>
    public (string Address, string AddressId) MaskedAddress(string placeCode)
    {
        ArgumentNullException.ThrowIfNull(placeCode);
        if (!Hierarchy.TryGetNode(placeCode, out var place))
        {
            return (placeCode, placeCode);
        }

        foreach (var node in place.AncestorsAndSelf())
        {
            if (node.Kind is GridNodeKind.City or GridNodeKind.District or GridNodeKind.Street or GridNodeKind.Community or GridNodeKind.Compound)
            {
                return (node.Path, node.Code);
            }
        }

        return (Hierarchy.Root.Path, Hierarchy.Root.Code);
    }

    private Open311Service ToService(IssueCategoryRule rule)
    {
        var text = _options.Services.TryGetValue(rule.Category, out var t) ? t : new Open311ServiceText(rule.Category, rule.Category);
        var group = rule.Level switch
        {
            HandlingLevel.Building => "楼院 (building)",
            HandlingLevel.Compound => "小区 (compound)",
            HandlingLevel.Community => "社区 (community)",
            HandlingLevel.Street => "街道 (street)",
            HandlingLevel.District => "区 (district)",
            _ => "市 (city)",
        };
        var description = $"{text.Name}: handled first at the {rule.Level.ToString().ToLowerInvariant()} level; accepted within {rule.Normal.Accept}, resolved within {rule.Normal.Resolve} (urgent: {rule.Urgent.Resolve}).";
        return new Open311Service(rule.Category, text.Name, description, Metadata: true, Type: "realtime", text.Keywords, group);
    }

    private GridNode? LocatePlace(Open311PostRequest request, List<Open311Error> errors)
    {
        if (request.AddressId is { } code)
        {
            if (Hierarchy.TryGetNode(code, out var node) && !node.IsRetired)
            {
                return node;
            }

            errors.Add(new Open311Error(400, $"address_id '{code}' is not a grid node code of this server."));
            return null;
        }

        if (request.AddressString is { } text)
        {
            var index = Addresses.GetValue(Hierarchy, h => new AddressIndex(h));
            var matches = index.Find(text);
            if (matches.Count == 1)
            {
                return Hierarchy.NodeAt(matches[0]);
            }

            errors.Add(new Open311Error(400, matches.Count == 0
                ? "address_string matches no grid node: give a node's name or its full path (such as 西固区 / 陈坪街道 / 先锋社区), or its code as address_id."
                : $"address_string matches {matches.Count} grid nodes: give the full path, or the node's code as address_id."));
            return null;
        }

        errors.Add(new Open311Error(400, request.Lat is not null || request.Long is not null
            ? "lat/long cannot be mapped to a grid node here: this server locates problems by address_id (a grid node code) or address_string (a node name or path)."
            : "A location is required: address_id (a grid node code) or address_string (a node name or path)."));
        return null;
    }

    private string? AgencyOf(Issue issue)
    {
        if (issue.ProfessionalGridCode is { } gridCode)
        {
            var grid = _professionalGrids?.Grids.FirstOrDefault(g => g.Code == gridCode);
            return grid is null ? gridCode : $"{grid.Agency} ({grid.Name})";
        }

        if (!Hierarchy.TryGetNode(issue.HandlingNodeCode, out var node))
        {
            return issue.HandlingNodeCode;
        }

        // A building or a base-grid cell is named with its community above it ("3号楼" alone says little).
        var names = new List<string>();
        foreach (var n in node.AncestorsAndSelf())
        {
            names.Add(n.Name);
            if (n.Kind <= GridNodeKind.Community)
            {
                break;
            }
        }

        names.Reverse();
        return string.Join(" / ", names);
    }

    private static string StatusNotes(Issue issue, string? agency) => issue.State switch
    {
        IssueState.Reported => "已收到，待受理 (received, waiting to be accepted)",
        IssueState.Accepted => "已立案，待认领或派遣 (accepted)",
        IssueState.Rejected => "不予立案 (not accepted)",
        IssueState.Merged => $"重复反映，已并入 {issue.DuplicateOf} (duplicate)",
        IssueState.Claimed => "已认领 (claimed)",
        IssueState.Dispatched => $"已派遣至 {agency} (dispatched)",
        IssueState.Returned => "回退，待改派 (returned, to be re-dispatched)",
        IssueState.InProgress => "处置中 (in progress)",
        IssueState.Resolved => "已办结，待核查 (resolved, waiting for verification)",
        IssueState.Closed => issue.ResolutionNotes is { Length: > 0 } notes ? $"已结案 (closed): {notes}" : "已结案 (closed)",
        IssueState.Suspended => issue.Suspension == SuspensionKind.Parked ? "挂账 (parked in the problem register)" : "缓办 (deferred)",
        _ => issue.State.ToString(),
    };

    private static string DeriveTitle(string description, string? serviceName)
    {
        var line = description.Split('\n', 2)[0].Trim();
        if (line.Length == 0)
        {
            return serviceName ?? "Open311";
        }

        return line.Length <= DerivedTitleLength ? line : line[..DerivedTitleLength] + "…";
    }

    /// <summary>Node names and full paths of one hierarchy snapshot, built once per snapshot.</summary>
    private sealed class AddressIndex
    {
        private static readonly char[] Separators = ['/', '／', '>', '＞'];
        private readonly Dictionary<string, List<int>> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byPath = new(StringComparer.Ordinal);

        public AddressIndex(GridHierarchy hierarchy)
        {
            foreach (var node in hierarchy.Nodes)
            {
                if (node.IsRetired)
                {
                    continue;
                }

                if (!_byName.TryGetValue(node.Name, out var list))
                {
                    _byName[node.Name] = list = [];
                }

                list.Add(node.Index);
                _byPath[Normalize(node.Path)] = node.Index;
            }
        }

        public IReadOnlyList<int> Find(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.IndexOfAny(Separators) >= 0)
            {
                return _byPath.TryGetValue(Normalize(trimmed), out var index) ? [index] : [];
            }

            return _byName.TryGetValue(trimmed, out var named) ? named : [];
        }

        private static string Normalize(string path)
            => string.Join('/', path.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
