using System.Globalization;
using System.Net;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Interop.Open311;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Samples.Web;

/// <summary>The web sample: a minimal API over the SDK, bound to the loopback interface only.</summary>
internal sealed class WebApp : IAsyncDisposable
{
    public const string SampleApiKey = "gridgov-sample-open311-key";

    private readonly WebApplication _app;

    private WebApp(WebApplication app, string apiKey, string seedSummary)
    {
        _app = app;
        ApiKey = apiKey;
        SeedSummary = seedSummary;
    }

    public string ApiKey { get; }

    public string SeedSummary { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Gets the base address once started, such as <c>http://127.0.0.1:5311</c>.</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    /// <summary>Builds the app and seeds the district (unless the SQLite file already holds it).</summary>
    /// <param name="args">--urls (loopback only; default a free port), --db PATH, --api-key KEY.</param>
    public static async Task<WebApp> CreateAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:0";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)))
            {
                throw new ArgumentException($"--urls '{url}' is not a loopback address: the sample binds to 127.0.0.1 only.");
            }
        }

        builder.WebHost.UseUrls(urls);
        var apiKey = builder.Configuration["api-key"] ?? SampleApiKey;
        var dbPath = builder.Configuration["db"];
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var clock = new SampleClock(SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(5 * 31)); // before the first seeded month
        var gridGov = builder.Services.AddGridGov().UseClock(clock).AddOpen311(o => o.ApiKeys.Add(apiKey));
        if (dbPath is not null)
        {
            gridGov.UseSqlite(Path.GetFullPath(dbPath));
        }

        builder.Services.AddSingleton(new LifecycleDiagram());
        var app = builder.Build();

        var holder = app.Services.GetRequiredService<GridHierarchyHolder>();
        holder.Load(SampleDistrict.BuildHierarchy());
        holder.LoadProfessionalGrids(SampleDistrict.ProfessionalGrids());
        var issues = app.Services.GetRequiredService<IssueService>();
        await issues.ReadModel.CatchUpAsync(app.Services.GetRequiredService<IEventStore>());
        string summary;
        if (issues.ReadModel.Count == 0)
        {
            var failures = await SampleDistrict.SeedAsync(issues, app.Services.GetRequiredService<Open311Gateway>(), apiKey, holder.Current, clock, zone);
            summary = $"seeded {issues.ReadModel.Count} problems over 4 months{(failures > 0 ? $" ({failures} refused commands)" : string.Empty)}";
        }
        else
        {
            summary = $"reopened {dbPath}: {issues.ReadModel.Count} problems";
        }

        // The committees (社工委) behind the five-haves compliance map, formed at the start of the seeded months.
        var committees = app.Services.GetRequiredService<CommitteeService>();
        await committees.ReadModel.CatchUpAsync(app.Services.GetRequiredService<IEventStore>());
        if (committees.ReadModel.Committees().Count == 0)
        {
            await SampleCommittees.SeedAsync(committees, holder.Current, clock.GetCurrentInstant().InZone(zone).Date.PlusMonths(-4));
        }

        clock.Release();
        MapOpen311(app);
        Dashboard.Map(app);
        return new WebApp(app, apiKey, summary);
    }

    public Task StartAsync() => _app.StartAsync();

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void MapOpen311(WebApplication app)
    {
        var open311 = app.MapGroup("/open311/v2");
        open311.MapGet("/services.{format}", (string format, string? jurisdiction_id, Open311Gateway gateway)
            => Answer(format, () => Task.FromResult(Body(format, Open311Json.Services, Open311Xml.Services, gateway.GetServices(jurisdiction_id)))));
        open311.MapGet("/services/{code}.{format}", (string code, string format, string? jurisdiction_id, Open311Gateway gateway)
            => Answer(format, () => Task.FromResult(Body(format, Open311Json.ServiceDefinition, Open311Xml.ServiceDefinition, gateway.GetServiceDefinition(code, jurisdiction_id)))));
        open311.MapPost("/requests.{format}", (string format, HttpRequest request, Open311Gateway gateway) => Answer(format, async () =>
        {
            if (!request.HasFormContentType)
            {
                throw new Open311Exception(400, "POST requests takes a form-encoded body (application/x-www-form-urlencoded).");
            }

            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var fields = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string?>(f.Key, v)));
            var created = await gateway.CreateRequestAsync(Open311PostRequest.FromForm(fields), request.HttpContext.RequestAborted);
            return Body(format, Open311Json.Created, Open311Xml.Created, created);
        }));
        open311.MapGet("/requests.{format}", (string format, HttpRequest request, Open311Gateway gateway, IOptions<GridGov.Sdk.GridGovOptions> options) => Answer(format, async () =>
        {
            var fields = request.Query.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string?>(f.Key, v)));
            var query = Open311RequestQuery.Parse(fields, options.Value.TimeZone);
            var found = await gateway.GetRequestsAsync(query, request.Query["jurisdiction_id"].FirstOrDefault(), request.HttpContext.RequestAborted);
            return Body(format, Open311Json.Requests, Open311Xml.Requests, found);
        }));
        open311.MapGet("/requests/{id}.{format}", (string id, string format, string? jurisdiction_id, Open311Gateway gateway, HttpContext context) => Answer(format, async () =>
        {
            var found = await gateway.GetRequestAsync(id, jurisdiction_id, context.RequestAborted);
            return Body<IEnumerable<Open311ServiceRequest>>(format, Open311Json.Requests, Open311Xml.Requests, [found]);
        }));
    }

    private static string Body<T>(string format, Func<T, string> json, Func<T, string> xml, T value) => format == "xml" ? xml(value) : json(value);

    private static async Task<IResult> Answer(string format, Func<Task<string>> body)
    {
        if (format is not ("json" or "xml"))
        {
            return Results.Text(Open311Json.Errors([new Open311Error(404, $"Format '{format}' is not served: use .json or .xml.")]), Open311Json.ContentType, statusCode: 404);
        }

        var contentType = format == "xml" ? Open311Xml.ContentType : Open311Json.ContentType;
        try
        {
            return Results.Text(await body(), contentType, statusCode: 200);
        }
        catch (Open311Exception ex)
        {
            var errors = format == "xml" ? Open311Xml.Errors(ex.Errors) : Open311Json.Errors(ex.Errors);
            return Results.Text(errors, contentType, statusCode: ex.StatusCode);
        }
    }

    internal static string Percent(IndicatorRate rate) => rate.Percent is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
}
