using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Storage;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Privacy;

/// <summary>
/// Issue 9's privacy proof extended to committees and meetings: a resident member's name, an outside
/// participant's and a pledge claimant's never appear in full in the inspector's export, an exception
/// message, a log line or an event's <c>ToString</c>; committee and meeting events are in the export.
/// </summary>
public sealed class CommitteePrivacyProperties
{
    private static readonly Gen<string> Names =
        from surname in Gen.Elements("欧阳", "司马", "诸葛", "上官", "宋", "韩")
        from length in Gen.Choose(1, 3)
        from given in Gen.ArrayOf(Gen.Elements("琳瑶璇珂芮萱翊澄曦珩".ToCharArray()), length)
        select surname + new string(given);

    [Property(MaxTest = 30)]
    public Property CommitteeExportRowsExceptionsAndLogLines_HoldNoFullName()
        => Prop.ForAll(Arb.From(Names), Arb.From(Names), (member, outsider) => Task.Run(async () =>
        {
            using var host = new PrivacyTestHost();
            var service = host.Host.Get<CommitteeService>();
            var errors = new List<string>();
            async Task Expect(Func<Task> act)
            {
                try
                {
                    await act();
                    Assert.Fail("the command was expected to be refused");
                }
                catch (GridGovException e)
                {
                    errors.Add(e.ToString());
                }
            }

            var representative = Appointment("res-9", member, MemberCategory.ResidentRepresentative);
            await FormAsync(service, [.. CompliantMembers(), representative]);
            await Expect(() => service.ExecuteAsync(new AppointMembers(Id, Clerk, [representative])));
            var id = (await service.ScheduleMeetingAsync(new ScheduleMeeting(Id, Clerk, MeetingKind.Special, "专题会议", new LocalDate(2026, 3, 2), [new AgendaItemDraft("议题", "背景")], [new OutsideParticipant("out-9", outsider, "居民")]))).Meeting.Id;
            await service.ExecuteAsync(new ConveneMeeting(id, Secretary, [Secretary.Id, "staff-1", "ent-1", "res-1", "res-9", "out-9"]));
            await service.ExecuteAsync(new DecideItem(id, Secretary, 1, "认领") { FollowUps = [FollowUpRequest.Pledge("出资", "出资修路", 500m)] });
            await service.ExecuteAsync(new ClaimPledge(id, Secretary, 1, "res-9", member, 500m));
            await Expect(() => service.ExecuteAsync(new ClaimPledge(id, Secretary, 1, "res-9", member, 500m)));
            var residentActor = new Actor("res-9", member) { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("C1")] };
            await Expect(() => service.ExecuteAsync(new CancelMeeting(id, residentActor) { Reason = "r" }));

            var export = await host.Export.ToCsvAsync();

            Assert.Contains("committee.member-appointed", export, StringComparison.Ordinal);
            Assert.Contains("meeting.pledge-claimed", export, StringComparison.Ordinal);
            Assert.Contains("access.refused", export, StringComparison.Ordinal);
            var texts = new List<(string What, string Text)> { ("export", export) };
            texts.AddRange(errors.Select(e => ("exception", e)));
            texts.AddRange(host.Logs.Lines.Select(l => ("log line", l)));
            foreach (var e in await host.Store.ReadAllAsync().ToListAsync())
            {
                texts.Add(("event ToString", e.Payload.ToString()!));
                texts.Add(("metadata ToString", e.Metadata.ToString()));
            }

            foreach (var (what, text) in texts)
            {
                Assert.False(text.Contains(member, StringComparison.Ordinal), $"{what} holds the member's name {member}: {text}");
                Assert.False(text.Contains(outsider, StringComparison.Ordinal), $"{what} holds the participant's name {outsider}: {text}");
            }
        }).GetAwaiter().GetResult());
}
