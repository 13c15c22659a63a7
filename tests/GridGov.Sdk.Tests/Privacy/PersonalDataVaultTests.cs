using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridGov.Sdk.Tests.Privacy;

public sealed class PersonalDataVaultTests
{
    [Fact]
    public async Task ReportAsync_WithAContact_PutsOnlyTheReferenceIntoTheEvent()
    {
        using var host = new PrivacyTestHost();

        var (issue, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        var stored = host.Store.Rows().Single(r => r.StreamId == issue.Id.StreamId);
        var payload = Encoding.UTF8.GetString(stored.Payload);
        Assert.Contains(reference.Value, payload, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("2单元501", payload, StringComparison.Ordinal);
        var view = await host.Vault.ReadMaskedAsync(reference);
        Assert.Equal("张* 138****5678 西固区 / 陈坪街道 / 先锋社区 / 1号小区 ***", view.ToString());
    }

    [Fact]
    public async Task ReportAsync_WithoutAContact_KeepsTheStoredFormOfBefore()
    {
        using var host = new PrivacyTestHost();

        var issue = await host.Host.ReportAsync();

        var payload = Encoding.UTF8.GetString(host.Store.Rows().Single(r => r.StreamId == issue.Id.StreamId).Payload);
        Assert.DoesNotContain("reporterContact", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAsync_Refused_LeavesNoPersonalDataBehind()
    {
        using var host = new PrivacyTestHost(b => b.AddIssueHook(new VetoEverything()));
        var store = (InMemoryPersonalDataStore)host.Host.Get<IPersonalDataStore>();

        await Assert.ThrowsAsync<WorkflowVetoedException>(() => host.ReportWithContactAsync(PrivacyTestHost.Contact()));

        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task ReportAsync_DuplicateDelivery_KeepsOneCopyOfTheContact()
    {
        using var host = new PrivacyTestHost();
        var store = (InMemoryPersonalDataStore)host.Host.Get<IPersonalDataStore>();
        var report = new ReportIssue(PrivacyTestHost.Resident, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "楼道堆放杂物", "堆满杂物")
        {
            ReporterContact = PrivacyTestHost.Contact(),
            IdempotencyKey = "k-1",
        };

        await host.Issues.ReportAsync(report);
        var again = await host.Issues.ReportAsync(report);

        Assert.True(again.WasDuplicate);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task RevealAsync_SecretaryOfTheCommunity_GetsTheOriginalAndTheReadIsRecorded()
    {
        using var host = new PrivacyTestHost();
        var contact = PrivacyTestHost.Contact();
        var (_, reference) = await host.ReportWithContactAsync(contact);
        host.Host.Clock.AdvanceMinutes(5);

        var revealed = await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, "回访核实 13812345678 的诉求");

        Assert.Equal(contact, revealed);
        Assert.Equal("张三", revealed.Name!.Value.Reveal());
        Assert.Equal("13812345678", revealed.Phone!.Value.Reveal());
        var record = Assert.Single(await host.Store.ReadStreamAsync(reference.StreamId));
        var revealedEvent = Assert.IsType<PersonalDataRevealed>(record.Payload);
        Assert.Equal(reference, revealedEvent.Ref);
        Assert.Equal("回访核实 138****5678 的诉求", revealedEvent.Purpose);
        Assert.Equal(PrivacyTestHost.Secretary.Id, record.Metadata.Actor.Id);
        Assert.Equal(host.Host.Clock.GetCurrentInstant(), record.Metadata.At);
        Assert.Contains(host.Logs.Lines, l => l.Contains(reference.Value, StringComparison.Ordinal) && l.Contains("sec-1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gw-1")]
    [InlineData("sec-2")]
    [InlineData("r-1")]
    public async Task RevealAsync_WithoutTheRoleOrOutsideTheScope_IsRefusedAndTheRefusalRecorded(string actorId)
    {
        using var host = new PrivacyTestHost();
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());
        var actor = new[] { PrivacyTestHost.GridWorker, PrivacyTestHost.OtherSecretary, PrivacyTestHost.Resident }.Single(a => a.Id == actorId);

        var ex = await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(async () => await host.Vault.RevealAsync(reference, actor, "看看"));

        Assert.Equal("privacy.reveal-denied", ex.Code);
        Assert.Equal(actorId, ex.ActorId);
        var refused = Assert.IsType<PersonalDataRevealRefused>(Assert.Single(await host.Store.ReadStreamAsync(reference.StreamId)).Payload);
        Assert.Equal("看看", refused.Purpose);
        Assert.DoesNotContain("张三", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevealAsync_DistrictAdministratorEverywhere_IsAllowed()
    {
        using var host = new PrivacyTestHost();
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact(), place: "C2");

        var revealed = await host.Vault.RevealAsync(reference, PrivacyTestHost.Administrator, "督办");

        Assert.Equal("张三", revealed.Name!.Value.Reveal());
    }

    [Fact]
    public async Task RevealAsync_PolicyReplacedInDI_DecidesInstead()
    {
        using var host = new PrivacyTestHost(b => b.UsePersonalDataAccessPolicy<NobodyMayReveal>());
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        var ex = await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(async () => await host.Vault.RevealAsync(reference, PrivacyTestHost.Administrator, "督办"));

        Assert.Equal("closed for the test", ex.Why);
    }

    [Fact]
    public async Task RevealAsync_RoleAllowedThroughTheAccessPolicy_AllowsIt_ButNotErasure()
    {
        using var host = new PrivacyTestHost(b => b.ConfigureAccess(p => p.Allow(PersonalDataAccess.WorkflowName, PersonalDataAccess.RevealTrigger, ActorRoles.GridWorker, AccessScopeRule.Place)));
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        var revealed = await host.Vault.RevealAsync(reference, PrivacyTestHost.GridWorker, "上门回访");
        var erase = await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(async () => await host.Vault.EraseAsync(reference, PrivacyTestHost.GridWorker, "居民申请"));

        Assert.Equal("13812345678", revealed.Phone!.Value.Reveal());
        Assert.StartsWith(AccessDeniedException.RoleMissingCode, erase.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevealAsync_RevokedInTheAccessPolicy_IsRefusedAndRecorded()
    {
        using var host = new PrivacyTestHost(b => b.ConfigureAccess(p => p.Revoke(PersonalDataAccess.WorkflowName, PersonalDataAccess.RevealTrigger, ActorRoles.CommunitySecretary)));
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        var ex = await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(async () => await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, "回访"));

        Assert.Equal(PersonalDataAccessDeniedException.RevealDeniedCode, ex.Code);
        Assert.Contains(await host.Host.Get<IEventStore>().ReadStreamAsync(reference.StreamId), e => e.Payload is PersonalDataRevealRefused);
        Assert.DoesNotContain("13812345678", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseAsync_RemovesTheData_RecordsTheErasure_AndTheLogStillVerifies()
    {
        using var host = new PrivacyTestHost();
        var (issue, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());
        await host.Issues.ExecuteAsync(new AcceptIssue(issue.Id, PrivacyTestHost.Secretary));
        await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, "回访");
        host.Host.Clock.AdvanceHours(1);

        var erased = await host.Vault.EraseAsync(reference, PrivacyTestHost.Secretary, "居民申请删除个人信息");

        Assert.True(erased.IsErased);
        Assert.Equal(host.Host.Clock.GetCurrentInstant(), erased.ErasedAt);
        Assert.Equal(PersonalDataMask.ErasedMarker, (await host.Vault.ReadMaskedAsync(reference)).ToString());
        await Assert.ThrowsAsync<PersonalDataErasedException>(async () => await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, "回访"));
        var stream = await host.Store.ReadStreamAsync(reference.StreamId);
        Assert.IsType<PersonalDataErased>(stream[^1].Payload);
        Assert.Equal("居民申请删除个人信息", stream[^1].Metadata.Reason);
        var verification = await host.Store.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(host.Store.Count, verification.EventsChecked);
        Assert.Equal(issue.Id, (await host.Issues.GetAsync(issue.Id)).Id);
    }

    [Fact]
    public async Task RevealAsync_ManyAtOnce_RecordsEveryRead()
    {
        using var host = new PrivacyTestHost();
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, $"回访 {i}"))));

        var stream = await host.Store.ReadStreamAsync(reference.StreamId);
        Assert.Equal(16, stream.Count);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"回访 {i}").Order(), stream.Select(e => ((PersonalDataRevealed)e.Payload).Purpose).Order());
    }

    [Fact]
    public void PersonalDataAttribute_MarksEveryNameAndContactMember()
    {
        (Type Type, string Member, PersonalDataKind Kind)[] marked =
        [
            (typeof(PersonalContact), nameof(PersonalContact.Name), PersonalDataKind.Name),
            (typeof(PersonalContact), nameof(PersonalContact.Phone), PersonalDataKind.Phone),
            (typeof(PersonalContact), nameof(PersonalContact.Address), PersonalDataKind.Address),
            (typeof(Actor), nameof(Actor.DisplayName), PersonalDataKind.Name),
            (typeof(GridGov.Sdk.Grids.UnitStaff), nameof(GridGov.Sdk.Grids.UnitStaff.Name), PersonalDataKind.Name),
            (typeof(GridGov.Sdk.Grids.CadreAssignment), nameof(GridGov.Sdk.Grids.CadreAssignment.CadreName), PersonalDataKind.Name),
            (typeof(ReportIssue), nameof(ReportIssue.Description), PersonalDataKind.FreeText),
            (typeof(IssueReported), nameof(IssueReported.ReporterContact), PersonalDataKind.Reference),
            (typeof(IssueResolved), nameof(IssueResolved.Notes), PersonalDataKind.FreeText),
        ];

        foreach (var (type, member, kind) in marked)
        {
            var attribute = type.GetProperty(member)!.GetCustomAttributes(typeof(PersonalDataAttribute), inherit: true).Cast<PersonalDataAttribute>().SingleOrDefault();
            Assert.True(attribute is not null, $"{type.Name}.{member} is not marked as personal data");
            Assert.Equal(kind, attribute.Kind);
        }
    }

    [Fact]
    public async Task EraseAsync_Twice_RecordsOnce()
    {
        using var host = new PrivacyTestHost();
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        await host.Vault.EraseAsync(reference, PrivacyTestHost.Secretary, "居民申请");
        await host.Vault.EraseAsync(reference, PrivacyTestHost.Secretary, "居民申请");

        Assert.Single(await host.Store.ReadStreamAsync(reference.StreamId));
    }

    [Fact]
    public async Task EraseAsync_ByAnActorWithoutPermission_IsRefusedAndErasesNothing()
    {
        using var host = new PrivacyTestHost();
        var (_, reference) = await host.ReportWithContactAsync(PrivacyTestHost.Contact());

        var ex = await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(async () => await host.Vault.EraseAsync(reference, PrivacyTestHost.GridWorker, "删除"));

        Assert.Equal(PersonalDataAccessDeniedException.EraseDeniedCode, ex.Code);
        Assert.False((await host.Vault.ReadMaskedAsync(reference)).IsErased);
    }

    [Fact]
    public async Task UnknownReference_IsATypedError()
    {
        using var host = new PrivacyTestHost();

        var ex = await Assert.ThrowsAsync<PersonalDataNotFoundException>(async () => await host.Vault.ReadMaskedAsync(PersonalDataRef.New()));

        Assert.Equal("privacy.not-found", ex.Code);
    }

    [Fact]
    public async Task ReportAsync_AContactWithoutAVault_IsRefused()
    {
        using var host = new Issues.IssueTestHost(b => b.Services.RemoveAll<IPersonalDataVault>());

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.ReportAsync(
            new ReportIssue(PrivacyTestHost.Resident, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "t", "d") { ReporterContact = PrivacyTestHost.Contact() }));

        Assert.Contains("vault", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_NamesThePersonalDataEvents()
    {
        var registry = EventTypeRegistry.CreateDefault();

        Assert.Equal("personal-data.revealed", registry.NameOf(typeof(PersonalDataRevealed)));
        Assert.Equal("personal-data.reveal-refused", registry.NameOf(typeof(PersonalDataRevealRefused)));
        Assert.Equal("personal-data.erased", registry.NameOf(typeof(PersonalDataErased)));
    }

    [Fact]
    public void PersonalDataRef_New_IsRandomAndParsesBack()
    {
        var a = PersonalDataRef.New();
        var b = PersonalDataRef.New();

        Assert.NotEqual(a, b);
        Assert.Equal(a, PersonalDataRef.Parse(a.Value));
        Assert.StartsWith("personal-data-pd-", a.StreamId, StringComparison.Ordinal);
        Assert.False(PersonalDataRef.TryParse("pd-short", out _));
    }

    private sealed class VetoEverything : IIssueHook
    {
        public ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
        {
            context.Veto("test.closed", "closed for the test");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NobodyMayReveal : IPersonalDataAccessPolicy
    {
        public PersonalDataAccessDecision CanReveal(Actor actor, PersonalDataSubject subject, string purpose) => PersonalDataAccessDecision.Deny("closed for the test");

        public PersonalDataAccessDecision CanErase(Actor actor, PersonalDataSubject subject, string reason) => PersonalDataAccessDecision.Deny("closed for the test");
    }
}
