namespace LaiteLaina.Tests.Kernel;

/// <summary>Bad texts every entry point's test sends: an identity code in each century sign's form, hidden as people
/// paste it, a NUL byte, a direction override and a value over every maximum.</summary>
public static class BadText
{
    private const string CheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /// <summary>Each century sign (1800s +; 1900s -, Y, X, W, V, U; 2000s A–F) with a birth date of its century.</summary>
    public static readonly (char Sign, string Date)[] CenturySigns =
    [
        ('+', "150385"), ('-', "131052"), ('Y', "020291"), ('X', "030392"), ('W', "040493"), ('V', "050594"), ('U', "060695"),
        ('A', "010101"), ('B', "070707"), ('C', "080808"), ('D', "090909"), ('E', "101010"), ('F', "311223"),
    ];

    /// <summary>The code with its right check character.</summary>
    public static string Code(string date, char sign, string individual = "308") =>
        $"{date}{sign}{individual}{CheckCharacters[(int)(long.Parse(date + individual, CultureInfo.InvariantCulture) % 31)]}";

    /// <summary>The n-th of the forms a code reaches a field in: plain, full-width digits, a soft hyphen or a zero-width
    /// space inside, each century sign in turn.</summary>
    public static string IdentityCode(int n)
    {
        var (sign, date) = CenturySigns[n % CenturySigns.Length];
        var code = Code(date, sign);
        return (n / CenturySigns.Length % 4) switch
        {
            0 => code,
            1 => FullWidth(code),
            2 => code[..4] + "\u00AD" + code[4..],
            _ => code[..7] + "\u200B" + code[7..],
        };
    }

    public static string FullWidth(string text) => string.Concat(text.Select(c => c is >= '0' and <= '9' ? (char)(c - '0' + '０') : c));

    public const string Nul = "Samsung\0Galaxy";

    public const string Override = "Samsung \u202Egnp.exe";

    /// <summary>Longer than any field but a signature's data URL may be.</summary>
    public static readonly string Megabyte = new('x', 1_000_000);
}

public sealed class TextInputTests
{
    [TestCaseSource(typeof(BadText), nameof(BadText.CenturySigns))]
    public void Check_EveryCenturySignInAName_RefusedWithoutEchoingIt((char Sign, string Date) form)
    {
        var code = BadText.Code(form.Date, form.Sign);
        var e = Assert.Throws<UserError>(() => TextInput.Check("make", "Samsung " + code));
        Assert.That((e!.Code, e.Field), Is.EqualTo(("identity-code.refused", "make")));
        Assert.That(e.Message, Does.Not.Contain(code[..6]));
    }

    [TestCase("１３１０５２-３０８T", TestName = "Check_FullWidthDigits_Refused")]
    [TestCase("131052\u00AD-308T", TestName = "Check_SoftHyphenFromWord_Refused")]
    [TestCase("1310\u200B52-308T", TestName = "Check_ZeroWidthSpace_Refused")]
    [TestCase("131052\uFF0D308T", TestName = "Check_FullWidthHyphen_Refused")]
    public void Check_HiddenIdentityCode_Refused(string text) =>
        Assert.That(Assert.Throws<UserError>(() => TextInput.Check("Input.Model", text))!.Code, Is.EqualTo("identity-code.refused"));

    [Test]
    public void Check_SerialShapedLikeACodeWithWrongCheck_Accepted() =>
        Assert.That(TextInput.Check("serial", "131052-308A"), Is.EqualTo("131052-308A"));

    [Test]
    public void Check_SerialThatIsACode_Refused() =>
        Assert.That(Assert.Throws<UserError>(() => TextInput.Check("serial", "131052-308T"))!.Code, Is.EqualTo("identity-code.refused"));

    [Test]
    public void Check_NameWithWrongCheckCharacter_StillRefused() =>
        Assert.That(Assert.Throws<UserError>(() => TextInput.Check("name", "131052-308A"))!.Code, Is.EqualTo("identity-code.refused"));

    [Test]
    public void Check_FullWidthAndSoftHyphen_StoredNormalised() =>
        Assert.That(TextInput.Check("model", "Ｇａｌａｘｙ Ｔａｂ Ａ９\u00AD"), Is.EqualTo("Galaxy Tab A9"));

    [TestCase("علی\u200Cرضا", "علی\u200Cرضا", TestName = "Check_PersianNonJoinerBetweenLetters_Kept")]
    [TestCase("क्\u200Dष", "क्\u200Dष", TestName = "Check_DevanagariJoinerAfterVirama_Kept")]
    [TestCase("LL-00\u200D0042", "LL-000042", TestName = "Check_JoinerBetweenDigits_Removed")]
    [TestCase("Ma\u200Cija", "Maija", TestName = "Check_NonJoinerInLatinName_Removed")]
    [TestCase("\u200Cعلی", "علی", TestName = "Check_NonJoinerAtTheStart_Removed")]
    public void Check_Joiners_KeptOnlyWhereTheyChangeTheWriting(string typed, string stored) =>
        Assert.That(TextInput.Check("name", typed), Is.EqualTo(stored));

    [Test]
    public void Check_Nul_RefusedNamingFieldAndCharacter()
    {
        var e = Assert.Throws<UserError>(() => TextInput.Check("make", BadText.Nul));
        Assert.That((e!.Code, e.Field), Is.EqualTo(("text.control-character", "make")));
        Assert.That(e.Message, Does.Contain("U+0000").And.Contain("'Samsung\\u0000Galaxy'"));
    }

    [TestCase("\u202E")]
    [TestCase("\u202A")]
    [TestCase("\u2066")]
    [TestCase("\u2069")]
    public void Check_DirectionOverrideOrIsolate_Refused(string mark) =>
        Assert.That(Assert.Throws<UserError>(() => TextInput.Check("notes", "laturi " + mark + "kotelo"))!.Code, Is.EqualTo("text.direction-control"));

    [Test]
    public void Check_LineBreakInAName_Refused() =>
        Assert.That(Assert.Throws<UserError>(() => TextInput.Check("name", "Aino\nÄijälä"))!.Code, Is.EqualTo("text.control-character"));

    [Test]
    public void Check_LineBreaksAndTabInNotes_Accepted() =>
        Assert.That(TextInput.Check("notes", "näyttö haljennut\r\n\tkulma"), Is.EqualTo("näyttö haljennut\r\n\tkulma"));

    [TestCase("make", TextInput.LineMax)]
    [TestCase("serial", TextInput.CodeMax)]
    [TestCase("notes", TextInput.NoteMax)]
    public void Check_OneOverTheMaximum_RefusedWithLengthAndMaximum(string field, int max)
    {
        Assert.That(TextInput.Check(field, new string('x', max)), Has.Length.EqualTo(max));
        var e = Assert.Throws<UserError>(() => TextInput.Check(field, new string('x', max + 1)));
        Assert.That((e!.Code, e.Field), Is.EqualTo(("text.too-long", field)));
        Assert.That(e.Message, Does.Contain($"{max + 1} characters").And.Contain($"at most {max}"));
        Assert.That(e.In(new CultureInfo("fi")), Does.Contain($"{max + 1} merkkiä").And.Contain($"enintään {max}"));
        Assert.That(e.In(new CultureInfo("sv")), Does.StartWith("Fältet ").And.Contain($"har {max + 1} tecken, men högst {max} tecken är tillåtna"));
    }

    [TestCase("make", BadText.Nul, "Fältet tillverkare: 'Samsung\\u0000Galaxy' innehåller ett osynligt styrtecken (U+0000) – ta bort det")]
    [TestCase("notes", "laturi \u202Ekotelo", "Fältet anteckningar: 'laturi \\u202Ekotelo' innehåller ett osynligt tecken (U+202E) som ändrar textens riktning")]
    public void Check_RefusedCharacter_SwedishSaysFieldThenItsName(string field, string text, string swedish) =>
        Assert.That(Assert.Throws<UserError>(() => TextInput.Check(field, text))!.In(new CultureInfo("sv")), Does.StartWith(swedish));

    [Test]
    public void Check_PasswordWithControlCharacter_RefusedWithoutShowingIt()
    {
        var e = Assert.Throws<UserError>(() => TextInput.Check("password", "salasana\u0001"));
        Assert.That(e!.Message, Does.Not.Contain("salasana"));
    }

    [Test]
    public void Check_Password_NotNormalisedNorScannedForCodes() =>
        Assert.That(TextInput.Check("password", "ｐａｓｓ 131052-308T"), Is.EqualTo("ｐａｓｓ 131052-308T"));

    [TestCase("serialNumber", "serial-number")]
    [TestCase("Input.SerialNumber", "serial-number")]
    [TestCase("--recommended-by", "recommended-by")]
    [TestCase("serial_number", "serial-number")]
    [TestCase("TAG", "tag")]
    public void FieldOf_EachEntryPointsSpelling_KebabCase(string name, string field) =>
        Assert.That(TextInput.FieldOf(name), Is.EqualTo(field));

    [Test]
    public void Render_ValueWithLineBreaksAndAMegabyte_OneLineOfSixtyCharacters()
    {
        var value = "rivi\nrivi\r\n\u202E" + BadText.Megabyte;
        var text = UserError.Invalid("due", value, Msg.ParseDate).In(new CultureInfo("fi"));
        // Ordinal: a culture's comparison passes over a direction mark as if it were not there.
        Assert.That(text.IndexOfAny(['\n', '\r', '\u202E']), Is.EqualTo(-1));
        Assert.That(text, Does.Contain("'rivi\\nrivi\\r\\n\\u202Exxx").And.Contain("x…'"));
        Assert.That(text, Has.Length.LessThan(200));
    }

    [Test]
    public void Render_ShortValue_ShownAsItIs() =>
        Assert.That(UserError.Invalid("due", "1.1.2020", Msg.ParseDate).Message, Does.Contain("'1.1.2020'"));
}
