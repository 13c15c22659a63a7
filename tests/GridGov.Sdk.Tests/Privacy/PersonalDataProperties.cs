using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Tests.Privacy;

/// <summary>
/// Properties of masking over generated residents (Chinese names, single and compound surnames; mobiles and
/// landlines written in the usual ways; addresses; free text with phone and ID numbers in it): no ToString, JSON
/// payload, export row, exception message or captured log line holds an unmasked phone number or full name; masks
/// are idempotent; a reveal gives back exactly what was stored.
/// </summary>
public sealed class PersonalDataProperties
{
    // ---- Generators ----

    private const string GivenChars = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂玉萍红建华志国文斌婷宇浩晨";

    internal sealed record Resident(string Name, string PhoneInput, string PhoneNormalized, string AddressDetail)
    {
        /// <summary>The forms of the number that count as unmasked: as stored, and its digits alone.</summary>
        public IEnumerable<string> PhoneForms => [PhoneNormalized, PhoneNormalized.Replace("-", string.Empty, StringComparison.Ordinal)];

        public override string ToString() => $"{Name} / {PhoneInput} ({PhoneNormalized}) / {AddressDetail}";
    }

    // Mobiles: the phone numbers in the text (mobiles and landlines), digits only.
    internal sealed record FreeText(string Text, string[] Mobiles, string[] IdNumbers)
    {
        public override string ToString() => Text;
    }

    private static Gen<string> Digits(int count) => Gen.ArrayOf(Gen.Choose(0, 9), count).Select(d => string.Concat(d));

    private static readonly Gen<string> Names =
        from surname in Gen.Elements("张", "王", "李", "赵", "刘", "陈", "杨", "黄", "欧阳", "司马", "诸葛", "上官")
        from length in Gen.Choose(1, 3)
        from given in Gen.ArrayOf(Gen.Elements(GivenChars.ToCharArray()), length)
        select surname + new string(given);

    private static readonly Gen<string> Mobiles =
        from second in Gen.Choose(3, 9)
        from rest in Digits(9)
        select "1" + second + rest;

    /// <summary>A mobile as a person might write it, and its normalized form.</summary>
    private static readonly Gen<(string Input, string Normalized)> MobileInputs =
        from number in Mobiles
        from style in Gen.Choose(0, 4)
        select (style switch
        {
            0 => number,
            1 => $"{number[..3]} {number[3..7]} {number[7..]}",
            2 => $"{number[..3]}-{number[3..7]}-{number[7..]}",
            3 => "+86 " + number,
            _ => "0086" + number,
        }, number);

    private static readonly Gen<(string Input, string Normalized)> LandlineInputs =
        from area in Gen.Elements("010", "021", "0931", "0951", "0755")
        from first in Gen.Choose(2, 8)
        from length in Gen.Choose(6, 7)
        from rest in Digits(length)
        from dashed in Gen.Elements(true, false)
        let normalized = $"{area}-{first}{rest}"
        select (dashed ? normalized : normalized.Replace("-", string.Empty, StringComparison.Ordinal), normalized);

    private static readonly Gen<string> AddressDetails =
        from road in Gen.Elements("福利东路", "先锋路", "西固中路", "合水北路")
        from compound in Gen.Elements("小区", "花园", "家园", "新村", string.Empty)
        from building in Gen.Choose(1, 30)
        from unit in Gen.Choose(1, 6)
        from room in Gen.Choose(101, 2802)
        select $"{road}{building}号{compound}{building}号楼{unit}单元{room}室";

    internal static readonly Gen<Resident> Residents =
        from name in Names
        from phone in Gen.Frequency((4, MobileInputs), (1, LandlineInputs))
        from detail in AddressDetails
        select new Resident(name, phone.Input, phone.Normalized, detail);

    private static readonly Gen<string> IdNumbers =
        from region in Gen.Choose(110000, 659999)
        from year in Gen.Choose(1930, 2020)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28)
        from seq in Gen.Choose(0, 999)
        from check in Gen.Elements("0", "1", "5", "9", "X", "x")
        select $"{region}{year}{month:00}{day:00}{seq:000}{check}";

    private static readonly Gen<string> Words = Gen.Elements("楼道堆满杂物", "请联系", "电话", "身份证", "居民反映", "，", "。", " ", "tel:", "3单元", "a", "!");

    /// <summary>Free text: words, mobiles and landlines in any written form and ID numbers, never two numbers touching.</summary>
    internal static readonly Gen<FreeText> FreeTexts =
        from count in Gen.Choose(0, 8)
        from parts in Gen.ArrayOf(Gen.Frequency(
            (3, Words.Select(w => (Text: w, Mobile: (string?)null, Id: (string?)null))),
            (2, MobileInputs.Select(m => (Text: m.Input, Mobile: (string?)m.Normalized, Id: (string?)null))),
            (1, LandlineInputs.Select(l => (Text: l.Input, Mobile: (string?)l.Normalized.Replace("-", string.Empty, StringComparison.Ordinal), Id: (string?)null))),
            (1, IdNumbers.Select(i => (Text: i, Mobile: (string?)null, Id: (string?)i)))), count)
        select new FreeText(
            string.Join("，", parts.Select(p => p.Text)),
            [.. parts.Where(p => p.Mobile is not null).Select(p => p.Mobile!)],
            [.. parts.Where(p => p.Id is not null).Select(p => p.Id!)]);

    private static void AssertNothingUnmasked(string where, string output, Resident resident)
    {
        Assert.False(output.Contains(resident.Name, StringComparison.Ordinal), $"{where} holds the full name: {output}");
        foreach (var phone in resident.PhoneForms)
        {
            Assert.False(output.Contains(phone, StringComparison.Ordinal), $"{where} holds the phone number: {output}");
        }
    }

    private static void AssertScrubbed(string output, FreeText text)
    {
        var joined = output.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var mobile in text.Mobiles)
        {
            Assert.False(joined.Contains(mobile, StringComparison.Ordinal), $"'{mobile}' is left in: {output}");
        }

        foreach (var id in text.IdNumbers)
        {
            Assert.False(output.Contains(id, StringComparison.Ordinal), $"'{id}' is left in: {output}");
        }
    }

    private static PersonalContact ContactOf(Resident r)
        => new(PersonName.Parse(r.Name), PhoneNumber.Parse(r.PhoneInput), ResidentAddress.Create("B1", r.AddressDetail));

    // ---- Values ----

    [Property(MaxTest = 300)]
    public Property ValueTypes_ToStringFormattingAndJson_NeverHoldTheRealValue()
        => Prop.ForAll(Arb.From(Residents), r =>
        {
            var contact = ContactOf(r);
            var outputs = new Dictionary<string, string>
            {
                ["name ToString"] = contact.Name!.Value.ToString(),
                ["phone ToString"] = contact.Phone!.Value.ToString(),
                ["interpolation"] = $"{contact.Name} {contact.Phone:G} {contact.Address}",
                ["contact ToString"] = contact.ToString(),
                ["contact JSON"] = JsonSerializer.Serialize(contact, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
                ["command ToString"] = new ReportIssue(new Actor("r-1", r.Name), "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "t", "电话" + r.PhoneInput) { ReporterContact = contact }.ToString(),
            };
            foreach (var (where, output) in outputs)
            {
                AssertNothingUnmasked(where, output, r);
            }

            Assert.Equal(r.Name, contact.Name!.Value.Reveal());
            Assert.Equal(r.PhoneNormalized, contact.Phone!.Value.Reveal());
            Assert.Equal(r.AddressDetail, contact.Address!.Value.RevealDetail());
        });

    [Property(MaxTest = 300)]
    public Property Masks_AreIdempotent()
        => Prop.ForAll(Arb.From(Residents), r =>
        {
            var contact = ContactOf(r);
            var name = contact.Name!.Value.ToString();
            var phone = contact.Phone!.Value.ToString();
            var address = contact.Address!.Value.ToString();

            Assert.Equal(name, PersonalDataMask.Name(name));
            Assert.Equal(phone, PersonalDataMask.Phone(phone));
            Assert.Equal(phone, PersonalDataMask.Phone(r.PhoneInput));
            Assert.Equal(address, PersonalDataMask.AddressLine(address));
            Assert.Equal(phone, PersonalDataMask.Scrub(phone));
        });

    [Property(MaxTest = 500)]
    public Property Scrub_LeavesNoPhoneOrIdNumber_AndIsIdempotent()
        => Prop.ForAll(Arb.From(FreeTexts), text =>
        {
            var once = PersonalDataMask.Scrub(text.Text);

            AssertScrubbed(once, text);
            Assert.Equal(once, PersonalDataMask.Scrub(once));
        });

    [Property(MaxTest = 300)]
    public Property InvalidPhone_ExceptionMessage_HoldsNoDigitsOfIt()
        => Prop.ForAll(Arb.From(Mobiles.SelectMany(m => Gen.Choose(0, 9).Select(extra => m + extra))), bad =>
        {
            var ex = Assert.Throws<InvalidPersonalDataException>(() => PhoneNumber.Parse(bad));

            Assert.DoesNotContain(bad[..11], ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(bad[..11], ex.ToString(), StringComparison.Ordinal);
        });

    // ---- Through the SDK: report, refuse, reveal, erase, export, logs ----

    [Property(MaxTest = 60)]
    public Property Reveal_ReturnsTheOriginalExactly()
        => Prop.ForAll(Arb.From(Residents), r => Task.Run(async () =>
        {
            using var host = new PrivacyTestHost();
            var contact = ContactOf(r);
            var (_, reference) = await host.ReportWithContactAsync(contact);

            var revealed = await host.Vault.RevealAsync(reference, PrivacyTestHost.Secretary, "回访");

            Assert.Equal(contact, revealed);
            Assert.Equal(r.Name, revealed.Name!.Value.Reveal());
            Assert.Equal(r.PhoneNormalized, revealed.Phone!.Value.Reveal());
            Assert.Equal(r.AddressDetail, revealed.Address!.Value.RevealDetail());
        }).GetAwaiter().GetResult());

    [Property(MaxTest = 60)]
    public Property ExportRowsExceptionsAndLogLines_HoldNoUnmaskedPhoneOrName()
        => Prop.ForAll(Arb.From(Residents), Arb.From(FreeTexts), (r, text) => Task.Run(async () =>
        {
            using var host = new PrivacyTestHost();
            var resident = new Actor("r-9", r.Name) { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("D")] };
            var errors = new List<string>();
            var result = await host.Issues.ReportAsync(new ReportIssue(resident, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "楼道堆放杂物", "居民来电 " + r.PhoneInput + "，" + text.Text)
            {
                ReporterId = resident.Id,
                ReporterContact = ContactOf(r),
                Reason = "来电 " + r.PhoneInput,
            });
            var reference = ((IssueReported)result.Events[0].Payload).ReporterContact!.Value;
            await host.Issues.ExecuteAsync(new RejectIssue(result.Issue.Id, PrivacyTestHost.Secretary) { Reason = text.Text + " 已联系" + r.PhoneInput });
            try
            {
                await host.Vault.RevealAsync(reference, resident, "我想看 " + r.PhoneInput);
            }
            catch (GridGovException e)
            {
                errors.Add(e.ToString());
            }

            try
            {
                await host.Issues.ExecuteAsync(new AcceptIssue(result.Issue.Id, resident) { Reason = r.PhoneInput });
            }
            catch (GridGovException e)
            {
                errors.Add(e.ToString());
            }

            var masked = await host.Export.ToCsvAsync();
            var refused = await host.Export.ToCsvAsync(reveal: new AuditExportReveal(PrivacyTestHost.GridWorker, "核查 " + r.PhoneInput));
            var erased = await host.Vault.EraseAsync(reference, PrivacyTestHost.Secretary, "居民 " + r.PhoneInput + " 申请删除");
            var afterErasure = await host.Export.ToCsvAsync();

            Assert.NotEmpty(errors);
            AssertNothingUnmasked("export", masked, r);
            AssertNothingUnmasked("export after a refused reveal", refused, r);
            AssertNothingUnmasked("export after erasure", afterErasure, r);
            AssertNothingUnmasked("erased view", erased.ToString(), r);
            AssertScrubbed(masked, text);
            foreach (var error in errors)
            {
                AssertNothingUnmasked("exception", error, r);
            }

            foreach (var line in host.Logs.Lines)
            {
                AssertNothingUnmasked("log line", line, r);
            }

            foreach (var e in await host.Store.ReadAllAsync().ToListAsync())
            {
                AssertNothingUnmasked("event ToString", e.Payload.ToString()!, r);
                AssertNothingUnmasked("metadata ToString", e.Metadata.ToString(), r);
            }

            Assert.True((await host.Store.VerifyAsync()).IsIntact);
        }).GetAwaiter().GetResult());
}
