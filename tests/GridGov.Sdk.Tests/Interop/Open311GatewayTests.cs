using System.Collections.Concurrent;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Interop.Open311;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GridGov.Sdk.Tests.Interop;

public sealed class Open311GatewayTests : IDisposable
{
    internal const string ApiKey = "test-key-0123456789abcdef";
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private readonly RecordingVault _vault = new();
    private readonly IssueTestHost _host;

    public Open311GatewayTests()
    {
        _host = new IssueTestHost(b =>
        {
            b.Services.AddSingleton<IOpen311PersonalDataVault>(_vault);
            b.AddOpen311(o => o.ApiKeys.Add(ApiKey));
        });
    }

    private Open311Gateway Gateway => _host.Get<Open311Gateway>();

    private static Open311PostRequest Form(params (string Key, string Value)[] fields)
        => Open311PostRequest.FromForm(fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)));

    private static Open311RequestQuery Query(params (string Key, string Value)[] fields)
        => Open311RequestQuery.Parse(fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)), Shanghai);

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef")]
    public async Task CreateRequest_WithoutTheConfiguredApiKey_Is403_AndChangesNothing(string? key)
    {
        var fields = new List<(string, string)> { ("service_code", "environment"), ("address_id", "B1"), ("description", "垃圾") };
        if (key is not null)
        {
            fields.Add(("api_key", key));
        }

        var ex = await Assert.ThrowsAsync<Open311Exception>(() => Gateway.CreateRequestAsync(Form([.. fields])));
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(0, _host.Service.ReadModel.Count);
    }

    [Fact]
    public async Task CreateRequest_ReportsAnIssue_AndSendsPersonalDataOnlyToTheVault()
    {
        var created = await Gateway.CreateRequestAsync(Form(("api_key", ApiKey), ("service_code", "environment"), ("address_id", "B1"),
            ("description", "垃圾箱满溢"), ("account_id", "acc-1"), ("first_name", "小明"), ("phone", "13800138000")));

        var issue = await _host.Service.GetAsync(new IssueId(created.ServiceRequestId));
        Assert.Equal(("environment", "B1", IssueState.Reported, "open311:acc-1"), (issue.Category, issue.PlaceCode, issue.State, issue.ReporterId));
        Assert.Equal("acc-1", created.AccountId);
        Assert.Contains("1号小区", created.ServiceNotice, StringComparison.Ordinal);
        var (vaultIssue, data) = Assert.Single(_vault.Kept);
        Assert.Equal(issue.Id, vaultIssue);
        Assert.Equal("13800138000", data.Phone);
        Assert.DoesNotContain("13800138000", issue.ToString() + issue.Description + issue.Title, StringComparison.Ordinal);

        var request = await Gateway.GetRequestAsync(created.ServiceRequestId);
        var json = Open311Json.Requests([request]) + Open311Xml.Requests([request]) + Open311Json.Created(created);
        Assert.DoesNotContain("13800138000", json, StringComparison.Ordinal);
        Assert.DoesNotContain("小明", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRequest_NameAndPhone_GoIntoThePersonalDataVault_TheEventHoldsOnlyAReference()
    {
        var created = await Gateway.CreateRequestAsync(Form(("api_key", ApiKey), ("service_code", "environment"), ("address_id", "B1"),
            ("description", "垃圾箱满溢"), ("account_id", "acc-2"), ("last_name", "王"), ("first_name", "小明"), ("phone", "13800138000")));

        var stream = await _host.Get<IEventStore>().ReadStreamAsync(new IssueId(created.ServiceRequestId).StreamId);
        var reported = Assert.IsType<IssueReported>(stream[0].Payload);
        var reference = Assert.NotNull(reported.ReporterContact);
        var contact = await _host.Get<IPersonalDataVault>().RevealAsync(reference, IssueTestHost.Secretary, "回访诉求人");
        Assert.Equal(("王小明", "13800138000"), (contact.Name!.Value.Reveal(), contact.Phone!.Value.Reveal()));
    }

    [Theory]
    [InlineData("phone", "12345")]
    [InlineData("first_name", "<script>")]
    public async Task CreateRequest_InvalidNameOrPhone_Is400_AndChangesNothing(string field, string value)
    {
        var ex = await Assert.ThrowsAsync<Open311Exception>(() => Gateway.CreateRequestAsync(Form(("api_key", ApiKey), ("service_code", "environment"), ("address_id", "B1"),
            ("description", "垃圾箱满溢"), (field, value))));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(0, _host.Service.ReadModel.Count);
        Assert.Empty(_vault.Kept);
    }

    [Fact]
    public async Task CreateRequest_WithoutPersonalData_CallsNoVault()
    {
        await Gateway.CreateRequestAsync(Form(("api_key", ApiKey), ("service_code", "housing"), ("address_string", "1号楼"), ("description", "屋顶漏水")));
        Assert.Empty(_vault.Kept);
    }

    [Fact]
    public async Task GetRequest_Unknown_Is404()
    {
        Assert.Equal(404, (await Assert.ThrowsAsync<Open311Exception>(() => Gateway.GetRequestAsync("nope"))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<Open311Exception>(() => Gateway.GetRequestAsync("has space"))).StatusCode);
    }

    [Fact]
    public async Task GetRequests_DefaultsToTheLast90Days_NewestFirst()
    {
        var old = await _host.ReportAsync("environment");
        _host.Clock.Advance(Duration.FromDays(91));
        var recent = await _host.ReportAsync("housing");
        _host.Clock.Advance(Duration.FromHours(1));
        var newest = await _host.ReportAsync("environment");

        var found = await Gateway.GetRequestsAsync(Query());
        Assert.Equal([newest.Id.Value, recent.Id.Value], found.Select(r => r.ServiceRequestId));

        var byIds = await Gateway.GetRequestsAsync(Query(("service_request_id", $"{old.Id},nope,{newest.Id}"), ("status", "closed")));
        Assert.Equal([old.Id.Value, newest.Id.Value], byIds.Select(r => r.ServiceRequestId)); // ids given: other filters ignored
    }

    [Fact]
    public async Task GetRequests_FiltersByServiceCodeStatusAndDates()
    {
        var a = await _host.ReportAsync("environment");
        _host.Clock.Advance(Duration.FromDays(2));
        var b = await _host.ReportAsync("housing");
        await _host.Service.ExecuteAsync(new RejectIssue(b.Id, IssueTestHost.Secretary) { Reason = "不属于受理范围" });
        _host.Clock.Advance(Duration.FromDays(2));
        var c = await _host.ReportAsync("environment");

        Assert.Equal([c.Id.Value, a.Id.Value], (await Gateway.GetRequestsAsync(Query(("service_code", "environment")))).Select(r => r.ServiceRequestId));
        Assert.Equal([b.Id.Value], (await Gateway.GetRequestsAsync(Query(("status", "closed")))).Select(r => r.ServiceRequestId));
        Assert.Equal([b.Id.Value, a.Id.Value], (await Gateway.GetRequestsAsync(Query(("service_code", "housing,environment"), ("end_date", "2026-03-04T09:00:00+08:00")))).Select(r => r.ServiceRequestId));
        Assert.Equal([c.Id.Value], (await Gateway.GetRequestsAsync(Query(("start_date", "2026-03-05"))).ConfigureAwait(true)).Select(r => r.ServiceRequestId));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-04-02T00:00:00Z", "90 days")]
    [InlineData("2026-03-02T00:00:00+08:00", "2026-03-01T00:00:00+08:00", "before start_date")]
    public async Task GetRequests_ABadWindow_Is400(string start, string end, string message)
    {
        var ex = await Assert.ThrowsAsync<Open311Exception>(() => Gateway.GetRequestsAsync(Query(("start_date", start), ("end_date", end))));
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains(message, ex.Errors[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseQuery_ListsEveryMalformedFilter()
    {
        var ex = Assert.Throws<Open311Exception>(() => Query(("status", "pending"), ("start_date", "yesterday")));
        Assert.Equal(2, ex.Errors.Count);
    }

    [Fact]
    public async Task AnotherJurisdiction_Is404_WhenOneIsConfigured()
    {
        using var host = new IssueTestHost(b => b.AddOpen311(o => o.JurisdictionId = "xigu.lanzhou"));
        var gateway = host.Get<Open311Gateway>();
        Assert.NotEmpty(gateway.GetServices("xigu.lanzhou"));
        Assert.NotEmpty(gateway.GetServices());
        Assert.Equal(404, Assert.Throws<Open311Exception>(() => gateway.GetServices("chengguan")).StatusCode);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CreateRequest_WithNoKeyConfigured_RefusesEveryPost()
    {
        using var host = new IssueTestHost(b => b.AddOpen311());
        var ex = await Assert.ThrowsAsync<Open311Exception>(() => host.Get<Open311Gateway>().CreateRequestAsync(Form(("api_key", ""), ("service_code", "housing"), ("address_id", "B1"))));
        Assert.Equal(403, ex.StatusCode);
    }

    [Fact]
    public void AddOpen311_AShortApiKey_FailsValidation()
        => Assert.Contains("16 characters", Assert.Single(new Open311Options { ApiKeys = { "short" } }.Validate()), StringComparison.Ordinal);

    [Fact]
    public async Task Mapper_FollowsProfessionalGridReloads()
    {
        var issue = await _host.ReportAsync("environment");
        await _host.Service.ExecuteAsync(new AcceptIssue(issue.Id, IssueTestHost.Secretary));
        await _host.Service.ExecuteAsync(new DispatchIssue(issue.Id, IssueTestHost.Secretary, "PG-CG"));
        var before = Gateway.Mapper;
        Assert.Same(before, Gateway.Mapper);
        Assert.Equal("区城管局 (城管网格)", (await Gateway.GetRequestAsync(issue.Id.Value)).AgencyResponsible);

        _host.Territory.LoadProfessionalGrids([new ProfessionalGrid("PG-CG", "城管网格", ProfessionalGridLevel.DistrictDepartment, "区综合执法局", ["environment"], ["D"])]);
        Assert.NotSame(before, Gateway.Mapper);
        Assert.Equal("区综合执法局 (城管网格)", (await Gateway.GetRequestAsync(issue.Id.Value)).AgencyResponsible);
    }

    [Fact]
    public async Task CreateRequest_VetoedByAHook_Is400_WithTheHooksReason()
    {
        using var host = new IssueTestHost(b => b.AddIssueHook(new VetoEverything()).AddOpen311(o => o.ApiKeys.Add(ApiKey)));
        var ex = await Assert.ThrowsAsync<Open311Exception>(() => host.Get<Open311Gateway>().CreateRequestAsync(Form(("api_key", ApiKey), ("service_code", "housing"), ("address_id", "B1"))));
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("district.closed-for-maintenance", ex.Errors[0].Description, StringComparison.Ordinal);
        Assert.Equal(0, host.Service.ReadModel.Count);
    }

    [Fact]
    public async Task CreateRequest_TheAccessPolicyRefusingResidents_Is403_AndRecordsNoIssue()
    {
        using var host = new IssueTestHost(b => b.UseAccessPolicy(new AccessPolicyBuilder().AllowAll(AccessPolicy.Default.Rules).Revoke(IssueAccess.WorkflowName, "Report", ActorRoles.Resident).Build())
            .AddOpen311(o => o.ApiKeys.Add(ApiKey)));
        var ex = await Assert.ThrowsAsync<Open311Exception>(() => host.Get<Open311Gateway>().CreateRequestAsync(Form(("api_key", ApiKey), ("service_code", "housing"), ("address_id", "B1"))));
        Assert.Equal(403, ex.StatusCode);
        Assert.Contains(AccessDeniedException.RoleMissingCode, ex.Errors[0].Description, StringComparison.Ordinal);
        Assert.Equal(0, host.Service.ReadModel.Count);
    }

    public void Dispose() => _host.Dispose();

    private sealed class VetoEverything : IIssueHook
    {
        public ValueTask InvokeAsync(IssueTransitionContext context, GridGov.Sdk.Workflows.TransitionDelegate next)
        {
            context.Veto("district.closed-for-maintenance", "reports are paused");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RecordingVault : IOpen311PersonalDataVault
    {
        public ConcurrentQueue<(IssueId, Open311PersonalData)> Kept { get; } = new();

        public ValueTask KeepAsync(IssueId issueId, Open311PersonalData personalData, CancellationToken cancellationToken)
        {
            Kept.Enqueue((issueId, personalData));
            return ValueTask.CompletedTask;
        }
    }
}
