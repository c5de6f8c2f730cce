using System.Globalization;
using LaiteLaina.Users;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The audit log's filter offers what a manager knows: actions in words grouped by area, people by name, dates as
/// they write them; the address keeps the codes. Over HTTP on each engine, and once in Finnish in Chromium.
/// </summary>
public sealed class AuditLogFilterTests(Engine engine) : BrowserTest(engine)
{
    private static string Today => DateTime.Today.ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    [SetUp]
    public async Task SeedAsync()
    {
        await AddUserAsync("maija", "Maija Esihenkilö", "manager");
        await AddUserAsync("sari", "Sari Salo", "counsellor");
        var inventory = new InventoryService(Db);
        await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9" }, "sari");
        var other = await inventory.AddAsync(new DeviceInput { Kind = "laptop", Make = "Lenovo", Model = "T14" }, "maija");
        await inventory.ReadyAsync(other.Tag, "sari");
    }

    [Test]
    public async Task AuditLog_Page_OffersActionsAndPeopleInWordsNotCodes()
    {
        var web = NewSession();
        await web.SignInAsync("maija", Password);
        var page = await web.GetAsync("/audit");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(page.Html), Does.Contain("<optgroup label=\"Laitteet\">").And.Contain("<option value=\"device.add\">Laite lisätty</option>")
            .And.Contain("<option value=\"device\">Kaikki: Laitteet</option>").And.Contain("<option value=\"sari\">Sari Salo (sari)</option>"));
        Assert.That(page.Text, Does.Not.Contain("device.add").And.Not.Contain("loan.out"), "codes stay in the values");
        Assert.That(page.Text, Does.Contain("p.k.vvvv"));
        Assert.That(page.Html, Does.Contain($"placeholder=\"{Today}\""));
    }

    [Test]
    public async Task AuditLog_ActionPersonAndDates_OnlyThoseEntries()
    {
        var web = NewSession();
        await web.SignInAsync("maija", Password);
        var page = await web.GetAsync($"/audit?actor=sari&action=device.add&from={Today}&to={Today}");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Text, Does.Contain("Sari Salo lisäsi laitteen LL-000001").And.Not.Contain("LL-000002"));
        Assert.That(page.Html, Does.Contain("<option value=\"device.add\" selected=\"selected\">").And.Contain("<option value=\"sari\" selected=\"selected\">"));

        var area = await web.GetAsync("/audit?actor=sari&action=device");
        Assert.That(area.Text, Does.Contain("LL-000001").And.Contain("Sari Salo merkitsi laitteen LL-000002 lainattavaksi"));
        var yesterday = await web.GetAsync($"/audit?to={DateTime.Today.AddDays(-1).ToString("d.M.yyyy", CultureInfo.InvariantCulture)}");
        Assert.That(yesterday.Text, Does.Not.Contain("LL-00000"));
    }

    [Test]
    public async Task AuditLog_ImpossibleDate_FieldMarkedInFinnishAndTypedKept()
    {
        var web = NewSession();
        await web.SignInAsync("maija", Password);
        var page = await web.GetAsync("/audit?from=31.2.2026&action=loan");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Html, Does.Match("<input id=\"from\" name=\"from\" value=\"31.2.2026\"[^>]*aria-invalid=\"true\""));
        Assert.That(page.Text, Does.Contain("31.2.2026").And.Contain(((Message)Msg.ParseDate).Render(CultureInfo.GetCultureInfo("fi"))));
        Assert.That(page.Html, Does.Contain("<option value=\"loan\" selected=\"selected\">"));
    }

    [Test]
    public async Task AuditLog_FinnishManagerInBrowser_ChoosesByWordsAndTheAddressKeepsCodes()
    {
        var page = await SignInAsync("maija", Phone);
        await page.GotoAsync("/audit");
        await page.Locator("#action").SelectOptionAsync(new SelectOptionValue { Label = "Laite merkitty lainattavaksi" });
        await page.Locator("#actor").SelectOptionAsync(new SelectOptionValue { Label = "Sari Salo (sari)" });
        await page.Locator("#from").FillAsync(Today);
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("action=device.ready", StringComparison.Ordinal) && u.Contains("actor=sari", StringComparison.Ordinal));
        var log = await page.Locator("#audit-log").InnerTextAsync();
        Assert.That(log, Does.Contain("Sari Salo merkitsi laitteen LL-000002 lainattavaksi").And.Not.Contain("LL-000001"));
        Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), "no sideways scroll at phone width");
        await ScreenshotAsync(page, "audit-log-filter-fi");
    }
}
