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
            // Plain Finnish leaves out the security patch and the encryption: jargon a weak reader need not decode.
            string[] technical = language == "fi-selko" ? [] : [m.SecurityPatch!, m.Encryption!];
            foreach (var value in new[] { m.Organisation.Name, "17", m.Device.Tag, m.Device.Make!, m.Device.Model!, m.Device.SerialNumber!, m.MediaType,
                         m.Method, m.Tool, m.VerificationMethod, m.VerificationResult, m.AndroidVersion!,
                         m.Operator, m.Site, m.Notes!, "NIST SP 800-88 Rev. 2" }.Concat(technical))
                Assert.That(text, Does.Contain(Whitespace().Replace(value, "")), $"{language} certificate lacks '{value}'");
            Assert.That(PdfTools.PageCount(pdf), Is.EqualTo(1), "a certificate is one sheet");
            Assert.That(PdfTools.DecodeQr(pdf, 1), Is.EqualTo("LL-000042"));
        });
    }

    /// <summary>Every field the sample certificate has, filled as long as a real one can be: a long donor name, a long build
    /// fingerprint, a performer with a long title, a validation, notes.</summary>
    private static CertificateModel Long() => Samples.Certificate() with
    {
        Device = new DeviceDetails("LL-000042", "kannettava tietokone", "Hewlett-Packard Enterprise Development", "EliteBook 840 G10 Notebook PC (mukana telakka)",
            "5CG3456789ABCDEF", "356789012345678"),
        Source = "Keski-Suomen Energia- ja Vesilaitos Oy:n henkilöstöyhdistys ry",
        Capacity = "512 Gt",
        BuildFingerprint = "samsung/gta9pwifieea/gta9pwifi:14/UP1A.231005.007/X210XXU2BXA1:user/release-keys",
        Method = "Purge: kryptografinen poisto palauttamalla tehdasasetukset (tiedostokohtainen salaus)",
        VerificationMethod = "tarkistus laitteelta: ei käyttäjätilejä, ei ylimääräisiä käyttäjiä eikä sovelluksia, kuva- ja latauskansiot tyhjiä",
        OperatorTitle = "digituen ohjaaja ja vapaaehtoistoiminnan koordinaattori",
        OperatorPhone = "+358 40 123 4567",
        DataBackedUp = "ei tiedossa",
        Destination = "uudelleenkäyttö organisaation ulkopuolella (luovutus)",
        Validator = "Maija Meikäläinen-Virtanen",
        ValidatorTitle = "tietohallinnon erityisasiantuntija",
        ValidatedAt = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero),
        Notes = "Akku turvonnut; vaihdettu ennen tyhjennystä. Näytössä naarmu oikeassa alakulmassa.",
    };

    public static IEnumerable<TestCaseData> KindsAndLanguages() =>
        from kind in DocumentKinds.Certificates
        from language in DocumentLanguages.All
        select new TestCaseData(kind, language).SetArgDisplayNames(DocumentKinds.FileStem(kind), language);

    [TestCaseSource(nameof(KindsAndLanguages))]
    public void Render_LongValues_StillOnePage(DocumentKind kind, string language)
    {
        var pdf = Renderer.Render(Long(), language, kind).Pdf;

        Assert.That(PdfTools.PdfInfo(pdf), Does.Match(@"Pages:\s+1\n"), "pdfinfo: a certificate or a removal record is one sheet");
        Assert.That(PdfTools.DecodeQr(pdf, 1), Is.EqualTo("LL-000042"));
    }

    [Test]
    public void Parse_CertificateTemplateWithLoanPlaceholder_RefusedNamingIt()
    {
        var e = Assert.Throws<UserError>(() => DocumentTemplates.Parse("sanitisation-certificate.fi.md", "test",
            "---\nversion: 1\ntitle: T\n---\n{{ borrower.name }}\n"));
        Assert.That(e!.Message, Does.Contain("unknown placeholder 'borrower.name'").And.Contain("verification.result"));
    }
}
