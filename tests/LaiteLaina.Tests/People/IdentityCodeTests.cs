namespace LaiteLaina.Tests.People;

/// <summary>
/// Every form a Finnish personal identity code (henkilötunnus) can take, as the Digital and Population Data Services
/// Agency defines it (century signs of 1800, 1900 and 2000 including the signs added in 2023), written the ways people
/// paste it: upper and lower case, Word's dash look-alikes, with a right or a mistyped check character, alone or in text.
/// </summary>
public sealed class IdentityCodeTests
{
    private const string CheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    // Each sign with a birth date of its own century; the code only looks at the shape, but the samples stay plausible.
    private static readonly (char Sign, string Date)[] CenturySigns =
    [
        ('+', "150385"),
        ('-', "010190"), ('Y', "020291"), ('X', "030392"), ('W', "040493"), ('V', "050594"), ('U', "060695"),
        ('A', "010101"), ('B', "070707"), ('C', "080808"), ('D', "090909"), ('E', "101010"), ('F', "311223"),
    ];

    private static readonly char[] DashLookAlikes = ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uFE63', '\uFF0D'];

    private static readonly string[] Surroundings = ["{0}", "Hetu: {0}.", "HETU{0}", "(s. {0})\nmuuta", "asiakas {0}, puh 040 1234567"];

    /// <summary>The code with its right check character: the remainder of DDMMYYNNN divided by 31, looked up in the check table.</summary>
    private static string Code(string date, char sign, string individual) =>
        $"{date}{sign}{individual}{CheckCharacters[(int)(long.Parse(date + individual, CultureInfo.InvariantCulture) % 31)]}";

    private static string WithWrongCheck(string code)
    {
        var right = CheckCharacters.IndexOf(code[^1], StringComparison.Ordinal);
        return code[..^1] + CheckCharacters[(right + 1) % CheckCharacters.Length];
    }

    public static IEnumerable<TestCaseData> EveryForm()
    {
        foreach (var (sign, date) in CenturySigns)
        {
            foreach (var individual in new[] { "002", "123", "899" })
            {
                var code = Code(date, sign, individual);
                foreach (var (variant, text) in new[] { ("right check", code), ("wrong check", WithWrongCheck(code)) })
                {
                    foreach (var surrounding in Surroundings)
                    {
                        var input = string.Format(CultureInfo.InvariantCulture, surrounding, text);
                        yield return new TestCaseData(input).SetArgDisplayNames($"sign {sign}, {individual}, {variant}, in '{surrounding}'");
                        var lower = input.ToLowerInvariant();
                        if (!string.Equals(lower, input, StringComparison.Ordinal))
                            yield return new TestCaseData(lower).SetArgDisplayNames($"sign {sign}, {individual}, {variant}, lower case, in '{surrounding}'");
                    }
                }
            }
        }
    }

    public static IEnumerable<TestCaseData> EveryDash()
    {
        foreach (var dash in DashLookAlikes)
        {
            var code = Code("010190", '-', "123");
            foreach (var text in new[] { code, WithWrongCheck(code) })
                yield return new TestCaseData(text.Replace('-', dash)).SetArgDisplayNames($"U+{(int)dash:X4} in {text}");
        }
    }

    [TestCaseSource(nameof(EveryForm))]
    public void Contains_EveryCenturySignCaseCheckAndSurrounding_Caught(string text) =>
        Assert.That(IdentityCode.Contains(text), Is.True, text);

    [TestCaseSource(nameof(EveryDash))]
    public void Contains_DashLookAlikeFromWordOrPdf_Caught(string text) =>
        Assert.That(IdentityCode.Contains(text), Is.True);

    [TestCase("ASK-2231", TestName = "Contains_ClientReference_NotMistakenForOne")]
    [TestCase("040 123 4567", TestName = "Contains_PhoneNumber_NotMistakenForOne")]
    [TestCase("Kylätalo 12-14", TestName = "Contains_StreetAddress_NotMistakenForOne")]
    [TestCase("3010190-123A", TestName = "Contains_DigitBeforeTheDay_NotAStandaloneCode")]
    [TestCase("010190-123A5", TestName = "Contains_DigitAfterTheCheckCharacter_NotAStandaloneCode")]
    [TestCase("010190-123Ab", TestName = "Contains_LetterAfterTheCheckCharacter_NotAStandaloneCode")]
    [TestCase("320190-123A", TestName = "Contains_Day32_NotADate")]
    [TestCase("000190-123A", TestName = "Contains_Day00_NotADate")]
    [TestCase("011390-123A", TestName = "Contains_Month13_NotADate")]
    [TestCase("010090-123A", TestName = "Contains_Month00_NotADate")]
    [TestCase("010190G123A", TestName = "Contains_SignG_NotACenturySign")]
    [TestCase("010190T123A", TestName = "Contains_SignT_NotACenturySign")]
    [TestCase("010190Z123A", TestName = "Contains_SignZ_NotACenturySign")]
    [TestCase("010190/123A", TestName = "Contains_Slash_NotACenturySign")]
    [TestCase("010190_123A", TestName = "Contains_Underscore_NotACenturySign")]
    [TestCase("010190-12A", TestName = "Contains_TwoIndividualDigits_TooShort")]
    [TestCase("01019-123A", TestName = "Contains_FiveDigitDate_TooShort")]
    [TestCase("010190-123G", TestName = "Contains_CheckG_NotInTheCheckTable")]
    [TestCase("010190-123I", TestName = "Contains_CheckI_NotInTheCheckTable")]
    [TestCase("010190-123O", TestName = "Contains_CheckO_NotInTheCheckTable")]
    [TestCase("010190-123Q", TestName = "Contains_CheckQ_NotInTheCheckTable")]
    [TestCase("010190-123Z", TestName = "Contains_CheckZ_NotInTheCheckTable")]
    [TestCase("010190 123A", TestName = "Contains_SpaceForTheSign_NotACode")]
    [TestCase("", TestName = "Contains_Empty_False")]
    [TestCase(null, TestName = "Contains_Null_False")]
    public void Contains_NotAnIdentityCode_False(string? text) => Assert.That(IdentityCode.Contains(text), Is.False);

    [Test]
    public void Refuse_TextWithCode_NamesTheFieldWithoutEchoingTheCode()
    {
        var e = Assert.Throws<UserError>(() => IdentityCode.Refuse("notes", "Matti 010190-123A"));
        Assert.That((e!.Field, e.Kind), Is.EqualTo(("notes", UserErrorKind.Invalid)));
        Assert.That(e.Message, Does.StartWith("notes contains something shaped like a personal identity code").And.Not.Contain("010190"));
    }

    [TestCase("laturi ja kotelo")]
    [TestCase(null)]
    public void Refuse_TextWithoutCode_ReturnedUnchanged(string? text) => Assert.That(IdentityCode.Refuse("notes", text), Is.EqualTo(text));
}
