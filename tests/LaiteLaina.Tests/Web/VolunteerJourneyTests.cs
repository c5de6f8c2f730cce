using LaiteLaina.Demo;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The volunteer's job from #16 in Chromium, without the command line: a donated laptop comes in with a donor who is not
/// in the register yet, gets its label, is wiped by hand and made ready, all in Finnish on the demo office; and the device
/// page's own actions (edit, repair, retire after a second look) once in Swedish at a phone's width.
/// </summary>
[EndToEnd]
public sealed class VolunteerJourneyTests(Engine engine) : BrowserTest(engine)
{
    private string Labels => Path.Combine(Scratch, "labels.zpl");

    protected override string[] HostArgs => ["--Printers:0:Name=intake", $"--Printers:0:Port={Labels}", "--PrintQueue:PollSeconds=0.2",
        // No tablets are plugged in here; the worker would only wait for them.
        "--Provisioning:Enabled=false"];

    [SetUp]
    public async Task FillDemoAsync()
    {
        await DemoData.FillAsync(App.Services);
        await AddUserAsync("ville", "Ville Virta", "volunteer");
        await AddUserAsync("astrid", "Astrid Ek", "volunteer", "sv");
    }

    [Test]
    public async Task Volunteer_DonatedLaptopWithANewDonor_LabelledWipedByHandAndReady()
    {
        var page = await SignInAsync("ville");
        await page.GotoAsync("/devices/new");
        await page.GetByLabel("Tyyppi", new() { Exact = true }).First.SelectOptionAsync("laptop");
        await page.GetByLabel("Valmistaja").FillAsync("lenovo");
        await page.GetByLabel("Malli").FillAsync("Lenovo ThinkPad T14");
        await page.GetByLabel("Sarjanumero").FillAsync("PF-JOURNEY-1");
        await page.GetByLabel("Hankinta").SelectOptionAsync("donated");
        await page.GetByLabel("Uuden lahjoittajan nimi").FillAsync("Jyväskylän Tilitoimisto Oy");
        await page.Locator("#new-donor-kind").SelectOptionAsync("company");
        await page.GetByLabel("Yhteystieto").FillAsync("toimisto@example.fi");
        await page.Locator("#place").SelectOptionAsync(new SelectOptionValue { Label = "Keskustan sosiaali- ja työllisyyspalvelut / Laitekaappi" });
        await page.GetByLabel("Lisävarusteet").FillAsync("laturi\nlaukku");
        await ScreenshotAsync(page, "volunteer-intake");
        await page.Locator("#add-device").ClickAsync();

        // The device page: the make written once, the donor from the same form, the label on its way, the wipe asked for.
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Laite on lisätty ja sen tarra lähetetty tulostimelle intake.");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("kannettava Lenovo ThinkPad T14");
        Assert.That(await page.Locator("h1").TextContentAsync(), Does.Not.Contain("Lenovo Lenovo"));
        await Assertions.Expect(page.Locator("#device-status")).ToHaveTextAsync("vastaanotettu");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Jyväskylän Tilitoimisto Oy");
        await Assertions.Expect(page.Locator("#mark-ready")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#wipe-first")).ToContainTextAsync("kirjaa tyhjennys");
        var tag = (await page.Locator("h1").TextContentAsync())!.Split(' ')[0];
        await WaitForLabelAsync(tag);

        await page.Locator("#print-label").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("Tarra lähetetty tulostimelle");

        // The wipe done by hand: a time in the future is refused next to its field, and what was chosen stays.
        await page.Locator("#record-wipe").ClickAsync();
        // A certificate is offered only for a method that a tool checks.
        await page.GetByLabel("Miten laite tyhjennettiin?").SelectOptionAsync("ata-secure-erase");
        await Assertions.Expect(page.Locator("#wipe-certificate")).ToBeVisibleAsync();
        await page.GetByLabel("Miten laite tyhjennettiin?").SelectOptionAsync("windows-reset");
        await Assertions.Expect(page.Locator("#wipe-certificate")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel("Kuka tyhjensi")).ToHaveValueAsync("Ville Virta");
        await page.Locator("#wipe-when").FillAsync(DateTime.Today.AddDays(2).ToString("yyyy-MM-dd'T'10:00", CultureInfo.InvariantCulture));
        await page.Locator("#save-wipe").ClickAsync();
        await Assertions.Expect(page.Locator("#wipe-when")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#wipe-when-problem")).ToContainTextAsync("ei voi olla tulevaisuudessa");
        await Assertions.Expect(page.Locator("#wipe-method")).ToHaveValueAsync("windows-reset");
        await ScreenshotAsync(page, "volunteer-wipe-refused");

        await page.Locator("#wipe-when").FillAsync(HandWipePageTests.RecentlyToday().ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.Locator("#save-wipe").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Tyhjennys on kirjattu.");
        await Assertions.Expect(page.Locator("#device-status")).ToHaveTextAsync("käyttöönotossa");

        await page.Locator("#mark-ready").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Laite on valmis lainattavaksi.");
        await Assertions.Expect(page.Locator("#device-status")).ToHaveTextAsync("valmis");
        await ScreenshotAsync(page, "volunteer-ready");
        var device = await new InventoryService(Db).GetAsync(tag);
        Assert.That((device.Status, device.DonorName, device.Make, device.Model, device.Accessories),
            Is.EqualTo((DeviceStatus.Ready, "Jyväskylän Tilitoimisto Oy", "Lenovo", "ThinkPad T14", "laturi\nlaukku")), "the two accessories typed one a line are two items");
    }

    [Test]
    public async Task Volunteer_InSwedishOnAPhone_EditsSendsToRepairAndRetiresAfterConfirming()
    {
        var tag = (await new InventoryService(Db).AddAsync(new DeviceInput
        {
            Kind = "tablet", Make = "apple", Model = "iPad (8th generation)", SerialNumber = "DMPJOURNEY1", Acquisition = "transferred", Site = "KESKUS",
        }, "test")).Tag;
        var page = await SignInAsync("astrid", Phone);
        await page.GotoAsync($"/devices/{tag}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("surfplatta Apple iPad (8th generation)");

        await page.GetByText("Redigera uppgifter").ClickAsync();
        await page.Locator("#edit-notes").FillAsync("repa på baksidan");
        await page.Locator("#edit-imei").FillAsync("12345");
        await page.Locator("#save-edit").ClickAsync();
        await Assertions.Expect(page.Locator("#edit-imei")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#edit-notes")).ToHaveValueAsync("repa på baksidan");
        await page.Locator("#edit-imei").FillAsync("");
        await page.Locator("#save-edit").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Ändringarna är sparade.");

        await page.GetByText("Skicka på reparation", new() { Exact = true }).First.ClickAsync();
        await page.GetByLabel("Vad är fel (sparas i anteckningarna)").FillAsync("skärmen blinkar");
        await page.Locator("#send-to-repair").ClickAsync();
        await Assertions.Expect(page.Locator("#device-status")).ToHaveTextAsync("på reparation");

        await page.GetByText("Avveckla", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Orsak", new() { Exact = true }).SelectOptionAsync("broken");
        await page.Locator("#retire-device").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-retire-title")).ToHaveTextAsync($"Avveckla {tag} (Apple iPad (8th generation)) för gott?");
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.InRepair), "nothing is retired before the second look");
        await ScreenshotAsync(page, "volunteer-sv-retire-confirm");
        await page.Locator("#confirm-retire-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#device-status")).ToHaveTextAsync("avvecklad");
        await Assertions.Expect(page.Locator("#retired-because")).ToHaveTextAsync("trasig, går inte att reparera");
        Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "nothing scrolls sideways at 390 px");

        var device = await new InventoryService(Db).GetAsync(tag);
        Assert.That((device.Status, device.RetiredReason, device.Notes), Is.EqualTo((DeviceStatus.Retired, "broken", "repa på baksidan\nskärmen blinkar")));
    }

    private async Task WaitForLabelAsync(string tag)
    {
        for (var i = 0; i < 100 && !(File.Exists(Labels) && (await File.ReadAllTextAsync(Labels)).Contains(tag, StringComparison.Ordinal)); i++)
            await Task.Delay(100);
        Assert.That(File.Exists(Labels) && (await File.ReadAllTextAsync(Labels)).Contains(tag, StringComparison.Ordinal), Is.True, "the label reached the printer");
    }
}
