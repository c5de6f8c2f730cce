using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The hand-wipe page's certificate (#16) over HTTP: a wipe a tool checked gets a certificate in the office's
/// language, linked from the device page; a wipe nothing checked gets none, and asking for one changes nothing.</summary>
public sealed partial class HandWipePageTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;

    [SetUp]
    public async Task SignInAsync()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskusta", "Kauppakatu 1", "test");
        web = await SignedInSessionAsync("ville", "Ville Virta", "volunteer");
    }

    private Task<long> CountAsync(string table) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));

    private async Task<string> DonatedLaptopAsync() =>
        (await new InventoryService(Db).AddAsync(new DeviceInput
        {
            Kind = "laptop", Make = "Lenovo", Model = "ThinkPad T480", SerialNumber = "PF1KWIPE", Acquisition = "transferred", Site = "KESKUS",
        }, "test")).Tag;

    /// <summary>Twenty minutes ago, but never yesterday: just after midnight that would be before the day the device came in,
    /// and the page rightly refuses a wipe dated before the device's intake (a test run at 00.14 failed so).</summary>
    internal static DateTime RecentlyToday() => DateTime.Now.AddMinutes(-20) is var at && at.Date < DateTime.Today ? DateTime.Today : at;

    private static (string Name, string Value)[] Wipe(string method, bool certificate, DateTime? when = null) =>
    [
        ("Wipe.Method", method), ("Wipe.By", "Ville Virta"),
        ("Wipe.When", (when ?? RecentlyToday()).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)),
        ("Wipe.Tool", "hdparm"), ("Wipe.ToolVersion", "9.65"), ("Wipe.Certificate", certificate ? "true" : "false"),
        ("Wipe.Verification", "hdparm -I: not enabled, not locked, erase done"), ("Wipe.Result", "0 bytes read back"), ("Wipe.Passed", "true"),
    ];

    [TestCase("fi", "Tietojen poistotodistus", "Purge: levyn oma poistokomento (ATA Secure Erase)", "kannettava")]
    [TestCase("sv", "Intyg", "Purge: diskens eget raderingskommando (ATA Secure Erase)", "bärbar")]
    public async Task HandWipePage_AtaSecureEraseWithCertificate_CertificateNamesTheDeviceAndMethodInTheOfficesLanguage(
        string language, string title, string method, string kind)
    {
        await Settings.SetAsync(Db, "office_language", language, "test");
        var tag = await DonatedLaptopAsync();
        var wipe = $"/devices/{tag}/wipe";

        var posted = await web.PostAsync(wipe, wipe, Wipe("ata-secure-erase", certificate: true));

        Assert.That(posted.Location, Is.EqualTo($"/devices/{tag}"), posted.Text);
        var device = await web.GetAsync(posted.Location!);
        var link = DocumentLink().Match(device.Html);
        Assert.That(link.Success, Is.True, "the device page links the certificate");
        var pdf = await web.Http.GetAsync(link.Groups[1].Value);
        Assert.That(pdf.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        var text = PdfTools.PdfToText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.That(text, Does.Contain(title).And.Contain(tag).And.Contain("PF1KWIPE").And.Contain("ThinkPad T480").And.Contain(kind));
        Assert.That(Squash(text), Does.Contain(Squash(method)));
        Assert.That(text, Does.Not.Contain("--security-erase"), "the technical words stay in the record, not on the reader's page");
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.Provisioning));
    }

    [Test]
    public async Task HandWipePage_Methods_OnlyThoseAToolChecksOfferACertificate()
    {
        var form = (await web.GetAsync($"/devices/{await DonatedLaptopAsync()}/wipe")).Html;

        var offering = CertifiableOption().Matches(form).Select(m => m.Groups[1].Value);
        Assert.That(offering, Is.EquivalentTo(new[] { "ata-secure-erase", "nvme-format", "nwipe" }));
        Assert.That(form, Does.Contain("<fieldset id=\"certificate-part\">").And.Contain("/static/handwipe.js"));
    }

    [Test]
    public async Task HandWipePage_FactoryResetWithCertificate_RefusedInFinnishKeepingWhatWasTypedAndRecordingNothing()
    {
        var tag = await DonatedLaptopAsync();
        var wipe = $"/devices/{tag}/wipe";

        var refused = await web.PostAsync(wipe, wipe, Wipe("windows-reset", certificate: true));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("todistus annetaan vain tyhjennyksestä, jonka työkalu tarkistaa"));
        Assert.That(refused.Html, Does.Match("id=\"wipe-certificate\"[^>]*aria-invalid=\"true\""));
        Assert.That(refused.Html, Does.Match("<option value=\"windows-reset\" selected"));
        Assert.That(refused.Html, Does.Contain("value=\"hdparm\""));
        Assert.That((await CountAsync("sanitisations"), await CountAsync("documents")), Is.EqualTo((0L, 0L)));
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.Intake));

        // The same wipe without the certificate is recorded, and no certificate is made.
        var recorded = await web.PostAsync(wipe, wipe, Wipe("windows-reset", certificate: false));
        Assert.That(recorded.Location, Is.EqualTo($"/devices/{tag}"), recorded.Text);
        Assert.That((await CountAsync("sanitisations"), await CountAsync("documents")), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task HandWipePage_InvisibleCharacterInNotes_RefusedAtTheEdgeKeepingWhatWasTyped()
    {
        var tag = await DonatedLaptopAsync();
        var wipe = $"/devices/{tag}/wipe";

        var refused = await web.PostAsync(wipe, wipe, [.. Wipe("ata-secure-erase", certificate: false), ("Wipe.Notes", "abc\u202Edef")]);

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("U+202E"));
        Assert.That(refused.Html, Does.Match("<option value=\"ata-secure-erase\" selected"), "the method chosen, not the page's default");
        Assert.That(refused.Html, Does.Contain("value=\"9.65\""), "the tool's version as typed");
        Assert.That(await CountAsync("sanitisations"), Is.Zero);
    }

    [Test]
    public async Task HandWipePage_TimeOnADayBeforeTheDeviceCameIn_RefusedAtTheTimeFieldAndNothingRecorded()
    {
        var tag = await DonatedLaptopAsync();
        var wipe = $"/devices/{tag}/wipe";

        var refused = await web.PostAsync(wipe, wipe, Wipe("windows-reset", certificate: false, when: DateTime.Today.AddDays(-1).AddHours(10)));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain($"laite otettiin vastaan {DateTime.Today.ToString("d.M.yyyy", CultureInfo.InvariantCulture)}"));
        Assert.That(refused.Html, Does.Match("id=\"wipe-when\"[^>]*aria-invalid=\"true\""));
        Assert.That(await CountAsync("sanitisations"), Is.Zero);
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.Intake));
    }

    private static string Squash(string text) => Regex.Replace(text, @"\s+", "");

    [GeneratedRegex("<option value=\"([a-z-]+)\"[^>]*data-certifiable=\"yes\"")]
    private static partial Regex CertifiableOption();

    [GeneratedRegex("href=\"(/api/documents/[0-9]+\\.pdf)\"")]
    private static partial Regex DocumentLink();
}
