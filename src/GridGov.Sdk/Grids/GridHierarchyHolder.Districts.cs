using GridGov.Sdk.Access;

namespace GridGov.Sdk.Grids;

public sealed partial class GridHierarchyHolder
{
    private DistrictReads? _reads;

    /// <summary>The district rule for reads that have no workflow of their own (scorecards), refusals recorded in the holder's security log.</summary>
    internal DistrictReads Reads => Volatile.Read(ref _reads) ?? Interlocked.CompareExchange(ref _reads, new DistrictReads(this, _securityLog, null), null) ?? _reads!;
}
