using System.Globalization;
using System.Text;
using System.Xml;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// Writes Open311 GeoReport v2 answers as XML with the spec's exact element names: <c>services/service</c>,
/// <c>service_definition/attributes/attribute/values/value</c>, <c>service_requests/request</c> and
/// <c>errors/error</c>. Null members are written as empty elements; characters XML cannot carry are written as U+FFFD.
/// </summary>
/// <remarks>Thread-safe: static and stateless.</remarks>
public static class Open311Xml
{
    /// <summary>The media type of the answers.</summary>
    public const string ContentType = "text/xml; charset=utf-8";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <summary>Writes <c>GET services</c>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The XML text.</returns>
    public static string Services(IEnumerable<Open311Service> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Write("services", w =>
        {
            foreach (var s in services)
            {
                w.WriteStartElement("service");
                Element(w, "service_code", s.ServiceCode);
                Element(w, "service_name", s.ServiceName);
                Element(w, "description", s.Description);
                Element(w, "metadata", Bool(s.Metadata));
                Element(w, "type", s.Type);
                Element(w, "keywords", s.Keywords);
                Element(w, "group", s.Group);
                w.WriteEndElement();
            }
        });
    }

    /// <summary>Writes <c>GET services/{service_code}</c>.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The XML text.</returns>
    public static string ServiceDefinition(Open311ServiceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Write("service_definition", w =>
        {
            Element(w, "service_code", definition.ServiceCode);
            w.WriteStartElement("attributes");
            foreach (var a in definition.Attributes)
            {
                w.WriteStartElement("attribute");
                Element(w, "variable", Bool(a.Variable));
                Element(w, "code", a.Code);
                Element(w, "datatype", a.Datatype);
                Element(w, "required", Bool(a.Required));
                Element(w, "datatype_description", a.DatatypeDescription);
                Element(w, "order", a.Order.ToString(CultureInfo.InvariantCulture));
                Element(w, "description", a.Description);
                w.WriteStartElement("values");
                foreach (var v in a.Values)
                {
                    w.WriteStartElement("value");
                    Element(w, "key", v.Key);
                    Element(w, "name", v.Name);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
    }

    /// <summary>Writes <c>GET requests</c> or <c>GET requests/{id}</c>.</summary>
    /// <param name="requests">The requests.</param>
    /// <returns>The XML text.</returns>
    public static string Requests(IEnumerable<Open311ServiceRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Write("service_requests", w =>
        {
            foreach (var r in requests)
            {
                w.WriteStartElement("request");
                Element(w, "service_request_id", r.ServiceRequestId);
                Element(w, "status", r.Status);
                Element(w, "status_notes", r.StatusNotes);
                Element(w, "service_name", r.ServiceName);
                Element(w, "service_code", r.ServiceCode);
                Element(w, "description", r.Description);
                Element(w, "agency_responsible", r.AgencyResponsible);
                Element(w, "service_notice", r.ServiceNotice);
                Element(w, "requested_datetime", r.RequestedDatetime);
                Element(w, "updated_datetime", r.UpdatedDatetime);
                Element(w, "expected_datetime", r.ExpectedDatetime);
                Element(w, "address", r.Address);
                Element(w, "address_id", r.AddressId);
                Element(w, "zipcode", r.Zipcode);
                Element(w, "lat", r.Lat?.ToString("R", CultureInfo.InvariantCulture));
                Element(w, "long", r.Long?.ToString("R", CultureInfo.InvariantCulture));
                Element(w, "media_url", r.MediaUrl);
                w.WriteEndElement();
            }
        });
    }

    /// <summary>Writes the answer of <c>POST requests</c>.</summary>
    /// <param name="created">The created request.</param>
    /// <returns>The XML text.</returns>
    public static string Created(Open311RequestCreated created)
    {
        ArgumentNullException.ThrowIfNull(created);
        return Write("service_requests", w =>
        {
            w.WriteStartElement("request");
            Element(w, "service_request_id", created.ServiceRequestId);
            Element(w, "service_notice", created.ServiceNotice);
            Element(w, "account_id", created.AccountId);
            w.WriteEndElement();
        });
    }

    /// <summary>Writes an error list.</summary>
    /// <param name="errors">The errors.</param>
    /// <returns>The XML text.</returns>
    public static string Errors(IEnumerable<Open311Error> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Write("errors", w =>
        {
            foreach (var e in errors)
            {
                w.WriteStartElement("error");
                Element(w, "code", e.Code.ToString(CultureInfo.InvariantCulture));
                Element(w, "description", e.Description);
                w.WriteEndElement();
            }
        });
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static void Element(XmlWriter w, string name, string? value) => w.WriteElementString(name, XmlSafe(value ?? string.Empty));

    /// <summary>
    /// Replaces the characters XML 1.0 cannot carry (control characters, lone surrogates) with U+FFFD: a resident's
    /// description may hold them, and one such request must not break every XML answer that lists it.
    /// </summary>
    private static string XmlSafe(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = !XmlConvert.IsXmlChar(text[i]) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]);
            if (pair)
            {
                builder?.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                builder?.Append(text[i]);
            }
            else
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append('\uFFFD');
            }
        }

        return builder?.ToString() ?? text;
    }

    private static string Write(string root, Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root);
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
