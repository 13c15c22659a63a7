using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Interop.Open311;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Tests.Issues;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GridGov.Sdk.Tests.Interop;

public sealed partial class Open311Properties
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly string[] Places = ["D", "S1", "C1", "Q1", "B1", "G1", "G2", "U1", "Z1", "S2", "C2"];
    private static readonly string[] Categories = ["environment", "housing", "facilities", "neighbour-dispute"];
    private static readonly Lazy<Task<Fixture>> Shared = new(Fixture.CreateAsync);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")]
    private static partial Regex ShanghaiDateTime();

    private static readonly Gen<Issue> Issues =
        from state in Gen.Elements(Enum.GetValues<IssueState>())
        from place in Gen.Elements(Places)
        from handling in Gen.Elements(Places)
        from reported in Gen.Choose(0, 1_000_000)
        from deadline in Gen.Choose(-1, 1_000_000)
        from resolveDeadline in Gen.Choose(-1, 1_000_000)
        from grid in Gen.Elements<string?>(null, "PG-CG", "PS-1", "PG-NOPE")
        select new Issue
        {
            Id = IssueId.New(),
            State = state,
            Category = "environment",
            PlaceCode = place,
            HandlingNodeCode = handling,
            LevelChain = [handling],
            Title = "t",
            Description = "d",
            ReportedAt = IssueTestHost.Start + Duration.FromMinutes(reported),
            Deadline = deadline < 0 ? null : IssueTestHost.Start + Duration.FromMinutes(deadline),
            ResolveDeadline = resolveDeadline < 0 ? null : IssueTestHost.Start + Duration.FromMinutes(resolveDeadline),
            ProfessionalGridCode = grid,
            Suspension = state == IssueState.Suspended ? SuspensionKind.Parked : null,
        };

    [Property(MaxTest = 300)]
    public Property IssueToRequest_StatusIsOpenOrClosed_DatesCarryTheOffset_AndThePlaceIsMaskedToTheCompound()
    {
        using var host = new IssueTestHost();
        var mapper = new Open311Mapper(host.Territory.Current, host.Territory.ProfessionalGrids, IssueRuleSet.Default, Shanghai, new Open311Options());
        var hierarchy = host.Territory.Current;
        return Prop.ForAll(Arb.From(Issues), issue =>
        {
            var request = mapper.ToServiceRequest(issue, issue.ReportedAt + Duration.FromHours(1));
            var closed = issue.State is IssueState.Closed or IssueState.Rejected or IssueState.Merged;
            var masked = hierarchy[request.AddressId!];
            return request.Status == (closed ? "closed" : "open")
                   && new[] { request.RequestedDatetime, request.UpdatedDatetime, request.ExpectedDatetime }.Where(d => d is not null).All(d => ShanghaiDateTime().IsMatch(d!))
                   && (request.ExpectedDatetime is null || !closed)
                   && masked.Kind <= GridNodeKind.Compound
                   && masked.IsAncestorOrSelfOf(hierarchy[issue.PlaceCode])
                   && request.Address == masked.Path;
        });
    }

    private static readonly Gen<(string[] Codes, string? Status, int StartDay, int Span, bool NoDates)> Queries =
        from codes in Gen.SubListOf(Categories)
        from status in Gen.Elements<string?>(null, "open", "closed")
        from startDay in Gen.Choose(-10, 130)
        from span in Gen.Choose(0, 100)
        from noDates in Gen.Elements(false, false, false, true)
        select (codes.ToArray(), status, startDay, span, noDates);

    [Property(MaxTest = 150)]
    public Property GetRequests_EqualsALinqReference()
        => Prop.ForAll(Arb.From(Queries), q => Task.Run(async () =>
        {
            var fixture = await Shared.Value;
            var fields = new List<KeyValuePair<string, string?>>
            {
                new("service_code", string.Join(',', q.Codes)),
                new("status", q.Status),
            };
            var start = IssueTestHost.Start + Duration.FromDays(q.StartDay);
            var end = start + Duration.FromDays(q.Span);
            if (!q.NoDates)
            {
                fields.Add(new("start_date", Open311Mapper.FormatDateTime(start, Shanghai)));
                fields.Add(new("end_date", Open311Mapper.FormatDateTime(end, Shanghai)));
            }
            else
            {
                (start, end) = (fixture.Now - Duration.FromDays(90), fixture.Now);
            }

            var query = Open311RequestQuery.Parse(fields, Shanghai);
            var expected = fixture.All
                .Where(r => r.ReportedAt >= start && r.ReportedAt <= end)
                .Where(r => q.Codes.Length == 0 || q.Codes.Contains(r.Request.ServiceCode))
                .Where(r => q.Status is null || r.Request.Status == q.Status)
                .OrderByDescending(r => r.ReportedAt).ThenBy(r => r.Request.ServiceRequestId, StringComparer.Ordinal)
                .Take(Open311RequestQuery.MaxRecords)
                .Select(r => r.Request.ServiceRequestId)
                .ToList();
            try
            {
                var actual = await fixture.Gateway.GetRequestsAsync(query);
                return (q.NoDates || q.Span <= 90) && actual.Select(r => r.ServiceRequestId).SequenceEqual(expected);
            }
            catch (Open311Exception ex) when (ex.StatusCode == 400)
            {
                return !q.NoDates && q.Span > 90;
            }
        }).GetAwaiter().GetResult());

    /// <summary>About 120 issues over 130 days, some rejected, some closed; read-only once built.</summary>
    private sealed record Fixture(IssueTestHost Host, Open311Gateway Gateway, ImmutableArray<(Open311ServiceRequest Request, Instant ReportedAt)> All, Instant Now)
    {
        public static async Task<Fixture> CreateAsync()
        {
            var host = new IssueTestHost(b => b.AddOpen311());
            var random = new Random(311);
            var ids = new List<IssueId>();
            for (var i = 0; i < 120; i++)
            {
                // Several reports share an instant now and then, so the id tie-break is exercised.
                host.Clock.Advance(Duration.FromMinutes(random.Next(3) == 0 ? 0 : random.Next(1, 3 * 24 * 60)));
                var issue = await host.ReportAsync(Categories[random.Next(Categories.Length)], random.Next(2) == 0 ? "B1" : "Z1");
                ids.Add(issue.Id);
                if (random.Next(4) == 0)
                {
                    await host.Service.ExecuteAsync(new RejectIssue(issue.Id, IssueTestHost.Secretary) { Reason = "不属于受理范围" });
                }
            }

            var gateway = host.Get<Open311Gateway>();
            var all = new List<(Open311ServiceRequest, Instant)>();
            foreach (var id in ids)
            {
                all.Add((await gateway.GetRequestAsync(id.Value), (await host.Service.GetAsync(id)).ReportedAt));
            }

            return new Fixture(host, gateway, [.. all], host.Clock.GetCurrentInstant());
        }
    }
}
