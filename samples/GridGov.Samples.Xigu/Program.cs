using System.Globalization;
using GridGov.Samples.Xigu;
using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Microsoft.Extensions.Options;

// The Xigu district sample: build a district shaped like the 2021 report, load it into the SDK,
// print the coverage report, route a few matters, make an attributable change, round-trip the
// hierarchy through CSV and JSON, then run a year of residents' problems through the lifecycle and
// print the indicator table by street. Exits non-zero if any figure is not what it should be.
//
// Events go to the embedded SQLite store (xigu.db in the current folder, or --db PATH), the grid
// hierarchy included; a second run reopens the file, loads the hierarchy from it instead of building it,
// verifies its hash chains and prints the same figures from what was stored.
// --in-memory runs without a file.
Console.OutputEncoding = System.Text.Encoding.UTF8;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
var clock = new SimulatedClock(new LocalDateTime(2025, 1, 1, 0, 0).InZoneLeniently(zone).ToInstant());
var hotline = new Hotline12345Bridge();
var inMemory = args.Contains("--in-memory");
var dbIndex = Array.IndexOf(args, "--db");
var dbPath = Path.GetFullPath(dbIndex >= 0 && dbIndex + 1 < args.Length ? args[dbIndex + 1] : "xigu.db");
var services = new ServiceCollection();
var gridGov = services.AddGridGov(options =>
    {
        options.ContactBounds = new HouseholdContactBounds(30, 50);
    })
    .UseClock(clock)
    .ConfigureIssues(issues =>
    {
        issues.Rules = IssueRuleSet.Default with { Calendar = XiguCalendar.Create(zone) };
        // The district's v2 (a stopped lift handled faster), put in force at the end of the run (XiguRuleVersions).
        issues.VersionsBySubtree[XiguRuleVersions.DistrictCode] = [XiguRuleVersions.Version2(issues.Rules)];
    })
    .ConfigureMediation(mediation => mediation.Calendar = XiguCalendar.Create(zone))
    .AddIssueHook<FacilitiesEvidenceHook>()
    .AddIssueHook(hotline);
if (!inMemory)
{
    // Normal durability (WAL, no fsync per commit) keeps a simulated year fast; a district's real
    // deployment keeps the default, Full.
    gridGov.UseSqlite(dbPath, o => o.Durability = SqliteDurability.Normal);
}

using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
var options = provider.GetRequiredService<IOptions<GridGovOptions>>().Value;
var started = System.Diagnostics.Stopwatch.StartNew();
var holder = provider.GetRequiredService<GridHierarchyHolder>();
var secretary = new Actor("xg-admin-01", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

// The holder was loaded from the store's grid-hierarchy stream when DI created it. On the first run the
// stream is empty: build the district and record it (one import event). On a second run the hierarchy
// comes from the file, and so do the professional grids, households, staff and cadres (XiguOverlays);
// the generator runs again only to check that what was stored is what it gives.
var fromStore = holder.IsPersisted;
var xigu = fromStore ? XiguDistrict.Build(stored: holder.Current) : XiguDistrict.Build();
if (!fromStore)
{
    await holder.ImportAsync(xigu.Hierarchy, secretary, "导入西固区网格体系", expectedVersion: 0);
}

var failures = new List<string>();
var hierarchy = holder.Current;

Console.WriteLine(fromStore
    ? $"西固区 grid hierarchy — {hierarchy.Count:N0} nodes, loaded from the store (stream {GridHierarchyHolder.StreamId}, {holder.StreamVersion} events, v{hierarchy.Version}) in {started.ElapsedMilliseconds} ms"
    : $"西固区 grid hierarchy — {hierarchy.Count:N0} nodes, built, validated and recorded in {started.ElapsedMilliseconds} ms");
var overlaysIntact = await XiguOverlays.RecordOrLoadAsync(holder, xigu, secretary);
Expect(overlaysIntact, "the stored professional grids, households or cadre roster differ from the generated ones");
Console.WriteLine();
Console.WriteLine("== Territory ==");
foreach (var kind in GridLevelRules.AllKinds)
{
    var count = hierarchy.OfKind(kind).Count();
    if (count > 0)
    {
        Console.WriteLine($"  {kind,-20} {count,8:N0}");
    }
}

var units = hierarchy.GovernanceUnits.Count();
Console.WriteLine($"  governance units (治理单元): {units:N0}");
Expect(units == XiguDistrict.GovernanceUnitTarget, $"governance units = {units}, expected {XiguDistrict.GovernanceUnitTarget}");

Console.WriteLine();
Console.WriteLine("== Households and contacts (each staff member takes 30–50 households) ==");
var householdTotals = holder.Households!.HouseholdCountsByNode();
Console.WriteLine($"  {"street",-12} {"households",10} {"units",6}");
foreach (var street in hierarchy.Root.Children)
{
    var streetUnits = street.Subtree().Count(n => n.Kind == GridNodeKind.TertiaryGrid);
    Console.WriteLine($"  {street.Name,-12} {householdTotals[street.Index],10:N0} {streetUnits,6}");
}

Console.WriteLine($"  {"whole district",-12} {householdTotals[hierarchy.Root.Index],10:N0} {units,6}");
Expect(householdTotals[hierarchy.Root.Index] == holder.Households!.Households.Count, "household roll-up does not match the registry");

var contactReport = holder.Households!.CheckContacts(options.ScopedContactBounds());
Console.WriteLine($"  staff checked: {contactReport.StaffCount:N0}; outside 30–50: {contactReport.StaffOutsideBounds.Count}; households without a contact: {contactReport.HouseholdsWithoutContact.Count}");
foreach (var load in contactReport.StaffOutsideBounds.Take(8))
{
    var unit = hierarchy[load.Staff.UnitCode];
    Console.WriteLine($"    {load.Staff.Id} {load.Staff.Name} @ {unit.Path}: {load.HouseholdCount} households ({(load.IsAboveMaximum ? "above" : "below")} {load.Bounds})");
}

if (contactReport.StaffOutsideBounds.Count > 8)
{
    Console.WriteLine($"    … and {contactReport.StaffOutsideBounds.Count - 8} more");
}

Expect(contactReport.StaffOutsideBounds.Count > 0, "the sample plants staff outside 30–50; the report found none");
Expect(contactReport.HouseholdsWithoutContact.Count > 0, "the sample plants households without contacts; the report found none");

Console.WriteLine();
Console.WriteLine("== Cadre coverage, two levels (两级全覆盖: 包抓 + 下派) ==");
var cadreReport = holder.CadreRoster!.CheckCoverage();
Console.WriteLine($"  communities and compounds checked: {cadreReport.PlacesChecked:N0}; with gaps: {cadreReport.Gaps.Count}");
foreach (var gap in cadreReport.Gaps)
{
    var missing = string.Join(" + ", new[] { gap.MissingTakeCharge ? "包抓 take-charge" : null, gap.MissingDispatched ? "下派 dispatched" : null }.Where(m => m is not null));
    Console.WriteLine($"    {gap.Node.Kind,-9} {gap.Node.Path}: missing {missing}");
}

Expect(cadreReport.Gaps.Count > 0, "the sample plants cadre gaps; the report found none");

Console.WriteLine();
Console.WriteLine("== Routing a matter to its professional grid ==");
var somewhere = hierarchy.GovernanceUnits.Skip(1000).First().Children.First();
foreach (var category in new[] { "public-security", "food-safety", "sanitation", "parking" })
{
    var route = holder.ProfessionalGrids!.Route(somewhere.Code, category);
    var who = route.Responsible.Count == 0 ? "(no professional grid: stays with the territorial chain)" : string.Join("; ", route.Responsible.Select(g => $"{g.Agency} [{g.Level}]"));
    Console.WriteLine($"  {category,-16} at {somewhere.Path}");
    Console.WriteLine($"  {string.Empty,-16} → {who}");
}

Console.WriteLine();
Console.WriteLine("== An attributable change (every change is an event) ==");
var someCommunity = hierarchy.OfKind(GridNodeKind.Community).First();
GridHierarchyChanged evt;
if (holder.History() is [var recorded, ..])
{
    // Recorded by the first run and replayed from the store: applying it again would rename twice.
    evt = recorded;
}
else
{
    var renamed = await holder.ApplyAsync(new RenameGridNode(someCommunity.Code, someCommunity.Name + "（示范）"), secretary, "创建党建示范社区", expectedVersion: hierarchy.Version);
    evt = renamed.Event;
}

Console.WriteLine($"  v{evt.FromVersion} → v{evt.ToVersion}: {evt.Change} by {evt.Actor} — {evt.Reason}{(fromStore ? " (replayed from the store)" : string.Empty)}");
var streamBefore = holder.StreamVersion;
try
{
    var street = hierarchy.Root.Children.First();
    await holder.ApplyAsync(new MoveGridNode(street.Code, street.Children.First().Code), secretary, "a move under its own descendant");
    failures.Add("a move under its own descendant was accepted");
}
catch (GridValidationException ex)
{
    Console.WriteLine($"  refused as it should be: [{ex.Problems[0].Code}] {ex.Problems[0].Message}");
}

Expect(holder.StreamVersion == streamBefore && holder.StreamVersion == 2, $"the grid-hierarchy stream holds {holder.StreamVersion} events, expected 2 (the import and the rename)");
Expect(holder.Current[someCommunity.Code].Name.EndsWith("（示范）", StringComparison.Ordinal) && !holder.Current[someCommunity.Code].Name.EndsWith("（示范）（示范）", StringComparison.Ordinal), "the rename was lost or applied twice");

Console.WriteLine();
Console.WriteLine("== Export and import ==");
var current = holder.Current;
var csvPath = Path.Combine(Path.GetTempPath(), $"xigu-{Environment.ProcessId}.csv");
try
{
    using (var writer = new StreamWriter(csvPath, append: false, new System.Text.UTF8Encoding(false)))
    {
        GridHierarchyCsv.Write(current, writer);
    }

    using var reader = new StreamReader(csvPath);
    var fromCsv = GridHierarchyCsv.Read(reader);
    var fromJson = GridHierarchyJson.Parse(GridHierarchyJson.ToJson(current));
    Console.WriteLine($"  CSV: {new FileInfo(csvPath).Length / 1024:N0} KiB, round trip equal: {fromCsv.Equals(current)}; JSON round trip equal: {fromJson.Equals(current)}");
    Expect(fromCsv.Equals(current) && fromJson.Equals(current), "export then import did not give an equal hierarchy");
}
finally
{
    File.Delete(csvPath);
}

Console.WriteLine();
Console.WriteLine("== A year of problems (2025): found → claimed → resolved (排摸发现 → 认领 → 办结) ==");
var issues = provider.GetRequiredService<IssueService>();
var store = provider.GetRequiredService<IEventStore>();
await issues.ReadModel.CatchUpAsync(store);
IssueId damWalkway;
var automaticEscalations = 0;
if (issues.ReadModel.Count > 0)
{
    var verification = await store.VerifyAsync();
    Console.WriteLine($"  reopened {(inMemory ? "the store" : dbPath)}: {issues.ReadModel.Count} issues, {verification.EventsChecked} events, hash chains {(verification.IsIntact ? "intact" : "BROKEN: " + verification.Message)}");
    Expect(verification.IsIntact, "the reopened event log does not verify: " + verification.Message);
    damWalkway = YearOfProblems.DamWalkwayId;
}
else
{
    var year = new YearOfProblems(issues, holder.Current, holder.ProfessionalGrids!, clock, zone);
    await year.RunAsync();
    foreach (var failure in year.Failures.Take(5))
    {
        failures.Add("simulation step refused: " + failure);
    }

    damWalkway = year.DamWalkway;
    automaticEscalations = year.AutomaticEscalations;
    Console.WriteLine($"  simulated into {(inMemory ? "memory" : dbPath)}; run again to reopen it");
}

var window = new Interval(new LocalDate(2025, 1, 1).AtStartOfDayInZone(zone).ToInstant(), new LocalDate(2026, 1, 1).AtStartOfDayInZone(zone).ToInstant());
var table = issues.ReadModel.ComputeByNode(holder.Current, window);
Console.WriteLine($"  {"street",-10} {"found",6} {"claimed",8} {"resolved",9} {"claim",8} {"结案率",8} {"按期结案率",9} {"返工率",7} {"满意率",8} {"avg resolve",12}");
void Row(string name, IssueIndicators i) => Console.WriteLine(
    $"  {name,-10} {i.Found,6} {i.Claimed,8} {i.Resolved,9} {Pct(i.ClaimRate),8} {Pct(i.CloseRate),8} {Pct(i.OnTimeCloseRate),9} {Pct(i.ReworkRate),7} {Pct(i.SatisfactionRate),8} {Days(i.AverageToResolve),12}");
static string Pct(IndicatorRate r) => r.Percent is { } p ? $"{p:0.00}%" : "n/a";
static string Days(Duration? d) => d is { } x ? $"{x.TotalDays:0.0} d" : "n/a";
foreach (var street in holder.Current.Root.Children)
{
    Row(street.Name, table[street]);
}

var district = table[holder.Current.Root];
Row("西固区", district);
Expect(district.Found == YearOfProblems.Found, $"found = {district.Found}, expected {YearOfProblems.Found}");
Expect(district.Claimed == YearOfProblems.Claimed, $"claimed = {district.Claimed}, expected {YearOfProblems.Claimed}");
Expect(district.Resolved == YearOfProblems.Resolved, $"resolved = {district.Resolved}, expected {YearOfProblems.Resolved}");
Console.WriteLine($"  automatic escalations at year end (time limit of the level passed): {automaticEscalations}; changes pushed to 12345 this run: {hotline.Pushed}");
var yearEnd = new LocalDateTime(2026, 1, 5, 9, 0).InZoneLeniently(zone).ToInstant();
Console.WriteLine($"  overdue on {yearEnd.InZone(zone).Date} (督办): {issues.ReadModel.FindOverdue(yearEnd).Count}; due within 3 days (催办): {issues.ReadModel.FindDueWithin(yearEnd, Duration.FromDays(3)).Count}");

Console.WriteLine();
Console.WriteLine("== The dam walkway (大坝通道), event by event ==");
foreach (var e in await store.ReadStreamAsync(damWalkway.StreamId))
{
    var local = e.Metadata.At.InZone(zone);
    var payload = (IssueEvent)e.Payload;
    // Console output is a log too: a resident's name and any phone number in a reason are masked.
    Console.WriteLine($"  v{e.StreamVersion} {local:yyyy-MM-dd HH:mm} {payload.GetType().Name,-22} {payload.From,-10} → {payload.To,-10} {PersonalDataMask.ActorName(e.Metadata.Actor)}{(e.Metadata.Reason is { } why ? " — " + PersonalDataMask.Scrub(why) : string.Empty)}");
}

var dam = await issues.GetAsync(damWalkway);
Expect(dam.State == IssueState.Closed && dam.Rating == IssueRating.Satisfied, "the dam walkway did not end closed and rated satisfied");
var days = (dam.ClosedAt!.Value - dam.ReportedAt).TotalDays;
Console.WriteLine($"  from appeal to verified close: {days:0} days; closed on time: {dam.ClosedOnTime}");

await XiguCommittees.RunAsync(provider.GetRequiredService<GridGov.Sdk.Committees.CommitteeService>(), provider.GetRequiredService<GridGov.Sdk.Committees.JointMeetingService>(), store, holder.Current, clock, zone, failures);
await DamWalkwayMeeting.RunAsync(provider.GetRequiredService<GridGov.Sdk.Committees.CommitteeService>(), issues, store, holder.Current, clock, zone, failures);
await SunshineBreakfast.RunAsync(provider.GetRequiredService<GridGov.Sdk.Programmes.ServiceProgrammeService>(), store, holder.Current, clock, zone, failures);
await PeopleInService.RunAsync(provider.GetRequiredService<GridGov.Sdk.People.PeopleService>(), store, holder.Current, clock, zone, failures);
await XiguMediation.RunAsync(provider.GetRequiredService<GridGov.Sdk.Mediation.MediationService>(), store, holder.Current, clock, zone, failures);
await XiguScorecards.RunAsync(provider.GetRequiredService<GridGov.Sdk.Scorecards.ScorecardReadModel>(), store, holder.Current, failures);

Console.WriteLine();
Console.WriteLine("== Who may do what, where (权限) and the audit trail ==");
var policy = provider.GetRequiredService<AccessPolicy>();
Console.WriteLine($"  the access policy has {policy.Rules.Count} rules over {policy.TriggersOf(IssueAccess.WorkflowName).Count} lifecycle triggers (docs/access.md prints them)");
var neighbour = new Actor("r-neighbour", "邻居") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(dam.PlaceCode)] };
try
{
    await issues.ExecuteAsync(new RateIssue(damWalkway, neighbour, IssueRating.Dissatisfied));
    failures.Add("a neighbour rated the dam walkway that someone else reported");
}
catch (AccessDeniedException ex)
{
    Console.WriteLine($"  refused as it should be: [{ex.Code}] {ex.Message}");
}

var audit = provider.GetRequiredService<AuditTrail>();
var trail = await audit.ForIssueAsync(damWalkway);
var refusals = await audit.RefusalsAsync();
Console.WriteLine($"  audit trail of the dam walkway: {trail.Count} entries by {string.Join(", ", trail.Select(t => t.ActorId).Distinct())}; refusals in the security log: {refusals.Count}");
Expect(refusals.Count > 0 && refusals[^1].ActorId == neighbour.Id, "the refusal is not in the security log");

Console.WriteLine();
Console.WriteLine("== Personal data (个人信息保护): vault, reveal, erasure, the inspector's export ==");
var vault = provider.GetRequiredService<IPersonalDataVault>();
var contacts = new List<(IssueId Issue, PersonalDataRef Ref)>();
await foreach (var e in store.ReadAllAsync())
{
    if (e.Payload is IssueReported { ReporterContact: { } contactRef } withContact)
    {
        contacts.Add((withContact.IssueId, contactRef));
    }
}

Console.WriteLine($"  reports with a resident's contact: {contacts.Count}; their events hold only a reference (pd-…), the vault holds the data");
Expect(contacts.Count >= 5, $"only {contacts.Count} reports carry a resident's contact");
var damRef = contacts.Single(c => c.Issue == damWalkway).Ref;
var damCommunity = holder.Current[dam.PlaceCode].NearestOfKind(GridNodeKind.Community)!.Value;
var damSecretary = new Actor($"sec-{damCommunity.Code}", $"{damCommunity.Name}党委书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(damCommunity.Code)] };
var gridWorker = new Actor($"gw-{damCommunity.Code}", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(damCommunity.Code)] };
var districtAdmin = new Actor("xg-admin-01", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
Console.WriteLine($"  the dam walkway's reporter, masked: {await vault.ReadMaskedAsync(damRef)}");
var revealed = await vault.RevealAsync(damRef, damSecretary, "回访核实大坝通道满意度");
Expect(revealed.Phone == PhoneNumber.Parse("13893051234"), "the reveal did not give back the stored phone number");
Console.WriteLine($"  revealed to {damSecretary} for a call-back (recorded as personal-data.revealed: who, why, when)");
try
{
    await vault.RevealAsync(damRef, gridWorker, "想看看是谁反映的");
    failures.Add("a grid worker was allowed to read a resident's contact unmasked");
}
catch (PersonalDataAccessDeniedException ex)
{
    Console.WriteLine($"  refused to {gridWorker}: [{ex.Code}] (recorded as personal-data.reveal-refused)");
}

var erasable = contacts.First(c => c.Issue != damWalkway).Ref;
await vault.EraseAsync(erasable, districtAdmin, "居民本人申请删除个人信息（个人信息保护法第四十七条）");
var afterErasure = await store.VerifyAsync();
Console.WriteLine($"  erased one resident's contact on request: it now reads {await vault.ReadMaskedAsync(erasable)}; hash chains after erasure {(afterErasure.IsIntact ? "intact" : "BROKEN: " + afterErasure.Message)} ({afterErasure.EventsChecked} events)");
Expect(afterErasure.IsIntact, "erasure broke the event log: " + afterErasure.Message);
var export = provider.GetRequiredService<AuditExport>();
var excerpt = (await export.ToCsvAsync(new AuditExportQuery { StreamId = damWalkway.StreamId })).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2)
    .Concat((await export.ToCsvAsync(new AuditExportQuery { StreamId = damRef.StreamId })).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2));
Console.WriteLine("  the inspector's export (AuditExport: CSV, personal data masked), the dam walkway and its personal-data stream —");
Console.WriteLine("  position | type | actor_name | at | reason | personal_data (the payload JSON column left out here):");
foreach (var line in excerpt)
{
    using var reader = CsvHelper.CsvReader.Create(new StringReader(line), CsvHelper.CsvReaderOptions.Default with { HasHeader = false });
    reader.Read();
    var reasonText = reader.GetString(6);
    Console.WriteLine($"    {reader.GetString(0)} | {reader.GetString(2)} | {reader.GetString(4)} | {reader.GetString(5)} | {(reasonText.Length > 24 ? reasonText[..24] + "…" : reasonText)} | {reader.GetString(8)}");
}

var fullExport = await export.ToCsvAsync();
Expect(!fullExport.Contains("13893051234", StringComparison.Ordinal) && !fullExport.Contains("刘桂兰", StringComparison.Ordinal), "the inspector's export holds an unmasked phone number or name");

await PocketPark.RunAsync(provider.GetRequiredService<GridGov.Sdk.Lists.ListService>(), store, holder.Current, clock, zone, failures);
await XiguWishes.RunAsync(provider.GetRequiredService<GridGov.Sdk.Wishes.WishService>(), store, holder.Current, clock, zone, failures);
await XiguSharing.RunAsync(provider.GetRequiredService<GridGov.Sdk.Sharing.CabinetService>(), provider.GetRequiredService<GridGov.Sdk.Sharing.VenueService>(), provider.GetRequiredService<IPersonalDataVault>(), store, holder.Current, clock, zone, failures);

// Last, because the simulated clock only moves forward: a new version of the district's issue rules and a migration.
await XiguRuleVersions.RunAsync(issues, store, holder.Current, clock, zone, failures);

// Reads that name their actor see only the actor's districts (a neighbouring district's cadre is refused).
await XiguDistricts.RunAsync(issues, holder.Current, damWalkway, XiguRuleVersions.DistrictCode, "620104001", window, failures);

Console.WriteLine();
Console.WriteLine($"Done in {started.ElapsedMilliseconds} ms.");
if (failures.Count > 0)
{
    Console.Error.WriteLine("The sample found problems:");
    failures.ForEach(f => Console.Error.WriteLine("  " + f));
    return 1;
}

return 0;

void Expect(bool condition, string failure)
{
    if (!condition)
    {
        failures.Add(failure);
    }
}
