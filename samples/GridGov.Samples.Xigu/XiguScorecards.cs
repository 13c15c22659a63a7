using GridGov.Sdk.Grids;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// The six-capability scorecards (六项能力) of Xigu's communities for 2025, computed from everything the sample
/// recorded (a projection of the global log, rebuilt here from the store), ranked, with the change against 2024
/// and one community's card explained down to the events behind it.
/// </summary>
internal static class XiguScorecards
{
    public static async Task RunAsync(ScorecardReadModel scorecards, IEventStore store, GridHierarchy hierarchy, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Six capabilities (六项能力): community scorecards for 2025, ranked (change against 2024) ==");
        await scorecards.CatchUpAsync(store);
        var year = new DateInterval(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var table = scorecards.Rank(hierarchy.Root.Code, year);
        Console.WriteLine($"  {"#",3} {"community",-16} {"points",7} {"Δ",7}  协商  动员  道德  平安  服务  志愿");
        foreach (var row in table.Rows.Take(8).Concat(table.Rows.TakeLast(2)))
        {
            var caps = string.Join(" ", row.CapabilityPoints.Select(p => $"{p,5:0.0}"));
            Console.WriteLine($"  {row.Rank,3} {row.CommunityName,-16} {row.Points,7:0.00} {row.Change,7:+0.00;-0.00;0.00} {caps}");
        }

        Console.WriteLine($"  ({table.Rows.Count} communities; district mean {table.Rows.Average(r => r.Points):0.00} of {table.Rows[0].MaxPoints:0} points)");
        var best = scorecards.Score(table.Rows[0].CommunityCode, year);
        Console.WriteLine($"  explained: {best.CommunityName}, {best.Points:0.00} points");
        foreach (var part in best.Indicators.Where(p => p.Points > 0m).Take(4))
        {
            Console.WriteLine($"    {part.NameZh} ({part.Code}): {part.Actual:0.##} of target {part.Target:0.##} → {part.Points:0.00}/{part.Weight:0} points, from {part.EventPositions.Count} events (first at log position {part.EventPositions.FirstOrDefault()})");
        }

        if (table.Rows.Count == 0 || best.Points != best.Indicators.Sum(p => p.Points) || table.Rows.Any(r => r.Points > r.MaxPoints))
        {
            failures.Add("the scorecards do not add up");
        }
    }
}
