using System.Net.Sockets;
using System.Resources;
using LaiteLaina.Tests.Provisioning;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// A volunteer's provisioning demo in the browser, from a fresh demo office: the demo tablets start only when the
/// volunteer presses the button, their jobs move on the board without a reload, the donated tablet stops for the
/// donor's Google account until "the donor removed the account" is pressed, and it ends done with its certificate.
/// Every step name and instruction on the way is Finnish for a Finnish volunteer and Swedish for a Swedish one, and
/// the adb server the service started is gone when the service stops.
/// </summary>
public sealed class ProvisioningJourneyTests(Engine engine) : BrowserTest(engine)
{
    private static readonly ResourceManager UiWords = new("LaiteLaina.Kernel.Ui", typeof(Msg).Assembly);
    private static readonly CultureInfo Finnish = new("fi"), Swedish = new("sv");

    // The service's own adb server: a free port and a HOME of its own, never the default 5037.
    private readonly int adbPort = FreePort();
    private readonly string adbHome = Directory.CreateTempSubdirectory("laitelaina-journey-adb-").FullName;
    private readonly string labels = Path.Combine(Path.GetTempPath(), $"laitelaina-journey-{Guid.NewGuid():N}.zpl");

    protected override string[] HostArgs =>
    [
        // As the demo's own settings: the volunteer is the station's responsible person for the jobs that start by themselves.
        "--Provisioning:DemoTablets=true", "--Provisioning:Operator=ville", $"--Provisioning:Adb={PrivateAdbServer.Adb}",
        $"--Provisioning:AdbServerPort={adbPort}", $"--Provisioning:AdbHome={adbHome}", $"--Provisioning:ScriptsDirectory={PrivateAdbServer.Scripts}",
        "--Provisioning:PollSeconds=0.3", "--Provisioning:DemoRebootSeconds=1", "--Provisioning:StepTimeoutSeconds:wait=120",
        "--Printers:0:Name=demo-file", $"--Printers:0:Port={labels}", "--PrintQueue:PollSeconds=0.2",
    ];

    /// <summary>The watcher, which this test run leaves out of every other service (<see cref="ProvisioningOffByDefault"/>:
    /// its environment variable outranks the command line), watching this test's own adb server.</summary>
    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) => builder.Services.AddHostedService<ProvisioningWorker>();

    [TearDown]
    public void RemoveScratch()
    {
        File.Delete(labels);
        Directory.Delete(adbHome, recursive: true);
    }

    [Test]
    public async Task Volunteer_DemoTabletsStartedAndGoogleAccountFixed_DonatedTabletDoneInFinnishAndSwedish()
    {
        if (!File.Exists(PrivateAdbServer.Adb) || !File.Exists("/usr/bin/jq"))
            Assert.Ignore("adb and jq are needed: apt-get install adb jq (scripts/setup.sh --tests installs them)");
        await LaiteLaina.Demo.DemoData.FillAsync(App.Services);
        await AddUserAsync("ville", "Ville Virta", "volunteer", "fi");
        await AddUserAsync("vilja", "Vilja Virtanen", "volunteer", "sv");
        var page = await SignInAsync("ville");

        await page.GotoAsync("/provisioning");
        Assert.That(await page.Locator("#job-rows tr").CountAsync(), Is.Zero, "nothing runs before the volunteer starts the demo");
        await page.Locator("#start-demo").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("Harjoitustabletit käynnistetty");
        await Assertions.Expect(page.Locator("#start-demo")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#jobs")).ToHaveAttributeAsync("data-live", "yes");
        await page.EvaluateAsync("window.notReloaded = true");

        // The donated tablet stops at precheck for its donor's Google account: a person's step, said in Finnish.
        // (The locked tablet has its owner's account too, and stops the same way: the trainee may fix it after this one.)
        var row = page.Locator("#job-rows tr", new() { HasText = DemoTablets.States()[0].Serial });
        var fix = row.Locator("button.account-removed");
        await Assertions.Expect(fix).ToHaveCountAsync(1, new() { Timeout = 180_000 });
        var id = (await row.GetAttributeAsync("id"))!;
        await Assertions.Expect(row.Locator(".job-instruction")).ToContainTextAsync("Google-tili");
        await Assertions.Expect(row.Locator(".job-step")).ToHaveTextAsync(UiWords.GetString("ProvisioningStep.precheck", Finnish)!);
        Assert.That(await page.EvaluateAsync<bool>("window.notReloaded === true"), Is.True, "the board followed the jobs without a reload");
        await ScreenshotAsync(page, "provisioning-demo-google-account");
        await AssertNoEnglishAsync(page, Finnish);

        await fix.ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("Tili on poistettu");
        await page.EvaluateAsync("window.notReloaded = true");
        var done = page.Locator($"#{id}");
        await Assertions.Expect(done).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 300_000 });
        Assert.That(await page.EvaluateAsync<bool>("window.notReloaded === true"), Is.True, "the job reached done on the open page");
        await Assertions.Expect(done.Locator(".job-state")).ToHaveTextAsync(UiWords.GetString("JobState.done", Finnish)!);
        var certificate = await PdfAsync(page, (await done.Locator("a.certificate").GetAttributeAsync("href"))!);
        Assert.That(Encoding.ASCII.GetString(certificate, 0, 5), Is.EqualTo("%PDF-"));
        await ScreenshotAsync(page, "provisioning-demo-done-fi");
        await AssertNoEnglishAsync(page, Finnish);

        var swedish = await SignInAsync("vilja");
        await swedish.GotoAsync("/provisioning");
        await Assertions.Expect(swedish.Locator($"#{id} .job-state")).ToHaveTextAsync(UiWords.GetString("JobState.done", Swedish)!);
        await Assertions.Expect(swedish.Locator($"#{id} .job-message")).ToContainTextAsync("är raderad, driftsatt och klar");
        await ScreenshotAsync(swedish, "provisioning-demo-done-sv");
        await AssertNoEnglishAsync(swedish, Swedish);

        Assert.That(await AdbServer.ListeningAsync(adbPort, CancellationToken.None), Is.True, "the service started its adb server");
        await App.StopAsync();
        Assert.That(await AdbServer.ListeningAsync(adbPort, CancellationToken.None), Is.False, "the service stopped the adb server it started");
    }

    /// <summary>Every step name on the board is the reader's word for it, and no row holds a sentence of the English
    /// provisioning catalog (its words between the values, where they differ from the reader's catalog).</summary>
    private static async Task AssertNoEnglishAsync(IPage page, CultureInfo culture)
    {
        var steps = JobStore.StepNames.Select(s => UiWords.GetString("ProvisioningStep." + s, culture)).ToHashSet();
        foreach (var step in await page.Locator("#job-rows .job-step").AllInnerTextsAsync())
            Assert.That(step.Length == 0 || steps.Contains(step.Trim()), Is.True, $"step '{step}' is not in {culture.Name}");
        var rows = await page.Locator("#job-rows").InnerTextAsync();
        var english = Msg.All.Where(m => m.Id.Id.StartsWith("provisioning.", StringComparison.Ordinal))
            .SelectMany(m => Words(MessageCatalog.Text(m.Id.Id, MessageCatalog.English)).Except(Words(MessageCatalog.Text(m.Id.Id, culture))))
            .Distinct().ToList();
        Assert.That(english, Has.Count.GreaterThan(50), "the English catalog was read");
        Assert.That(english.Where(e => rows.Contains(e, StringComparison.Ordinal)), Is.Empty, $"English on the {culture.Name} board:\n{rows}");
    }

    // The parts of a catalog text between its placeholders that are long enough to be a phrase rather than a name.
    private static IEnumerable<string> Words(string? text) =>
        Regex.Split(text ?? "", @"\{[0-9]+\}").Select(p => p.Trim(' ', ',', '.', ':', ';', '(', ')')).Where(p => p.Length >= 12);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
