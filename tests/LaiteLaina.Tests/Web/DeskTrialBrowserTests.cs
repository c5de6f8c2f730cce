using LaiteLaina.Tests.Hardware;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>What a new user met in the browser (#20), in Chromium as a Finnish or Swedish desk worker meets it: the sign-in
/// page in the browser's language until a language is chosen, one way to change a device's place, and a labels page that
/// says which printer is the default and how each printer is before its first label.</summary>
[EndToEnd]
public sealed class DeskTrialBrowserTests(Engine engine) : BrowserTest(engine)
{
    private SocatPair? pty;
    private FakeZebra? zebra;

    /// <summary>A Zebra on a serial line that answers its status: out of labels, until a test says otherwise.</summary>
    protected override async Task BeforeStartAsync()
    {
        if (!File.Exists("/usr/bin/socat"))
            Assert.Ignore("socat is not installed (scripts/setup.sh --tests installs it)");
        pty = await SocatPair.StartAsync(Scratch);
        zebra = new FakeZebra(pty.OpenDevice()) { PaperOut = true };
    }

    protected override string[] HostArgs =>
    [
        "--Printers:0:Name=intake", $"--Printers:0:Port={Path.Combine(Scratch, "intake.zpl")}",
        "--Printers:1:Name=desk", $"--Printers:1:Port={pty!.Host}", "--Printers:1:Language=zpl", "--Printers:1:StatusTimeoutMs=1000",
        "--PrintQueue:DefaultPrinter=desk", "--PrintQueue:PollSeconds=0.2", "--Provisioning:Enabled=false",
    ];

    [TearDown]
    public async Task StopPrinterAsync()
    {
        if (zebra is not null)
            await zebra.DisposeAsync();
        if (pty is not null)
            await pty.DisposeAsync();
    }

    private async Task<IPage> VisitAsync(string locale, int width = Desktop)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(), Locale = locale, ViewportSize = new() { Width = width, Height = width == Phone ? 844 : 800 },
        });
        return await context.NewPageAsync();
    }

    private static string Ui(string key, string language) => MessageCatalog.FindUiWords(key, MessageCatalog.Parse(language)!)!;

    [TestCase("sv-FI", "sv")]
    [TestCase("fi-FI", "fi")]
    [TestCase("en-GB", "en")]
    public async Task Login_FirstVisitWithBrowserLocale_PageInTheBrowsersLanguage(string locale, string language)
    {
        var page = await VisitAsync(locale);

        await page.GotoAsync("/login");

        Assert.That(await page.Locator("html").GetAttributeAsync("lang"), Is.EqualTo(language));
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo(Ui("Sign in", language)));
        Assert.That(await page.Locator("#lang").InputValueAsync(), Is.EqualTo(language), "the language list shows the language in use");
        await ScreenshotAsync(page, $"login-{locale}");
    }

    [Test]
    public async Task Login_LanguageChosenOnThePage_WinsOverTheBrowser()
    {
        var page = await VisitAsync("sv-FI");
        await page.GotoAsync("/login");

        await page.Locator("#lang").SelectOptionAsync("fi");
        await page.Locator("form[action*='handler=Language'] button").ClickAsync();
        await page.GotoAsync("/login?out=local");

        Assert.That(await page.Locator("html").GetAttributeAsync("lang"), Is.EqualTo("fi"));
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo(Ui("Sign in", "fi")));
        Assert.That(await page.Locator("#signed-out").InnerTextAsync(), Is.EqualTo(Ui("You are signed out.", "fi")));
    }

    [Test]
    public async Task Login_SwedishBrowserBeforeSignIn_SignOutRefusalsAndWrongPasswordInSwedish()
    {
        var page = await VisitAsync("sv-FI");
        var sv = CultureInfo.GetCultureInfo("sv");

        await page.GotoAsync("/login?out=local");
        Assert.That(await page.Locator("#signed-out").InnerTextAsync(), Is.EqualTo(Ui("You are signed out.", "sv")));

        await page.GotoAsync("/login?oidc=failed");
        Assert.That(await page.Locator("#problem").InnerTextAsync(), Does.Contain(((Message)Msg.AuthOidcFailed).Render(sv)));

        await page.GotoAsync("/loans");
        Assert.That(page.Url, Does.Contain("/login"), "a page behind sign-in sends the visitor to sign in");
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Logga in"));

        await page.Locator("#name").FillAsync("nobody");
        await page.Locator("#password").FillAsync("wrong password");
        await page.Locator("form button[type=submit]").First.ClickAsync();
        Assert.That(await page.Locator("#problem").InnerTextAsync(),
            Does.Contain(Ui("The user name or the password is wrong. Check them and try again.", "sv")));
        Assert.That(await page.Locator("html").GetAttributeAsync("lang"), Is.EqualTo("sv"));
    }

    [TestCase("fi", "Laite on siirretty toimipisteeseen Itäinen palvelupiste.")]
    [TestCase("sv", "Enheten har flyttats till Itäinen palvelupiste.")]
    public async Task DevicePage_PlaceOnAnotherSiteChosen_OneFormTransfersAndSaysSo(string language, string said)
    {
        var sites = Service<SiteService>();
        await sites.AddAsync("KESKUS", "Keskusta", null, "test");
        await sites.AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        var tag = (await Service<InventoryService>().AddAsync(new DeviceInput { Kind = "tablet", Model = "Tab A9", SerialNumber = "T-1", Site = "KESKUS" }, "test")).Tag;
        await AddUserAsync("ville", "Ville Vapaaehtoinen", "volunteer", language);
        var page = await SignInAsync("ville");
        await page.GotoAsync($"/devices/{tag}");

        Assert.That(await page.Locator("#transfer, #save-transfer").CountAsync(), Is.Zero, "one way to change the place");
        await page.Locator("#move summary").ClickAsync();
        Assert.That(await page.Locator("#move-hint").InnerTextAsync(), Does.Contain("Keskusta"));
        await page.Locator("#move-place").SelectOptionAsync(new SelectOptionValue { Label = "Itäinen palvelupiste" });
        await page.Locator("#save-move").ClickAsync();

        Assert.That(await page.Locator("#done").InnerTextAsync(), Does.Contain(said));
        Assert.That(await page.Locator("#device-place").InnerTextAsync(), Does.StartWith("ITA"));
        Assert.That(await page.Locator("#history").InnerTextAsync(), Does.Contain("KESKUS → ITA"));
        await ScreenshotAsync(page, $"device-transferred-{language}");
    }

    [TestCase("fi", Desktop)]
    [TestCase("fi", Phone)]
    [TestCase("sv", Desktop)]
    [TestCase("sv", Phone)]
    public async Task Labels_PrintersConfigured_DefaultNamedAndEachPrintersStateShown(string language, int width)
    {
        await AddUserAsync("ville", "Ville Vapaaehtoinen", "volunteer", language);
        var page = await SignInAsync("ville", width);
        await page.GotoAsync("/labels");

        Assert.That(await page.Locator("#printer option:checked").InnerTextAsync(), Is.EqualTo(string.Format(CultureInfo.InvariantCulture, Ui("{0} (default printer)", language), "desk")));
        await page.Locator("#check-printers").ClickAsync();

        var culture = CultureInfo.GetCultureInfo(language);
        var states = page.Locator("#hardware-status .printer-state");
        Assert.That(await states.Nth(0).InnerTextAsync(), Does.Contain(((Message)Msg.PrinterCannotReport).Render(culture)), "a file cannot answer");
        Assert.That(await states.Nth(1).InnerTextAsync(), Does.Contain(((Message)Msg.PrinterFaultPaperOut).Render(culture)), "the Zebra was asked and said so");
        Assert.That(zebra!.Labels, Is.Zero, "asking prints nothing");
        Assert.That(await page.Locator("#queue-empty").InnerTextAsync(), Is.EqualTo(Ui("No labels are waiting: the queue is empty.", language)));
        Assert.That(await page.Locator("body").InnerTextAsync(), Does.Not.Contain("default"), "no English");
        await ScreenshotAsync(page, $"labels-{language}-{width}");
    }
}
