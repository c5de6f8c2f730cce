using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The device pages of #16 over HTTP, in Finnish: only the actions a status allows, refusals that keep what was
/// typed and mark the field with nothing changed, retire only after the second look, computer points' lease and maintenance.</summary>
public sealed class DevicePagesTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;

    [SetUp]
    public async Task SignInAsync()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskusta", null, "test");
        web = await SignedInSessionAsync("ville", "Ville Virta", "volunteer");
    }

    private Task<long> CountAsync(string table) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));

    private async Task<string> DeviceAsync(DeviceStatus status, bool needsWipe, string serial)
    {
        var d = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = serial }, "test");
        return (await PutDeviceAsync(d.Tag, status, needsWipe)).Tag;
    }

    private static string[] Actions(string html) =>
        new[] { "record-wipe", "mark-ready", "mark-found", "save-move", "send-to-repair", "retire-device", "save-edit" }
            .Where(id => html.Contains($"id=\"{id}\"", StringComparison.Ordinal)).ToArray();

    [TestCase(DeviceStatus.Intake, true, new[] { "record-wipe", "save-move", "send-to-repair", "retire-device", "save-edit" })]
    [TestCase(DeviceStatus.Provisioning, false, new[] { "mark-ready", "save-move", "send-to-repair", "save-edit" })]
    [TestCase(DeviceStatus.Ready, false, new[] { "save-move", "send-to-repair", "retire-device", "save-edit" })]
    [TestCase(DeviceStatus.OnLoan, false, new[] { "save-edit" })]
    [TestCase(DeviceStatus.Lost, true, new[] { "mark-found", "retire-device", "save-edit" })]
    [TestCase(DeviceStatus.HandedOver, false, new string[0])]
    public async Task DevicePage_EachStatus_OffersOnlyWhatItAllows(DeviceStatus status, bool needsWipe, string[] offered)
    {
        var tag = await DeviceAsync(status, needsWipe, "S-" + status);
        Assert.That(Actions((await web.GetAsync($"/devices/{tag}")).Html), Is.EqualTo(offered));
    }

    [Test]
    public async Task DevicePage_NeverLentCounsellor_SaysSoInsteadOfAnEmptyTable()
    {
        var counsellor = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        var tag = await DeviceAsync(DeviceStatus.Ready, false, "S-NEVER-LENT");

        var page = await counsellor.GetAsync($"/devices/{tag}");

        Assert.That(page.Text, Does.Contain("Laitetta ei ole vielä lainattu."));
        Assert.That(page.Html, Does.Not.Contain("<th scope=\"col\">Lainaaja</th>"));
    }

    [Test]
    public async Task DevicePage_RetireFirstPost_AsksAgainNamingTheDeviceAndChangesNothing()
    {
        var tag = await DeviceAsync(DeviceStatus.Ready, false, "R-1");
        var ask = await web.PostAsync($"/devices/{tag}", $"/devices/{tag}?handler=Retire", ("Reason", "obsolete"), ("Note", "hidas"));
        Assert.That(ask.Text, Does.Contain($"Poistetaanko {tag} (Samsung Tab A9) käytöstä pysyvästi?").And.Contain("liian vanha käyttöön"));
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.Ready));

        var done = await web.PostWithTokenAsync($"/devices/{tag}?handler=Retire", WebSession.Token(ask.Html),
            ("Reason", WebSession.Hidden(ask.Html, "Reason")), ("Note", WebSession.Hidden(ask.Html, "Note")), ("Confirmed", "true"));
        Assert.That(done.Text, Does.Contain("Laite on poistettu käytöstä.").And.Contain("Käytöstä poiston syy").And.Contain("liian vanha käyttöön"));
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Notes, Is.EqualTo("hidas"));
    }

    [Test]
    public async Task NewDevice_RefusedWithANewDonor_KeepsWhatWasTypedMarksTheFieldAndAddsNoDonor()
    {
        await DeviceAsync(DeviceStatus.Ready, false, "DUP-1");
        var refused = await web.PostAsync("/devices/new", "/devices/new", ("Input.Kind", "tablet"), ("Input.Make", "samsung"), ("Input.SerialNumber", "DUP-1"),
            ("Input.Acquisition", "donated"), ("NewDonorName", "Uusi Lahjoittaja Oy"), ("NewDonorKind", "company"), ("Label", "false"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(refused.Html, Does.Match("id=\"serial\"[^>]*value=\"DUP-1\"[^>]*aria-invalid=\"true\""));
        Assert.That(refused.Html, Does.Contain("id=\"serial-problem\"").And.Contain("value=\"Uusi Lahjoittaja Oy\""));
        Assert.That(refused.Text, Does.Contain("Sarjanumero 'DUP-1' on jo kirjattu").And.Not.Contain("--allow"));
        Assert.That((await CountAsync("donors"), await CountAsync("devices")), Is.EqualTo((0L, 1L)));
    }

    [Test]
    public async Task NewDevice_Added_DevicePageSaysSoOnceAndAReloadDoesNot()
    {
        var added = await web.PostAsync("/devices/new", "/devices/new", ("Input.Kind", "laptop"), ("Input.Acquisition", "purchased"),
            ("Input.SerialNumber", "PRG-1"), ("Label", "false"));
        var tag = await Db.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT tag FROM devices WHERE serial_number = 'PRG-1'"));

        var page = await web.GetAsync(added.Location!);
        var reloaded = await web.GetAsync(added.Location!);

        Assert.That(added.Location, Is.EqualTo($"/devices/{tag}"));
        Assert.That(page.Text, Does.Contain("Laite on lisätty."));
        Assert.That(reloaded.Text, Does.Contain(tag).And.Not.Contain("Laite on lisätty."), "what was done is said once");
    }

    [Test]
    public async Task NewDevice_DonorNotInTheRegister_RefusedWithoutACommandInTheMessage()
    {
        var refused = await web.PostAsync("/devices/new", "/devices/new", ("Input.Kind", "laptop"), ("Input.Acquisition", "donated"),
            ("Input.Donor", "Tuntematon Oy"), ("Label", "false"));
        Assert.That(refused.Text, Does.Contain("Lahjoittajaa 'Tuntematon Oy' ei löytynyt. Valitse lahjoittaja luettelosta tai lisää uusi lahjoittaja."));
        Assert.That(refused.Html, Does.Match("id=\"donor\"[^>]*aria-invalid=\"true\""));
    }

    private async Task<PageResult> UploadAsync(string csv, params (string Name, string Value)[] fields)
    {
        var token = WebSession.Token((await web.GetAsync("/devices/import")).Html)!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "laitteet.csv");
        using var response = await web.Http.PostAsync("/devices/import", form);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), null);
    }

    [Test]
    public async Task ImportDevices_SemicolonFileWithBomAndFinnishColumns_ImportsEveryRow()
    {
        var page = await UploadAsync("\uFEFFlaji;merkki;malli;sarjanumero;toimipiste\ntabletti;samsung;Galaxy Tab A9;IMP-1;KESKUS\nkannettava;Lenovo;Lenovo ThinkPad T14;IMP-2;KESKUS\n");
        Assert.That(page.Text, Does.Contain("Tuotiin 2 laitetta: LL-000001 … LL-000002."));
        var devices = (await new InventoryService(Db).ListAsync(new DeviceFilter())).Items;
        Assert.That(devices.Select(d => $"{d.Make} {d.Model} {d.SiteCode}"), Is.EquivalentTo(new[] { "Samsung Galaxy Tab A9 KESKUS", "Lenovo ThinkPad T14 KESKUS" }));
    }

    [Test]
    public async Task ImportDevices_CommaFileWithABadRow_NothingImportedAndTheRowReportedInFinnish()
    {
        var page = await UploadAsync("kind,make,model,hinta\ntablet,Samsung,A,12\nphone,Nokia,B,-5\n");
        Assert.That(page.Text, Does.Match(@"3\s+hinta\s+Tarkista hinta: '-5'"));
        Assert.That(page.Text, Does.Contain("joten mitään ei tuotu").And.Not.Contain("--skip-bad"));
        Assert.That(await CountAsync("devices"), Is.EqualTo(0));

        var good = await UploadAsync("kind,make,model,hinta\ntablet,Samsung,A,12\nphone,Nokia,B,-5\n", ("SkipBad", "true"));
        Assert.That(good.Text, Does.Contain("Tuotiin 1 laitetta").And.Contain("Alla luetellut rivit jätettiin pois."));
        Assert.That(await CountAsync("devices"), Is.EqualTo(1));
    }

    [Test]
    public async Task ImportDevices_UnknownColumn_HeaderProblemInFinnishAndNothingImported()
    {
        var page = await UploadAsync("laji;väri\ntabletti;musta\n");
        Assert.That(page.Text, Does.Contain("sarake 'väri' ei ole laitteen kenttä"));
        Assert.That(await CountAsync("devices"), Is.EqualTo(0));
    }

    [Test]
    public async Task Points_AddThenEditLeaseAndMaintenance_ShownAsFinnishDatesAndARefusalMarksTheField()
    {
        var added = await web.PostAsync("/points", "/points?handler=Add", ("Point.Name", "Aulan piste"), ("Point.LeaseEnd", "2027-12-31"),
            ("Point.LeasePaidBy", "Tietohallinto"), ("Point.NextMaintenance", "2026-01-15"));
        Assert.That(added.Text, Does.Contain("CP-001 — Aulan piste").And.Contain("31.12.2027 Tietohallinto").And.Contain("15.1.2026"));

        var refused = await web.PostAsync("/points", "/points?handler=Edit", ("Code", "CP-001"), ("Point.Name", "Aulan piste"),
            ("Point.LastMaintenance", "2026-02-01"), ("Point.NextMaintenance", "2026-01-20"));
        Assert.That(refused.Html, Does.Match("id=\"CP-001-next-maintenance\"[^>]*value=\"2026-01-20\"[^>]*aria-invalid=\"true\""));
        Assert.That(refused.Text, Does.Contain("seuraava huolto ei voi olla ennen viimeisintä"));
        Assert.That((await new ComputerPointService(Db).GetAsync("CP-001")).NextMaintenance, Is.EqualTo(new DateOnly(2026, 1, 15)));
    }
}
