using NodaTime;
using NodaTime.Text;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// The filters of <c>GET requests</c>: service_request_id (a comma list; when given, the others are
/// ignored), service_code (a comma list), start_date, end_date and status. Without dates the window is
/// the last 90 days; a window may not span more than 90 days; at most 1,000 requests are returned,
/// newest first.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Open311RequestQuery
{
    /// <summary>The most requests one answer holds.</summary>
    public const int MaxRecords = 1000;

    /// <summary>Gets the default and the longest window of a date search: 90 days.</summary>
    public static Duration MaxWindow { get; } = Duration.FromDays(90);

    private static readonly OffsetDateTimePattern WithOffset = OffsetDateTimePattern.ExtendedIso;
    private static readonly LocalDateTimePattern WithoutOffset = LocalDateTimePattern.ExtendedIso;
    private static readonly LocalDatePattern DateOnly = LocalDatePattern.Iso;

    /// <summary>Gets the requested ids (service_request_id); when not empty the other filters are ignored.</summary>
    public IReadOnlyList<string> ServiceRequestIds { get; init; } = [];

    /// <summary>Gets the service codes to keep (service_code); empty keeps every service.</summary>
    public IReadOnlyList<string> ServiceCodes { get; init; } = [];

    /// <summary>Gets start_date: the earliest requested_datetime to include.</summary>
    public Instant? StartDate { get; init; }

    /// <summary>Gets end_date: the latest requested_datetime to include.</summary>
    public Instant? EndDate { get; init; }

    /// <summary>Gets status: <c>open</c>, <c>closed</c>, or null for both.</summary>
    public string? Status { get; init; }

    /// <summary>
    /// Reads the filters from a query string's fields. Dates are ISO 8601 with an offset (or <c>Z</c>);
    /// a date or date-time without one is read in <paramref name="zone"/>.
    /// </summary>
    /// <param name="query">The fields; empty values count as absent.</param>
    /// <param name="zone">The zone for dates without offset (Asia/Shanghai by default).</param>
    /// <returns>The query.</returns>
    /// <exception cref="Open311Exception">A filter is malformed (400), listing every problem.</exception>
    public static Open311RequestQuery Parse(IEnumerable<KeyValuePair<string, string?>> query, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(zone);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (key is not null && !string.IsNullOrWhiteSpace(value))
            {
                fields.TryAdd(key, value.Trim());
            }
        }

        var errors = new List<Open311Error>();
        static string[] List(string? text) => text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Instant? Date(string name)
        {
            if (!fields.TryGetValue(name, out var text))
            {
                return null;
            }

            if (WithOffset.Parse(text) is { Success: true } offset)
            {
                return offset.Value.ToInstant();
            }

            if (WithoutOffset.Parse(text) is { Success: true } local)
            {
                return local.Value.InZoneLeniently(zone).ToInstant();
            }

            if (DateOnly.Parse(text) is { Success: true } date)
            {
                return date.Value.AtStartOfDayInZone(zone).ToInstant();
            }

            errors.Add(new Open311Error(400, $"{name} must be an ISO 8601 date-time such as 2025-06-01T00:00:00+08:00."));
            return null;
        }

        var status = fields.GetValueOrDefault("status");
        if (status is not null and not (Open311Status.Open or Open311Status.Closed))
        {
            errors.Add(new Open311Error(400, "status must be open or closed."));
        }

        var result = new Open311RequestQuery
        {
            ServiceRequestIds = List(fields.GetValueOrDefault("service_request_id")),
            ServiceCodes = List(fields.GetValueOrDefault("service_code")),
            StartDate = Date("start_date"),
            EndDate = Date("end_date"),
            Status = status,
        };
        if (result.ServiceRequestIds.Count > MaxRecords)
        {
            errors.Add(new Open311Error(400, $"service_request_id lists at most {MaxRecords} ids."));
        }

        if (errors.Count > 0)
        {
            throw new Open311Exception(400, errors);
        }

        return result;
    }

    /// <summary>
    /// Gets the window of requested_datetime to search, both ends included: the given dates, or 90 days
    /// ending at <paramref name="now"/>, or 90 days from the start date.
    /// </summary>
    /// <param name="now">The current instant.</param>
    /// <returns>The first and last instants included.</returns>
    /// <exception cref="Open311Exception">The end is before the start, or the window spans more than 90 days (400).</exception>
    public (Instant Start, Instant End) Window(Instant now)
    {
        var end = EndDate ?? (StartDate is { } s ? s + MaxWindow : now);
        var start = StartDate ?? end - MaxWindow;
        if (end < start)
        {
            throw new Open311Exception(400, "end_date must not be before start_date.");
        }

        if (end - start > MaxWindow)
        {
            throw new Open311Exception(400, "start_date and end_date may not span more than 90 days.");
        }

        return (start, end);
    }

    /// <summary>Whether a request passes the service_code and status filters.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when it is kept.</returns>
    public bool Matches(Open311ServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (ServiceCodes.Count == 0 || ServiceCodes.Contains(request.ServiceCode, StringComparer.Ordinal))
               && (Status is null || Status == request.Status);
    }
}
