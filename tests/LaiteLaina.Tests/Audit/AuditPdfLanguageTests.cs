using System.Text.RegularExpressions;
using System.Xml.Linq;
using LaiteLaina.Audit;
using LaiteLaina.Tests.Web;
using Microsoft.Extensions.Localization;
using UglyToad.PdfPig;

namespace LaiteLaina.Tests.Audit;

/// <summary>
/// The printed return audit and stocktake report are in the reader's language: a Finnish or Swedish PDF holds no word
/// that only the English catalogs use, and its numbers and dates are written the reader's way.
/// </summary>
public sealed partial class AuditPdfLanguageTests(Engine engine) : ApiTest(engine)
{
    private static readonly ReturnAuditFilter Year2025 = new() { From = "2025-01-01", To = "2025-12-31" };

    [SetUp]
    public Task SeedAsync() => ReturnAuditTests.SeedAsync(Db, Scratch);

    [TestCase("fi", "Palautusten tarkastus", "3,0")]
    [TestCase("sv", "Granskning av återlämningar", "3,0")]
    public async Task ReturnAuditPdf_FinnishOrSwedishReader_NoEnglishCatalogWords(string language, string title, string averageDays)
    {
        var text = await AsReaderAsync(language, () =>
            App.Services.GetRequiredService<ReturnAudit>().PdfAsync(Year2025, true, App.Services.GetRequiredService<IStringLocalizer<Ui>>()));

        Assert.Multiple(() =>
        {
            Assert.That(EnglishOnly(text), Is.Empty, text);
            Assert.That(text, Does.Contain(title).And.Contain("1.1.2025–31.12.2025").And.Contain(averageDays));
        });
    }

    [TestCase("fi", "Inventaario")]
    [TestCase("sv", "Inventering")]
    public async Task StocktakePdf_FinnishOrSwedishReader_NoEnglishCatalogWords(string language, string title)
    {
        var stocktakes = App.Services.GetRequiredService<StocktakeService>();
        var documents = App.Services.GetRequiredService<DocumentStore>();
        var text = await AsReaderAsync(language, async () =>
        {
            await App.Services.GetRequiredService<LaiteLaina.Users.UserService>().AddAsync("sari", "Sari Salo", "counsellor", "salasana-123456", "t");
            var t = await stocktakes.StartAsync("KYLA", null, null, "web:sari");
            await stocktakes.ScanAsync(t.Reference, "LL-000003", "t");
            await stocktakes.ScanAsync(t.Reference, "LL-000001", "t");
            await stocktakes.ScanAsync(t.Reference, "LL-999999", "t");
            var (_, document) = await stocktakes.CloseAsync(t.Reference, "api:sari");
            return (await documents.GetAsync(document.Id)).Content;
        });

        Assert.Multiple(() =>
        {
            Assert.That(EnglishOnly(text), Is.Empty, text);
            Assert.That(text, Does.Contain(title));
            Assert.That(text, Does.Contain("Sari Salo").And.Not.Contain("sari"), "people by name, not by account");
            Assert.That(text, Does.Match(@"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}\.\d{2} UTC"), "times with their offset");
        });
    }

    [Test]
    public async Task ReturnAuditPdf_EnglishReader_EnglishWords()
    {
        var text = await AsReaderAsync("en", () =>
            App.Services.GetRequiredService<ReturnAudit>().PdfAsync(Year2025, true, App.Services.GetRequiredService<IStringLocalizer<Ui>>()));

        Assert.That(text, Does.Contain("Return audit").And.Contain("Loans to follow up"));
    }

    /// <summary>Lays the PDF out as a reader of <paramref name="language"/> would get it, and returns its words.</summary>
    private static async Task<string> AsReaderAsync(string language, Func<Task<byte[]>> make)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            using var pdf = PdfDocument.Open(await make());
            return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    /// <summary>The words of <paramref name="text"/> that appear in the English catalogs and nowhere in the Finnish or
    /// Swedish ones: a word a Finnish or Swedish reader should never see.</summary>
    private static List<string> EnglishOnly(string text)
    {
        // "charger" is what the seeding counsellor typed as the accessory: the person's own words, not the catalogs'.
        var english = Words("").Except(Words("fi")).Except(Words("sv")).Except(["charger"]).ToHashSet(StringComparer.Ordinal);
        return WordPattern().Matches(text).Select(m => m.Value).Where(english.Contains).Distinct().ToList();
    }

    private static HashSet<string> Words(string culture)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var catalog in new[] { "Ui", "Messages" })
        {
            var file = Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina/Kernel",
                culture.Length == 0 ? $"{catalog}.resx" : $"{catalog}.{culture}.resx");
            foreach (var value in XDocument.Load(file).Root!.Elements("data").Select(d => (string?)d.Element("value") ?? ""))
                words.UnionWith(WordPattern().Matches(value).Select(m => m.Value));
        }
        return words;
    }

    /// <summary>A word of four letters or more: shorter ones ("on", "to", "d") are too often the same in several languages.</summary>
    [GeneratedRegex(@"\p{L}{4,}")]
    private static partial Regex WordPattern();
}
