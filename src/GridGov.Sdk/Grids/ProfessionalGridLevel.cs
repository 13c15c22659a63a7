namespace GridGov.Sdk.Grids;

/// <summary>The two levels of professional grids (专业网格).</summary>
public enum ProfessionalGridLevel
{
    /// <summary>A district-direct department (区直部门), such as housing or urban management.</summary>
    DistrictDepartment = 0,

    /// <summary>A grassroots station (基层站所), such as a police station (派出所) or a market-supervision office.</summary>
    GrassrootsStation = 1,
}
