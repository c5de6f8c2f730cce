using LaiteLaina.Tests.Web;

namespace LaiteLaina.Tests.Provisioning;

public sealed partial class SanitisationTests(Engine engine) : ApiTest(engine)
{
    private Sanitisation Sanitisation => Service<Sanitisation>();

    private InventoryService Inventory => new(Db);

    /// <summary>A site, two donors and a donated tablet that has come in and needs wiping.</summary>
    private async Task<Device> DonatedTabletAsync(string serial, string donor = "Lahjoittaja Oy")
    {
        if (await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM sites")) == 0)
        {
            await new SiteService(Db).AddAsync("KESKUS", "Keskustan palvelupiste", "Kauppakatu 1", "t");
            await Settings.SetAsync(Db, "organisation_name", "Esimerkin kaupunki", "t");
            await Settings.SetAsync(Db, "organisation_contact", "digituki@example.fi", "t");
        }
        if (await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM donors WHERE name = @donor", new { donor })) == 0)
            await new DonorService(Db).AddAsync(donor, "company", null, null, "t");
        return await Inventory.AddAsync(new DeviceInput
        {
            Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A8", SerialNumber = serial, Site = "KESKUS",
            // It came in before the wipe of TabletWipe.
            Acquisition = "donated", Donor = donor, AcquiredOn = "2026-11-20",
        }, "t");
    }

    private static SanitisationRecord TabletWipe(string tag, bool passed = true) => new()
    {
        Tag = tag,
        Media = MediaType.Flash,
        Level = SanitisationLevel.Purge,
        Method = "factory reset (testharness)",
        Tool = "adb",
        ToolVersion = "35.0.2",
        VerificationMethod = "user data read back after reboot",
        VerificationPassed = passed,
        VerificationResult = passed ? "no user data, no accounts" : "2 accounts still present",
        AndroidVersion = "14",
        SecurityPatch = "2026-10-01",
        Encryption = "file-based (FBE)",
        Operator = "Volunteer Ville",
        PerformedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
    };

    private Task<long> CountAsync(string table) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));

    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [Test]
    public async Task RecordAsync_VerifiedWipe_CertificateHasEveryNistFieldAndQrHoldsOnlyTheTag()
    {
        var device = await DonatedTabletAsync("R9TW1");
        var record = TabletWipe(device.Tag);

        var certificate = await Sanitisation.RecordAsync(record, "cli:ville");

        var document = await new DocumentStore(Db).GetAsync(certificate.DocumentId);
        var text = Squash(PdfTools.PdfToText(document.Content));
        var date = DocumentLanguages.FormatDate(DateOnly.FromDateTime(record.PerformedAt!.Value.ToLocalTime().DateTime), "fi");
        Assert.Multiple(() =>
        {
            Assert.That((document.Kind, document.Language, document.SubjectKey), Is.EqualTo(("sanitisation-certificate", "fi", device.Tag)));
            string[] fields =
            [
                "Tietojen poistotodistus", "Esimerkin kaupunki", certificate.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // device identity and media
                "Laitetunnus", device.Tag, "Samsung Galaxy Tab A8", "Sarjanumero", "R9TW1", "Tallennusväline", "flash-muisti",
                "Lahjoittaja tai lähde", "Lahjoittaja Oy", "Varmuuskopioitu", "ei tiedossa",
                // method (a person's own words after the Rev. 2 method), tool, verification as the person described it
                "Menetelmä (NIST SP 800-88 Rev. 2)", "Purge: factory reset (testharness)", "Työkalu ja versio", "adb 35.0.2",
                "Tarkistustapa", "user data read back after reboot", "Tarkistuksen tulos", "no user data, no accounts",
                // Android details
                "Android-versio", "14", "tietoturvapäivitys 2026-10-01", "tiedostokohtainen salaus (FBE)",
                // who, when, where, where to
                "Suorittaja", "Volunteer Ville", "Aika ja paikka", date, "Keskustan palvelupiste, Kauppakatu 1",
                "Jatkokäyttö", "uudelleenkäyttö omassa organisaatiossa (lainaus)", "Tarkastaja", "ei vielä tarkastettu",
            ];
            foreach (var field in fields)
                Assert.That(text, Does.Contain(Squash(field)), $"the certificate lacks '{field}'");
            Assert.That(PdfTools.PageCount(document.Content), Is.EqualTo(1), "a certificate is one sheet");
            Assert.That(PdfTools.DecodeQr(document.Content, 1), Is.EqualTo(device.Tag), "the QR code holds the tag and nothing else");
        });
    }

    [Test]
    public async Task RecordAsync_VerifiedWipe_DeviceMayBeMadeReadyAndEveryChangeIsAudited()
    {
        var device = await DonatedTabletAsync("R9TW2");
        Assert.ThrowsAsync<UserError>(() => Inventory.ReadyAsync(device.Tag, "t"), "a donated device is not ready before it is wiped");

        var certificate = await Sanitisation.RecordAsync(TabletWipe(device.Tag), "job:7");

        var wiped = await Inventory.GetAsync(device.Tag);
        Assert.That((wiped.Status, wiped.NeedsWipe, wiped.LastWipedAt), Is.EqualTo((DeviceStatus.Provisioning, false, TabletWipe(device.Tag).PerformedAt)));
        Assert.That((await Inventory.ReadyAsync(device.Tag, "t")).Status, Is.EqualTo(DeviceStatus.Ready));
        var actions = await Db.ReadAsync(c => c.QueryAsync<string>("SELECT action FROM audit_log WHERE actor = 'job:7' ORDER BY id"));
        Assert.That(actions, Is.EqualTo(new[] { "sanitisation.record", "device.wiped", "document.issue" }));
        var stored = await Db.ReadAsync(c => c.QuerySingleAsync<(string Media, string Level, string Result, long DocumentId)>(
            "SELECT media_type, level, result, document_id FROM sanitisations WHERE id = @Number", new { certificate.Number }));
        Assert.That(stored, Is.EqualTo(("Flash", "Purge", "wiped", certificate.DocumentId)));
    }

    [Test]
    public async Task RecordAsync_FailedVerification_RefusedAndNothingChanges()
    {
        var device = await DonatedTabletAsync("R9TW3");
        var counts = new[] { await CountAsync("sanitisations"), await CountAsync("documents"), await CountAsync("audit_log") };

        var e = Assert.ThrowsAsync<UserError>(() => Sanitisation.RecordAsync(TabletWipe(device.Tag, passed: false), "t"));

        Assert.That(e!.Message, Does.Contain(device.Tag).And.Contain("verification did not pass").And.Contain("2 accounts still present"));
        Assert.That(new[] { await CountAsync("sanitisations"), await CountAsync("documents"), await CountAsync("audit_log") }, Is.EqualTo(counts));
        var after = await Inventory.GetAsync(device.Tag);
        Assert.That((after.Status, after.NeedsWipe, after.LastWipedAt), Is.EqualTo((device.Status, true, (DateTimeOffset?)null)));
    }

    [Test]
    public async Task RecordAsync_DeviceOnTheShelf_RefusedAndNothingChanges()
    {
        var device = await DonatedTabletAsync("R9TW4");
        await Sanitisation.RecordAsync(TabletWipe(device.Tag), "t");
        await Inventory.ReadyAsync(device.Tag, "t");
        var documents = await CountAsync("documents");

        var e = Assert.ThrowsAsync<UserError>(() => Sanitisation.RecordAsync(TabletWipe(device.Tag), "t"));

        Assert.That(e!.Message, Does.Contain("is ready"));
        Assert.That(await CountAsync("documents"), Is.EqualTo(documents));
    }

    [Test]
    public async Task RecordAsync_OfficeLanguageSwedish_CertificateInSwedish()
    {
        var device = await DonatedTabletAsync("R9TW5");
        await Settings.SetAsync(Db, "office_language", "sv", "t");

        var certificate = await Sanitisation.RecordAsync(TabletWipe(device.Tag) with { Media = MediaType.Ssd, Level = SanitisationLevel.Clear }, "t");

        var document = await new DocumentStore(Db).GetAsync(certificate.DocumentId);
        var text = Squash(PdfTools.PdfToText(document.Content));
        Assert.That(document.Language, Is.EqualTo("sv"));
        Assert.That(text, Does.Contain(Squash("Intyg över radering av data")).And.Contain("SSD-disk").And.Contain(Squash("Metod (NIST SP 800-88 Rev. 2)")));
    }

    [Test]
    public async Task ListAsync_PerDeviceAndPerDonor_OnlyTheirCertificates()
    {
        var a1 = await DonatedTabletAsync("A1", "Yritys A");
        var a2 = await DonatedTabletAsync("A2", "Yritys A");
        var b1 = await DonatedTabletAsync("B1", "Yhdistys B");
        foreach (var d in new[] { a1, a2, b1 })
            await Sanitisation.RecordAsync(TabletWipe(d.Tag), "t");
        // A wipe recorded by hand has no certificate and is not listed.
        var c1 = await DonatedTabletAsync("C1", "Yhdistys B");
        await Inventory.RecordWipeAsync(c1.Tag, "restored in Finder", "Maija", null, null, null, "t");

        Assert.Multiple(async () =>
        {
            Assert.That((await Sanitisation.ListAsync(a2.Tag, null)).Select(c => c.Tag), Is.EqualTo(new[] { a2.Tag }));
            Assert.That((await Sanitisation.ListAsync(null, "yritys a")).Select(c => c.Tag), Is.EquivalentTo(new[] { a1.Tag, a2.Tag }));
            Assert.That((await Sanitisation.ListAsync(null, "Yhdistys B")).Select(c => (c.Tag, c.DonorName)), Is.EqualTo(new[] { (b1.Tag, "Yhdistys B") }));
            Assert.That(await Sanitisation.ListAsync(null, null), Has.Count.EqualTo(3));
        });
        Assert.ThrowsAsync<UserError>(() => Sanitisation.ListAsync(null, "Nobody"));
    }

    [Test]
    public async Task Cli_CertificateListAndOpen_ListsPerDonorAndWritesThePdf()
    {
        var device = await DonatedTabletAsync("R9TW6");
        var certificate = await Sanitisation.RecordAsync(TabletWipe(device.Tag), "t");
        var file = Path.Combine(Scratch, "out", "cert.pdf");

        var list = await CliRun.RunAsync([.. DataArgs(), "certificate", "list", "--donor", "Lahjoittaja Oy", "--format", "csv"]);
        var open = await CliRun.RunAsync([.. DataArgs(), "certificate", "open", certificate.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", file]);
        var missing = await CliRun.RunAsync([.. DataArgs(), "certificate", "list", "--device", "LL-999999"]);

        Assert.That((list.ExitCode, list.Error), Is.EqualTo((0, "")));
        Assert.That(list.Out, Does.Contain(device.Tag).And.Contain("factory reset (testharness)").And.Contain("Volunteer Ville"));
        Assert.That((open.ExitCode, open.Out.Trim()), Is.EqualTo((0, file)));
        Assert.That(Squash(PdfTools.PdfToText(await File.ReadAllBytesAsync(file))), Does.Contain(device.Tag));
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Error, Does.StartWith("error: ").And.Contain("LL-999999"));
    }

    [Test]
    public async Task Api_DeviceAndDonorCertificates_ListThem()
    {
        var device = await DonatedTabletAsync("R9TW7");
        var certificate = await Sanitisation.RecordAsync(TabletWipe(device.Tag), "t");
        var donorId = await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT id FROM donors WHERE name = 'Lahjoittaja Oy'"));

        var byDevice = await Http.GetFromJsonAsync<JsonElement>($"/api/devices/{device.Tag}/certificates");
        var byDonor = await Http.GetFromJsonAsync<JsonElement>($"/api/donors/{donorId}/certificates");
        var pdf = await Http.GetByteArrayAsync($"/api/documents/{certificate.DocumentId}.pdf");
        var unknown = await Http.GetAsync("/api/donors/9999/certificates");

        Assert.That(byDevice.EnumerateArray().Select(e => e.GetProperty("number").GetInt64()), Is.EqualTo(new[] { certificate.Number }));
        Assert.That(byDonor.EnumerateArray().Select(e => e.GetProperty("tag").GetString()), Is.EqualTo(new[] { device.Tag }));
        Assert.That(PdfTools.DecodeQr(pdf, 1), Is.EqualTo(device.Tag));
        Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
    }
}
