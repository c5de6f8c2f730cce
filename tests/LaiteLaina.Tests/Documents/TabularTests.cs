using System.Globalization;
using LaiteLaina.Documents;
using LaiteLaina.Kernel;

namespace LaiteLaina.Tests.Documents;

/// <summary>The printed reports' own rules: times a reader can place, and the report's language in its metadata.</summary>
public sealed class TabularTests
{
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    [TestCase(2026, 1, "fi", "14.1.2026 10.05 UTC+2")]
    [TestCase(2026, 7, "fi", "14.7.2026 11.05 UTC+3")]
    [TestCase(2026, 7, "sv", "14.7.2026 11.05 UTC+3")]
    [TestCase(2026, 7, "en", "14.7.2026 11:05 UTC+3")]
    public void Time_HelsinkiWinterAndSummer_LocalTimeWithItsOffset(int year, int month, string language, string expected)
    {
        var moment = new DateTimeOffset(year, month, 14, 8, 5, 0, TimeSpan.Zero);
        Assert.That(Tabular.Time(moment, MessageCatalog.Parse(language)!, Helsinki), Is.EqualTo(expected));
    }

    [TestCase("sv", "sv")]
    [TestCase("fi", "fi")]
    [TestCase("", "en")]
    public void Pdf_ReaderCulture_LanguageAndEmptyTableWordsInIt(string culture, string tag)
    {
        var c = CultureInfo.GetCultureInfo(culture);
        var pdf = Tabular.Pdf(c, "Kunta", "Raportti", "R-1", ["Rivi."], [new Tabular.Section("Osio", ["A"], [])]);
        Assert.That(PdfTools.PdfInfo(pdf, meta: true), Does.Contain($"<dc:language><rdf:Bag><rdf:li>{tag}</rdf:li>"));
        Assert.That(PdfTools.PdfToText(pdf), Does.Contain(MessageCatalog.UiWords("None", c)));
    }
}
