using System.Text.Json;
using System.Xml.Linq;
using GridGov.Sdk.Interop.Open311;

namespace GridGov.Sdk.Tests.Interop;

public sealed class Open311SerializerTests
{
    private static readonly Open311ServiceRequest Request = new()
    {
        ServiceRequestId = "k1",
        Status = Open311Status.Open,
        StatusNotes = "处置中 (in progress)",
        ServiceName = "环境卫生",
        ServiceCode = "environment",
        Description = "垃圾 <满溢> & 异味",
        AgencyResponsible = "1号小区",
        RequestedDatetime = "2026-03-02T09:00:00+08:00",
        UpdatedDatetime = "2026-03-02T10:00:00+08:00",
        Address = "西固区 / 陈坪街道",
        AddressId = "S1",
    };

    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
        "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    ];

    [Fact]
    public void Json_Requests_UsesTheSpecsNames_WritesNulls_AndKeepsChineseReadable()
    {
        var json = Open311Json.Requests([Request]);
        using var doc = JsonDocument.Parse(json);
        var item = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal(RequestFields, item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("lat").ValueKind);
        Assert.Equal("垃圾 <满溢> & 异味", item.GetProperty("description").GetString());
        Assert.Contains("环境卫生", json, StringComparison.Ordinal);
        Assert.Contains("\"2026-03-02T09:00:00+08:00\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_Requests_UsesTheSpecsElements()
    {
        var xml = XDocument.Parse(Open311Xml.Requests([Request]));
        Assert.Equal("service_requests", xml.Root!.Name.LocalName);
        var request = Assert.Single(xml.Root.Elements("request"));
        Assert.Equal(RequestFields, request.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("垃圾 <满溢> & 异味", request.Element("description")!.Value);
        Assert.Equal(string.Empty, request.Element("lat")!.Value);
    }

    [Fact]
    public void Xml_ACharacterXmlCannotCarry_IsReplaced_NotAnError()
    {
        var xml = Open311Xml.Requests([Request with { Description = "bell\u0007 lone\uD800 pair😀 end" }]);
        Assert.Equal("bell\uFFFD lone\uFFFD pair😀 end", XDocument.Parse(xml).Root!.Element("request")!.Element("description")!.Value);
        using var doc = JsonDocument.Parse(Open311Json.Requests([Request with { Description = "bell\u0007" }]));
        Assert.Equal("bell\u0007", doc.RootElement[0].GetProperty("description").GetString());
    }

    [Fact]
    public void Services_Definition_Created_Errors_InBothFormats()
    {
        var service = new Open311Service("housing", "住房保障", "d", true, "realtime", "住房", "街道 (street)");
        using (var doc = JsonDocument.Parse(Open311Json.Services([service])))
        {
            var s = doc.RootElement[0];
            Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], s.EnumerateObject().Select(p => p.Name));
            Assert.True(s.GetProperty("metadata").GetBoolean());
        }

        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
            XDocument.Parse(Open311Xml.Services([service])).Root!.Element("service")!.Elements().Select(e => e.Name.LocalName));

        var definition = new Open311ServiceDefinition("housing", [new Open311Attribute(true, "priority", "singlevaluelist", false, "dd", 2, "d", [new Open311AttributeValue("urgent", "紧急")])]);
        string[] attributeFields = ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"];
        using (var doc = JsonDocument.Parse(Open311Json.ServiceDefinition(definition)))
        {
            var attribute = doc.RootElement.GetProperty("attributes")[0];
            Assert.Equal(attributeFields, attribute.EnumerateObject().Select(p => p.Name));
            Assert.Equal(2, attribute.GetProperty("order").GetInt32());
            Assert.Equal("urgent", attribute.GetProperty("values")[0].GetProperty("key").GetString());
        }

        var xmlDefinition = XDocument.Parse(Open311Xml.ServiceDefinition(definition)).Root!;
        Assert.Equal("service_definition", xmlDefinition.Name.LocalName);
        Assert.Equal(attributeFields, xmlDefinition.Element("attributes")!.Element("attribute")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("紧急", xmlDefinition.Descendants("value").Single().Element("name")!.Value);

        var created = new Open311RequestCreated("k1", "notice", null);
        using (var doc = JsonDocument.Parse(Open311Json.Created(created)))
        {
            Assert.Equal(["service_request_id", "service_notice", "account_id"], doc.RootElement[0].EnumerateObject().Select(p => p.Name));
        }

        Assert.Equal(["service_request_id", "service_notice", "account_id"], XDocument.Parse(Open311Xml.Created(created)).Root!.Element("request")!.Elements().Select(e => e.Name.LocalName));

        Open311Error[] errors = [new(400, "service_code is required."), new(400, "A location is required.")];
        using (var doc = JsonDocument.Parse(Open311Json.Errors(errors)))
        {
            Assert.Equal(400, doc.RootElement[1].GetProperty("code").GetInt32());
        }

        var xmlErrors = XDocument.Parse(Open311Xml.Errors(errors)).Root!;
        Assert.Equal("errors", xmlErrors.Name.LocalName);
        Assert.Equal(["400", "400"], xmlErrors.Elements("error").Select(e => e.Element("code")!.Value));
    }
}
