using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>One input row, as an import (CSV, JSON, a database query) would hand it to the builder.</summary>
/// <param name="Code">The node's code.</param>
/// <param name="Name">The node's name (Chinese).</param>
/// <param name="Kind">The node's kind.</param>
/// <param name="ParentCode">The parent's code, or null for the root.</param>
public readonly record struct GridRow(string Code, string Name, GridNodeKind Kind, string? ParentCode);

/// <summary>
/// Generates a city-shaped hierarchy under <see cref="GridLevelRules.Default"/>:
/// city → districts → streets (15 each) → communities (16 each), and under every community
/// 4 compounds × 15 buildings (every tenth community has no compounds and 60 buildings directly
/// under it instead) plus the base grid 3 一级网格 × 4 二级网格 × 6 三级网格 × 3 党员责任区.
/// That is 368 nodes per community; districts are added until the wanted count is reached
/// (the last community may be cut short). Rows come parent-first in pre-order, like an export.
/// </summary>
/// <remarks>
/// Codes follow the 12-digit administrative division code down to the community, then append
/// segments (up to 22 characters for a responsibility zone). Every code and name is a fresh
/// string instance, as it would be when read from a file, so memory figures count them honestly.
/// A row's parent code is the parent row's own code instance.
/// </remarks>
public static class CityRows
{
    /// <summary>The node count of the benchmarks.</summary>
    public const int OneMillion = 1_000_000;

    /// <summary>Generates exactly <paramref name="count"/> rows.</summary>
    /// <param name="count">How many rows (nodes).</param>
    /// <returns>The rows, parents first.</returns>
    public static GridRow[] Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var rows = new GridRow[count];
        var n = 0;
        foreach (var row in All())
        {
            rows[n++] = row;
            if (n == count)
            {
                return rows;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(count), count, "More nodes than the generated city shape holds.");
    }

    private static IEnumerable<GridRow> All()
    {
        var city = "620100000000";
        yield return new GridRow(city, "兰州市", GridNodeKind.City, null);
        for (var d = 1; d <= 99; d++)
        {
            var district = $"6201{d:D2}000000";
            yield return new GridRow(district, $"第{d}区", GridNodeKind.District, city);
            for (var s = 1; s <= 15; s++)
            {
                var street = $"6201{d:D2}{s:D3}000";
                yield return new GridRow(street, $"第{s}街道", GridNodeKind.Street, district);
                for (var c = 1; c <= 16; c++)
                {
                    var community = $"6201{d:D2}{s:D3}{c:D3}";
                    yield return new GridRow(community, $"第{c}社区", GridNodeKind.Community, street);
                    foreach (var row in Community(community, withCompounds: c % 10 != 0))
                    {
                        yield return row;
                    }
                }
            }
        }
    }

    private static IEnumerable<GridRow> Community(string community, bool withCompounds)
    {
        if (withCompounds)
        {
            for (var x = 1; x <= 4; x++)
            {
                var compound = $"{community}X{x:D2}";
                yield return new GridRow(compound, $"第{x}小区", GridNodeKind.Compound, community);
                for (var b = 1; b <= 15; b++)
                {
                    yield return new GridRow($"{compound}B{b:D2}", $"{b}号楼", GridNodeKind.Building, compound);
                }
            }
        }
        else
        {
            for (var b = 1; b <= 60; b++)
            {
                yield return new GridRow($"{community}B{b:D3}", $"{b}号楼", GridNodeKind.Building, community);
            }
        }

        for (var p = 1; p <= 3; p++)
        {
            var primary = $"{community}G{p:D2}";
            yield return new GridRow(primary, $"第{p}一级网格", GridNodeKind.PrimaryGrid, community);
            for (var q = 1; q <= 4; q++)
            {
                var secondary = $"{primary}{q:D2}";
                yield return new GridRow(secondary, $"第{q}二级网格", GridNodeKind.SecondaryGrid, primary);
                for (var t = 1; t <= 6; t++)
                {
                    var tertiary = $"{secondary}{t:D2}";
                    yield return new GridRow(tertiary, $"第{(((p - 1) * 4) + q - 1) * 6 + t}网格", GridNodeKind.TertiaryGrid, secondary);
                    for (var z = 1; z <= 3; z++)
                    {
                        yield return new GridRow($"{tertiary}Z{z:D2}", $"第{z}党员责任区", GridNodeKind.ResponsibilityZone, tertiary);
                    }
                }
            }
        }
    }
}
