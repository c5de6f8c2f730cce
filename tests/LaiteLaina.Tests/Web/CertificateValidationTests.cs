using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>Validation of a wipe certificate by a second person (#17 finding 3, NIST SP 800-88's "validated by") over
/// HTTP: the performer is not offered it and is refused, an unticked check changes nothing, and the validated
/// certificate is a new version naming the validator, with the first one kept.</summary>
public sealed partial class CertificateValidationTests(Engine engine) : ApiTest(engine)
{
    private WebSession ville = null!;
    private WebSession sari = null!;

    [SetUp]
    public async Task SignInAsync()
    {
        var users = TestUsers();
        await users.AddAsync("ville", "Ville Virta", "volunteer", Password, "test");
        await users.AddAsync("sari", "Sari Saarinen", "volunteer", Password, "test", language: "sv");
        await new SiteService(Db).AddAsync("KESKUS", "Keskusta", "Kauppakatu 1", "test");
        ville = NewSession();
        await ville.SignInAsync("ville", Password);
        sari = NewSession();
        await sari.SignInAsync("sari", Password);
    }

    [TearDown]
    public void DisposeSessions()
    {
        ville.Dispose();
        sari.Dispose();
    }

    /// <summary>Ville wipes a donated laptop with nwipe on the hand-wipe page and asks for its certificate.</summary>
    private async Task<(string Tag, long Number)> CertifiedWipeAsync()
    {
        var tag = (await new InventoryService(Db).AddAsync(new DeviceInput
        {
            Kind = "laptop", Make = "Lenovo", Model = "ThinkPad T480", SerialNumber = "PF1KVALID", Acquisition = "transferred", Site = "KESKUS",
        }, "test")).Tag;
        var wipe = $"/devices/{tag}/wipe";
        var posted = await ville.PostAsync(wipe, wipe,
            ("Wipe.Method", "nwipe"), ("Wipe.By", "Ville Virta"),
            ("Wipe.When", HandWipePageTests.RecentlyToday().ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)),
            ("Wipe.Tool", "nwipe"), ("Wipe.ToolVersion", "0.34"), ("Wipe.Certificate", "true"),
            ("Wipe.Verification", "nwipe verify last pass"), ("Wipe.Result", "Erased, 0 errors"), ("Wipe.Passed", "true"));
        Assert.That(posted.Location, Is.EqualTo($"/devices/{tag}"), posted.Text);
        return (tag, await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT max(id) FROM sanitisations")));
    }

    private Task<(string? By, int Versions)> StateAsync(string tag) =>
        Db.ReadAsync(async c => (
            await c.ExecuteScalarAsync<string?>("SELECT validated_by FROM sanitisations"),
            await c.ExecuteScalarAsync<int>("SELECT count(*) FROM documents WHERE subject_key = @tag AND kind = 'sanitisation-certificate'", new { tag })));

    [Test]
    public async Task CertificatesPage_SecondPersonValidates_NewVersionNamesThemFirstKept()
    {
        var (tag, number) = await CertifiedWipeAsync();
        var page = $"/certificates?tag={tag}";
        var device = await ville.GetAsync($"/devices/{tag}");
        Assert.That(device.Html, Does.Contain($"href=\"/certificates?tag={tag}\""), "the device page leads to its certificates");

        var validated = await sari.PostAsync(page, page, ("Number", number.ToString(CultureInfo.InvariantCulture)), ("Checked", "true"));

        Assert.That(validated.Status, Is.EqualTo(HttpStatusCode.OK), validated.Text);
        Assert.That(validated.Text, Does.Contain($"Intyg {number} är granskat"));
        Assert.That(await StateAsync(tag), Is.EqualTo(("Sari Saarinen", 2)));
        var link = DocumentLink().Match(validated.Html);
        var pdf = await sari.Http.GetByteArrayAsync(link.Groups[1].Value);
        var text = PdfTools.PdfToText(pdf);
        Assert.That(text, Does.Contain("Sari Saarinen").And.Contain("Ville Virta"), "the validated version names both people");
        Assert.That(validated.Html, Does.Not.Contain($"id=\"validate-{number}\""), "validated once: no button any more");

        var again = await sari.PostAsync(page, page, ("Number", number.ToString(CultureInfo.InvariantCulture)), ("Checked", "true"));
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(again.Text, Does.Contain("redan granskats av Sari Saarinen"));
        Assert.That(await StateAsync(tag), Is.EqualTo(("Sari Saarinen", 2)));
    }

    [Test]
    public async Task CertificatesPage_PerformerValidatesOwnWipe_NotOfferedRefusedNothingChanged()
    {
        var (tag, number) = await CertifiedWipeAsync();
        var page = $"/certificates?tag={tag}";

        var shown = await ville.GetAsync(page);
        Assert.That(shown.Html, Does.Not.Contain($"id=\"validate-{number}\""));
        Assert.That(shown.Text, Does.Contain("Oma tyhjennyksesi"));
        var refused = await ville.PostWithTokenAsync(page, WebSession.Token(shown.Html),
            ("Number", number.ToString(CultureInfo.InvariantCulture)), ("Checked", "true"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(refused.Text, Does.Contain($"Todistus {number} koskee tyhjennystä, jonka teit itse"));
        Assert.That(await StateAsync(tag), Is.EqualTo(((string?)null, 1)));
    }

    [Test]
    public async Task CertificatesPage_CheckNotTicked_RefusedInSwedishNothingChanged()
    {
        var (tag, number) = await CertifiedWipeAsync();
        var page = $"/certificates?tag={tag}";

        var refused = await sari.PostAsync(page, page, ("Number", number.ToString(CultureInfo.InvariantCulture)));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain($"innan du markerar intyg {number} som granskat"));
        Assert.That(await StateAsync(tag), Is.EqualTo(((string?)null, 1)));
    }

    [Test]
    public async Task AccountPage_TitleAndPhone_PrintedOnTheCertificatesThePersonVouchesFor()
    {
        var refused = await ville.PostAsync("/account", "/account?handler=Contact", ("Title", "IT-tukihenkilö"), ("Phone", "soita minulle"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("kirjoita koko puhelinnumero numeroin"));
        Assert.That(refused.Html, Does.Match("id=\"phone\"[^>]*aria-invalid=\"true\"").And.Contain("value=\"soita minulle\""));
        Assert.That((await TestUsers().GetAsync("ville")).Title, Is.Null, "a refused save changes nothing");

        var saved = await ville.PostAsync("/account", "/account?handler=Contact", ("Title", "IT-tukihenkilö"), ("Phone", "040 765 4321"));
        Assert.That(saved.Text, Does.Contain("Tehtävänimikkeesi ja puhelinnumerosi on tallennettu"), saved.Text);
        await sari.PostAsync("/account", "/account?handler=Contact", ("Title", "Digitukikoordinaattori"), ("Phone", ""));
        var (tag, number) = await CertifiedWipeAsync();
        var page = $"/certificates?tag={tag}";
        var validated = await sari.PostAsync(page, page, ("Number", number.ToString(CultureInfo.InvariantCulture)), ("Checked", "true"));

        var text = PdfTools.PdfToText(await sari.Http.GetByteArrayAsync(DocumentLink().Match(validated.Html).Groups[1].Value));
        Assert.That(text, Does.Contain("IT-tukihenkilö").And.Contain("040 765 4321").And.Contain("Digitukikoordinaattori"));
    }

    [Test]
    public async Task CertificatesPage_CheckNotTicked_ThatBoxMarkedWithTheRefusalNextToIt()
    {
        var (tag, number) = await CertifiedWipeAsync();
        var page = $"/certificates?tag={tag}";

        var refused = await sari.PostAsync(page, page, ("Number", number.ToString(CultureInfo.InvariantCulture)));

        Assert.That(refused.Html, Does.Match($"id=\"checked-{number}\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"checked-{number}-problem\""));
        Assert.That(refused.Html, Does.Match($"<p class=\"field-problem\" id=\"checked-{number}-problem\">Kryssa "));
    }

    [Test]
    public async Task AccountPage_PhoneWithLetters_RefusalNextToTheFieldAsOneSentence()
    {
        var refused = await ville.PostAsync("/account", "/account?handler=Contact", ("Title", "IT-tukihenkilö"), ("Phone", "040 abc 4567"));

        Assert.That(refused.Html, Does.Match("id=\"phone\"[^>]*aria-describedby=\"phone-hint phone-problem\"[^>]*aria-invalid=\"true\"|id=\"phone\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"phone-hint phone-problem\""));
        Assert.That(refused.Html, Does.Contain("id=\"phone-problem\""));
        Assert.That(refused.Text, Does.Contain("Tarkista työpuhelin: '040 abc 4567' ei kelpaa – kirjoita koko puhelinnumero numeroin (7–15 numeroa), esimerkiksi 040 123 4567 tai +358 40 123 4567.")
            .And.Not.Contain(".."), "the rule is the end of one sentence, not a second sentence with its own full stop");
    }

    [Test]
    public async Task AccountPage_InvisibleCharacterInPhone_RefusedAtTheEdgeKeepingWhatWasTyped()
    {
        await ville.PostAsync("/account", "/account?handler=Contact", ("Title", "Digituki"), ("Phone", "040 123 4567"));

        var refused = await ville.PostAsync("/account", "/account?handler=Contact", ("Title", "Uusi nimike"), ("Phone", "040\u202E1234567"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Contain("value=\"Uusi nimike\"").And.Not.Contain("value=\"Digituki\""),
            "the edge refuses before the handler runs; the boxes still show what was typed, not what is stored");
        Assert.That(refused.Html, Does.Match("id=\"phone\"[^>]*aria-invalid=\"true\""));
        Assert.That((await TestUsers().GetAsync("ville")).Title, Is.EqualTo("Digituki"));
    }

    [TestCase("040 123")]
    [TestCase("0401234567890123456789")]
    public async Task AccountPage_PhoneTooShortOrTooLong_Refused(string phone)
    {
        var refused = await ville.PostAsync("/account", "/account?handler=Contact", ("Title", "IT-tukihenkilö"), ("Phone", phone));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain($"Tarkista työpuhelin: '{phone}' ei kelpaa"));
        Assert.That((await TestUsers().GetAsync("ville")).Phone, Is.Null);
    }

    [Test]
    public async Task AccountPage_TitleOf120Characters_RefusedOnItsFieldNotCutByTheBrowser()
    {
        var form = await ville.GetAsync("/account");
        Assert.That(form.Html, Does.Match("<input id=\"title\"[^>]*>").And.Not.Match("<input id=\"title\"[^>]*maxlength"),
            "a browser's maxlength cuts a pasted title silently, and the stump would be printed on certificates");
        var title = string.Concat(Enumerable.Repeat("Sosiaaliohjaaja ", 8)).Trim();

        var refused = await ville.PostAsync("/account", "/account?handler=Contact", ("Title", title), ("Phone", ""));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Match("id=\"title\"[^>]*aria-invalid=\"true\"").And.Contain("id=\"title-problem\"").And.Contain($"value=\"{title}\""));
        Assert.That((await TestUsers().GetAsync("ville")).Title, Is.Null);
    }

    [GeneratedRegex("href=\"(/api/documents/[0-9]+\\.pdf)\"")]
    private static partial Regex DocumentLink();
}
