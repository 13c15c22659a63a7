using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// One city platform, many districts (docs/access.md "Reading", ADR 31): reads that name their actor see only the
/// actor's districts. A cadre of a neighbouring district (七里河区, 620103) on the same city platform asks for a Xigu
/// issue and is refused with <c>access.other-district</c> (recorded, name masked, in the security log); a Xigu street
/// cadre reads the whole district's indicators — reading is district-wide, acting stays within the street.
/// </summary>
internal static class XiguDistricts
{
    public static async Task RunAsync(IssueService issues, GridHierarchy hierarchy, IssueId someIssue, string districtCode, string streetCode, Interval year, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== One city, many districts (区级数据隔离): reads for an actor ==");
        var neighbour = new Actor("qlh-cadre-07", "七里河区 街道干部") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree("620103")] };
        try
        {
            await issues.GetAsync(someIssue, neighbour);
            failures.Add("a cadre of another district read a Xigu issue");
        }
        catch (AccessDeniedException ex) when (ex.Code == AccessDeniedException.OtherDistrictCode)
        {
            Console.WriteLine($"  {neighbour.Id} (七里河区) asks for issue {someIssue}: refused [{ex.Code}], recorded in the security log");
        }

        var cadre = new Actor("xg-street-cadre-01", "陈坪街道 干部") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(streetCode)] };
        var read = await issues.ComputeIndicatorsAsync(districtCode, year, cadre);
        var trusted = issues.ReadModel.Compute(hierarchy, districtCode, year);
        Console.WriteLine($"  {cadre.Id} reads the district's indicators: {read.Value.Found} found, {read.Value.Resolved} resolved; narrowed: {read.IsNarrowed}; districts: {string.Join(", ", read.DistrictCodes)}");
        if (read.IsNarrowed || read.Value.Found != trusted.Found || read.Value.Resolved != trusted.Resolved)
        {
            failures.Add("a Xigu street cadre does not see the whole district's indicators");
        }
    }

}
