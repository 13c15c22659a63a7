namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// One service request as <c>GET requests</c> and <c>GET requests/{id}</c> return it: an issue (问题)
/// seen from outside, with the place masked to the compound level and no personal data.
/// </summary>
/// <remarks>Immutable and thread-safe. Null members are written as JSON null or an empty XML element.</remarks>
public sealed record Open311ServiceRequest
{
    /// <summary>Gets service_request_id: the issue id.</summary>
    public required string ServiceRequestId { get; init; }

    /// <summary>Gets status: <see cref="Open311Status.Open"/> or <see cref="Open311Status.Closed"/>, nothing else.</summary>
    public required string Status { get; init; }

    /// <summary>Gets status_notes: where the issue is in its lifecycle, in words.</summary>
    public string? StatusNotes { get; init; }

    /// <summary>Gets service_name.</summary>
    public required string ServiceName { get; init; }

    /// <summary>Gets service_code: the issue category.</summary>
    public required string ServiceCode { get; init; }

    /// <summary>Gets description: the resident's description, as reported.</summary>
    public string? Description { get; init; }

    /// <summary>Gets agency_responsible: the professional grid's agency when dispatched, else the handling node (named from its community down).</summary>
    public string? AgencyResponsible { get; init; }

    /// <summary>Gets service_notice: the time limit in force.</summary>
    public string? ServiceNotice { get; init; }

    /// <summary>Gets requested_datetime: when it was reported, ISO 8601 with offset.</summary>
    public required string RequestedDatetime { get; init; }

    /// <summary>Gets updated_datetime: when it last changed, ISO 8601 with offset.</summary>
    public string? UpdatedDatetime { get; init; }

    /// <summary>Gets expected_datetime: the resolve deadline once claimed or dispatched and while open (not suspended), ISO 8601 with offset.</summary>
    public string? ExpectedDatetime { get; init; }

    /// <summary>Gets address: the place's path masked to the compound level.</summary>
    public string? Address { get; init; }

    /// <summary>Gets address_id: the code of the node <see cref="Address"/> ends at.</summary>
    public string? AddressId { get; init; }

    /// <summary>Gets zipcode: not kept (always null).</summary>
    public string? Zipcode { get; init; }

    /// <summary>Gets lat: not kept (always null; places are grid nodes).</summary>
    public double? Lat { get; init; }

    /// <summary>Gets long: not kept (always null; places are grid nodes).</summary>
    public double? Long { get; init; }

    /// <summary>Gets media_url: not kept (always null).</summary>
    public string? MediaUrl { get; init; }
}

/// <summary>The answer of <c>POST requests</c>.</summary>
/// <param name="ServiceRequestId">service_request_id: the new issue's id.</param>
/// <param name="ServiceNotice">service_notice: who takes it and by when it is accepted.</param>
/// <param name="AccountId">account_id: the account the request named, if any.</param>
/// <remarks>Immutable and thread-safe. No token: requests are created at once.</remarks>
public sealed record Open311RequestCreated(string ServiceRequestId, string? ServiceNotice, string? AccountId);

/// <summary>The two statuses Open311 GeoReport v2 allows.</summary>
public static class Open311Status
{
    /// <summary>The request is being worked on (any state other than closed, rejected or merged).</summary>
    public const string Open = "open";

    /// <summary>The request is finished: closed (结案), not accepted (不予立案) or merged as a duplicate.</summary>
    public const string Closed = "closed";
}
