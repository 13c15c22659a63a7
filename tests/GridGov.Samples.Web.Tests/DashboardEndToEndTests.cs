using System.Buffers.Binary;
using System.Text.RegularExpressions;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace GridGov.Samples.Web.Tests;

/// <summary>
/// The dashboard in a real browser: headless Chromium loads the page from the running sample, its JS fetches
/// and draws, and the numbers in the resulting DOM must equal the SDK's read model. A screenshot is kept as a
/// test artifact. Chromium missing is a failure (scripts/test.sh installs it), so CI cannot pass without it.
/// </summary>
public sealed partial class DashboardEndToEndTests(WebAppFixture web) : IClassFixture<WebAppFixture>
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [GeneratedRegex("""<(?<tag>\w+)(?<attrs>[^>]*\bdata-indicator="[^"]*"[^>]*)>(?<text>[^<]*)<""")]
    private static partial Regex IndicatorElement();

    [GeneratedRegex("""<rect(?<attrs>[^>]*\bdata-series="[^"]*"[^>]*)>""")]
    private static partial Regex ChartBar();

    [GeneratedRegex("""<text[^>]*\bdata-label-month="(?<month>[^"]*)" data-label-series="(?<series>[^"]*)"[^>]*>(?<value>[^<]*)<""")]
    private static partial Regex BarLabel();

    [GeneratedRegex(""""(?<name>[\w-]+)="(?<value>[^"]*)"""")]
    private static partial Regex Attribute();

    [GeneratedRegex("""<div class="committee (?<colour>compliant|short)"(?<attrs>[^>]*)>""")]
    private static partial Regex CommitteeTile();

    [GeneratedRegex("""<span class="compliance-rate"(?<attrs>[^>]*)>(?<text>[^<]*)<""")]
    private static partial Regex ComplianceRate();

    [GeneratedRegex("""id="committees-as-of">(?<date>\d{4}-\d{2}-\d{2})<""")]
    private static partial Regex ComplianceDate();

    private static string RequireChromium()
        => Chromium.Find() ?? throw new InvalidOperationException(
            "chromium is not installed: the dashboard end-to-end test needs Debian's chromium package (bash scripts/test.sh installs it; or apt-get install -y chromium).");

    private static Dictionary<string, string> Attributes(string text)
        => Attribute().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

    [Fact]
    public async Task Dashboard_InHeadlessChromium_ShowsTheReadModelsNumbers()
    {
        var chromium = RequireChromium();
        var dom = await Chromium.RunAsync(chromium, web.Url + "/", "--dump-dom");
        Assert.Contains("data-loaded=\"true\"", dom, StringComparison.Ordinal);

        var services = web.App.Services;
        var model = services.GetRequiredService<IssueService>().ReadModel;
        var hierarchy = services.GetRequiredService<GridHierarchyHolder>().Current;
        var table = model.ComputeByNode(hierarchy, new Interval(null, null));

        var shown = IndicatorElement().Matches(dom)
            .Select(m => (Attrs: Attributes(m.Groups["attrs"].Value), Text: m.Groups["text"].Value.Trim()))
            .ToLookup(e => (e.Attrs["data-node"], e.Attrs["data-indicator"]), e => e.Text);
        var nodes = new[] { hierarchy.Root }.Concat(hierarchy.Root.Children).ToList();
        Assert.Equal(4, nodes.Count);
        var compared = 0;
        foreach (var node in nodes)
        {
            var expected = table[node];
            Assert.True(expected.Found > 0, $"{node.Name} has no problems: the seed is broken");
            var figures = new Dictionary<string, string>
            {
                ["found"] = expected.Found.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["claimed"] = expected.Claimed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resolved"] = expected.Resolved.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["close-rate"] = Percent(expected.CloseRate),
                ["on-time-close-rate"] = Percent(expected.OnTimeCloseRate),
                ["satisfaction-rate"] = Percent(expected.SatisfactionRate),
            };
            foreach (var (indicator, value) in figures)
            {
                Assert.Equal([value], shown[(node.Code, indicator)]);
                compared++;
            }
        }

        Assert.Equal(24, compared);
        Assert.Matches("""id="district-found"[^>]*>\d+<""", dom);

        // The chart: one bar per month and series, each with the read model's count of problems reported that month.
        var bars = ChartBar().Matches(dom).Select(m => Attributes(m.Groups["attrs"].Value)).ToList();
        Assert.Equal(5 * 3, bars.Count); // the last five months, three series
        foreach (var month in bars.GroupBy(b => b["data-month"]))
        {
            var first = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM").Parse(month.Key).GetValueOrThrow();
            var window = new Interval(first.AtStartOfDayInZone(Shanghai).ToInstant(), first.PlusMonths(1).AtStartOfDayInZone(Shanghai).ToInstant());
            var expected = model.Compute(hierarchy, hierarchy.Root.Code, window);
            var values = month.ToDictionary(b => b["data-series"], b => long.Parse(b["data-value"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((expected.Found, expected.Claimed, expected.Resolved), (values["found"], values["claimed"], values["resolved"]));
        }

        // The number written above each bar is the bar's own value.
        var labels = BarLabel().Matches(dom).ToDictionary(m => (m.Groups["month"].Value, m.Groups["series"].Value), m => m.Groups["value"].Value);
        Assert.Equal(bars.Count, labels.Count);
        Assert.All(bars, b => Assert.Equal(b["data-value"], labels[(b["data-month"], b["data-series"])]));

        Assert.Equal(table[hierarchy.Root].Found, bars.Where(b => b["data-series"] == "found").Sum(b => long.Parse(b["data-value"], System.Globalization.CultureInfo.InvariantCulture)));

        // The lifecycle: Graphviz's SVG when dot is installed (scripts/test.sh installs graphviz), else the Mermaid text.
        var dotInstalled = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "dot")));
        Assert.Matches(dotInstalled ? """id="lifecycle" data-format="svg"><svg""" : """id="lifecycle" data-format="mermaid"><pre>stateDiagram""", dom);
        Assert.Contains("committees-compliance", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComplianceMap_InHeadlessChromium_ShowsTheSdksFiveHavesReport()
    {
        var chromium = RequireChromium();
        var dom = await Chromium.RunAsync(chromium, web.Url + "/", "--dump-dom");
        Assert.Contains("id=\"committees-compliance\" data-status=\"loaded\"", dom, StringComparison.Ordinal);

        var services = web.App.Services;
        var hierarchy = services.GetRequiredService<GridHierarchyHolder>().Current;
        var asOf = LocalDatePattern.Iso.Parse(ComplianceDate().Match(dom).Groups["date"].Value).GetValueOrThrow();
        var report = services.GetRequiredService<CommitteeService>().Compliance(hierarchy.Root.Code, asOf);
        Assert.Equal(6, report.Committees.Count);

        // The rates: the district's and each street's, as numbers (data-*) and as the text a person reads.
        var rates = ComplianceRate().Matches(dom).Select(m => (Attrs: Attributes(m.Groups["attrs"].Value), Text: m.Groups["text"].Value)).ToList();
        var nodes = new[] { hierarchy.Root }.Concat(hierarchy.Root.Children).ToList();
        Assert.Equal(nodes.Count, rates.Count);
        foreach (var node in nodes)
        {
            var expected = report.RateAt(node);
            var (attrs, text) = Assert.Single(rates, r => r.Attrs["data-compliance-node"] == node.Code);
            var percent = Percent(expected);
            Assert.Equal((expected.Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture), expected.Denominator.ToString(System.Globalization.CultureInfo.InvariantCulture), percent), (attrs["data-compliant"], attrs["data-committees"], attrs["data-rate"]));
            Assert.Equal($"{percent}% ({expected.Numerator}/{expected.Denominator})", text);
        }

        // The map: one tile per committee, coloured by the SDK's verdict, naming the rules it misses.
        var tiles = CommitteeTile().Matches(dom).Select(m => (Colour: m.Groups["colour"].Value, Attrs: Attributes(m.Groups["attrs"].Value))).ToList();
        Assert.Equal(report.Committees.Count, tiles.Count);
        foreach (var committee in report.Committees)
        {
            var (colour, attrs) = Assert.Single(tiles, t => t.Attrs["data-committee"] == committee.CommitteeId.Value);
            Assert.Equal(committee.UnitCode, attrs["data-unit"]);
            Assert.Equal(committee.MeetsStandard ? "compliant" : "short", colour);
            Assert.Equal(committee.MeetsStandard ? "true" : "false", attrs["data-meets-standard"]);
            Assert.Equal(string.Join(' ', committee.UnmetRules), attrs["data-unmet"]);
        }

        Assert.Contains(tiles, t => t.Colour == "compliant");
        Assert.Contains(tiles, t => t.Colour == "short");
    }

    [Fact]
    public async Task Dashboard_Screenshot_IsSavedAsATestArtifact()
    {
        var chromium = RequireChromium();
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "dashboard.png");
        File.Delete(path);

        await Chromium.RunAsync(chromium, web.Url + "/", $"--screenshot={path}", "--window-size=1280,1600", "--hide-scrollbars");

        Assert.True(File.Exists(path), $"no screenshot at {path}");
        var png = await File.ReadAllBytesAsync(path);
        Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes: an empty page?");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal((1280, 1600), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    private static string Percent(IndicatorRate rate) => rate.Percent is { } p ? p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
