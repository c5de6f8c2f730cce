using LaiteLaina.Demo;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The desk in a real browser on the demo office: a keyboard-wedge scanner typing tag after tag into the focused box,
/// look-ups by serial number, the day's lists, a reminder, a reservation added, changed and cancelled, and a recycled
/// tablet handed over, by a Finnish-speaking counsellor; the lists in Swedish; and a volunteer who sees no borrower.
/// </summary>
[EndToEnd]
public sealed class DeskJourneyTests(Engine engine) : BrowserTest(engine)
{
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    private static string Day(DateTime d) => d.ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    [SetUp]
    public async Task FillDemoAsync()
    {
        Assert.That(await DemoData.FillAsync(App.Services), Is.GreaterThan(0));
        await AddUserAsync("sari", "Sari Salo", "counsellor");
    }

    /// <summary>What a keyboard-wedge scanner does: types the tag into whatever has the focus and presses Enter.</summary>
    private static async Task ScanAsync(IPage page, string tag)
    {
        await page.Keyboard.TypeAsync(tag + "\n");
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static async Task<string> TextAsync(IPage page, string selector) => await page.Locator(selector).InnerTextAsync();

    [Test]
    public async Task Counsellor_ScansLooksUpRemindsReservesAndHandsOver_AllInTheBrowserInFinnish()
    {
        var page = await SignInAsync("sari");
        await page.GotoAsync("/");

        // Two scans in a row: the second must not be typed in front of the first (LL-000002LL-000001).
        await ScanAsync(page, "LL-000003");
        await Expect(page.Locator("#device-card")).ToHaveAttributeAsync("data-tag", "LL-000003");
        await ScanAsync(page, "LL-000001");
        await Expect(page.Locator("#device-card")).ToHaveAttributeAsync("data-tag", "LL-000001");
        Assert.That(await page.EvaluateAsync<string>("document.activeElement.id"), Is.EqualTo("tag"), "the box keeps the focus");
        // A serial number, typed in lower case; and a short tag.
        await ScanAsync(page, "dmpg710002");
        await Expect(page.Locator("#device-card")).ToHaveAttributeAsync("data-tag", "LL-000005");
        await ScanAsync(page, "ll-14");
        await Expect(page.Locator("#device-card")).ToHaveAttributeAsync("data-tag", "LL-000014");
        await ScanAsync(page, "EI-OLE-999");
        Assert.That(await TextAsync(page, "#tag-problem"), Does.Contain("'EI-OLE-999'").And.Contain("sarjanumero"));
        Assert.That(await page.Locator("#tag").GetAttributeAsync("aria-invalid"), Is.EqualTo("true"));

        // The day's lists of the demo office.
        Assert.That(await TextAsync(page, "#due-today"), Does.Contain("LL-000002").And.Contain("Pekka Perhetyö"));
        var overdue = await TextAsync(page, "#overdue");
        Assert.That(overdue, Does.Contain("LL-000001").And.Contain("4 päivää myöhässä").And.Contain("Aino Esimerkki").And.Contain("040 000 0001")
            .And.Contain("LL-000004").And.Contain("95 päivää myöhässä"));
        Assert.That(await TextAsync(page, "#awaiting-wipe"), Does.Contain("LL-000005"));
        Assert.That(await TextAsync(page, "#reservations-today"), Does.Contain("LL-000003").And.Contain("Pekka Perhetyö"));
        await ScreenshotAsync(page, "desk-lists-fi");

        // A reminder to the Swedish-speaking borrower, from the overdue list.
        var reminder = await DeskSteps.OpenReminderAsync(page, "LL-000004");
        Assert.That(reminder.Text, Does.StartWith("Hej!").And.Contain("LL-000004").And.Contain("LN-"));
        Assert.That(reminder.Language, Is.EqualTo("svenska"));
        Assert.That(await page.Locator("#record-reminder").InnerTextAsync(), Is.EqualTo("Kirjaa muistutus (tänään)"));
        await ScreenshotAsync(page, "reminder-fi");
        await DeskSteps.RecordReminderAsync(page, "LL-000004");
        Assert.That(await page.Locator("#overdue li", new() { HasText = "LL-000004" }).InnerTextAsync(), Does.Contain("muistutettu " + Day(DateTime.Now)));

        // A reservation: refused first (a day in the past), with what was typed kept and the field marked.
        await page.GotoAsync("/reservations");
        await page.GetByRole(AriaRole.Link, new() { Name = "Uusi varaus" }).ClickAsync();
        await page.GetByLabel("Tyyppi").SelectOptionAsync("laptop");
        await page.GetByLabel("Alkaen").FillAsync(Day(DateTime.Now.AddDays(-1)));
        await page.GetByLabel("Tarkoitus").FillAsync("kotikäynti");
        await page.GetByLabel("Etsi lainaaja").FillAsync("Samir");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hae" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Varaa" }).ClickAsync();
        Assert.That(await page.Locator("#from").GetAttributeAsync("aria-invalid"), Is.EqualTo("true"));
        Assert.That(await TextAsync(page, "#from-problem"), Does.Contain("mennee"));
        Assert.That(await page.Locator("#purpose").InputValueAsync(), Is.EqualTo("kotikäynti"));
        await page.GetByLabel("Alkaen").FillAsync(Day(DateTime.Now.AddDays(5)));
        await page.GetByLabel("Asti").FillAsync(Day(DateTime.Now.AddDays(6)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Varaa" }).ClickAsync();
        Assert.That(await TextAsync(page, "#done"), Does.Contain("on tehty"));
        var row = page.Locator("#reservations tr", new() { HasText = "Samir Haddad" });
        Assert.That(await row.InnerTextAsync(), Does.Contain(Day(DateTime.Now.AddDays(6))));
        // Changed: one more day.
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByLabel("Asti").FillAsync(Day(DateTime.Now.AddDays(8)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Tallenna muutokset" }).ClickAsync();
        Assert.That(await TextAsync(page, "#done"), Does.Contain("on muutettu"));
        Assert.That(await row.InnerTextAsync(), Does.Contain(Day(DateTime.Now.AddDays(8))));
        // Cancelled, after a confirmation that names it.
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Peru varaus" }).ClickAsync();
        Assert.That(await TextAsync(page, "#confirm"), Does.Contain("Samir Haddad").And.Contain(Day(DateTime.Now.AddDays(8))));
        await page.GetByRole(AriaRole.Button, new() { Name = "Kyllä, peru varaus" }).ClickAsync();
        Assert.That(await TextAsync(page, "#done"), Does.Contain("on peruttu"));
        Assert.That(await page.Locator("#reservations tr", new() { HasText = "Samir Haddad" }).CountAsync(), Is.Zero);

        // The donated tablet goes to a client to keep.
        await page.GotoAsync("/");
        await ScanAsync(page, "LL-000014");
        Assert.That(await page.Locator("#hand-over").InnerTextAsync(), Is.EqualTo("Luovuta asiakkaalle"));
        await DeskSteps.HandOverAsync(page, "Samir", 3);
        Assert.That((await new InventoryService(Db).GetAsync("LL-000014")).Status, Is.EqualTo(DeviceStatus.HandedOver));
        await ScreenshotAsync(page, "handover-done-fi");
    }

    [Test]
    public async Task SwedishCounsellor_Desk_ListsInSwedishWithoutSidewaysScrollAtPhoneWidth()
    {
        await AddUserAsync("elin", "Elin Ek", "counsellor", "sv");
        var page = await SignInAsync("elin", Phone);
        await page.GotoAsync("/");

        Assert.That(await TextAsync(page, "#due-today-title"), Is.EqualTo("Ska återlämnas i dag"));
        Assert.That(await TextAsync(page, "#overdue-title"), Is.EqualTo("Försenade"));
        Assert.That(await TextAsync(page, "#awaiting-wipe-title"), Is.EqualTo("Återlämnade, väntar på radering"));
        Assert.That(await TextAsync(page, "#reservations-today-title"), Is.EqualTo("Bokningar som börjar i dag"));
        Assert.That(await TextAsync(page, "#overdue"), Does.Contain("4 dagar försenad").And.Contain("Registrera påminnelse"));
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone));
        await ScreenshotAsync(page, "desk-lists-sv-390");
    }

    [Test]
    public async Task Volunteer_Desk_ListsWithoutAnyBorrowerNameOrContact()
    {
        await AddUserAsync("ville", "Ville Virta", "volunteer");
        var page = await SignInAsync("ville");
        await page.GotoAsync("/");

        Assert.That(await TextAsync(page, "#overdue"), Does.Contain("LL-000001").And.Contain("LL-000004"));
        Assert.That(await TextAsync(page, "#awaiting-wipe"), Does.Contain("LL-000005"));
        var html = await page.ContentAsync();
        foreach (var personal in new[] { "Aino Esimerkki", "040 000 0001", "Elsa Lindqvist", "050 000 0002", "Pekka Perhetyö", "Samir", "Kirjaa muistutus" })
            Assert.That(html, Does.Not.Contain(personal));
        await ScreenshotAsync(page, "desk-lists-volunteer");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
