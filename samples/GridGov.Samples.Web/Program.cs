using GridGov.Samples.Web;

// The GridGov web sample: Open311 GeoReport v2 endpoints and a dashboard over a small seeded district,
// bound to 127.0.0.1 only. Options: --urls http://127.0.0.1:5311 (default: a free port), --db PATH (SQLite;
// default: in memory), --api-key KEY (default: the sample key printed below).
var app = await WebApp.CreateAsync(args);
await app.StartAsync();
Console.WriteLine($"GridGov web sample: {app.SeedSummary}");
Console.WriteLine($"Open311 api_key: {app.ApiKey}");
Console.WriteLine($"Listening on {app.Url}  (dashboard: {app.Url}/ , services: {app.Url}/open311/v2/services.json)");
await app.WaitForShutdownAsync();
await app.DisposeAsync();
