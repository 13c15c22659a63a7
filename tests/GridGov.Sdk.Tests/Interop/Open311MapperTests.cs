using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Interop.Open311;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Tests.Issues;
using NodaTime;

namespace GridGov.Sdk.Tests.Interop;

public sealed class Open311MapperTests : IDisposable
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private readonly IssueTestHost _host = new();

    private Open311Mapper Mapper => new(_host.Territory.Current, _host.Territory.ProfessionalGrids, IssueRuleSet.Default, Shanghai, new Open311Options());

    private static Open311PostRequest Form(params (string Key, string Value)[] fields)
        => Open311PostRequest.FromForm(fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)));

    [Fact]
    public void Services_AreTheRuleSetsCategories_PlusTheFallback()
    {
        var services = Mapper.Services;
        Assert.Equal(IssueRuleSet.Default.Categories.Keys.Append("other").Order(StringComparer.Ordinal), services.Select(s => s.ServiceCode).Order(StringComparer.Ordinal));
        var environment = services.Single(s => s.ServiceCode == "environment");
        Assert.Equal("环境卫生", environment.ServiceName);
        Assert.Equal("realtime", environment.Type);
        Assert.True(environment.Metadata);
        Assert.Equal("小区 (compound)", environment.Group);
        Assert.Contains("7 working day(s)", environment.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void GetDefinition_ListsTitleAndPriority_InOrder()
    {
        var definition = Mapper.GetDefinition("housing");
        Assert.Equal("housing", definition.ServiceCode);
        Assert.Equal(["title", "priority"], definition.Attributes.Select(a => a.Code));
        Assert.Equal([1, 2], definition.Attributes.Select(a => a.Order));
        var priority = definition.Attributes[1];
        Assert.Equal("singlevaluelist", priority.Datatype);
        Assert.False(priority.Required);
        Assert.Equal(["normal", "urgent"], priority.Values.Select(v => v.Key));
    }

    [Fact]
    public void GetDefinition_UnknownService_Is404()
    {
        var ex = Assert.Throws<Open311Exception>(() => Mapper.GetDefinition("no-such"));
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(404, Assert.Single(ex.Errors).Code);
    }

    [Fact]
    public void ToReport_AddressId_IsAGridNodeCode_AndTheActorIsAResidentScopedToIt()
    {
        var report = Mapper.ToReport(Form(("service_code", "environment"), ("address_id", "B1"), ("account_id", "acc-7"),
            ("description", "楼道堆满杂物\n已经一周"), ("attribute[priority]", "urgent")));
        var command = report.Command;
        Assert.Equal("B1", command.PlaceCode);
        Assert.Equal("environment", command.Category);
        Assert.Equal(IssuePriority.Urgent, command.Priority);
        Assert.Equal(IssueSource.ResidentReport, command.Source);
        Assert.Equal("楼道堆满杂物", command.Title);
        Assert.Equal("open311:acc-7", command.ReporterId);
        Assert.Equal("open311:acc-7", command.Actor.Id);
        Assert.Equal(ActorRoles.Resident, command.Actor.Roles);
        Assert.Equal([AccessScope.Subtree("B1")], command.Actor.Scopes);
    }

    [Theory]
    [InlineData("1号楼", "B1")]
    [InlineData("西固区 / 陈坪街道 / 先锋社区 / 1号小区", "Q1")]
    [InlineData("西固区/陈坪街道/先锋社区", "C1")]
    [InlineData("西固区 > 先锋路街道 > 福利社区", "C2")]
    public void ToReport_AddressString_IsAUniqueNameOrAFullPath(string address, string code)
        => Assert.Equal(code, Mapper.ToReport(Form(("service_code", "housing"), ("address_string", address), ("description", "屋顶漏水"))).Place.Code);

    [Fact]
    public void ToReport_AnAmbiguousName_IsRefused()
    {
        var hierarchy = new GridHierarchyBuilder()
            .Add("D", "区", GridNodeKind.District)
            .Add("S1", "一街道", GridNodeKind.Street, "D")
            .Add("S2", "二街道", GridNodeKind.Street, "D")
            .Add("C1", "和平社区", GridNodeKind.Community, "S1")
            .Add("C2", "和平社区", GridNodeKind.Community, "S2")
            .Build();
        var mapper = new Open311Mapper(hierarchy, null, IssueRuleSet.Default, Shanghai, new Open311Options());
        var ex = Assert.Throws<Open311Exception>(() => mapper.ToReport(Form(("service_code", "housing"), ("address_string", "和平社区"))));
        Assert.Contains("matches 2 grid nodes", Assert.Single(ex.Errors).Description, StringComparison.Ordinal);
        Assert.Equal("C2", mapper.ToReport(Form(("service_code", "housing"), ("address_string", "区 / 二街道 / 和平社区"))).Place.Code);
    }

    [Fact]
    public void ToReport_LatLongAlone_IsRefusedWithAClearOpen311Error()
    {
        var ex = Assert.Throws<Open311Exception>(() => Mapper.ToReport(Form(("service_code", "housing"), ("lat", "36.08"), ("long", "103.62"))));
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("lat/long cannot be mapped", Assert.Single(ex.Errors).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ToReport_ListsEveryProblem()
    {
        var ex = Assert.Throws<Open311Exception>(() => Mapper.ToReport(Form(("description", new string('x', 4001)), ("attribute[priority]", "asap"), ("lat", "north"))));
        Assert.Equal(5, ex.Errors.Count); // lat not a number, no service_code, no location, description too long, bad priority
        Assert.All(ex.Errors, e => Assert.Equal(400, e.Code));
        Assert.Contains(ex.Errors, e => e.Description.Contains("4000", StringComparison.Ordinal));
    }

    [Fact]
    public void ToReport_KeepsPersonalDataOutOfTheCommand()
    {
        var report = Mapper.ToReport(Form(("service_code", "environment"), ("address_id", "B1"), ("description", "垃圾满溢"),
            ("first_name", "小明"), ("last_name", "王"), ("phone", "13800138000"), ("email", "wang@example.org"), ("device_id", "dev-42")));
        Assert.Equal(new Open311PersonalData("小明", "王", "13800138000", "wang@example.org", "dev-42"), report.PersonalData);
        var command = report.Command.ToString() + report.Command.Actor;
        foreach (var secret in new[] { "小明", "13800138000", "wang@example.org", "dev-42" })
        {
            Assert.DoesNotContain(secret, command, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, report.PersonalData.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("open311:anonymous", report.Command.Actor.Id);
        Assert.Null(report.Command.ReporterId);
    }

    [Fact]
    public async Task ToServiceRequest_MasksThePlaceToTheCompound_AndWritesShanghaiOffsets()
    {
        var issue = await _host.ReportAsync("environment", "B1");
        var request = Mapper.ToServiceRequest(issue, issue.ReportedAt);
        Assert.Equal("西固区 / 陈坪街道 / 先锋社区 / 1号小区", request.Address);
        Assert.Equal("Q1", request.AddressId);
        Assert.Equal(Open311Status.Open, request.Status);
        Assert.Equal("2026-03-02T09:00:00+08:00", request.RequestedDatetime);
        Assert.Equal("先锋社区 / 1号小区", request.AgencyResponsible);
        Assert.Null(request.ExpectedDatetime); // no resolve deadline before a claim or dispatch
        Assert.Equal("环境卫生", request.ServiceName);

        var inZone = await _host.ReportAsync("environment", "Z1");
        Assert.Equal(("西固区 / 陈坪街道 / 先锋社区", "C1"), (Mapper.ToServiceRequest(inZone, inZone.ReportedAt).Address, Mapper.ToServiceRequest(inZone, inZone.ReportedAt).AddressId));
    }

    [Fact]
    public async Task ToServiceRequest_Dispatched_NamesTheProfessionalGridsAgency_AndClosedIsClosed()
    {
        var issue = await _host.ReportAsync("environment", "B1");
        await _host.Service.ExecuteAsync(new AcceptIssue(issue.Id, IssueTestHost.Secretary));
        var dispatched = (await _host.Service.ExecuteAsync(new DispatchIssue(issue.Id, IssueTestHost.Secretary, "PG-CG"))).Issue;
        var open = Mapper.ToServiceRequest(dispatched, _host.Clock.GetCurrentInstant());
        Assert.Equal("区城管局 (城管网格)", open.AgencyResponsible);
        Assert.NotNull(open.ExpectedDatetime);

        var rejected = (await _host.Service.ExecuteAsync(new RejectIssue((await _host.ReportAsync()).Id, IssueTestHost.Secretary) { Reason = "不属于受理范围" })).Issue;
        var closed = Mapper.ToServiceRequest(rejected, _host.Clock.GetCurrentInstant());
        Assert.Equal(Open311Status.Closed, closed.Status);
        Assert.Null(closed.ExpectedDatetime);
        Assert.Contains("不予立案", closed.StatusNotes, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
