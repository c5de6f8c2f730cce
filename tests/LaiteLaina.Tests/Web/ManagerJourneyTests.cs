using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// A manager's day in the browser on the demo office, in Finnish: the dashboard, the return audit for this year (page,
/// the CSV Finnish Excel opens in columns, the PDF), the audit log in sentences, and a stocktake closed and its missing
/// devices marked lost (refused while it is open); the privacy duties (a person found by name, their data exported, then
/// erased after a confirmation that names them). And the return audit and audit log for a Swedish-speaking manager.
/// </summary>
[EndToEnd]
public sealed class ManagerJourneyTests(Engine engine) : BrowserTest(engine)
{
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    [SetUp]
    public async Task FillDemoAsync()
    {
        await LaiteLaina.Demo.DemoData.FillAsync(App.Services);
        await AddUserAsync("maija", "Maija Esihenkilö", "manager");
        await AddUserAsync("mikael", "Mikael Chef", "manager", "sv");
        // The colleague's tablet due today comes back, one step worse: wear, not damage.
        await App.Services.GetRequiredService<LoanService>().ReturnAsync("LL-000002", new ReturnRequest { Condition = "good" }, "maija");
    }

    private static string Year => DateTime.Today.Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>A download the page offers, as bytes.</summary>
    private static async Task<byte[]> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(selector).ClickAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    /// <summary>The file as Excel reads it: a byte-order mark, then UTF-8 rows of ';'-separated cells.</summary>
    private static string[][] Excel(byte[] bytes)
    {
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 with a byte-order mark");
        using var reader = new StringReader(new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3));
        using var csv = new CsvHelper.CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", HasHeaderRecord = false });
        var rows = new List<string[]>();
        while (csv.Read())
            rows.Add(csv.Parser.Record!);
        return [.. rows];
    }

    [Test]
    public async Task Manager_DashboardReturnAuditAuditLogAndStocktake_AllInFinnish()
    {
        var page = await SignInAsync("maija");

        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.Locator("#figures-as-of")).ToContainTextAsync("Tilanne");
        await Assertions.Expect(page.Locator("#by-status")).ToContainTextAsync("lainassa");
        await Assertions.Expect(page.Locator("#average-loan")).ToHaveTextAsync(new Regex(@"\d+,\d päivää"));
        await Assertions.Expect(page.Locator("#overdue")).ToContainTextAsync("1–7 pv");
        await ScreenshotAsync(page, "manager-dashboard-fi");

        await page.GotoAsync("/audit/returns");
        Assert.That(await page.Locator("#from").InputValueAsync(), Is.EqualTo("1.1." + Year), "opens on this calendar year");
        Assert.That(await page.Locator("#to").InputValueAsync(), Is.EqualTo("31.12." + Year));
        await Assertions.Expect(page.Locator("#damage-rule")).ToContainTextAsync("tavallista kulumista");
        var outcomes = await page.Locator("#return-rows .outcome").AllInnerTextsAsync();
        Assert.That(outcomes, Does.Contain("ajallaan"));
        Assert.That(await page.Locator("main").InnerTextAsync(), Does.Not.Contain("OnTime").And.Not.Contain("Out"));
        await ScreenshotAsync(page, "manager-return-audit-fi");

        var rows = Excel(await DownloadAsync(page, "#return-csv"));
        Assert.That(rows[0], Does.Contain("laina").And.Contain("eräpäivä").And.Contain("palautettu").And.Contain("tulos").And.Contain("kunto palautettaessa"));
        var returned = rows.Single(r => r[1] == "LL-000002");
        Assert.That(returned[Array.IndexOf(rows[0], "tulos")], Is.EqualTo("ajallaan"));
        Assert.That(returned[Array.IndexOf(rows[0], "kunto palautettaessa")], Is.EqualTo("hyvä"));
        Assert.That(returned[Array.IndexOf(rows[0], "eräpäivä")], Is.EqualTo(DateTime.Today.ToString("d.M.yyyy", CultureInfo.InvariantCulture)));

        var pdf = PdfTools.PdfToText(await PdfAsync(page, (await page.Locator("#return-pdf").GetAttributeAsync("href"))!));
        Assert.That(pdf, Does.Contain("Palautusten tarkastus").And.Contain($"1.1.{Year}–31.12.{Year}"));

        await page.GotoAsync("/audit");
        var log = await page.Locator("#audit-log").InnerTextAsync();
        Assert.That(log, Does.Contain("Maija Esihenkilö palautti laitteen LL-000002").And.Contain("Esittely lisäsi laitteen LL-000003"));
        Assert.That(log, Does.Not.Contain("device.").And.Not.Contain("created").And.Not.Match(@"\d{4}-\d\d-\d\dT"));
        var logRows = Excel(await DownloadAsync(page, "#audit-csv"));
        Assert.That(logRows[0].Take(3), Is.EqualTo(new[] { "milloin", "kuka", "tapahtuma" }));
        await ScreenshotAsync(page, "manager-audit-log-fi");

        // A stocktake of the central office: only LL-000003 is found on the shelf.
        await page.GotoAsync("/stocktakes");
        await page.Locator("form.card button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/stocktakes/.+"));
        await page.Locator("#code").FillAsync("LL-000003");
        await page.Locator("#code").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#finding-found")).ToContainTextAsync("LL-000003");
        await Assertions.Expect(page.Locator("#lost-after-close")).ToBeVisibleAsync();
        Assert.That(await page.Locator("#mark-lost").CountAsync(), Is.Zero, "not offered while the count goes on");
        var missing = await page.Locator("#finding-missing li").CountAsync();
        Assert.That(missing, Is.GreaterThan(0));

        await page.GetByRole(AriaRole.Button, new() { Name = "Päätä inventaario" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();
        await page.Locator("#mark-lost").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-question")).ToHaveTextAsync($"Merkitäänkö {missing} puuttuvaa laitetta kadonneiksi?");
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE status = 'Lost'")), Is.Zero, "asking changes nothing");
        await ScreenshotAsync(page, "manager-stocktake-confirm-fi");
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("LL-0000");
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE status = 'Lost'")), Is.EqualTo(missing));
    }

    [Test]
    public async Task Manager_MarkLostBeforeClosing_RefusedInFinnish()
    {
        var page = await SignInAsync("maija");
        await page.GotoAsync("/stocktakes");
        await page.Locator("form.card button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/stocktakes/.+"));
        // The page does not offer it; a post made anyway (an old tab, a script) is refused and changes nothing.
        var scanForm = page.Locator("form[action*=Scan]");
        var fields = page.Context.APIRequest.CreateFormData();
        fields.Set("__RequestVerificationToken", await scanForm.Locator("input[name=__RequestVerificationToken]").InputValueAsync());
        fields.Set("once", await scanForm.Locator("input[name=once]").InputValueAsync());
        fields.Set("confirmed", "true");
        var response = await page.Context.APIRequest.PostAsync(page.Url + "?handler=Lost", new() { Form = fields });

        var text = WebUtility.HtmlDecode(await response.TextAsync());
        Assert.That(response.Status, Is.EqualTo(409));
        Assert.That(text, Does.Contain("Päätä inventaario ST-").And.Contain(" ensin. Ennen kuin laskenta on päättynyt"));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE status = 'Lost'")), Is.Zero);
    }

    [Test]
    public async Task Manager_FindsAPersonByName_ExportsAndErasesAfterConfirming()
    {
        // A client of the office whose loan of the demo's donated tablet is over.
        var borrower = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Astrid Ek", Contact = "050 765 4321", Language = "sv" }, "test");
        var loans = Service<LoanService>();
        await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000014", Borrower = borrower.Id.ToString(CultureInfo.InvariantCulture),
            Due = DateTime.Today.AddDays(10).ToString("d.M.yyyy", CultureInfo.InvariantCulture), RecommendingWorker = "Maija",
        }, "test");
        await loans.ReturnAsync("LL-000014", new ReturnRequest(), "test");
        await AddUserAsync("ville", "Ville Virta", "volunteer");

        // Volunteers never see borrowers, not even by guessing the address.
        var volunteer = await SignInAsync("ville");
        foreach (var url in new[] { $"/borrowers/{borrower.Id}", "/privacy?q=Astrid", $"/privacy/{borrower.Id}/erase" })
        {
            await volunteer.GotoAsync(url);
            Assert.That(await volunteer.ContentAsync(), Does.Not.Contain("Astrid"), url);
        }

        var page = await SignInAsync("maija");
        await page.GotoAsync("/privacy");
        await page.Locator("#q").FillAsync("astrid");
        await page.Locator("#person-search button").ClickAsync();
        await Assertions.Expect(page.Locator("#people tbody tr")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "privacy-found");
        await page.Locator("#people").GetByRole(AriaRole.Link, new() { Name = "Astrid Ek" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Astrid Ek");

        var export = PdfTools.PdfToText(await PdfAsync(page, (await page.Locator("#export").GetAttributeAsync("href"))!));
        Assert.That(export, Does.Contain("Astrid Ek").And.Contain("050 765 4321"));

        await page.Locator("#erase").ClickAsync();
        await Assertions.Expect(page.Locator("#erase-question")).ToContainTextAsync("Astrid Ek");
        await ScreenshotAsync(page, "privacy-erase-confirm");
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.EqualTo(1), "nothing is erased before the confirmation");
        await page.Locator("#confirm-erase").ClickAsync();
        await Assertions.Expect(page.Locator("#erased")).ToContainTextAsync("Astrid Ek");
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.Zero);
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'borrower.erase'")), Is.EqualTo(1));
    }

    private Task<long> BorrowersNamedAsync(string name) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM borrowers WHERE name = @name", new { name }));

    [Test]
    public async Task Manager_InSwedish_ReturnAuditAndAuditLogInSwedish()
    {
        var page = await SignInAsync("mikael");

        await page.GotoAsync("/audit/returns");
        var outcomes = await page.Locator("#return-rows .outcome").AllInnerTextsAsync();
        Assert.That(outcomes, Does.Contain("i tid"));
        await Assertions.Expect(page.Locator("#damage-rule")).ToContainTextAsync("normalt slitage");
        var rows = Excel(await DownloadAsync(page, "#return-csv"));
        Assert.That(rows[0], Does.Contain("lån").And.Contain("förfallodag").And.Contain("utfall"));
        await ScreenshotAsync(page, "manager-return-audit-sv");

        await page.GotoAsync("/audit");
        Assert.That(await page.Locator("#audit-log").InnerTextAsync(), Does.Contain("Maija Esihenkilö tog emot enheten LL-000002 i retur").And.Contain("Demon lade till enheten LL-000003"));
        await ScreenshotAsync(page, "manager-audit-log-sv");
    }
}
