using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// Writes Open311 GeoReport v2 answers as JSON with the spec's exact member names: arrays of services,
/// of requests, of created requests and of errors; a definition as one object. Null members are written
/// as null. Chinese text and offsets are written as is (UTF-8), not escaped.
/// </summary>
/// <remarks>Thread-safe: static and stateless.</remarks>
public static class Open311Json
{
    /// <summary>The media type of the answers.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    // Relaxed: Chinese text and the '+' of +08:00 stay readable. The answers are application/json, never inlined in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <c>GET services</c>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The JSON text.</returns>
    public static string Services(IEnumerable<Open311Service> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var s in services)
            {
                w.WriteStartObject();
                w.WriteString("service_code", s.ServiceCode);
                w.WriteString("service_name", s.ServiceName);
                w.WriteString("description", s.Description);
                w.WriteBoolean("metadata", s.Metadata);
                w.WriteString("type", s.Type);
                w.WriteString("keywords", s.Keywords);
                w.WriteString("group", s.Group);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>Writes <c>GET services/{service_code}</c>.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The JSON text.</returns>
    public static string ServiceDefinition(Open311ServiceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("service_code", definition.ServiceCode);
            w.WriteStartArray("attributes");
            foreach (var a in definition.Attributes)
            {
                w.WriteStartObject();
                w.WriteBoolean("variable", a.Variable);
                w.WriteString("code", a.Code);
                w.WriteString("datatype", a.Datatype);
                w.WriteBoolean("required", a.Required);
                w.WriteString("datatype_description", a.DatatypeDescription);
                w.WriteNumber("order", a.Order);
                w.WriteString("description", a.Description);
                w.WriteStartArray("values");
                foreach (var v in a.Values)
                {
                    w.WriteStartObject();
                    w.WriteString("key", v.Key);
                    w.WriteString("name", v.Name);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Writes <c>GET requests</c> or <c>GET requests/{id}</c> (an array of one).</summary>
    /// <param name="requests">The requests.</param>
    /// <returns>The JSON text.</returns>
    public static string Requests(IEnumerable<Open311ServiceRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var r in requests)
            {
                w.WriteStartObject();
                w.WriteString("service_request_id", r.ServiceRequestId);
                w.WriteString("status", r.Status);
                w.WriteString("status_notes", r.StatusNotes);
                w.WriteString("service_name", r.ServiceName);
                w.WriteString("service_code", r.ServiceCode);
                w.WriteString("description", r.Description);
                w.WriteString("agency_responsible", r.AgencyResponsible);
                w.WriteString("service_notice", r.ServiceNotice);
                w.WriteString("requested_datetime", r.RequestedDatetime);
                w.WriteString("updated_datetime", r.UpdatedDatetime);
                w.WriteString("expected_datetime", r.ExpectedDatetime);
                w.WriteString("address", r.Address);
                w.WriteString("address_id", r.AddressId);
                w.WriteString("zipcode", r.Zipcode);
                WriteNumber(w, "lat", r.Lat);
                WriteNumber(w, "long", r.Long);
                w.WriteString("media_url", r.MediaUrl);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>Writes the answer of <c>POST requests</c> (an array of one).</summary>
    /// <param name="created">The created request.</param>
    /// <returns>The JSON text.</returns>
    public static string Created(Open311RequestCreated created)
    {
        ArgumentNullException.ThrowIfNull(created);
        return Write(w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("service_request_id", created.ServiceRequestId);
            w.WriteString("service_notice", created.ServiceNotice);
            w.WriteString("account_id", created.AccountId);
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    /// <summary>Writes an error list.</summary>
    /// <param name="errors">The errors.</param>
    /// <returns>The JSON text.</returns>
    public static string Errors(IEnumerable<Open311Error> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var e in errors)
            {
                w.WriteStartObject();
                w.WriteNumber("code", e.Code);
                w.WriteString("description", e.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
