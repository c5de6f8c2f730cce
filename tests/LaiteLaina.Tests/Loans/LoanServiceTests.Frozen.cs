using SkiaSharp;

namespace LaiteLaina.Tests.Loans;

/// <summary>The signed agreement is the one the borrower saw (#17, finding 1): laid out again from what the shown version
/// was laid out from, whatever changed since, with who signed, where, when and which version.</summary>
public sealed partial class LoanServiceTests
{
    private static IReadOnlyList<string> TextLines(byte[] pdf) =>
        [.. PdfTools.PdfToText(pdf).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>The lines of <paramref name="signed"/> that <paramref name="shown"/> does not have, in order, once every line
    /// of the shown version was found in the signed one in the same order; null when one of them is missing or changed.</summary>
    private static List<string>? Added(IReadOnlyList<string> shown, IReadOnlyList<string> signed)
    {
        var added = new List<string>();
        var i = 0;
        foreach (var line in signed)
        {
            if (i < shown.Count && line == shown[i])
                i++;
            else
                added.Add(line);
        }
        return i == shown.Count ? added : null;
    }

    /// <summary>Lends with a retention of 12 months and one phone number, then, as between a printout and its signature,
    /// the office keeps data longer, gets another number and rewords its agreement. Returns the version shown.</summary>
    private async Task<StoredDocument> LendThenChangeSettingsAndTemplateAsync()
    {
        await Settings.SetAsync(Db, "retention_months", "12", "t");
        await Settings.SetAsync(Db, "organisation_contact", "puh. 09 123 4567", "t");
        var loan = await LendToClientAsync();
        var shown = await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value);
        await Settings.SetAsync(Db, "retention_months", "24", "t");
        await Settings.SetAsync(Db, "organisation_contact", "puh. 09 765 4321", "t");
        var template = Service<DocumentTemplates>(clock).Get(DocumentKind.LoanAgreement, "fi");
        await Service<TemplateService>(clock).SaveAsync(DocumentKind.LoanAgreement, "fi", template.Title,
            template.Body.Replace("## Laina-aika", "## Lainan kesto", StringComparison.Ordinal), template.Version, "lainasopimus (suomi)", "t");
        return shown;
    }

    [Test]
    public async Task SignAgreementAsync_ReissuedAfterTheChanges_TheNewestShownVersionSignedInLocalTimeWithItsOffset()
    {
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki"));
        await LendThenChangeSettingsAndTemplateAsync();
        clock.Advance(TimeSpan.FromMinutes(95));
        var reissued = await loans.ReissueAgreementAsync("LN-000001", null, "t");
        Assert.That(PdfTools.PdfToText(reissued.Content), Does.Contain("24 kuukauden").And.Contain("Lainan kesto"), "today's settings and template are in use");

        var signed = await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t", null, "Kerava");
        var reissuedSigned = await new DocumentStore(Db).GetAsync(signed.Id);

        // The newest unsigned version is the one signed: the reissue (version 2), which the counsellor printed last.
        var added = Added(TextLines(reissued.Content), TextLines(reissuedSigned.Content));
        Assert.That(added, Is.Not.Null, "every line of the shown version is in the signed one, unchanged and in order");
        Assert.That(string.Join(" ", added!), Is.EqualTo(
            "Allekirjoittaja: Aino Äijälä Paikka ja päivämäärä: Kerava 23.11.2026 Allekirjoitettu sähköisesti 23.11.2026 klo 12.35 (UTC+2) " +
            $"Allekirjoitus koskee tämän sopimuksen versiota 2, jonka SHA-256-tiiviste on {reissued.Sha256}."));
    }

    [Test]
    public async Task SignAgreementAsync_SettingsAndTemplateChangedAfterIssue_SignedVersionHasTheIssuedWording()
    {
        var shown = await LendThenChangeSettingsAndTemplateAsync();
        Assert.That(PdfTools.PdfToText(shown.Content), Does.Contain("12 kuukauden").And.Contain("puh. 09 123 4567").And.Contain("Laina-aika"));

        var signed = await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t", null, "Kerava");

        var added = Added(TextLines(shown.Content), TextLines(signed.Content));
        Assert.That(added, Is.Not.Null, "every line of the shown version is in the signed one, unchanged and in order:\n" + PdfTools.PdfToText(signed.Content));
        Assert.That(string.Join(" ", added!), Is.EqualTo(
            "Allekirjoittaja: Aino Äijälä Paikka ja päivämäärä: Kerava 23.11.2026 Allekirjoitettu sähköisesti 23.11.2026 klo 9.00 (UTC) " +
            $"Allekirjoitus koskee tämän sopimuksen versiota 1, jonka SHA-256-tiiviste on {shown.Sha256}."));
        Assert.That(PdfTools.PdfToText(signed.Content), Does.Not.Contain("24 kuukauden").And.Not.Contain("765 4321").And.Not.Contain("Lainan kesto"));
        var source = await Db.ReadAsync(c => c.QuerySingleAsync<(int? SignsVersion, string? SignsSha256)>(
            "SELECT signs_version, signs_sha256 FROM document_sources WHERE document_id = @Id", new { signed.Id }));
        Assert.That(source, Is.EqualTo(((int?)1, (string?)shown.Sha256)), "the stored signed version names the version it signs");
    }

    [Test]
    public async Task SignAgreementAsync_NoPlaceGiven_TheSiteTownPrinted()
    {
        await Db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO sites (code, name, address, created_at) VALUES ('JKL', 'Palvelupiste Kompassi', 'Kauppakatu 1, 40100 Jyväskylä', @now)
                """, new { now = clock.GetUtcNow() }, tx);
            return await c.ExecuteAsync("UPDATE devices SET site_id = (SELECT id FROM sites WHERE code = 'JKL')", transaction: tx);
        });
        await LendToClientAsync();
        var signed = await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t");
        Assert.That(PdfTools.PdfToText(signed.Content), Does.Contain("Paikka ja päivämäärä: Jyväskylä 23.11.2026"));
    }

    [TestCase("sv", "Undertecknare: Aino Äijälä", "Signerat elektroniskt 23.11.2026 kl. 9.00 (UTC)", TestName = "SignAgreementAsync_Swedish_SignatureRecordInSwedish")]
    [TestCase("en", "Signed by: Aino Äijälä", "Signed electronically on 23.11.2026 at 09:00 (UTC)", TestName = "SignAgreementAsync_English_SignatureRecordInEnglish")]
    [TestCase("fi-selko", "Allekirjoittaja: Aino Äijälä", "Allekirjoitettu sähköisesti 23.11.2026 kello 9.00 (UTC)", TestName = "SignAgreementAsync_PlainFinnish_SignatureRecordInPlainFinnish")]
    public async Task SignAgreementAsync_InTheAgreementsLanguage_SignatureRecordInThatLanguage(string language, string signer, string when)
    {
        await LendToClientAsync();
        await loans.ReissueAgreementAsync("LN-000001", language, "t");
        var signed = await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t", null, "Kerava");
        Assert.That(string.Join(" ", TextLines(signed.Content)), Does.Contain(signer).And.Contain(when));
        Assert.That(signed.Language, Is.EqualTo(language));
    }

    /// <summary>A 720×240 pad with one short vertical tick: enough ink, and over 8 % of the pad's height (the old rule let it
    /// through), but under 2 mm on paper.</summary>
    internal static byte[] TickPng()
    {
        using var bitmap = new SKBitmap(720, 240);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.DarkBlue, StrokeWidth = 4, IsAntialias = false })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawLine(300, 100, 300, 130, paint);
        }
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Test]
    public async Task SignAgreementAsync_ATickOnly_RefusedAsTooSmallNothingStored()
    {
        await LendToClientAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", TickPng(), "t"));
        Assert.That((e!.Field, e.In(new CultureInfo("fi"))), Is.EqualTo(("signature",
            "Allekirjoitus on liian pieni tunnistettavaksi. Pyydä lainaajaa allekirjoittamaan ruutuun isommin ja tallenna sitten.")));
        Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.EqualTo(1));
    }

    [Test]
    public async Task CheckOutAsync_BlankSignature_RefusedNoLoanNoDocument()
    {
        using var bitmap = new SKBitmap(720, 240);
        bitmap.Erase(SKColors.Transparent);
        using var blank = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = client.ToString(), Kind = "client", Due = "2027-03-15", RecommendingWorker = "Sari",
            SignaturePng = blank.ToArray(),
        }, "t"));
        Assert.That(e!.Field, Is.EqualTo("signature"));
        Assert.That((await CountAsync("SELECT count(*) FROM loans"), await CountAsync("SELECT count(*) FROM documents")), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task CheckOutAsync_WithSignature_ShownVersionThenSignedVersionNamingIt()
    {
        var loan = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = client.ToString(), Kind = "client", Due = "2027-03-15", RecommendingWorker = "Sari",
            SignaturePng = Samples.SignaturePng(),
        }, "t")).Loan;
        var documents = await new DocumentStore(Db).ForSubjectAsync("loan", loan.Id);
        Assert.That(documents.Select(d => d.Version), Is.EqualTo(new[] { 1, 2 }));
        Assert.That((loan.SignedVersion, loan.DocumentId), Is.EqualTo(((int?)2, (long?)documents[1].Id)));
        var signed = await new DocumentStore(Db).GetAsync(documents[1].Id);
        Assert.That(string.Join(" ", TextLines(signed.Content)), Does.Contain($"versiota 1, jonka SHA-256-tiiviste on {documents[0].Sha256}"));
    }

    [Test]
    public async Task EraseAsync_SignedAgreement_ItsSourceGoesWithIt()
    {
        await LendToClientAsync();
        await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t");
        await loans.ReturnAsync("LL-000001", new ReturnRequest(), "t");
        Assert.That(await CountAsync("SELECT count(*) FROM document_sources"), Is.EqualTo(3), "the agreement, its signed version and the receipt");
        await Service<PrivacyService>(clock).EraseAsync(client.ToString(CultureInfo.InvariantCulture), "t");
        Assert.That(await CountAsync("SELECT count(*) FROM document_sources"), Is.Zero);
    }
}
