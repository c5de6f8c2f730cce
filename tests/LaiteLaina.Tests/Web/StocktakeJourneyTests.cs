using LaiteLaina.Audit;
using LaiteLaina.Demo;
using LaiteLaina.Tests.Hardware;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The volunteer's stocktake from #16 in Chromium, without the command line: on the demo office a volunteer starts a
/// count of the device cupboard in the browser with the office's serial scanner, and the test plays that scanner on a
/// real tty (a socat pty pair), writing tags as a keyboard-less scanner sends them, CR/LF after each. The page shows each
/// read arriving by itself; an unknown tag, a tag read twice and a misplaced device are said in words; the volunteer
/// closes the count and sees what is missing. In Finnish, and a short run in Swedish.
/// </summary>
[EndToEnd]
public sealed class StocktakeJourneyTests(Engine engine) : BrowserTest(engine)
{
    private const string Scanner = "inventaario";

    /// <summary>The links socat makes: created before the service starts would need the pair started before the host,
    /// which the base class starts first; the scanner worker tries the port again until it appears, as it would a
    /// scanner plugged in after the service started.</summary>
    private readonly string ptyDir = Directory.CreateTempSubdirectory("laitelaina-stocktake-pty-").FullName;

    private SocatPair pty = null!;

    private FileStream? scanner;

    protected override string[] HostArgs =>
    [
        "--Provisioning:Enabled=false",
        $"--Scanners:0:Name={Scanner}", $"--Scanners:0:Port={Path.Combine(ptyDir, "host")}", "--Scanners:0:Mode=stocktake",
        "--Scanners:0:Terminator=CRLF",
        // The scanner's own bounce filter is shorter than the pause between two reads of the same tag in this run.
        "--Scanners:0:DuplicateWindowMs=200",
    ];

    /// <summary>The words the journey reads off the pages, in the volunteer's language.</summary>
    private sealed record Words(string Start, string Close, string Found, string NotRegistered, string Repeat, string Misplaced, string NotATag);

    private static readonly Dictionary<string, Words> InLanguage = new()
    {
        ["fi"] = new("Aloita inventaario", "Päätä inventaario", "{0} löytyi.", "{0} ei ole rekisterissä.", "{0} on jo laskettu.",
            "{0} on väärässä paikassa: kirjattu sijaintiin KESKUS / Aula", "ei ole laitetunnus"),
        ["sv"] = new("Starta en inventering", "Avsluta inventeringen", "{0} hittad.", "{0} finns inte i registret.", "{0} är redan räknad.",
            "{0} är på fel plats: registrerad på KESKUS / Aula", "inte ett enhetsnummer"),
    };

    [SetUp]
    public async Task PlugScannerAsync()
    {
        Directory.CreateDirectory(ptyDir);
        pty = await SocatPair.StartAsync(ptyDir);
        await DemoData.FillAsync(App.Services);
        await AddUserAsync("ville", "Ville Virta", "volunteer");
        await AddUserAsync("astrid", "Astrid Ek", "volunteer", "sv");
        var status = App.Services.GetRequiredService<HardwareStatus>();
        for (var i = 0; i < 100 && status.Scanner(Scanner).State != PortState.Connected; i++)
            await Task.Delay(100);
        Assert.That(status.Scanner(Scanner).State, Is.EqualTo(PortState.Connected), "the service opened the scanner's tty");
        scanner = pty.OpenDevice();
    }

    [TearDown]
    public async Task UnplugScannerAsync()
    {
        scanner?.Dispose();
        await pty.DisposeAsync();
        Directory.Delete(ptyDir, recursive: true);
    }

    /// <summary>What the scanner sends when its trigger is pulled: the code and CR LF, in one burst.</summary>
    private void Read(string code)
    {
        scanner!.Write(Encoding.ASCII.GetBytes(code + "\r\n"));
        scanner.Flush();
    }

    /// <summary>A read, and the page's status line saying what it was, without a reload.</summary>
    private async Task ReadAsync(IPage page, string code, string said)
    {
        Read(code);
        // A wait, not a speed check: serial port, service and the page's event stream share two cores with the rest
        // of the test run, where 5 s (Playwright's default) was once not enough.
        await Assertions.Expect(page.Locator("#scan-status")).ToContainTextAsync(said, new() { Timeout = 15_000 });
    }

    /// <summary>Starts a count of the demo office's device cupboard with the scanner, from the stocktakes page; returns
    /// its page once it follows the scanner (reads before that would not be shown, only counted).</summary>
    private static async Task<IPage> StartAsync(IPage page, Words words)
    {
        await page.GotoAsync("/stocktakes");
        await page.Locator("#place").SelectOptionAsync(new SelectOptionValue { Label = "Keskustan sosiaali- ja työllisyyspalvelut / Laitekaappi" });
        await page.Locator("#scanner").SelectOptionAsync(Scanner);
        await page.GetByRole(AriaRole.Button, new() { Name = words.Start }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/stocktakes/ST-"));
        await Assertions.Expect(page.Locator("#scan-status")).ToHaveAttributeAsync("data-live", "yes");
        return page;
    }

    private static string Say(string text, string tag) => string.Format(CultureInfo.InvariantCulture, text, tag);

    [Test]
    public async Task Volunteer_StocktakeWithASerialScanner_ReadsArriveLiveAndMissingShownAfterClosing()
    {
        var words = InLanguage["fi"];
        var page = await StartAsync(await SignInAsync("ville"), words);
        var reference = (await page.Locator("#scan-status").GetAttributeAsync("data-stocktake"))!;
        await Assertions.Expect(page.Locator("#scan-status")).ToHaveTextAsync($"Lukijalla {Scanner} luetut tunnukset näkyvät tässä heti.");

        // Two devices where they belong: each appears in the found list as it is read.
        await ReadAsync(page, "LL-000003", $"{reference}: {Say(words.Found, "LL-000003")}");
        await Assertions.Expect(page.Locator("#finding-found")).ToContainTextAsync("LL-000003");
        await ReadAsync(page, "LL-000007", Say(words.Found, "LL-000007"));
        await Assertions.Expect(page.Locator("#finding-found li")).ToHaveCountAsync(2);

        // A label of ours that names no device, a device from the lobby, a loyalty card, and the first tablet again.
        await ReadAsync(page, "LL-999999", Say(words.NotRegistered, "LL-999999"));
        await Assertions.Expect(page.Locator("#scan-status")).ToHaveAttributeAsync("data-kind", "stocktake-unknown");
        await Assertions.Expect(page.Locator("#finding-unknown")).ToContainTextAsync("LL-999999");
        await ReadAsync(page, "LL-000011", Say(words.Misplaced, "LL-000011"));
        await Assertions.Expect(page.Locator("#finding-misplaced")).ToContainTextAsync("LL-000011");
        await ReadAsync(page, "6414893400012", words.NotATag);
        await ReadAsync(page, "LL-000003", Say(words.Repeat, "LL-000003"));
        await Assertions.Expect(page.Locator("#scan-status")).ToHaveAttributeAsync("data-kind", "stocktake-repeat");
        await Assertions.Expect(page.Locator("#finding-found li")).ToHaveCountAsync(2);
        Assert.That(await page.Locator("main").InnerTextAsync(), Does.Not.Contain("6414893400012"), "a card's number is not shown");
        await ScreenshotAsync(page, "stocktake-scanner-fi");

        // The lists were never reloaded by hand; what the page shows is what was stored.
        var result = await App.Services.GetRequiredService<StocktakeService>().ResultAsync(reference);
        Assert.That(result.Of(StocktakeFinding.Found).Select(i => i.Tag), Is.EquivalentTo(new[] { "LL-000003", "LL-000007" }));
        Assert.That(result.Stocktake.OtherCodes, Is.EqualTo(1));

        await page.GetByRole(AriaRole.Button, new() { Name = words.Close }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Inventaario on päätetty ja sen tulos tallennettu PDF-tiedostona.");
        var missing = await page.Locator("#finding-missing").InnerTextAsync();
        Assert.That(missing, Does.Contain("LL-000006").And.Contain("LL-000008").And.Not.Contain("LL-000003").And.Not.Contain("LL-000007"));
        Assert.That(await page.Locator("#finding-missing h2").InnerTextAsync(), Does.StartWith("puuttuu"));
        await Assertions.Expect(page.Locator("#code")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "stocktake-closed-fi");

        // Closed: what the scanner reads now goes into no stocktake and changes nothing.
        Read("LL-000009");
        await Task.Delay(500);
        Assert.That((await App.Services.GetRequiredService<StocktakeService>().ResultAsync(reference)).Of(StocktakeFinding.Found).Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Volunteer_InSwedishOnAPhone_ScannerReadsSaidInSwedish()
    {
        var words = InLanguage["sv"];
        var page = await StartAsync(await SignInAsync("astrid", Phone), words);

        await ReadAsync(page, "LL-000003", Say(words.Found, "LL-000003"));
        await ReadAsync(page, "LL-999999", Say(words.NotRegistered, "LL-999999"));
        await Assertions.Expect(page.Locator("#finding-unknown h2")).ToHaveTextAsync("okända enhetsnummer (1)", new() { Timeout = 15_000 });
        await ReadAsync(page, "LL-000003", Say(words.Repeat, "LL-000003"));
        Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "nothing scrolls sideways at 390 px");
        await ScreenshotAsync(page, "stocktake-scanner-sv-390");

        await page.GetByRole(AriaRole.Button, new() { Name = words.Close }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Inventeringen är avslutad och resultatet sparat som PDF.");
        await Assertions.Expect(page.Locator("#finding-missing")).ToContainTextAsync("LL-000006");
    }
}
