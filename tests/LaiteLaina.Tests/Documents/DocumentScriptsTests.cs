using System.Text.RegularExpressions;

namespace LaiteLaina.Tests.Documents;

/// <summary>
/// Clients in Finland write their names in many scripts; every one must reach the agreement, be drawn with a font
/// that has it, and come back out of the PDF as typed (pdftotext, i.e. copy and paste and screen readers).
/// </summary>
public sealed partial class DocumentScriptsTests
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));

    [TestCase("Arabic", "أحمد الحسن")]
    [TestCase("Persian", "فاطمه رضایی")]
    [TestCase("Hebrew", "דוד לוי")]
    [TestCase("Cyrillic", "Олена Шевченко")]
    [TestCase("Tigrinya", "ሃብተማርያም ገብረመድህን")]
    [TestCase("Amharic", "ሰላማዊት ተስፋዬ")]
    [TestCase("Somali", "Cabdiraxmaan Xuseen Maxamed")]
    [TestCase("Chinese", "王小明")]
    [TestCase("Thai", "สมชาย ใจดี")]
    public void Render_NameInScript_TextRoundTripsThroughPdfToText(string script, string name)
    {
        var model = Samples.Loan() with { Borrower = Samples.Loan().Borrower with { Name = $"Sara {name}" } };

        var pdf = Renderer.Render(DocumentKind.LoanAgreement, "fi", model).Pdf;

        // Reading order (pdftotext's default) puts right-to-left words back in logical order through the ActualText
        // the shaper writes; content order (-raw) is what poppler reads for the Chinese font, which Skia writes as a
        // Type 3 font with a flipped matrix that the reading-order pass sets on a line of its own.
        var read = new[] { PdfTools.PdfToText(pdf), PdfTools.PdfToText(pdf, raw: true) }.Select(t => Spaces().Replace(t, " "));
        Assert.That(read, Has.Some.Contains($"Sara {name}"), $"{script} name as typed");
    }

    [Test]
    public void Render_ArabicName_DrawnWithTheArabicFontAndShaped()
    {
        var model = Samples.Loan() with { Borrower = Samples.Loan().Borrower with { Name = "أحمد الحسن" } };

        var pdf = Renderer.Render(DocumentKind.LoanAgreement, "sv", model).Pdf;

        // Shaped: the joined forms come from the font's GSUB, so the glyphs drawn are not the isolated letters'. The
        // Arabic font is there and embedded; the glyph count check is in the text round trip above (ActualText).
        Assert.That(PdfTools.PdfFonts(pdf), Does.Contain("NotoSansArabic"));
    }

    [Test]
    public void Render_ArabicName_FallbackEmbeddedAsSubset()
    {
        var model = Samples.Loan() with { Borrower = Samples.Loan().Borrower with { Name = "أحمد الحسن" } };

        var pdf = Renderer.Render(DocumentKind.LoanAgreement, "fi", model).Pdf;

        // The Arabic font file is 150 KB; cut to the glyphs of one name (FontSubsets) it adds a few.
        var latin = Renderer.Render(DocumentKind.LoanAgreement, "fi", Samples.Loan()).Pdf;
        using var font = typeof(DocumentRenderer).Assembly.GetManifestResourceStream("Fonts.NotoSansArabic-Regular.ttf")!;
        Assert.That(PdfTools.PdfFonts(pdf), Does.Contain("NotoSansArabic"));
        Assert.That(pdf.Length - latin.Length, Is.LessThan(font.Length / 10), "the Arabic font is embedded as a subset");
    }

    [Test]
    public void Render_LatinOnly_NoFallbackFontEmbedded()
    {
        var pdf = Renderer.Render(DocumentKind.LoanAgreement, "fi", Samples.Loan()).Pdf;

        Assert.That(PdfTools.PdfFonts(pdf), Does.Not.Contain("Noto"), "a Finnish agreement costs what it did");
    }

    [TestCase("𒀀")]      // cuneiform: no font here has it
    [TestCase("Ali 😀")]  // an emoji in a name
    public void Render_CharacterNoFontHas_RefusedNamingIt(string name)
    {
        var model = Samples.Loan() with { Borrower = Samples.Loan().Borrower with { Name = name } };

        Assert.That(() => Renderer.Render(DocumentKind.LoanAgreement, "fi", model),
            Throws.TypeOf<UserError>().With.Property(nameof(UserError.Code)).EqualTo("document.character")
                .And.Message.Contains("U+1"));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
