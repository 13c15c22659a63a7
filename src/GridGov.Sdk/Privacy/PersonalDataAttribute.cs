namespace GridGov.Sdk.Privacy;

/// <summary>What kind of personal data (个人信息) a field holds; selects how it is masked.</summary>
public enum PersonalDataKind
{
    /// <summary>A person's name (姓名): the first character is kept, the rest masked (张三 → 张*).</summary>
    Name = 0,

    /// <summary>A phone number (电话): the first three and last four digits of a mobile are kept (138****5678).</summary>
    Phone = 1,

    /// <summary>A residential address (住址): shown only down to the compound (小区).</summary>
    Address = 2,

    /// <summary>A resident identity card number (身份证号): the first six and last four characters are kept.</summary>
    IdNumber = 3,

    /// <summary>Free text that may mention personal data (descriptions, notes, reasons): phone and ID numbers in it are masked.</summary>
    FreeText = 4,

    /// <summary>
    /// A reference to personal data kept in the vault (<c>PersonalDataRef</c>): not personal data itself,
    /// but what an export resolves, masked, to the data it points to.
    /// </summary>
    Reference = 5,
}

/// <summary>
/// Marks a field, property or parameter that holds personal data (个人信息, PIPL). Logs, exports, interop
/// payloads, exceptions and <c>ToString()</c> show such a value masked (<see cref="PersonalDataMask"/>);
/// the real value comes out only through an explicit reveal.
/// </summary>
/// <param name="kind">What kind of personal data it is.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class PersonalDataAttribute(PersonalDataKind kind) : Attribute
{
    /// <summary>Gets what kind of personal data the member holds.</summary>
    public PersonalDataKind Kind { get; } = kind;
}
