using GridGov.Sdk.Committees;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>The district's joint-meeting system with enterprises (联席会议, 地企共驻共建).</summary>
public sealed class JointMeetingTests
{
    /// <summary>Records shaped like the report: 8 meetings deciding 32 matters, 62 cadres exchanged, 20,000 m² in 7 grants.</summary>
    internal static IReadOnlyList<JointMeetingEvent> ReportRecords()
    {
        var records = new List<JointMeetingEvent>();
        string[] enterprises = ["兰州石化公司", "中铝兰州分公司", "兰州石化职业技术大学", "国网兰州供电公司"];
        for (var m = 0; m < 8; m++)
        {
            records.Add(new JointMeetingHeld(new LocalDate(2020, 1 + m, 15), $"地企联席会议第{m + 1}次", [enterprises[m % 4], enterprises[(m + 1) % 4]], [.. Enumerable.Range(1, 4).Select(i => $"重大事项{(m * 4) + i}")]));
        }

        for (var c = 0; c < 62; c++)
        {
            var toDistrict = c % 2 == 0;
            records.Add(new CadreExchanged($"cadre-{c:00}", $"干部{c:00}", toDistrict ? enterprises[c % 4] : "西固区", toDistrict ? "西固区" : enterprises[c % 4], new LocalDate(2020, 3, 1).PlusDays(c), new LocalDate(2020, 9, 1).PlusDays(c)));
        }

        decimal[] areas = [5000m, 4200m, 3000m, 2500m, 2300m, 1800m, 1200m];
        for (var s = 0; s < areas.Length; s++)
        {
            records.Add(new FreeSpaceProvided(enterprises[s % 4], "西固区", "党群服务中心 / 活动场地", areas[s], new LocalDate(2020, 6, 1)));
        }

        return records;
    }

    [Fact]
    public async Task Summary_FedTheReportsRecords_Reproduces32Matters62CadresAnd20000SquareMetres()
    {
        using var host = Host();
        var service = host.Get<JointMeetingService>();
        await service.RecordAsync(DistrictClerk, "D", ReportRecords(), "区委地企共建台账");

        var summary = await service.SummarizeAsync("D", new LocalDate(2021, 1, 1));

        Assert.Equal((8, 32, 62, 20_000m, 4), (summary.Meetings, summary.MattersDecided, summary.CadresExchanged, summary.SpaceSquareMetres, summary.Enterprises));
        var stream = await host.Get<IEventStore>().ReadStreamAsync(JointMeetingService.StreamIdOf("D"));
        Assert.Equal(ReportRecords().Count, stream.Count);
        Assert.All(stream, e => Assert.Equal("区委地企共建台账", e.Metadata.Reason));
    }

    [Fact]
    public void Summary_AsOfAnEarlierDate_CountsOnlyWhatHadHappened()
    {
        var summary = JointMeetingService.Summarize("D", new LocalDate(2020, 3, 10), ReportRecords());

        Assert.Equal((2, 8, 10, 0m), (summary.Meetings, summary.MattersDecided, summary.CadresExchanged, summary.SpaceSquareMetres));
    }

    [Fact]
    public void Summary_SameCadreExchangedTwice_CountsOnce()
    {
        var d = new LocalDate(2020, 1, 1);
        var summary = JointMeetingService.Summarize("D", d, [new CadreExchanged("c", "甲", "A", "B", d, null), new CadreExchanged("c", "甲", "B", "A", d, null)]);

        Assert.Equal(1, summary.CadresExchanged);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(0.001)]
    public async Task Record_InvalidArea_IsRefusedAndRecordsNothing(double area)
    {
        using var host = Host();
        var service = host.Get<JointMeetingService>();

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.RecordAsync(DistrictClerk, "D",
            [new JointMeetingHeld(Formed, "会", ["企"], ["事"]), new FreeSpaceProvided("企", "区", "用", (decimal)area, Formed)]));

        Assert.Equal(WorkflowRejectedException.InvalidCommandCode, ex.Code);
        Assert.Empty(await host.Get<IEventStore>().ReadStreamAsync(JointMeetingService.StreamIdOf("D")));
    }

    [Fact]
    public async Task Record_UnknownDistrictOrExchangeEndingBeforeItStarts_IsRefused()
    {
        using var host = Host();
        var service = host.Get<JointMeetingService>();

        await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.RecordAsync(DistrictClerk, "NOWHERE", [new JointMeetingHeld(Formed, "会", [], [])]));
        await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.RecordAsync(DistrictClerk, "D", [new CadreExchanged("c", "甲", "A", "B", Formed, Formed)]));
    }
}
