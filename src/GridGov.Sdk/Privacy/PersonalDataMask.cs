using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GridGov.Sdk.Access;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// How personal data is masked (脱敏) wherever it leaves the SDK: names keep their first character
/// (张三 → 张*), mobiles their first three and last four digits (138****5678), landlines their area code and
/// last four digits (0931-***3456), identity numbers their first six and last four characters, addresses
/// only the part down to the compound (小区). <see cref="Scrub"/> masks phone and identity numbers inside
/// free text. Every mask is idempotent: masking a masked value gives it back unchanged.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
public static partial class PersonalDataMask
{
    /// <summary>What stands for an erased value (已删除).</summary>
    public const string ErasedMarker = "[erased]";

    /// <summary>The masking character.</summary>
    public const char MaskChar = '*';

    private static readonly string[] CoarseAddressMarkers = ["小区", "社区", "花园", "家园", "新村", "村", "苑", "公寓", "大院", "院"];

    /// <summary>Masks a name: keeps its first character and masks every other one (张三 → 张*, 欧阳娜娜 → 欧***).</summary>
    /// <param name="name">The name; null or empty gives an empty string.</param>
    /// <returns>The masked name.</returns>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        var elements = new StringInfo(name);
        var count = elements.LengthInTextElements;
        if (count == 1)
        {
            return MaskChar.ToString();
        }

        return elements.SubstringByTextElements(0, 1) + new string(MaskChar, count - 1);
    }

    /// <summary>
    /// Masks a phone number: a mobile keeps its first three and last four digits (138****5678), a landline its
    /// area code and last four digits (0931-***3456); anything else is masked whole but for its last two characters.
    /// </summary>
    /// <param name="phone">The phone number in any form <see cref="PhoneNumber.TryParse(string?, out PhoneNumber)"/> accepts, or already masked.</param>
    /// <returns>The masked number.</returns>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        if (PhoneNumber.TryParse(phone, out var parsed))
        {
            return parsed.ToString();
        }

        if (phone.Contains(MaskChar, StringComparison.Ordinal))
        {
            return Scrub(phone);
        }

        return phone.Length <= 2 ? new string(MaskChar, phone.Length) : new string(MaskChar, phone.Length - 2) + phone[^2..];
    }

    /// <summary>Masks a resident identity card number: the first six and last four characters are kept (620102********123X).</summary>
    /// <param name="idNumber">The number; null or empty gives an empty string.</param>
    /// <returns>The masked number.</returns>
    public static string IdNumber(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber))
        {
            return string.Empty;
        }

        if (idNumber.Length <= 10)
        {
            return new string(MaskChar, idNumber.Length);
        }

        return string.Concat(idNumber.AsSpan(0, 6), new string(MaskChar, idNumber.Length - 10), idNumber.AsSpan(idNumber.Length - 4));
    }

    /// <summary>
    /// Masks an address line without a grid hierarchy: keeps only the coarse part, up to and including the first
    /// word that names a compound or community (小区, 社区, 花园, 家园, 新村, 村, 苑, 公寓, 大院, 院), and masks the rest
    /// (福利东路小区3号楼2单元501 → 福利东路小区***). A line without such a word is masked whole (***).
    /// </summary>
    /// <param name="detail">The address line.</param>
    /// <returns>The masked line.</returns>
    public static string AddressLine(string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return string.Empty;
        }

        var cut = -1;
        foreach (var marker in CoarseAddressMarkers)
        {
            var at = detail.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at + marker.Length < cut))
            {
                cut = at + marker.Length;
            }
        }

        var coarse = cut < 0 ? string.Empty : Scrub(detail[..cut]).TrimEnd(MaskChar);
        return coarse + "***";
    }

    /// <summary>Masks a value of the given kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="value">The value.</param>
    /// <returns>The masked value.</returns>
    public static string Mask(PersonalDataKind kind, string? value) => kind switch
    {
        PersonalDataKind.Name => Name(value),
        PersonalDataKind.Phone => Phone(value),
        PersonalDataKind.Address => AddressLine(value),
        PersonalDataKind.IdNumber => IdNumber(value),
        PersonalDataKind.Reference => value ?? string.Empty,
        _ => Scrub(value),
    };

    /// <summary>
    /// Masks the personal data that can be recognized in free text (reasons, notes, descriptions, exception
    /// messages): mainland mobile numbers (11 digits from 13–19, optionally after +86 and with spaces or dashes
    /// between the groups), landlines (an area code — 010, 02x or four digits from 03 — and a local number of 7–8
    /// digits starting 2–9, with or without a dash, space or parentheses: 0931-8123456, 09318123456, (010) 62345678),
    /// and 18-character resident identity numbers. A number counts only when no other digit touches it. Names in
    /// free text are not recognized: keep them in the vault, not in text.
    /// </summary>
    /// <param name="text">The text; null gives an empty string.</param>
    /// <returns>The text with those numbers masked; the same instance when there is nothing to mask.</returns>
    public static string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Cheap exit for the common case: no run of digits long enough to be any of them.
        if (!HasDigitRun(text, 7))
        {
            return text;
        }

        var result = IdNumberPattern().Replace(text, m => IdNumber(m.Value));
        result = MobilePattern().Replace(result, m => string.Concat(m.Groups["a"].ValueSpan, "****", m.Groups["c"].ValueSpan));
        result = LandlinePattern().Replace(result, m => m.Groups["area"].Value + "-" + new string(MaskChar, m.Groups["number"].Length - 4) + m.Groups["number"].ValueSpan[^4..].ToString());
        return result;
    }

    /// <summary>
    /// The name of an actor as audit output shows it: masked (<see cref="Name"/>) when it is personal data — a
    /// person who is a resident or holds no role — and as given for staff, organizations and systems.
    /// </summary>
    /// <param name="actor">The actor.</param>
    /// <returns>The name to show.</returns>
    public static string ActorName(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return IsPersonalName(actor) ? Name(actor.DisplayName) : Scrub(actor.DisplayName);
    }

    /// <summary>
    /// Whether an actor's display name is a resident's personal data: the actor is a person
    /// (<see cref="ActorKind.Person"/>) who holds the <see cref="ActorRoles.Resident"/> role or no role at all.
    /// </summary>
    /// <param name="actor">The actor.</param>
    /// <returns><see langword="true"/> when the name must be masked.</returns>
    public static bool IsPersonalName(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Kind == ActorKind.Person && (actor.Roles == ActorRoles.None || actor.HasAnyRole(ActorRoles.Resident));
    }

    private static bool HasDigitRun(string text, int length)
    {
        var run = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (++run >= length)
                {
                    return true;
                }
            }
            else if (c is not (' ' or '-'))
            {
                run = 0;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"(?<![0-9])(?:(?:\+|00)?86[ -]?)?(?<a>1[3-9][0-9])[ -]?(?<b>[0-9]{4})[ -]?(?<c>[0-9]{4})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    // Area codes: 010 and 02x have three digits, the others four; local numbers start with 2–9.
    [GeneratedRegex(@"(?<![0-9])\(?(?<area>0(?:10|2[0-9]|[3-9][0-9]{2}))\)?[ -]?(?<number>[2-9][0-9]{6,7})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex LandlinePattern();
}
