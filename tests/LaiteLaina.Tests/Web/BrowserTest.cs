using LaiteLaina.Users;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The real service driven in Debian's Chromium through Playwright: what every browser journey needs (sign-in in a
/// chosen language and width, screenshots kept with the test output, documents fetched with the page's session).
/// </summary>
[EndToEnd]
public abstract class BrowserTest(Engine engine) : ApiTest(engine)
{
    protected const string Chromium = "/usr/bin/chromium";

    /// <summary>A desktop and the phone width the issue names.</summary>
    protected const int Desktop = 1280, Phone = 390;

    protected IPlaywright Playwright { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    /// <summary>Chromium's own switches for a test that needs them (a fake camera).</summary>
    protected virtual string[] BrowserArgs => [];

    [SetUp]
    public async Task StartBrowserAsync()
    {
        if (!File.Exists(Chromium))
            Assert.Ignore("Debian's chromium is not installed (scripts/setup.sh --tests installs it)");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = BrowserArgs });
    }

    [TearDown]
    public async Task StopBrowserAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        Playwright?.Dispose();
    }

    /// <summary>A new browser context at <paramref name="width"/> pixels, signed in as <paramref name="name"/>: the pages
    /// then speak the language stored on that user's account.</summary>
    /// <param name="bypassCsp">Lets a test inject its own script (axe-core) into pages whose policy allows only the service's.</param>
    protected async Task<IPage> SignInAsync(string name, int width = Desktop, string password = Password, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = width == Phone ? 844 : 800 },
            Locale = "fi-FI", BypassCSP = bypassCsp,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => TestContext.Out.WriteLine("CONSOLE " + m.Text);
        page.PageError += (_, e) => TestContext.Out.WriteLine("PAGEERROR " + e);
        await page.GotoAsync("/login");
        await page.Locator("input[name=name], #name").First.FillAsync(name);
        await page.Locator("input[type=password]").First.FillAsync(password);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>A full-page screenshot attached to the test output and kept under TestResults/screenshots.</summary>
    protected async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{name}-{Engine.ToString().ToLowerInvariant()}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
    }

    /// <summary>Draws a zigzag on the page's signature pad with the mouse, as a finger would on a tablet.</summary>
    protected static async Task DrawSignatureAsync(IPage page)
    {
        await page.Locator("#signature-pad").ScrollIntoViewIfNeededAsync();
        var box = (await page.Locator("#signature-pad").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 30, box.Y + box.Height * 0.6f);
        await page.Mouse.DownAsync();
        for (var i = 1; i <= 12; i++)
            await page.Mouse.MoveAsync(box.X + 30 + i * 25, box.Y + box.Height * (i % 2 == 0 ? 0.3f : 0.7f));
        await page.Mouse.UpAsync();
    }

    /// <summary>A document the page links to, fetched with the page's own session.</summary>
    protected static async Task<byte[]> PdfAsync(IPage page, string href)
    {
        var response = await page.Context.APIRequest.GetAsync(href);
        Assert.That(response.Status, Is.EqualTo(200), href);
        Assert.That(response.Headers["content-type"], Does.StartWith("application/pdf"));
        return await response.BodyAsync();
    }
}
