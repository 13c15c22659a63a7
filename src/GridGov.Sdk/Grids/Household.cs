namespace GridGov.Sdk.Grids;

/// <summary>
/// A household (户) placed on a leaf of the hierarchy (a building or a party-member responsibility
/// zone). It carries no personal data: names, phones and addresses live with the integrator's
/// resident records and are referred to by <see cref="Code"/>.
/// </summary>
/// <param name="Code">The household's stable code, unique in the registry.</param>
/// <param name="NodeCode">The code of the leaf node the household belongs to.</param>
public sealed record Household(string Code, string NodeCode);

/// <summary>A staff member of a governance unit (工作人员), who takes households as contacts.</summary>
/// <param name="Id">The staff member's stable identifier.</param>
/// <param name="Name">The staff member's name, for reports. Personal data of a member of staff: shown in work reports, marked so that exports can mask it.</param>
/// <param name="UnitCode">The code of the unit (a hierarchy node) the staff member works in.</param>
public sealed record UnitStaff(string Id, [property: GridGov.Sdk.Privacy.PersonalData(GridGov.Sdk.Privacy.PersonalDataKind.Name)] string Name, string UnitCode);

/// <summary>A staff member's contact with a household (联系户), for the visits that build a society of acquaintances.</summary>
/// <param name="HouseholdCode">The household's code.</param>
/// <param name="StaffId">The staff member's identifier.</param>
public sealed record HouseholdContact(string HouseholdCode, string StaffId);
