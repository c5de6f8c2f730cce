namespace LaiteLaina.Tests.Documents;

public partial class CertificateTemplatesTests
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));

    private static CertificateModel Model() => Samples.Certificate();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [TestCaseSource(typeof(DocumentLanguages), nameof(DocumentLanguages.All))]
    public void Render_EveryLanguage_OneSheetWithEveryValueAndTheTagAsQr(string language)
    {
        var m = Model();
        var pdf = Renderer.Render(m, language).Pdf;

        var text = Whitespace().Replace(PdfTools.PdfToText(pdf), "");
        Assert.Multiple(() =>
        {
            foreach (var value in new[] { m.Organisation.Name, "17", m.Device.Tag, m.Device.Make!, m.Device.Model!, m.Device.SerialNumber!, m.MediaType,
                         m.Level, m.Method, m.Tool, m.VerificationMethod, m.VerificationResult, m.AndroidVersion!, m.SecurityPatch!, m.Encryption!,
                         m.Operator, m.Site, m.Notes!, "NIST SP 800-88" })
                Assert.That(text, Does.Contain(Whitespace().Replace(value, "")), $"{language} certificate lacks '{value}'");
            Assert.That(PdfTools.PageCount(pdf), Is.EqualTo(1), "a certificate is one sheet");
            Assert.That(PdfTools.DecodeQr(pdf, 1), Is.EqualTo("LL-000042"));
        });
    }

    [Test]
    public void Parse_CertificateTemplateWithLoanPlaceholder_RefusedNamingIt()
    {
        var e = Assert.Throws<UserError>(() => DocumentTemplates.Parse("sanitisation-certificate.fi.md", "test",
            "---\nversion: 1\ntitle: T\n---\n{{ borrower.name }}\n"));
        Assert.That(e!.Message, Does.Contain("unknown placeholder 'borrower.name'").And.Contain("verification.result"));
    }
}
