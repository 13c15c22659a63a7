using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using GridGov.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GridGov.Sdk.Tests.Privacy;

/// <summary>
/// The issue test district (D / S1 / C1 / Q1 1号小区 / B1 1号楼 …) with a hash-chaining in-memory store, the
/// in-memory vault and a logger that captures every line.
/// </summary>
internal sealed class PrivacyTestHost : IDisposable
{
    public PrivacyTestHost(Action<GridGovBuilder>? configure = null)
    {
        Store = new InMemoryEventStore(new EventSerializer());
        Host = new IssueTestHost(builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(Store));
            builder.Services.AddSingleton(Logs);
            builder.Services.AddSingleton(typeof(ILogger<>), typeof(CapturingLogger<>));
            configure?.Invoke(builder);
        });
    }

    public static Actor Secretary { get; } = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    public static Actor OtherSecretary { get; } = new("sec-2", "社区书记赵") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C2")] };

    public static Actor GridWorker { get; } = new("gw-1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("C1")] };

    public static Actor Administrator { get; } = new("adm-1", "区级管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

    public static Actor Resident { get; } = new("r-1", "张三") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("D")] };

    public InMemoryEventStore Store { get; }

    public LogSink Logs { get; } = new();

    public IssueTestHost Host { get; }

    public IPersonalDataVault Vault => Host.Get<IPersonalDataVault>();

    public AuditExport Export => Host.Get<AuditExport>();

    public IssueService Issues => Host.Service;

    public static PersonalContact Contact(string name = "张三", string phone = "13812345678", string detail = "1号小区1号楼2单元501")
        => new(PersonName.Parse(name), PhoneNumber.Parse(phone), ResidentAddress.Create("B1", detail));

    public async Task<(Issue Issue, PersonalDataRef Ref)> ReportWithContactAsync(PersonalContact contact, string description = "3单元楼道堆满杂物", string place = "B1")
    {
        var result = await Issues.ReportAsync(new ReportIssue(Resident, "environment", IssuePriority.Normal, IssueSource.ResidentReport, place, "楼道堆放杂物", description)
        {
            ReporterId = Resident.Id,
            ReporterContact = contact,
        });
        var reported = (IssueReported)result.Events[0].Payload;
        return (result.Issue, reported.ReporterContact!.Value);
    }

    public void Dispose() => Host.Dispose();
}
