using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace LaiteLaina.Tests.Documents;

/// <summary>
/// #17 findings 8 and 9 in print: the plain-Finnish layout (large type, no tables, one fact a line), the GDPR Art. 13
/// notice with every item it requires, the two retention periods, and the terms: the device's value, loss, theft, damage,
/// lateness and SIM costs, in every language.
/// </summary>
public sealed partial class AgreementTermsTests
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));

    private static readonly DocumentKind[] Agreements = [DocumentKind.LoanAgreement, DocumentKind.HandoverAgreement];

    private static AgreementModel Loan(long? cost = 35000) => Samples.Loan() with { Device = Samples.Loan().Device with { CostCents = cost } };

    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Text(DocumentKind kind, string language, AgreementModel model) =>
        Squash(PdfTools.PdfToText(Renderer.Render(kind, language, model).Pdf));

    // The body of a page: below the running head with its codes, above the footer.
    private const double HeadHeight = 62, FootHeight = 60;

    private static IEnumerable<UglyToad.PdfPig.Content.Letter> BodyLetters(PdfDocument document) =>
        document.GetPages().SelectMany(p => p.Letters.Where(l =>
            l.StartBaseLine.Y < p.Height - HeadHeight && l.StartBaseLine.Y > FootHeight && !string.IsNullOrWhiteSpace(l.Value)));

    [TestCase(DocumentKind.LoanAgreement)]
    [TestCase(DocumentKind.HandoverAgreement)]
    [TestCase(DocumentKind.ReturnReceipt)]
    public void Render_PlainFinnish_EveryBodyLetterAtLeast13Point(DocumentKind kind)
    {
        using var document = PdfDocument.Open(Renderer.Render(kind, "fi-selko", Loan()).Pdf);
        var small = BodyLetters(document).Where(l => l.PointSize < 13).ToList();
        Assert.That(small.Select(l => $"{l.Value} {l.PointSize:0.0}").Distinct().Take(20), Is.Empty);
    }

    [Test]
    public void Render_StandardFinnish_BodyIsSmallerThan13Point()
    {
        // The check above is not vacuous: the standard layout's body is 10.5 pt.
        using var document = PdfDocument.Open(Renderer.Render(DocumentKind.LoanAgreement, "fi", Loan()).Pdf);
        Assert.That(BodyLetters(document).Min(l => l.PointSize), Is.LessThan(13));
    }

    /// <summary>Horizontal rules across the body, as a table draws under each row; the head's rule and the signature lines
    /// (half the width) are not counted.</summary>
    private static int TableRules(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Sum(p => p.Paths.Count(path =>
        {
            var box = path.GetBoundingRectangle();
            return box is { } b && b.Height < 1 && b.Width > 0.9 * (p.Width - 2 * 56.7) && b.Top < p.Height - HeadHeight;
        }));
    }

    [TestCase(DocumentKind.LoanAgreement)]
    [TestCase(DocumentKind.HandoverAgreement)]
    [TestCase(DocumentKind.ReturnReceipt)]
    public void Render_PlainFinnish_NoTableRules(DocumentKind kind)
    {
        Assert.That(TableRules(Renderer.Render(kind, "fi", Loan()).Pdf), Is.GreaterThan(3), "the standard layout draws its tables");
        Assert.That(TableRules(Renderer.Render(kind, "fi-selko", Loan()).Pdf), Is.Zero);
    }

    [Test]
    public void Render_PlainFinnish_OneFactALineInTheSecondPerson()
    {
        var lines = PdfTools.PdfToText(Renderer.Render(DocumentKind.LoanAgreement, "fi-selko", Loan()).Pdf)
            .Split('\n').Select(l => Whitespace().Replace(l, " ").Trim()).ToList();
        Assert.That(lines, Does.Contain("Sinun nimesi: Åsa Äijälä-Öhman"));
        Assert.That(lines, Does.Contain("Laitteesi: Samsung Galaxy Tab A9+"));
        Assert.That(lines, Does.Contain("Tuo laite takaisin viimeistään 30.9.2026."));
        Assert.That(lines.Any(l => l.Contains("Sinun allekirjoituksesi ja nimesi", StringComparison.Ordinal)), "the signature caption too");
        Assert.That(lines.Any(l => l.Contains("IMEI", StringComparison.Ordinal)), Is.False, "jargon the reader does not need is left out");
    }

    private static readonly Dictionary<string, string[]> NoticeItems = new()
    {
        ["fi"] = ["Rekisterinpitäjä: Pohjoisen Hyvinvointialue", "Tietosuojavastaava: tietosuojavastaava@hyvinvointialue.example", "yleisen edun mukaisen tehtävän",
            "6 artiklan 1 kohdan e alakohta", "lakisääteisiin velvoitteisiin (c alakohta)", "Käsiteltävät tiedot", "Vastaanottajat", "eivät näe lainaajien henkilöllisyyttä",
            "18 kuukauden kuluttua", "3 vuotta lainan päättymisen jälkeen", "laki 728/2003", "tarkastusoikeus", "oikaisemista", "tietojen poistamista",
            "käsittelyn rajoittamista", "vastustaa käsittelyä", "valituksen tietosuojavaltuutetulle", "tietosuoja.fi"],
        ["sv"] = ["Personuppgiftsansvarig: Pohjoisen Hyvinvointialue", "Dataskyddsombud: tietosuojavastaava@hyvinvointialue.example", "uppgift av allmänt intresse",
            "artikel 6.1 e", "rättsliga förpliktelser (artikel 6.1 c)", "Uppgifter som behandlas", "Mottagare", "ser inte låntagarnas identitet",
            "raderas 18 månader", "3 år efter att lånet avslutats", "lag 728/2003", "rätt till tillgång", "felaktiga uppgifter rättas", "uppgifterna raderas",
            "begränsning av behandlingen", "invända mot behandlingen", "klagomål till dataombudsmannen", "tietosuoja.fi/sv"],
        ["en"] = ["Controller: Pohjoisen Hyvinvointialue", "Data protection officer: tietosuojavastaava@hyvinvointialue.example", "task carried out in the public interest",
            "Article 6(1)(e)", "legal obligations (Article 6(1)(c))", "Data processed", "Recipients", "do not see who borrows them",
            "deleted 18 months after", "3 years after the loan ends", "Act 728/2003", "right of access", "incorrect data rectified", "data erased",
            "restrict the processing", "object to it", "complaint with the Data Protection Ombudsman", "tietosuoja.fi/en"],
        ["fi-selko"] = ["Kuka vastaa tiedoistasi: Pohjoisen Hyvinvointialue", "Se on rekisterinpitäjä", "Tämä henkilö on tietosuojavastaava", "EU:n tietosuoja-asetus, 6 artikla, kohdat e ja c",
            "Mitä kirjaamme", "Emme anna tietojasi muille", "kulunut 18 kuukautta", "pidempään: 3 vuotta", "Voit pyytää nähdä tietosi", "korjaamaan väärän tiedon",
            "poistamaan tietosi", "emme käytä tietojasi", "vastustaa tietojesi käyttöä", "valittaa tietosuojavaltuutetulle"],
    };

    public static IEnumerable<TestCaseData> AgreementsAndLanguages() =>
        from kind in Agreements from language in DocumentLanguages.All
        select new TestCaseData(kind, language).SetArgDisplayNames(DocumentKinds.FileStem(kind), language);

    [TestCaseSource(nameof(AgreementsAndLanguages))]
    public void Render_Agreement_PrivacyNoticeHasEveryArticle13Item(DocumentKind kind, string language)
    {
        var text = Text(kind, language, Loan());
        Assert.That(NoticeItems[language].Where(item => !text.Contains(Squash(item), StringComparison.Ordinal)), Is.Empty);
    }

    private static readonly Dictionary<string, (string Value, string Unknown, string[] Terms)> TermItems = new()
    {
        ["fi"] = ("Laitteen arvo on 350,00 €.", "Laitteen arvo on samanlaisen laitteen hankintahinta.",
            ["Tee rikosilmoitus poliisille", "korvausta ei peritä", "Tavallisesta käytöstä johtuvaa kulumista", "Myöhästymisestä ei peritä maksua", "palveluohjaaja muistuttaa",
             "Lainaaja ei maksa liittymän", "lainanantajan SIM-kortti"]),
        ["sv"] = ("Utrustningens värde är 350,00 €.", "Utrustningens värde är vad motsvarande utrustning kostar att anskaffa.",
            ["Gör en brottsanmälan till polisen", "krävs ingen ersättning", "normal användning ersätts inte", "Ingen avgift tas ut för förseningen", "servicehandledaren låntagaren",
             "Låntagaren betalar inga kostnader för abonnemang", "utlånarens SIM-kort"]),
        ["en"] = ("The device's value is €350.00.", "The device's value is what a similar device costs to replace.",
            ["Report the theft to the police", "No compensation is claimed", "faults from normal use are not charged", "No fee is charged for being late", "reminds the borrower",
             "The borrower pays no subscription", "the lender's SIM card"]),
        ["fi-selko"] = ("Laite maksaa 350,00 €.", "Laitteen hinta on sama kuin samanlaisen uuden laitteen hinta.",
            ["Tee rikosilmoitus poliisille", "sinun ei tarvitse maksaa mitään", "tavallisessa käytössä, sinun ei tarvitse maksaa", "Myöhästymisestä ei tarvitse maksaa",
             "Palveluohjaaja muistuttaa sinua", "Sinun ei tarvitse maksaa puheluista", "meidän SIM-korttimme"]),
    };

    [TestCaseSource(typeof(DocumentLanguages), nameof(DocumentLanguages.All))]
    public void Render_LoanAgreement_ValueAndTermsOfLossTheftDamageLatenessAndSim(string language)
    {
        var (value, unknown, terms) = TermItems[language];
        var text = Text(DocumentKind.LoanAgreement, language, Loan());
        var withoutCost = Text(DocumentKind.LoanAgreement, language, Loan(cost: null));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(Squash(value)));
            Assert.That(withoutCost, Does.Contain(Squash(unknown)));
            Assert.That(terms.Where(t => !text.Contains(Squash(t), StringComparison.Ordinal)), Is.Empty);
        });
    }
}
