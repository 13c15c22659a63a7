using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;

namespace GridGov.Samples.Xigu;

/// <summary>
/// The district's professional grids, households (with unit staff and contacts) and cadre roster, kept in
/// the store beside the hierarchy: recorded on the first run (one event per stream), loaded from the file on
/// the second, when they must equal what the generator gives again.
/// </summary>
internal static class XiguOverlays
{
    /// <summary>Records the overlays, or checks the ones the holder loaded from the store, and prints where they came from.</summary>
    /// <param name="holder">The hierarchy holder, loaded from the store.</param>
    /// <param name="xigu">The generated district (same seed on every run).</param>
    /// <param name="admin">The district administrator who records them.</param>
    /// <returns>Whether the stored overlays are exactly the generated ones.</returns>
    public static async Task<bool> RecordOrLoadAsync(GridHierarchyHolder holder, XiguDistrict xigu, Actor admin)
    {
        var stored = holder.ProfessionalGridsVersion > 0 || holder.HouseholdsVersion > 0 || holder.CadreRosterVersion > 0;
        if (!stored)
        {
            await holder.SetProfessionalGridsAsync(xigu.ProfessionalGrids.Grids, admin, "导入专业网格", expectedVersion: 0);
            await holder.SetHouseholdsAsync(xigu.Households.Households, xigu.Households.Staff, xigu.Households.Contacts, admin, "导入户籍与联系户", expectedVersion: 0);
            await holder.SetCadreRosterAsync(xigu.Cadres.Assignments, admin, "导入包抓、下派干部", expectedVersion: 0);
        }

        var households = holder.Households!;
        Console.WriteLine(
            $"Professional grids ({holder.ProfessionalGrids!.Grids.Count:N0}), households ({households.Households.Count:N0}, "
            + $"{households.Staff.Count:N0} staff, {households.Contacts.Count:N0} contacts) and cadre assignments ({holder.CadreRoster!.Assignments.Count:N0}) "
            + (stored ? "loaded from the store" : "recorded in the store")
            + $" (streams {GridHierarchyHolder.ProfessionalGridsStreamId}, {GridHierarchyHolder.HouseholdsStreamId}, {GridHierarchyHolder.CadreRosterStreamId})");

        return holder.ProfessionalGrids.Grids.Select(ProfessionalGridEntry.From).SequenceEqual(xigu.ProfessionalGrids.Grids.Select(ProfessionalGridEntry.From))
               && households.Households.SequenceEqual(xigu.Households.Households)
               && households.Staff.SequenceEqual(xigu.Households.Staff)
               && households.Contacts.SequenceEqual(xigu.Households.Contacts)
               && holder.CadreRoster.Assignments.SequenceEqual(xigu.Cadres.Assignments);
    }
}
