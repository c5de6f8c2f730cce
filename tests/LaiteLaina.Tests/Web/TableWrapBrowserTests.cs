using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The lists in Swedish, whose compounds are the longest: at a desktop's width a tag, a serial number, a site code and a
/// one-word heading each stay on one line (a rule that let a cell break "anywhere" split "Serienumme|r", "R52M550000|0L"
/// and "förhandskontroll" over seven lines), and at a phone's width no page scrolls sideways.
/// </summary>
public sealed class TableWrapBrowserTests(Engine engine) : BrowserTest(engine)
{
    // The job belongs to no tablet: no runner of this host may pick it up.
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    /// <summary>The one-word texts of <c>selector</c>'s elements that the browser laid out over more than one line.</summary>
    private static Task<string[]> BrokenAsync(IPage page, string selector) => page.EvaluateAsync<string[]>("""
        selector => [...document.querySelectorAll(selector)]
            .filter(el => !/\s/.test(el.textContent.trim()) && el.textContent.trim().length > 0)
            .filter(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
            })
            .map(el => el.textContent.trim())
        """, selector);

    [Test]
    public async Task Lists_SwedishAtDesktopAndPhone_CodesAndWordsWholeNoSidewaysScroll()
    {
        await LaiteLaina.Demo.DemoData.FillAsync(App.Services);
        var job = await Db.WriteAsync((c, tx) => JobStore.CreateAsync(c, tx, "192.168.1.40:5555", null, null, "donated-handover", JobState.Running, "station-2/4242/precheck", "test"));
        await JobStore.UpdateStepAsync(Db, job.Id, JobStore.StepNames.ToList().IndexOf("precheck"), StepState.Running, 10, null, null, starting: true);
        await AddUserAsync("aino", "Aino Admin", "admin", "sv");
        var desktop = await SignInAsync("aino", Desktop);
        var broken = new List<string>();

        await desktop.GotoAsync("/devices");
        broken.AddRange(await BrokenAsync(desktop, "#devices th, #devices td:nth-child(1), #devices td:nth-child(4)"));
        await ScreenshotAsync(desktop, "devices-sv-1280");
        await desktop.GotoAsync("/devices/LL-000005");
        broken.AddRange(await BrokenAsync(desktop, "#history .tag"));
        var tagsInHistory = await desktop.Locator("#history .tag").CountAsync();
        await desktop.GotoAsync("/admin/sites");
        broken.AddRange(await BrokenAsync(desktop, "#sites th, #sites td:first-child"));
        await desktop.GotoAsync("/provisioning");
        broken.AddRange(await BrokenAsync(desktop, "#jobs th, #jobs .job-step"));
        await ScreenshotAsync(desktop, "provisioning-sv-1280");

        var phone = await SignInAsync("aino", Phone);
        var wide = new List<string>();
        foreach (var page in new[] { "/devices", "/devices/LL-000005", "/admin/sites", "/provisioning", "/loans" })
        {
            await phone.GotoAsync(page);
            var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
                wide.Add($"{page}: {widths[0]} px ({await PageSweepTests.WidestAsync(phone)})");
        }

        Assert.Multiple(() =>
        {
            Assert.That(tagsInHistory, Is.GreaterThan(0), "the history names the device by its tag");
            Assert.That(broken, Is.Empty, "split over lines at 1280 px");
            Assert.That(wide, Is.Empty, "wider than a 390 px phone");
        });
    }
}
