using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// A resident's contact data (联系方式): name, phone and address, any of which may be missing. It is kept in the
/// <c>IPersonalDataVault</c>, never in an event. <see cref="ToString"/> shows every part masked.
/// </summary>
/// <param name="Name">The name, if given.</param>
/// <param name="Phone">The phone number, if given.</param>
/// <param name="Address">The address, if given.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record PersonalContact(
    [property: PersonalData(PersonalDataKind.Name)] PersonName? Name = null,
    [property: PersonalData(PersonalDataKind.Phone)] PhoneNumber? Phone = null,
    [property: PersonalData(PersonalDataKind.Address)] ResidentAddress? Address = null)
{
    /// <summary>Gets whether no part is given (or every given part is a default value).</summary>
    public bool IsEmpty => Name is not { IsEmpty: false } && Phone is not { IsEmpty: false } && Address is not { IsEmpty: false };

    /// <summary>Returns every part masked, with the address down to the compound in the hierarchy when one is given.</summary>
    /// <param name="hierarchy">The grid hierarchy; optional.</param>
    /// <returns>The masked contact, such as <c>张* 138****5678 西固区 / … / 福利东路小区 ***</c>.</returns>
    public string Mask(GridHierarchy? hierarchy = null)
        => string.Join(" ", new[] { Name?.ToString(), Phone?.ToString(), Address?.Mask(hierarchy) }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>Returns every part masked.</summary>
    /// <returns>The masked contact.</returns>
    public override string ToString() => Mask();
}
