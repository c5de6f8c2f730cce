namespace LaiteLaina.Tests.Provisioning;

/// <summary>
/// Certificates that claim only what was done (#17 finding 3): the method follows from the NIST SP 800-88 Rev. 2 technique,
/// a user profile removal gets a removal record and not a certificate, the performer is a person with title and phone,
/// times carry their zone, and every value is in the certificate's language.
/// </summary>
public sealed partial class SanitisationTests
{
    /// <summary>A tablet's wipe as the provisioning pipeline records it: codes, not words, for the technique and the check.</summary>
    private static SanitisationRecord PipelineWipe(string tag, string technique) => TabletWipe(tag) with
    {
        // The caller's level is ignored: the technique decides it.
        Level = SanitisationLevel.Clear,
        Technique = technique,
        Method = "factory reset in test-harness mode (cmd testharness enable)",
        Tool = "adb + scripts/adb/wipe.sh",
        VerificationMethod = "scripts/adb/verify.sh --wipe-only 1.0: no accounts, only user 0",
        VerificationCode = CertificateWords.AdbVerify,
        VerificationResult = "verified: no accounts, 1 user, no extra apps",
        Encryption = "file",
        Operator = "api:sari",
    };

    private async Task<string> CertificateTextAsync(Certificate certificate) =>
        Squash(PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(certificate.DocumentId)).Content));

    private async Task AddVolunteerAsync(string name, string displayName, string? title, string? phone)
    {
        await Service<LaiteLaina.Users.UserService>().AddAsync(name, displayName, "volunteer", "Salasana-1234-pitkä", "t");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE users SET title = @title, phone = @phone WHERE name = @name", new { title, phone, name }, tx));
    }

    [Test]
    public async Task RecordAsync_UserProfileRemoval_RemovalRecordSayingWhatWasNotRemovedNotACertificate()
    {
        var device = await DonatedTabletAsync("R9UR1");

        var record = await Sanitisation.RecordAsync(PipelineWipe(device.Tag, SanitisationTechnique.UserProfileRemoval), "provisioning:t");

        var document = await new DocumentStore(Db).GetAsync(record.DocumentId);
        var text = Squash(PdfTools.PdfToText(document.Content));
        Assert.That((document.Kind, record.Scope), Is.EqualTo(("profile-removal-record", "user-profile")));
        Assert.That(text, Does.Contain(Squash("Käyttäjäprofiilin poistoraportti")).And.Contain(Squash("Tämä raportti ei ole tietojen poistotodistus"))
            .And.Contain(Squash("käyttäjäprofiilin ja sen tietojen poisto")).And.Contain(Squash("Mitä ei poistettu"))
            .And.Contain(Squash("Laitteen omistajan (pääkäyttäjän) profiili ja sen tiedot")));
        Assert.That(text, Does.Not.Contain(Squash("todistaa")).And.Not.Contain("Clear").And.Not.Contain("Purge"));
    }

    [TestCase("en", "Purge: cryptographic erase by factory reset (file-based encryption)", "whole storage of the device below was sanitised with a method of NIST SP 800-88 Rev. 2")]
    [TestCase("fi", "Purge: kryptografinen poisto palauttamalla tehdasasetukset (tiedostokohtainen salaus)", "ohjeen NIST SP 800-88 Rev. 2 mukaisella menetelmällä")]
    public async Task RecordAsync_FactoryReset_PurgeByCryptographicEraseCitingRev2(string language, string method, string citation)
    {
        await DonatedTabletAsync("R9FR0");
        await Settings.SetAsync(Db, "office_language", language, "t");
        var device = await DonatedTabletAsync("R9FR1" + language);

        var certificate = await Sanitisation.RecordAsync(PipelineWipe(device.Tag, SanitisationTechnique.CryptoEraseFactoryReset), "provisioning:t");

        var text = await CertificateTextAsync(certificate);
        Assert.That((certificate.Level, certificate.Scope), Is.EqualTo(("Purge", "media")));
        Assert.That(text, Does.Contain(Squash(method)).And.Contain(Squash(citation)));
    }

    [Test]
    public async Task RecordAsync_NwipeOverwrite_ClearEvenWhenTheCallerSaysPurge()
    {
        var device = await DonatedTabletAsync("R9NW1");

        var certificate = await Sanitisation.RecordAsync(TabletWipe(device.Tag) with
        {
            Media = MediaType.Hdd, Level = SanitisationLevel.Purge, Technique = SanitisationTechnique.OverwriteNwipe, VerificationCode = CertificateWords.NwipeVerify,
        }, "t");

        Assert.That(certificate.Level, Is.EqualTo("Clear"));
        Assert.That(await CertificateTextAsync(certificate), Does.Contain(Squash("Clear: koko levyn päällekirjoitus nwipe-ohjelmalla")));
    }

    [TestCase("fi")]
    [TestCase("sv")]
    public async Task RecordAsync_FinnishOrSwedishCertificate_NoEnglishValue(string language)
    {
        await DonatedTabletAsync("R9EN0");
        await Settings.SetAsync(Db, "office_language", language, "t");
        var device = await DonatedTabletAsync("R9EN1" + language);

        var text = await CertificateTextAsync(await Sanitisation.RecordAsync(PipelineWipe(device.Tag, SanitisationTechnique.CryptoEraseFactoryReset), "t"));

        // The English words of every value a pipeline records: media, method, check, result, encryption, backup, destination.
        string[] english = ["flash memory", "factory reset", "cryptographic erase", "file-based", "check on the device", "user accounts",
            "passed", "no data found", "verified", "unknown", "internal reuse", "lending", "not validated"];
        foreach (var word in english)
            Assert.That(text.ToLowerInvariant(), Does.Not.Contain(Squash(word)), $"'{word}' on a {language} certificate");
    }

    [Test]
    public async Task RecordAsync_PerformerIsAUserStartingThroughTheApi_NameTitleAndPhoneFromTheirProfile()
    {
        await AddVolunteerAsync("sari", "Sari Salo", "digituen ohjaaja", "040 111 2222");
        var device = await DonatedTabletAsync("R9PF1");

        var certificate = await Sanitisation.RecordAsync(PipelineWipe(device.Tag, SanitisationTechnique.CryptoEraseFactoryReset), "provisioning:t");

        Assert.That((certificate.Operator, certificate.OperatorTitle, certificate.OperatorPhone), Is.EqualTo(("Sari Salo", "digituen ohjaaja", "040 111 2222")));
        Assert.That(await CertificateTextAsync(certificate), Does.Contain(Squash("Suorittaja Sari Salo, digituen ohjaaja, puh. 040 111 2222")).And.Not.Contain("api:"));
    }

    [Test]
    public async Task RecordAsync_AnyWipe_TimeWithItsOffsetAndZone()
    {
        var device = await DonatedTabletAsync("R9TZ1");
        var record = PipelineWipe(device.Tag, SanitisationTechnique.CryptoEraseFactoryReset);

        var text = await CertificateTextAsync(await Sanitisation.RecordAsync(record, "t"));

        Assert.That(text, Does.Contain(Squash(CertificateModelValues.ZonedTime(record.PerformedAt!.Value, "fi"))));
        Assert.That(text, Does.Contain($"(UTC").And.Contain(Squash(TimeZoneInfo.Local.Id)));
    }

    [Test]
    public void ZonedTime_HelsinkiInMarch_LocalTimeWithOffsetAndZoneName()
    {
        var helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");
        var moment = new DateTimeOffset(2026, 3, 14, 8, 5, 0, TimeSpan.Zero);

        Assert.That(CertificateModelValues.ZonedTime(moment, "fi", helsinki), Is.EqualTo("14.3.2026 klo 10.05 (UTC+2, Europe/Helsinki)"));
        Assert.That(CertificateModelValues.ZonedTime(moment, "sv", helsinki), Is.EqualTo("14.3.2026 kl. 10.05 (UTC+2, Europe/Helsinki)"));
        Assert.That(CertificateModelValues.ZonedTime(moment.AddMonths(4), "en", helsinki), Is.EqualTo("14 July 2026, 11:05 (UTC+3, Europe/Helsinki)"));
    }
}
