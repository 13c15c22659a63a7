using System.Reflection;
using GridGov.Sdk;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Samples.Web;

internal sealed record NodeIndicators(string Code, string Name, long Found, long Claimed, long Resolved, string CloseRate, string OnTimeCloseRate, string SatisfactionRate);

internal sealed record IndicatorsView(NodeIndicators District, IReadOnlyList<NodeIndicators> Streets);

internal sealed record MonthFigures(string Month, long Found, long Claimed, long Resolved);

internal sealed record LifecycleView(string Format, string Content);

internal sealed record ComplianceRate(string Code, string Name, long Compliant, long Committees, string Rate);

internal sealed record CommitteeTile(string Id, string UnitName, string UnitCode, bool MeetsStandard, IReadOnlyList<string> UnmetRules, IReadOnlyList<string> GapsZh);

internal sealed record StreetCompliance(ComplianceRate Rate, IReadOnlyList<CommitteeTile> Committees);

internal sealed record ComplianceView(string AsOf, ComplianceRate District, IReadOnlyList<StreetCompliance> Streets);

/// <summary>The dashboard page (embedded HTML, CSS and JS) and the JSON it draws from, all from the read model.</summary>
internal static class Dashboard
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Resource("Dashboard.index.html", "text/html; charset=utf-8"));
        app.MapGet("/dashboard.js", () => Resource("Dashboard.dashboard.js", "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard.css", () => Resource("Dashboard.dashboard.css", "text/css; charset=utf-8"));
        app.MapGet("/api/indicators", (IssueService issues, GridHierarchyHolder holder) => Results.Json(Indicators(issues.ReadModel, holder.Current)));
        app.MapGet("/api/monthly", (IssueService issues, GridHierarchyHolder holder, IOptions<GridGovOptions> options, IClock clock, int? months)
            => Results.Json(Monthly(issues.ReadModel, holder.Current, options.Value.TimeZone, clock.GetCurrentInstant(), Math.Clamp(months ?? 5, 1, 24))));
        app.MapGet("/api/lifecycle", async (LifecycleDiagram diagram, IssueWorkflow workflow) => Results.Json(await diagram.RenderAsync(workflow)));

        app.MapGet("/api/committees", (CommitteeService committees, GridHierarchyHolder holder, IOptions<GridGovOptions> options, IClock clock)
            => Results.Json(Compliance(committees, holder.Current, clock.GetCurrentInstant().InZone(options.Value.TimeZone).Date)));
    }

    /// <summary>Indicators of the district and each street over every problem reported so far.</summary>
    public static IndicatorsView Indicators(IssueReadModel model, GridHierarchy hierarchy)
    {
        var table = model.ComputeByNode(hierarchy, new Interval(null, null));
        NodeIndicators Row(GridNode node)
        {
            var i = table[node];
            return new NodeIndicators(node.Code, node.Name, i.Found, i.Claimed, i.Resolved, WebApp.Percent(i.CloseRate), WebApp.Percent(i.OnTimeCloseRate), WebApp.Percent(i.SatisfactionRate));
        }

        return new IndicatorsView(Row(hierarchy.Root), [.. hierarchy.Root.Children.Select(Row)]);
    }

    /// <summary>Found, claimed and resolved of the problems reported in each of the last months (Asia/Shanghai), oldest first.</summary>
    public static IReadOnlyList<MonthFigures> Monthly(IssueReadModel model, GridHierarchy hierarchy, DateTimeZone zone, Instant now, int months)
    {
        var current = now.InZone(zone).Date;
        var first = new LocalDate(current.Year, current.Month, 1).PlusMonths(1 - months);
        var figures = new List<MonthFigures>();
        for (var m = first; m <= current; m = m.PlusMonths(1))
        {
            var window = new Interval(m.AtStartOfDayInZone(zone).ToInstant(), m.PlusMonths(1).AtStartOfDayInZone(zone).ToInstant());
            var i = model.Compute(hierarchy, hierarchy.Root.Code, window);
            figures.Add(new MonthFigures($"{m.Year:0000}-{m.Month:00}", i.Found, i.Claimed, i.Resolved));
        }

        return figures;
    }

    /// <summary>The five-haves compliance of every committee on a date, by street, from the SDK's compliance report.</summary>
    public static ComplianceView Compliance(CommitteeService committees, GridHierarchy hierarchy, LocalDate asOf)
    {
        var report = committees.Compliance(hierarchy.Root.Code, asOf);
        ComplianceRate Rate(GridNode node)
        {
            var rate = report.RateAt(node);
            return new ComplianceRate(node.Code, node.Name, rate.Numerator, rate.Denominator, WebApp.Percent(rate));
        }

        var streets = hierarchy.Root.Children.Select(street => new StreetCompliance(
            Rate(street),
            [.. report.Committees
                .Where(c => hierarchy.IsAncestorOrSelf(street.Code, c.UnitCode))
                .OrderBy(c => c.UnitCode, StringComparer.Ordinal)
                .Select(c => new CommitteeTile(
                    c.CommitteeId.Value,
                    hierarchy[c.UnitCode].Name,
                    c.UnitCode,
                    c.MeetsStandard,
                    c.UnmetRules,
                    [.. report.Explain(c.CommitteeId).Unmet.Select(r => r.MessageZh)]))]));
        return new ComplianceView($"{asOf:uuuu-MM-dd}", Rate(hierarchy.Root), [.. streets]);
    }

    private static IResult Resource(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
