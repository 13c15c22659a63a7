using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using GridGov.Sdk.Issues;
using Microsoft.Extensions.DependencyInjection;

namespace GridGov.Samples.Web.Tests;

public sealed class Open311EndpointTests(WebAppFixture web) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => web.Client;

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, params (string Key, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        using var response = await Client.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Services_InJsonAndXml()
    {
        var (status, body, type) = await GetAsync("/open311/v2/services.json");
        Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
        using var doc = JsonDocument.Parse(body);
        Assert.Contains(doc.RootElement.EnumerateArray(), s => s.GetProperty("service_code").GetString() == "environment" && s.GetProperty("service_name").GetString() == "环境卫生");

        (status, body, type) = await GetAsync("/open311/v2/services.xml");
        Assert.Equal((HttpStatusCode.OK, "text/xml"), (status, type));
        var xml = XDocument.Parse(body);
        Assert.Equal(doc.RootElement.GetArrayLength(), xml.Root!.Elements("service").Count());
    }

    [Fact]
    public async Task ServiceDefinition_AndUnknownService()
    {
        var (status, body, _) = await GetAsync("/open311/v2/services/housing.xml");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["title", "priority"], XDocument.Parse(body).Descendants("attribute").Select(a => a.Element("code")!.Value));

        (status, body, _) = await GetAsync("/open311/v2/services/nope.json");
        Assert.Equal(HttpStatusCode.NotFound, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(404, doc.RootElement[0].GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task AnUnknownFormat_Is404()
        => Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/open311/v2/services.csv")).Status);

    [Fact]
    public async Task Post_CreatesAnIssueVisibleThroughTheSdk_AndEchoesNoPersonalData()
    {
        var (status, body) = await PostAsync("/open311/v2/requests.json",
            ("api_key", WebApp.SampleApiKey), ("service_code", "environment"), ("address_string", "西固区 / 陈坪街道 / 先锋社区 / 先锋1号小区 / 2号楼"),
            ("description", "2单元门口垃圾堆放三天无人清理"), ("account_id", "e2e-1"),
            ("first_name", "测试名"), ("last_name", "测试姓"), ("phone", "13912345678"), ("email", "someone@example.org"));
        Assert.Equal(HttpStatusCode.OK, status);
        using var created = JsonDocument.Parse(body);
        var id = created.RootElement[0].GetProperty("service_request_id").GetString()!;
        Assert.Equal("e2e-1", created.RootElement[0].GetProperty("account_id").GetString());

        var issue = await web.App.Services.GetRequiredService<IssueService>().GetAsync(new IssueId(id));
        Assert.Equal(("environment", "6201040010010102", IssueSource.ResidentReport, "open311:e2e-1"), (issue.Category, issue.PlaceCode, issue.Source, issue.ReporterId));

        foreach (var path in new[] { $"/open311/v2/requests/{id}.json", $"/open311/v2/requests/{id}.xml", $"/open311/v2/requests.json?service_request_id={id}" })
        {
            var (s, text, _) = await GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, s);
            Assert.Contains(id, text, StringComparison.Ordinal);
            Assert.Contains("先锋1号小区", text, StringComparison.Ordinal);
            Assert.Contains("\"62010400100101\"", text.Replace("<address_id>", "\"").Replace("</address_id>", "\""), StringComparison.Ordinal);
            Assert.DoesNotContain("2号楼", text, StringComparison.Ordinal); // masked to the compound
            Assert.DoesNotContain("6201040010010102", text, StringComparison.Ordinal);
            foreach (var secret in new[] { "测试名", "测试姓", "13912345678", "someone@example.org" })
            {
                Assert.DoesNotContain(secret, text + body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Post_WithAWrongApiKey_Is403_InXml()
    {
        var (status, body) = await PostAsync("/open311/v2/requests.xml", ("api_key", "not-the-key-0123456789"), ("service_code", "environment"), ("address_id", "62010400100101"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var error = XDocument.Parse(body).Root!;
        Assert.Equal("errors", error.Name.LocalName);
        Assert.Equal("403", error.Element("error")!.Element("code")!.Value);
    }

    [Fact]
    public async Task Post_WithLatLongOnly_Is400_WithAClearError()
    {
        var (status, body) = await PostAsync("/open311/v2/requests.json", ("api_key", WebApp.SampleApiKey), ("service_code", "environment"), ("lat", "36.08"), ("long", "103.62"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("lat/long cannot be mapped", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NotFormEncoded_Is400()
    {
        using var response = await Client.PostAsync("/open311/v2/requests.json", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetRequests_FiltersByStatusAndServiceCode_InBothFormats()
    {
        var (_, all, _) = await GetAsync("/open311/v2/requests.json");
        using var allDoc = JsonDocument.Parse(all);
        var requests = allDoc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "open", "closed" }));

        var (_, closed, _) = await GetAsync("/open311/v2/requests.json?status=closed&service_code=environment,facilities");
        using var closedDoc = JsonDocument.Parse(closed);
        var expected = requests.Where(r => r.GetProperty("status").GetString() == "closed" && r.GetProperty("service_code").GetString() is "environment" or "facilities")
            .Select(r => r.GetProperty("service_request_id").GetString()).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, closedDoc.RootElement.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));

        var (_, xml, _) = await GetAsync("/open311/v2/requests.xml?status=closed&service_code=environment,facilities");
        Assert.Equal(expected, XDocument.Parse(xml).Root!.Elements("request").Select(r => r.Element("service_request_id")!.Value));
    }

    [Fact]
    public async Task GetRequests_BadFilters_Are400_AndAnUnknownId_Is404()
    {
        var (status, body, _) = await GetAsync("/open311/v2/requests.json?status=pending&start_date=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        using (var doc = JsonDocument.Parse(body))
        {
            Assert.Equal(2, doc.RootElement.GetArrayLength());
        }

        (status, _, _) = await GetAsync("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _, _) = await GetAsync("/open311/v2/requests/nope.xml");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task TheSample_RefusesANonLoopbackAddress()
        => await Assert.ThrowsAsync<ArgumentException>(() => WebApp.CreateAsync(["--urls", "http://0.0.0.0:5311"]));
}
