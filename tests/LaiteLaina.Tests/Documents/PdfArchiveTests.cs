using System.Text.RegularExpressions;

namespace LaiteLaina.Tests.Documents;

/// <summary>
/// Every document is PDF/A-2b and says its language: checked with qpdf and poppler, tools that do not share code with
/// the writer (SkiaSharp) or with the tests' PdfPig. veraPDF is not packaged in Debian and no registry here serves it,
/// so the checks are the parts of ISO 19005-2 a wrong writer would break: the XMP identification, the output intent,
/// embedded fonts and an intact cross-reference table.
/// </summary>
public sealed partial class PdfArchiveTests
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));

    public static IEnumerable<TestCaseData> Documents()
    {
        foreach (var language in DocumentLanguages.All)
        {
            foreach (var kind in DocumentKinds.Agreements)
                yield return new TestCaseData(kind, language).SetArgDisplayNames(DocumentKinds.FileStem(kind), language);
            yield return new TestCaseData(DocumentKind.SanitisationCertificate, language)
                .SetArgDisplayNames(DocumentKinds.FileStem(DocumentKind.SanitisationCertificate), language);
        }
    }

    private static byte[] Render(DocumentKind kind, string language) => kind == DocumentKind.SanitisationCertificate
        ? Renderer.Render(Samples.Certificate(), language).Pdf
        : Renderer.Render(kind, language, Samples.Loan()).Pdf;

    [TestCaseSource(nameof(Documents))]
    public void Render_EveryKindAndLanguage_PdfA2bWithItsLanguageAndAnIntactFile(DocumentKind kind, string language)
    {
        var pdf = Render(kind, language);
        var tag = language == "fi-selko" ? "fi" : language;

        var check = PdfTools.Qpdf(pdf, "--check");
        var xmp = PdfTools.PdfInfo(pdf, meta: true);
        var catalog = Catalog(pdf);
        Assert.Multiple(() =>
        {
            Assert.That(check, Does.Contain("No syntax or stream encoding errors found"), "qpdf finds the file intact");
            Assert.That(check, Does.Not.Contain("WARNING"), "no cross-reference entry had to be recovered");
            Assert.That(xmp, Does.Contain("<pdfaid:part>2</pdfaid:part>").And.Contain("<pdfaid:conformance>B</pdfaid:conformance>"));
            Assert.That(xmp, Does.Contain($"<dc:language><rdf:Bag><rdf:li>{tag}</rdf:li></rdf:Bag></dc:language>"));
            Assert.That(catalog, Does.Contain($"/Lang ({tag})"));
            Assert.That(catalog, Does.Contain("/OutputIntents").And.Contain("/S /GTS_PDFA1").And.Contain("/DestOutputProfile"));
            Assert.That(FontLines(pdf), Is.Not.Empty.And.All.Matches<string>(line => EmbeddedColumn().IsMatch(line)),
                "every font is embedded");
        });
    }

    /// <summary>Skia embeds a TrueType font whole (~100 KB a style) and still names it like a subset ("AAAAAA+"); the fonts
    /// must go in cut to the glyphs the document shows (FontSubsets), so the whole document stays smaller than one of its
    /// font files.</summary>
    [TestCaseSource(nameof(Documents))]
    public void Render_EveryKindAndLanguage_FontsEmbeddedAsSubsets(DocumentKind kind, string language)
    {
        var pdf = Render(kind, language);

        using var font = typeof(DocumentRenderer).Assembly.GetManifestResourceStream("Fonts.LaiteLainaSans-Regular.ttf")!;
        Assert.Multiple(() =>
        {
            Assert.That(FontLines(pdf), Is.Not.Empty.And.All.Matches<string>(line => SubsetFont().IsMatch(line)), "every font is a subset");
            Assert.That(pdf, Has.Length.LessThan(font.Length), "the PDF is smaller than one whole font file");
        });
    }

    [Test]
    public void Apply_PdfWithoutCatalog_RefusesInsteadOfPatchingBlindly()
    {
        var notSkia = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<</Size 2>>\n%%EOF\n"u8.ToArray();

        Assert.That(() => PdfLanguage.Apply(notSkia, "fi"), Throws.InvalidOperationException.With.Message.Contains("trailer"));
    }

    [TestCase("fi", "fi")]
    [TestCase("fi-selko", "fi")]
    [TestCase("sv", "sv")]
    [TestCase("en", "en")]
    public void BcpTag_DocumentLanguage_TagReadersKnow(string language, string tag) =>
        Assert.That(PdfLanguage.BcpTag(language), Is.EqualTo(tag));

    /// <summary>The catalog dictionary as qpdf shows it (the trailer names it).</summary>
    private static string Catalog(byte[] pdf)
    {
        var root = RootReference().Match(PdfTools.Qpdf(pdf, "--show-object=trailer"));
        Assert.That(root.Success, "the trailer names a catalog");
        return PdfTools.Qpdf(pdf, $"--show-object={root.Groups[1].Value}");
    }

    /// <summary>pdffonts' rows under its two header lines.</summary>
    private static string[] FontLines(byte[] pdf) =>
        [.. PdfTools.PdfFonts(pdf).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)];

    // A subset's name starts with six capitals and "+", and pdffonts' "sub" column (after "emb") says yes.
    [GeneratedRegex(@"^[A-Z]{6}\+\S+\s.*\s(yes)\s+(yes)\s+(yes|no)\s+\d+\s+\d+\s*$")]
    private static partial Regex SubsetFont();

    [GeneratedRegex(@"/Root (\d+) 0 R")]
    private static partial Regex RootReference();

    // pdffonts' columns: name type encoding emb sub uni object ID; "emb" is the first yes/no.
    [GeneratedRegex(@"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$")]
    private static partial Regex EmbeddedColumn();
}
