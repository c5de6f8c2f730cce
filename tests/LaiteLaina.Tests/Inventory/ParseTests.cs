namespace LaiteLaina.Tests.Inventory;

public sealed class ParseTests
{
    [TestCase("129,90", 12990)]
    [TestCase("129.90", 12990)]
    [TestCase("1 299 €", 129900)]
    [TestCase("0", 0)]
    public void Cents_FinnishAndPlainAmounts_ReadAsCents(string text, long cents) =>
        Assert.That(Parse.Cents("cost", text), Is.EqualTo(cents));

    [TestCase("-1")]
    [TestCase("12,345")]
    [TestCase("kymppi")]
    public void Cents_BadAmount_Refused(string text) =>
        Assert.That(() => Parse.Cents("cost", text), Throws.TypeOf<UserError>().With.Message.Contain($"cost '{text}'"));

    [TestCase("2025-03-14")]
    [TestCase("14.3.2025")]
    [TestCase("14.03.2025")]
    public void Date_IsoAndFinnish_SameDay(string text) =>
        Assert.That(Parse.Date("d", text), Is.EqualTo(new DateOnly(2025, 3, 14)));

    [TestCase("2025-02-30")]
    [TestCase("3/14/2025")]
    public void Date_NotADate_Refused(string text) =>
        Assert.That(() => Parse.Date("acquired-on", text), Throws.TypeOf<UserError>().With.Message.StartWith($"acquired-on '{text}' is not valid"));

    [Test]
    public void Imei_ValidWithSpaces_Normalised() => Assert.That(Parse.Imei("35 209900 176148 1"), Is.EqualTo("352099001761481"));

    [Test]
    public void Imei_WrongCheckDigit_Refused() => Assert.That(() => Parse.Imei("352099001761482"), Throws.TypeOf<UserError>());
}
