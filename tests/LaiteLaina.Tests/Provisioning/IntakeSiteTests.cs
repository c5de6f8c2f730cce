using LaiteLaina.Tests.Web;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>
/// Unknown tablets on a database of two sites (#20): a prompt belongs to the site whose station saw the tablet, the
/// board and the API list it like the site's jobs, and only that site's service registers or ignores it (the tablet
/// is on its USB hub). The service under test belongs to ITA.
/// </summary>
public sealed class IntakeSiteTests(Engine engine) : ApiTest(engine)
{
    private Site east = null!, west = null!;

    protected override async Task BeforeStartAsync()
    {
        east = await new SiteService(Db).AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        west = await new SiteService(Db).AddAsync("LANSI", "Läntinen palvelupiste", null, "test");
    }

    protected override string[] HostArgs => ["--Site=ITA", "--Provisioning:Enabled=false"];

    [SetUp]
    public async Task AnUnknownTabletAtEachSiteAsync()
    {
        await JobStore.SeenUnknownAsync(Db, "SER-EAST", "192.0.2.1:5555", "LENOVO", "TB-X605F", "10", east.Id);
        await JobStore.SeenUnknownAsync(Db, "SER-WEST", "192.0.2.2:5555", "SAMSUNG", "SM-T510", "11", west.Id);
    }

    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Test]
    public async Task SeenUnknownAsync_Site_RecordedWithThePrompt()
    {
        var entry = (await JobStore.IntakeAsync(Db, all: false, west.Id)).Single();

        Assert.That((entry.SerialNumber, entry.SiteId, entry.SiteCode), Is.EqualTo(("SER-WEST", (long?)west.Id, "LANSI")));
    }

    [Test]
    public async Task SeenUnknownAsync_PendingTabletPluggedInAtTheOtherSite_PromptMovesThere()
    {
        await JobStore.SeenUnknownAsync(Db, "SER-WEST", "192.0.2.3:5555", "SAMSUNG", "SM-T510", "11", east.Id);

        Assert.That((await JobStore.IntakeAsync(Db, all: false, east.Id)).Select(e => e.SerialNumber), Is.EquivalentTo(new[] { "SER-EAST", "SER-WEST" }));
        Assert.That(await JobStore.IntakeAsync(Db, all: false, west.Id), Is.Empty);
    }

    [Test]
    public async Task Board_UnknownTablets_CounsellorSeesOwnSitesManagerSeesAllAndMayChoose()
    {
        var counsellor = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager");

        var own = await counsellor.GetAsync("/provisioning");
        var chosen = await counsellor.GetAsync("/provisioning?site=LANSI");
        var all = await manager.GetAsync("/provisioning");

        Assert.That(own.Text, Does.Contain("SER-EAST").And.Not.Contain("SER-WEST"));
        Assert.That(chosen.Text, Does.Contain("SER-WEST").And.Not.Contain("SER-EAST"));
        Assert.That(all.Text, Does.Contain("SER-EAST").And.Contain("SER-WEST"));
    }

    [Test]
    public async Task Board_OtherSitesTablet_NoButtonsForIt()
    {
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager");

        var all = await manager.GetAsync("/provisioning");

        Assert.That(all.Html, Does.Contain("name=\"serial\" value=\"SER-EAST\"").And.Not.Contain("name=\"serial\" value=\"SER-WEST\""));
    }

    [TestCase("fi", "Register", "Tabletti SER-WEST kytkettiin toimipisteen LANSI asennusasemaan")]
    [TestCase("sv", "Register", "Surfplattan SER-WEST kopplades in vid installationsstationen på verksamhetsstället LANSI")]
    [TestCase("fi", "Ignore", "Rekisteröi tai ohita se toimipisteen LANSI käyttöönottosivulla")]
    public async Task Board_DecideOtherSitesTablet_RefusedInReadersLanguageNothingChanged(string language, string handler, string message)
    {
        var web = await SignedInSessionAsync("ville", "Ville Vapaaehtoinen", "volunteer", language);

        var page = await web.PostAsync("/provisioning", $"/provisioning?handler={handler}", ("serial", "SER-WEST"), ("acquisition", "donated"));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(page.Text, Does.Contain(message).And.Not.Contain("   at ").And.Not.Contain("only that site"));
        Assert.That(await CountAsync("SELECT count(*) FROM provisioning_intake WHERE state = 'Pending'"), Is.EqualTo(2));
        Assert.That(await CountAsync("SELECT count(*) FROM devices"), Is.Zero);
    }

    [Test]
    public async Task ApiIntake_SiteFilterAndOwnTabletDecidedOtherRefused()
    {
        var west = await JsonAsync(await Http.GetAsync("/api/provisioning/intake?site=LANSI"));
        var register = await Http.PostAsJsonAsync("/api/provisioning/intake/SER-WEST/register", new { acquisition = "donated" });
        var ignore = await Http.PostAsync("/api/provisioning/intake/SER-WEST/ignore", null);
        var own = await Http.PostAsJsonAsync("/api/provisioning/intake/SER-EAST/register", new { acquisition = "donated" });

        Assert.That(west.EnumerateArray().Select(e => e.GetProperty("serialNumber").GetString()), Is.EqualTo(new[] { "SER-WEST" }));
        Assert.That((register.StatusCode, ignore.StatusCode), Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.Conflict)));
        var problem = await JsonAsync(register);
        Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("serial"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("SER-WEST").And.Contain("LANSI"));
        Assert.That(own.IsSuccessStatusCode, Is.True, await own.Content.ReadAsStringAsync());
        Assert.That(await CountAsync("SELECT count(*) FROM provisioning_intake WHERE serial_number = 'SER-WEST' AND state = 'Pending'"), Is.EqualTo(1));
    }

    [Test]
    public async Task ApiIntake_PromptOfNoSite_DecidedFromAnySite()
    {
        // A prompt from before prompts had a site, on a database of several sites: nobody can tell whose it was.
        await JobStore.SeenUnknownAsync(Db, "SER-OLD", "192.0.2.9:5555", "LENOVO", "TB-X505F", "9");

        var ignore = await Http.PostAsync("/api/provisioning/intake/SER-OLD/ignore", null);

        Assert.That(ignore.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
