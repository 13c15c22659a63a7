using System.Globalization;
using GridGov.Samples.Xigu;
using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// The Xigu district sample: build a district shaped like the 2021 report, load it into the SDK,
// print the coverage report, route a few matters, make an attributable change and round-trip the
// hierarchy through CSV and JSON. Exits non-zero if any figure is not what the district should have.
Console.OutputEncoding = System.Text.Encoding.UTF8;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

var services = new ServiceCollection();
services.AddGridGov(options =>
{
    options.ContactBounds = new HouseholdContactBounds(30, 50);
});
using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
var options = provider.GetRequiredService<IOptions<GridGovOptions>>().Value;
var holder = provider.GetRequiredService<GridHierarchyHolder>();

var started = System.Diagnostics.Stopwatch.StartNew();
var xigu = XiguDistrict.Build();
holder.Load(xigu.Hierarchy);
var hierarchy = holder.Current;
var failures = new List<string>();

Console.WriteLine($"西固区 grid hierarchy — {hierarchy.Count:N0} nodes, built and validated in {started.ElapsedMilliseconds} ms");
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
var householdTotals = xigu.Households.HouseholdCountsByNode();
Console.WriteLine($"  {"street",-12} {"households",10} {"units",6}");
foreach (var street in hierarchy.Root.Children)
{
    var streetUnits = street.Subtree().Count(n => n.Kind == GridNodeKind.TertiaryGrid);
    Console.WriteLine($"  {street.Name,-12} {householdTotals[street.Index],10:N0} {streetUnits,6}");
}

Console.WriteLine($"  {"whole district",-12} {householdTotals[hierarchy.Root.Index],10:N0} {units,6}");
Expect(householdTotals[hierarchy.Root.Index] == xigu.Households.Households.Count, "household roll-up does not match the registry");

var contactReport = xigu.Households.CheckContacts(options.ScopedContactBounds());
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
var cadreReport = xigu.Cadres.CheckCoverage();
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
    var route = xigu.ProfessionalGrids.Route(somewhere.Code, category);
    var who = route.Responsible.Count == 0 ? "(no professional grid: stays with the territorial chain)" : string.Join("; ", route.Responsible.Select(g => $"{g.Agency} [{g.Level}]"));
    Console.WriteLine($"  {category,-16} at {somewhere.Path}");
    Console.WriteLine($"  {string.Empty,-16} → {who}");
}

Console.WriteLine();
Console.WriteLine("== An attributable change (every change is an event) ==");
var secretary = new Actor("xg-admin-01", "区委组织部 管理员");
var someCommunity = hierarchy.OfKind(GridNodeKind.Community).First();
var renamed = holder.Apply(new RenameGridNode(someCommunity.Code, someCommunity.Name + "（示范）"), secretary, "创建党建示范社区", expectedVersion: hierarchy.Version);
var evt = renamed.Event;
Console.WriteLine($"  v{evt.FromVersion} → v{evt.ToVersion}: {evt.Change} by {evt.Actor} — {evt.Reason}");
try
{
    var street = hierarchy.Root.Children.First();
    holder.Apply(new MoveGridNode(street.Code, street.Children.First().Code), secretary, "a move under its own descendant");
    failures.Add("a move under its own descendant was accepted");
}
catch (GridValidationException ex)
{
    Console.WriteLine($"  refused as it should be: [{ex.Problems[0].Code}] {ex.Problems[0].Message}");
}

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
