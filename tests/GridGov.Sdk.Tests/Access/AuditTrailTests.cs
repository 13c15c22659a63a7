using Microsoft.Extensions.DependencyInjection;
using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using NodaTime;
using static GridGov.Sdk.Tests.Access.AccessCast;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// The audit queries: one aggregate's history in order with reasons, one actor's doings in a time
/// window (paged over the global log), every refusal; and the actor as event metadata keeps it.
/// </summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task ForIssue_ListsWhoDidWhatInOrderWithReasonsAndRoles()
    {
        using var host = new IssueTestHost();
        var issue = await host.RejectedAsync();

        var trail = await host.Get<AuditTrail>().ForIssueAsync(issue.Id);

        Assert.Equal(["issue.reported", "issue.rejected"], trail.Select(e => e.EventType));
        Assert.Equal([1L, 2L], trail.Select(e => e.StreamVersion));
        var rejected = trail[1];
        Assert.Equal(IssueTestHost.Secretary.Id, rejected.ActorId);
        Assert.Equal(ActorRoles.CommunitySecretary, rejected.ActorRoles);
        Assert.Equal(ActorKind.Person, rejected.ActorKind);
        Assert.Equal("不属于受理范围", rejected.Reason);
        Assert.Equal(("Reported", "Rejected"), (rejected.FromState, rejected.ToState));
        Assert.Equal(host.Now(), rejected.At);
    }

    [Fact]
    public async Task ForStream_UnknownStream_IsEmpty()
    {
        using var host = new IssueTestHost();

        Assert.Empty(await host.Get<AuditTrail>().ForStreamAsync("issue-nothing"));
    }

    [Fact]
    public async Task ByActor_FindsTheActorsEventsInTheWindow_AcrossIssuesAndRefusals_PageByPage()
    {
        using var host = new IssueTestHost();
        var audit = host.Get<AuditTrail>();
        var start = host.Now();
        for (var i = 0; i < 5; i++)
        {
            await host.AcceptedAsync();                       // the secretary accepts each
            host.Clock.Advance(Duration.FromHours(1));
        }

        var outside = await host.ReportAsync(place: "C2");
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new AcceptIssue(outside.Id, SecretaryC1)));
        var window = new Interval(start + Duration.FromMinutes(30), null); // leaves out the first acceptance

        var first = await audit.ByActorAsync(IssueTestHost.Secretary.Id, window, pageSize: 3);
        var second = await audit.ByActorAsync(IssueTestHost.Secretary.Id, window, first.NextPosition, pageSize: 3);
        var refusals = await audit.ByActorAsync(SecretaryC1.Id, new Interval(null, null));

        Assert.Equal(3, first.Entries.Count);
        Assert.False(first.IsLast);
        Assert.Single(second.Entries);
        Assert.True(second.IsLast);
        Assert.All(first.Entries.Concat(second.Entries), e => Assert.Equal("issue.accepted", e.EventType));
        Assert.True(first.Entries.Concat(second.Entries).Select(e => e.Position).SequenceEqual(first.Entries.Concat(second.Entries).Select(e => e.Position).Order()));
        Assert.Equal("access.refused", Assert.Single(refusals.Entries).EventType);
    }

    [Fact]
    public async Task ByActor_RejectsAPageSizeOutOfRange()
    {
        using var host = new IssueTestHost();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Get<AuditTrail>().ByActorAsync("a", new Interval(null, null), pageSize: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Get<AuditTrail>().ByActorAsync("a", new Interval(null, null), fromPosition: 0));
    }

    [Fact]
    public async Task Refusals_AreEveryRefusalInOrder_WithinTheWindow()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync(place: "C2");
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new AcceptIssue(issue.Id, SecretaryC1)));
        host.Clock.Advance(Duration.FromDays(1));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new AcceptIssue(issue.Id, Nobody)));
        var audit = host.Get<AuditTrail>();

        var all = await audit.RefusalsAsync();
        var lastDay = await audit.RefusalsAsync(new Interval(host.Now(), null));

        Assert.Equal([SecretaryC1.Id, Nobody.Id], all.Select(r => r.ActorId));
        Assert.Equal([AccessDeniedException.OutOfScopeCode, AccessDeniedException.RoleMissingCode], all.Select(r => r.Code));
        Assert.All(all, r => Assert.Equal((IssueAccess.WorkflowName, "Accept", issue.Id.Value), (r.Workflow, r.Trigger, r.TargetId)));
        Assert.Equal(Nobody.Id, Assert.Single(lastDay).ActorId);
    }

    [Fact]
    public async Task Refusals_SurviveASerializingStore_WithTheirHashChain()
    {
        var store = new InMemoryEventStore(new EventSerializer());
        using var host = new IssueTestHost(b => b.Services.AddSingleton<IEventStore>(store));
        var issue = await host.ReportAsync(place: "C2");
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new AcceptIssue(issue.Id, SecretaryC1)));

        var refusal = Assert.Single(await host.Get<AuditTrail>().RefusalsAsync());
        var verification = await store.VerifyAsync();

        Assert.Equal(SecretaryC1.Id, refusal.ActorId);
        Assert.Equal(ActorRoles.CommunitySecretary, refusal.ActorRoles);
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task Refusals_FromTwoServicesOnOneStore_BothLand_InOneSecurityLog()
    {
        // Two nodes: each starts at version 0 of the security log and retries at the version the store reports.
        var store = new InMemoryEventStore();
        using var a = new IssueTestHost(b => b.Services.AddSingleton<IEventStore>(store));
        using var b = new IssueTestHost(x => x.Services.AddSingleton<IEventStore>(store));
        var issue = await a.ReportAsync(place: "C2");

        await Assert.ThrowsAsync<AccessDeniedException>(() => a.Service.ExecuteAsync(new AcceptIssue(issue.Id, SecretaryC1)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => b.Service.ExecuteAsync(new AcceptIssue(issue.Id, Nobody)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => a.Service.ExecuteAsync(new AcceptIssue(issue.Id, GridWorkerU1)));

        Assert.Equal([SecretaryC1.Id, Nobody.Id, GridWorkerU1.Id], (await a.Get<AuditTrail>().RefusalsAsync()).Select(r => r.ActorId));
    }

    // ---- The actor in event metadata ----

    [Fact]
    public void Metadata_StoresTheActorsKindRolesAsANumberAndScopes_AndReadsThemBack()
    {
        var serializer = new EventSerializer();
        var actor = new Actor("ent-1", "某企业") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff | ActorRoles.CommitteeMember, Scopes = [AccessScope.Subtree("C1"), AccessScope.ProfessionalGrid("PG-CG"), AccessScope.Everywhere] };
        var data = new EventData(new IssueAccepted { IssueId = new IssueId("I-1") }, new EventMetadata(actor, Instant.FromUtc(2026, 3, 2, 1, 0), "r"));

        var stored = serializer.Serialize(data);
        var json = Encoding.UTF8.GetString(stored.Metadata);
        var (_, metadata) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);

        Assert.Contains("\"roles\":40", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Organization\"", json, StringComparison.Ordinal);
        Assert.Equal(actor, metadata.Actor);
    }

    [Fact]
    public void Metadata_WrittenBeforeActorsHadRoles_ReadsAsAPersonWithNoRoleAndNoScope()
    {
        var serializer = new EventSerializer();
        var old = Encoding.UTF8.GetBytes("""{"actor":{"id":"gw-1","displayName":"网格员王"},"at":"2026-03-02T01:00:00Z","reason":"r","definitionVersion":1,"idempotencyKey":null,"annotations":null}""");
        var payload = serializer.Serialize(new EventData(new IssueAccepted { IssueId = new IssueId("I-1") }, new EventMetadata(Actor.System, Instant.MinValue))).Payload;

        var (_, metadata) = serializer.Deserialize("issue.accepted", payload, old);

        Assert.Equal(new Actor("gw-1", "网格员王"), metadata.Actor);
        Assert.Equal(ActorKind.Person, metadata.Actor.Kind);
        Assert.Equal(ActorRoles.None, metadata.Actor.Roles);
        Assert.Empty(metadata.Actor.Scopes);
    }
}
