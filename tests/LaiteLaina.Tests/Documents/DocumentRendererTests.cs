using SkiaSharp;
using UglyToad.PdfPig;

namespace LaiteLaina.Tests.Documents;

public partial class DocumentRendererTests
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));

    public static IEnumerable<TestCaseData> KindsAndLanguages() =>
        from kind in DocumentKinds.Agreements
        from language in DocumentLanguages.All
        select new TestCaseData(kind, language).SetArgDisplayNames(DocumentKinds.FileStem(kind), language);

    /// <summary>Key phrases of the duty, data and privacy sections, per kind and language. The privacy notice states the
    /// office's retention setting (18 months in the sample), not a fixed period.</summary>
    private static readonly Dictionary<(DocumentKind, string), string[]> Phrases = new()
    {
        [(DocumentKind.LoanAgreement, "fi")] = ["huolehtimaan laitteesta", "palauttamaan laitteen", "olemaan lainaamatta", "ilmoittamaan laitteen katoamisesta", "tyhjennetään kokonaan", "Kirjaudu siksi ulos", "Tietosuojaseloste", "18 kuukauden"],
        [(DocumentKind.LoanAgreement, "sv")] = ["sköta utrustningen", "lämna tillbaka utrustningen", "inte låna ut", "genast meddela", "töms helt", "Logga därför ut", "Dataskyddsbeskrivning", "18 månader"],
        [(DocumentKind.LoanAgreement, "en")] = ["take good care", "return the device", "not lend or give the device onwards", "report at once", "wiped completely", "log out of all services", "Privacy notice", "18 months"],
        [(DocumentKind.LoanAgreement, "fi-selko")] = ["Pidä laitteesta hyvää huolta", "takaisin ajoissa", "Älä lainaa laitetta", "kerro siitä heti", "se tyhjennetään", "kirjaudu ulos", "Tietosuoja", "18 kuukautta"],
        [(DocumentKind.ReturnReceipt, "fi")] = ["tyhjennetään nyt kokonaan", "Tietosuojaseloste", "18 kuukautta"],
        [(DocumentKind.ReturnReceipt, "sv")] = ["töms nu helt", "Dataskyddsbeskrivning", "18 månader"],
        [(DocumentKind.ReturnReceipt, "en")] = ["now wiped completely", "Privacy notice", "18 months"],
        [(DocumentKind.ReturnReceipt, "fi-selko")] = ["Laite tyhjennetään nyt", "Tietosuoja", "18 kuukautta"],
        [(DocumentKind.HandoverAgreement, "fi")] = ["vastaanottajan omistukseen", "koko tallennusmuisti tyhjennettiin", "Tietosuojaseloste", "18 kuukauden"],
        [(DocumentKind.HandoverAgreement, "sv")] = ["mottagarens ägo", "lagringsminne raderades", "Dataskyddsbeskrivning", "18 månader"],
        [(DocumentKind.HandoverAgreement, "en")] = ["recipient's property", "whole storage was sanitised", "Privacy notice", "18 months"],
        [(DocumentKind.HandoverAgreement, "fi-selko")] = ["Laite on sinun", "koko muisti tyhjennettiin", "Tietosuoja", "18 kuukautta"],
    };

    private static List<string> ExpectedTexts(DocumentKind kind, string language, AgreementModel m)
    {
        var texts = new List<string>
        {
            m.Organisation.Name, m.Organisation.Contact, m.Organisation.PrivacyContact,
            m.Borrower.Name, m.Borrower.Contact!, m.Borrower.ClientReference!,
            m.Counsellor.Name, m.RecommendingWorker!.Name,
            m.Device.Tag, m.Device.Kind, m.Device.Make!, m.Device.Model!, m.Device.SerialNumber!,
            m.ConditionOut, m.LoanReference, DocumentLanguages.FormatDate(m.StartDate, language),
        };
        // The plain-Finnish agreement leaves the IMEI out: jargon its reader does not need, the tag and serial name the device.
        if (!(kind == DocumentKind.LoanAgreement && language == "fi-selko"))
            texts.Add(m.Device.Imei!);
        texts.AddRange(m.Accessories);
        if (kind != DocumentKind.HandoverAgreement)
            texts.Add(DocumentLanguages.FormatDate(m.DueDate!.Value, language));
        if (kind == DocumentKind.ReturnReceipt)
            texts.AddRange([m.ConditionIn!, m.ReturnNotes!, DocumentLanguages.FormatDate(m.ReturnedDate!.Value, language)]);
        texts.AddRange(Phrases[(kind, language)]);
        return texts;
    }

    // Line breaks and the gaps a text extractor guesses differ between tools; compare without any whitespace.
    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string PdfPigText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text));
    }

    [TestCaseSource(nameof(KindsAndLanguages))]
    public void Render_EveryKindAndLanguage_PdfPigReadsEveryField(DocumentKind kind, string language)
    {
        var model = Samples.Loan();
        var text = Squash(PdfPigText(Renderer.Render(kind, language, model).Pdf));

        Assert.Multiple(() =>
        {
            foreach (var expected in ExpectedTexts(kind, language, model))
                Assert.That(text, Does.Contain(Squash(expected)), $"PdfPig text lacks '{expected}'");
        });
    }

    [TestCaseSource(nameof(KindsAndLanguages))]
    public void Render_EveryKindAndLanguage_PdftotextReadsEveryField(DocumentKind kind, string language)
    {
        var model = Samples.Loan();
        var text = Squash(PdfTools.PdfToText(Renderer.Render(kind, language, model).Pdf));

        Assert.Multiple(() =>
        {
            foreach (var expected in ExpectedTexts(kind, language, model))
                Assert.That(text, Does.Contain(Squash(expected)), $"pdftotext output lacks '{expected}'");
        });
    }

    [TestCaseSource(nameof(KindsAndLanguages))]
    public void Render_EveryKindAndLanguage_QrAndCode128OnPageOneDecodeToLoanReference(DocumentKind kind, string language)
    {
        var pdf = Renderer.Render(kind, language, Samples.Loan()).Pdf;

        Assert.Multiple(() =>
        {
            Assert.That(PdfTools.DecodeBarcodes(pdf, 1), Is.EquivalentTo(new[]
            {
                (ZXing.BarcodeFormat.QR_CODE, "LL-LOAN-000042"), (ZXing.BarcodeFormat.CODE_128, "LL-LOAN-000042"),
            }), "ZXing.Net, in process");
            // The peer check for QR codes in PDFs: zxing-cpp, a decoder in its own process, reads the same page.
            Assert.That(PdfTools.DecodeQrWithZxingCpp(pdf, 1), Is.EqualTo("LL-LOAN-000042"), "zxing-cpp, an independent decoder");
        });
    }

    [Test]
    public void Render_SpecialLetters_PdftotextReadsThemBack()
    {
        var model = Samples.Loan() with { ConditionOut = "Åå Ää Öö é – 12 € «ok»" };

        var text = PdfTools.PdfToText(Renderer.Render(DocumentKind.LoanAgreement, "sv", model).Pdf);

        Assert.That(text, Does.Contain("Åå Ää Öö é – 12 € «ok»"));
    }

    [Test]
    public void Render_NamesInOtherLatinAndCyrillicLetters_PdftotextReadsThemBack()
    {
        var model = Samples.Loan() with { Borrower = new("Олена Шевченко / Nguyễn Thị Hương / Łukasz Żółć") };

        var text = PdfTools.PdfToText(Renderer.Render(DocumentKind.LoanAgreement, "en", model).Pdf);

        Assert.That(text, Does.Contain("Олена Шевченко / Nguyễn Thị Hương / Łukasz Żółć"));
    }

    [Test]
    public void Render_LongNameAndFortyAccessories_EveryLetterInsideThePage()
    {
        var pdf = Renderer.Render(DocumentKind.LoanAgreement, "fi", Samples.Stress()).Pdf;

        using var document = PdfDocument.Open(pdf);
        Assert.That(document.NumberOfPages, Is.GreaterThanOrEqualTo(2));
        foreach (var page in document.GetPages())
        {
            var box = page.MediaBox.Bounds;
            var outside = page.Letters.Where(l =>
                l.BoundingBox.Left < box.Left || l.BoundingBox.Right > box.Right ||
                l.BoundingBox.Bottom < box.Bottom || l.BoundingBox.Top > box.Top).ToList();
            Assert.That(outside, Is.Empty, $"page {page.Number}: letters outside the page: {string.Concat(outside.Take(20).Select(l => l.Value))}");
            Assert.That(Squash(page.Text), Does.Contain($"{page.Number}/{document.NumberOfPages}"), $"page {page.Number} has no page number");
        }
    }

    [Test]
    public void Render_LongNameAndFortyAccessories_AllTextStillThere()
    {
        var model = Samples.Stress();

        var text = Squash(PdfTools.PdfToText(Renderer.Render(DocumentKind.LoanAgreement, "fi", model).Pdf));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(model.Borrower.Name));
            foreach (var accessory in model.Accessories)
                Assert.That(text, Does.Contain(Squash(accessory)));
        });
    }

    [TestCase("")]
    [TestCase(", ")]
    public void Render_ValueLongerThanAPage_EveryLetterKeptInOrder(string separator)
    {
        // Numbered pieces, so that a line that lost, doubled or reordered a piece shows; without spaces it is one
        // word broken across lines and pages, with commas it reaches the layout as thousands of pieces.
        var value = string.Join(separator, Enumerable.Range(1, 1500).Select(i => $"Äijälä{i:D4}"));
        var model = Samples.Loan() with { RecommendingWorker = new Person(value) };

        // A word cut between two letters ends its line with a hyphen; pdftotext joins most such lines itself, but not
        // before a capital ("Ä-" "ijälä"): the reader's join is done here for those.
        var text = Squash(PdfTools.PdfToText(Renderer.Render(DocumentKind.LoanAgreement, "fi", model).Pdf).Replace("-\n", ""));
        // Each continued page starts with the running head and the table's row label again: take them out.
        var body = Regex.Replace(text, @"LL-LOAN-000042\d+/\d+PohjoisenHyvinvointialue–SosiaalipalvelutLaitteenlainasopimus(Lainaaja)?", "");

        Assert.That(body, Does.Contain(Squash(value)));
        Assert.That(Regex.Count(text, @"LL-LOAN-000042\d+/\d+"), Is.GreaterThan(3), "the value runs over several pages");
    }

    [Test]
    public void Render_SignatureImage_IsEmbeddedOnThePage()
    {
        var model = Samples.Loan() with { SignatureImagePng = Samples.SignaturePng() };

        var pdf = Renderer.Render(DocumentKind.LoanAgreement, "en", model).Pdf;

        using var document = PdfDocument.Open(pdf);
        Assert.That(document.GetPages().Sum(p => p.GetImages().Count()), Is.EqualTo(1));
    }

    [Test]
    public void Render_SignatureNotAnImage_ThrowsUserError()
    {
        var model = Samples.Loan() with { SignatureImagePng = [1, 2, 3] };

        Assert.That(() => Renderer.Render(DocumentKind.LoanAgreement, "en", model),
            Throws.TypeOf<UserError>().With.Message.Contains("signature image"));
    }

    [Test]
    public void Render_ValueWithMarkdownCharacters_PrintsThemLiterally()
    {
        var model = Samples.Loan() with { Borrower = new("*Ann* | _B_ # [qr] 1. <b>") };

        var text = PdfTools.PdfToText(Renderer.Render(DocumentKind.LoanAgreement, "en", model).Pdf);

        Assert.That(text, Does.Contain("*Ann* | _B_ # [qr] 1. <b>"));
    }

    [Test]
    public void Render_UnknownLanguage_ThrowsUserErrorListingAllowed()
    {
        Assert.That(() => Renderer.Render(DocumentKind.LoanAgreement, "de", Samples.Loan()),
            Throws.TypeOf<UserError>().With.Message.Contains("fi, sv, en, fi-selko"));
    }

    [Test]
    public void Render_Always_InfoHasTemplateVersionAndHashOfTheBytes()
    {
        var doc = Renderer.Render(DocumentKind.ReturnReceipt, "fi-selko", Samples.Loan());

        Assert.Multiple(() =>
        {
            Assert.That(doc.Info.TemplateName, Is.EqualTo("return-receipt.fi-selko.md"));
            Assert.That(doc.Info.TemplateVersion, Is.EqualTo(Renderer.Templates.BuiltIn(DocumentKind.ReturnReceipt, "fi-selko").Version));
            Assert.That(doc.Info.Language, Is.EqualTo("fi-selko"));
            Assert.That(doc.Info.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(doc.Pdf))));
        });
    }

    [Test]
    public void Render_Always_PdfMetadataHasTitleAndCreator()
    {
        using var document = PdfDocument.Open(Renderer.Render(DocumentKind.LoanAgreement, "sv", Samples.Loan()).Pdf);

        Assert.Multiple(() =>
        {
            Assert.That(document.Information.Title, Does.Contain("Låneavtal"));
            Assert.That(document.Information.Creator, Is.EqualTo("LaiteLaina"));
            Assert.That(document.Information.Keywords, Is.Null, "the language is in /Lang and the XMP now (PdfArchiveTests)");
        });
    }

    [TestCase("fi", "14.3.2026")]
    [TestCase("sv", "14.3.2026")]
    [TestCase("fi-selko", "14.3.2026")]
    [TestCase("en", "14 March 2026")]
    public void FormatDate_Language_UsesItsConvention(string language, string expected) =>
        Assert.That(DocumentLanguages.FormatDate(new DateOnly(2026, 3, 14), language), Is.EqualTo(expected));
}
