using System.Text.Json;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Privacy;

public sealed class PersonalDataMaskTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("阿依古丽·买买提", "阿*******")]
    [InlineData("王", "*")]
    [InlineData("  李四 ", "李*")]
    public void PersonName_ToString_KeepsTheFirstCharacterOnly(string given, string masked)
    {
        var name = PersonName.Parse(given);

        Assert.Equal(masked, name.ToString());
        Assert.Equal(masked, $"{name}");
        Assert.Equal(masked, string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:G}", name));
        Assert.Equal(given.Trim(), name.Reveal());
    }

    [Theory]
    [InlineData("")]
    [InlineData("张3")]
    [InlineData("张*")]
    [InlineData("张\n三")]
    public void PersonName_Parse_Invalid_ThrowsATypedErrorWithoutTheValue(string given)
    {
        var ex = Assert.Throws<InvalidPersonalDataException>(() => PersonName.Parse(given));

        Assert.Equal(InvalidPersonalDataException.ErrorCode, ex.Code);
        Assert.Equal(PersonalDataKind.Name, ex.Kind);
        if (given.Length > 0)
        {
            Assert.DoesNotContain(given, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("13812345678", "13812345678", "138****5678")]
    [InlineData("+86 138 1234 5678", "13812345678", "138****5678")]
    [InlineData("0086-138-1234-5678", "13812345678", "138****5678")]
    [InlineData("8613812345678", "13812345678", "138****5678")]
    [InlineData("0931-8123456", "0931-8123456", "0931-***3456")]
    [InlineData("(0931) 81234567", "0931-81234567", "0931-****4567")]
    [InlineData("010-62345678", "010-62345678", "010-****5678")]
    [InlineData("02087654321", "020-87654321", "020-****4321")]
    public void PhoneNumber_Parse_NormalizesAndMasks(string given, string normalized, string masked)
    {
        var phone = PhoneNumber.Parse(given);

        Assert.Equal(normalized, phone.Reveal());
        Assert.Equal(masked, phone.ToString());
        Assert.Equal(masked, $"{phone}");
        Assert.Equal(normalized.StartsWith('1'), phone.IsMobile);
    }

    [Theory]
    [InlineData("1381234567")]
    [InlineData("12812345678")]
    [InlineData("138123456789")]
    [InlineData("+1 415 555 0100")]
    [InlineData("0931-0123456")]
    [InlineData("138-1234-567x")]
    public void PhoneNumber_Parse_Invalid_ThrowsATypedErrorWithoutTheValue(string given)
    {
        var ex = Assert.Throws<InvalidPersonalDataException>(() => PhoneNumber.Parse(given));

        Assert.Equal("privacy.invalid-value", ex.Code);
        Assert.Equal(PersonalDataKind.Phone, ex.Kind);
        Assert.DoesNotContain(given, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string(given.Where(char.IsAsciiDigit).ToArray()), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResidentAddress_Mask_WithTheHierarchy_ShowsThePathDownToTheCompound()
    {
        var hierarchy = XiguGrid.Builder().Build();
        var address = ResidentAddress.Create(XiguGrid.Building1, "福利东路小区1号楼2单元501室");

        Assert.Equal("西固区 / 陈坪街道 / 先锋社区 / 福利东路小区 ***", address.Mask(hierarchy));
        Assert.Equal(XiguGrid.Compound, address.CoarseNode(hierarchy)!.Value.Code);
        Assert.Equal("福利东路小区1号楼2单元501室", address.RevealDetail());
        Assert.Equal(XiguGrid.Building1, address.RevealNodeCode());
    }

    [Fact]
    public void ResidentAddress_Mask_UnderGridsWithoutACompound_StopsAtTheCommunity()
    {
        var hierarchy = XiguGrid.Builder().Build();
        var address = ResidentAddress.Create(XiguGrid.Zone1, "先锋路12号院3号");

        Assert.Equal("西固区 / 陈坪街道 / 先锋社区 ***", address.Mask(hierarchy));
    }

    [Theory]
    [InlineData("甘肃省兰州市西固区福利东路小区3号楼2单元501", "甘肃省兰州市西固区福利东路小区***")]
    [InlineData("西固村5组12号", "西固村***")]
    [InlineData("3号楼2单元501", "***")]
    [InlineData("福利东路小区***", "福利东路小区***")]
    public void ResidentAddress_ToString_WithoutAHierarchy_KeepsTheCoarsePartOfTheLine(string detail, string masked)
    {
        var address = ResidentAddress.Create(null, detail);

        Assert.Equal(masked, address.ToString());
        Assert.Equal(masked, PersonalDataMask.AddressLine(masked));
    }

    [Fact]
    public void Json_WritesTheMaskedFormOnly()
    {
        var contact = new PersonalContact(PersonName.Parse("张三"), PhoneNumber.Parse("13812345678"), ResidentAddress.Create("B1", "福利东路小区1号楼501"));

        var json = JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(contact));

        Assert.Equal("张*", json.GetProperty("Name").GetString());
        Assert.Equal("138****5678", json.GetProperty("Phone").GetString());
        Assert.Equal("福利东路小区***", json.GetProperty("Address").GetString());
    }

    [Fact]
    public void Json_ReadsPlainValues()
    {
        var phone = JsonSerializer.Deserialize<PhoneNumber>("\"138 1234 5678\"");
        var name = JsonSerializer.Deserialize<PersonName>("\"张三\"");
        var address = JsonSerializer.Deserialize<ResidentAddress>("{\"nodeCode\":\"B1\",\"detail\":\"1号楼501\"}");

        Assert.Equal("13812345678", phone.Reveal());
        Assert.Equal("张三", name.Reveal());
        Assert.Equal("1号楼501", address.RevealDetail());
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PhoneNumber>("\"138****5678\""));
    }

    [Fact]
    public void PersonalContact_ToString_MasksEveryPart()
    {
        var contact = new PersonalContact(PersonName.Parse("张三"), PhoneNumber.Parse("13812345678"), ResidentAddress.Create(null, "福利东路小区1号楼501"));

        Assert.Equal("张* 138****5678 福利东路小区***", contact.ToString());
    }

    [Theory]
    [InlineData("请联系13812345678处理", "请联系138****5678处理")]
    [InlineData("电话 +86 138-1234-5678。", "电话 138****5678。")]
    [InlineData("座机0931-8123456", "座机0931-***3456")]
    [InlineData("座机09318123456，或(010) 62345678", "座机0931-***3456，或010-****5678")]
    [InlineData("身份证620102199001011234，另有62010219900101123X", "身份证620102********1234，另有620102********123X")]
    [InlineData("订单号 2025010112345678 不是电话", "订单号 2025010112345678 不是电话")]
    [InlineData("3单元楼道堆满杂物", "3单元楼道堆满杂物")]
    public void Scrub_MasksPhoneAndIdNumbersInText(string text, string scrubbed)
    {
        Assert.Equal(scrubbed, PersonalDataMask.Scrub(text));
        Assert.Equal(scrubbed, PersonalDataMask.Scrub(scrubbed));
    }

    [Fact]
    public void Actor_ToString_MasksAResidentsName_ButNotStaff()
    {
        var resident = new Actor("r-1", "张三") { Roles = ActorRoles.Resident };
        var noRole = new Actor("r-2", "李四");
        var secretary = new Actor("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary };
        var unit = new Actor("org-1", "西固热电") { Kind = ActorKind.Organization };

        Assert.Equal("张* (r-1)", resident.ToString());
        Assert.Equal("李* (r-2)", noRole.ToString());
        Assert.Equal("社区书记李 (sec-1)", secretary.ToString());
        Assert.Equal("西固热电 (org-1)", unit.ToString());
        Assert.Equal("张*", PersonalDataMask.ActorName(resident));
    }
}
