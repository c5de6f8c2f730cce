using LaiteLaina.Tests.Hardware;
using LaiteLaina.Users;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The web UI in Debian's Chromium, driven by Playwright, against the real service with a scanner on a socat pty.
/// Screenshots of the main pages are attached to the test output (and kept in TestResults/screenshots).
/// </summary>
[EndToEnd]
public sealed class BrowserTests(Engine engine) : BrowserTest(engine)
{
    private SocatPair scanner = null!;
    private string tag = "";

    protected override string[] HostArgs => ["--Scanners:0:Name=desk", $"--Scanners:0:Port={Path.Combine(Scratch, "scanner", "host")}", "--Scanners:0:Profile=honeywell-115200-crlf",
        // The board test moves a job by hand; the real worker would try to run it on a tablet that is not there.
        "--Provisioning:Enabled=false"];

    [SetUp]
    public async Task StartScannerAsync()
    {
        Directory.CreateDirectory(Path.Combine(Scratch, "scanner"));
        scanner = await SocatPair.StartAsync(Path.Combine(Scratch, "scanner"));
        await AddUserAsync("sari", "Sari Salo", "counsellor");
        await AddUserAsync("ville", "Ville Virta", "volunteer");
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", Accessories = "laturi\nkotelo", Site = null }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
    }

    [TearDown]
    public async Task StopScannerAsync()
    {
        if (scanner is not null)
            await scanner.DisposeAsync();
    }

    [Test]
    public async Task Counsellor_LendsToAClientSignsAndTakesBack_DocumentsStored()
    {
        var page = await SignInAsync("sari");
        await ScreenshotAsync(page, "desk-empty");

        await page.GetByLabel("Lue tai kirjoita tunnus").FillAsync(tag);
        await page.GetByLabel("Lue tai kirjoita tunnus").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#device-status")).ToHaveTextAsync("valmis");
        await page.Locator("#check-out").ClickAsync();

        await page.GetByLabel("Nimi", new() { Exact = true }).FillAsync("Aino Äijälä");
        await page.GetByLabel("Puhelin tai muu yhteystieto").FillAsync("040 123 4567");
        await page.GetByLabel("Suosittelija (työntekijä)").FillAsync("Maija Sosiaalityöntekijä");
        await page.GetByLabel("Palautuspäivä").FillAsync(DateTime.Today.AddDays(60).ToString("d.M.yyyy", CultureInfo.InvariantCulture));
        await ScreenshotAsync(page, "check-out");
        await page.Locator("#do-checkout").ClickAsync();

        await Assertions.Expect(page.Locator("#done-new")).ToBeVisibleAsync();
        var agreementHref = await page.Locator("a.document[data-kind=loan-agreement]").First.GetAttributeAsync("href");
        var agreement = PdfTools.PdfToText(await PdfAsync(page, agreementHref!));
        Assert.That(agreement, Does.Contain("Aino Äijälä").And.Contain(tag).And.Contain("Maija Sosiaalityöntekijä"));

        await DrawSignatureAsync(page);
        // This office's site has no address, so no town is offered: the counsellor writes where they are.
        await page.Locator("#signing-place").FillAsync("Jyväskylä");
        await ScreenshotAsync(page, "loan-signature");
        await page.Locator("#save-signature").ClickAsync();
        await page.Locator("#done, #problem").First.WaitForAsync();
        Assert.That(await page.Locator("#problem").CountAsync(), Is.Zero, await page.Locator("main").InnerTextAsync());

        var versions = page.Locator("a.document[data-kind=loan-agreement]");
        await Assertions.Expect(versions).ToHaveCountAsync(2);
        var signedHref = await versions.Nth(1).GetAttributeAsync("href");
        using (var signed = PdfDocument.Open(await PdfAsync(page, signedHref!)))
            Assert.That(signed.GetPages().Sum(p => p.GetImages().Count()), Is.GreaterThanOrEqualTo(1), "the signature is embedded as an image in the stored agreement");

        await page.Locator("#return").ClickAsync();
        await page.Locator("#accessories-back fieldset:has(legend:text-is('kotelo'))").GetByLabel("puuttuu").CheckAsync();
        await page.GetByLabel("Huomiot").FillAsync("Näytössä naarmu");
        await ScreenshotAsync(page, "return");
        await page.Locator("#do-return").ClickAsync();
        await Assertions.Expect(page.Locator("#returned")).ToBeVisibleAsync();
        var receipt = PdfTools.PdfToText(await PdfAsync(page, (await page.Locator("#receipt").GetAttributeAsync("href"))!));
        Assert.That(receipt, Does.Contain("kotelo").And.Contain(tag));
        var loan = (await new LoanService(Db, null!, TimeProvider.System).ListAsync("all")).Single();
        Assert.That(loan.State, Is.EqualTo(LoanState.Returned));
        Assert.That(loan.Missing, Is.EqualTo(new[] { "kotelo" }));

        foreach (var (url, name) in new[] { ("/devices", "devices"), ($"/devices/{tag}", "device"), ("/loans?state=all", "loans"), ("/labels", "labels") })
        {
            await page.GotoAsync(url);
            await ScreenshotAsync(page, name);
        }
    }

    [Test]
    public async Task MainPages_Administrator_NoContentSecurityPolicyViolation()
    {
        await AddUserAsync("aino", "Aino Admin", "admin");
        var borrower = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino Äijälä" }, "test");
        var (loan, _) = await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = borrower.Id.ToString(CultureInfo.InvariantCulture), Due = "12.3.2099", RecommendingWorker = "Maija",
        }, "test");
        // A Finnish desk: the sign-in page speaks the browser's language until someone chooses one.
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), Locale = "fi-FI" });
        // Reported by the page itself and by the console, so neither a blocked script nor a blocked style goes unseen.
        await context.AddInitScriptAsync("window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) problems.Add(m.Text); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        await page.GotoAsync("/login");
        await page.GetByLabel("Käyttäjätunnus").FillAsync("aino");
        await page.GetByLabel("Salasana").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirjaudu", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        string[] urls = ["/", $"/?tag={tag}", "/devices", $"/devices/{tag}", "/devices/new", "/loans", $"/loans/{loan.Reference}", $"/loans/{loan.Reference}/return",
            "/loans/new", "/borrowers", "/reservations", "/reminders", "/donors", "/points", "/provisioning", "/labels", "/stocktakes", "/dashboard", "/reports",
            "/audit", "/audit/returns", "/privacy", "/admin/users", "/admin/sites", "/admin/settings", "/account"];
        foreach (var url in urls)
        {
            var response = await page.GotoAsync(url);
            Assert.That(response!.Headers["content-security-policy"], Does.Contain("script-src 'self'"), url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 3_000 }).ContinueWith(_ => { }, TaskScheduler.Default);
            problems.AddRange((await page.EvaluateAsync<string[]>("window.cspViolations")).Select(v => $"{url}: {v}"));
        }
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task Desk_ScanFromTheSerialScanner_CardAppearsWithoutReload()
    {
        var page = await SignInAsync("sari");
        await page.EvaluateAsync("window.notReloaded = true");
        // The page is live once the event stream is open.
        await Assertions.Expect(page.Locator("#card")).ToHaveAttributeAsync("data-live", "yes");
        await File.AppendAllTextAsync(scanner.Device, tag + "\r\n");
        await Assertions.Expect(page.Locator("#device-card")).ToHaveAttributeAsync("data-tag", tag, new() { Timeout = 10_000 });
        Assert.That(await page.EvaluateAsync<bool>("window.notReloaded === true"), Is.True, "the card came in without a page load");
        Assert.That(page.Url, Does.EndWith("?tag=" + tag));
        await ScreenshotAsync(page, "desk-scanned");
    }

    [Test]
    public async Task ProvisioningBoard_JobMoves_RowFollowsWithoutReload()
    {
        var device = await new InventoryService(Db).GetAsync(tag);
        var job = await Db.WriteAsync((c, tx) => LaiteLaina.Provisioning.JobStore.CreateAsync(c, tx, "emulator-5554", device.Id, tag, "loan-tablet",
            LaiteLaina.Provisioning.JobState.Running, "test", "test"));
        var page = await SignInAsync("ville");
        await page.GotoAsync("/provisioning");
        await Assertions.Expect(page.Locator("#jobs")).ToHaveAttributeAsync("data-live", "yes");
        await page.EvaluateAsync("window.notReloaded = true");
        var wipe = LaiteLaina.Provisioning.JobStore.StepNames.ToList().IndexOf("wipe");
        await LaiteLaina.Provisioning.JobStore.UpdateStepAsync(Db, job.Id, wipe, LaiteLaina.Provisioning.StepState.Running, 40,
            ScriptTexts.Of("Factory reset running; waiting for the tablet to restart"), null, starting: true);
        await Assertions.Expect(page.Locator($"#job-{job.Id}")).ToContainTextAsync("Tehdasasetusten palautus käynnissä", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator($"#job-{job.Id} .job-step")).ToHaveTextAsync("tyhjennys");
        await ScreenshotAsync(page, "provisioning-board");
        await LaiteLaina.Provisioning.JobStore.FinishAsync(Db, job with { Step = "wipe" }, LaiteLaina.Provisioning.JobState.NeedsPerson, Msg.ProvisioningSayLockScreen,
            Msg.ProvisioningSayScreenLocked, "test");
        await Assertions.Expect(page.Locator($"#job-{job.Id} .job-state")).ToHaveTextAsync("tarvitsee ihmistä", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator($"#job-{job.Id}")).ToContainTextAsync("Poista lukitus kohdassa Asetukset > Suojaus");
        Assert.That(await page.EvaluateAsync<bool>("window.notReloaded === true"), Is.True);
    }

    [Test]
    public async Task ProvisioningBoard_Desktop_ActionsCellFillsItsRow()
    {
        var device = await new InventoryService(Db).GetAsync(tag);
        var job = await Db.WriteAsync((c, tx) => LaiteLaina.Provisioning.JobStore.CreateAsync(c, tx, "emulator-5554", device.Id, tag, "loan-tablet",
            LaiteLaina.Provisioning.JobState.NeedsPerson, null, "test"));
        // A long instruction makes the state cell the tallest, as on a real board: the actions cell must still fill the row.
        await LaiteLaina.Provisioning.JobStore.FinishAsync(Db, job, LaiteLaina.Provisioning.JobState.NeedsPerson, Msg.ProvisioningSayLockScreen,
            Msg.ProvisioningSayScreenLocked, "test");
        var page = await SignInAsync("ville", Desktop);
        await page.GotoAsync("/provisioning");

        var row = (await page.Locator($"#job-{job.Id}").BoundingBoxAsync())!;
        var actions = (await page.Locator($"#job-{job.Id} td.actions").BoundingBoxAsync())!;
        var state = (await page.Locator($"#job-{job.Id} .job-state").BoundingBoxAsync())!;
        var retry = (await page.Locator($"#job-{job.Id} td.actions button").First.BoundingBoxAsync())!;

        await ScreenshotAsync(page, "provisioning-board-desktop");
        Assert.That(actions.Y, Is.EqualTo(row.Y).Within(1), "the actions cell starts where its row does");
        Assert.That(actions.Height, Is.EqualTo(row.Height).Within(1), "and ends where it does, so the row's border and background run through");
        Assert.That(actions.X + actions.Width, Is.EqualTo(row.X + row.Width).Within(1));
        Assert.That(retry.Y, Is.LessThan(state.Y + state.Height), "the first button is level with the state, not a line below it");
    }
    [Test]
    public async Task Volunteer_DeviceOnAClientLoan_NoBorrowerNameOnAnyPage()
    {
        var borrower = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "test");
        await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = borrower.Id.ToString(CultureInfo.InvariantCulture), Due = "12.3.2099", RecommendingWorker = "Maija Sosiaalityöntekijä",
        }, "test");
        var page = await SignInAsync("ville");
        await page.GotoAsync($"/?tag={tag}");
        await Assertions.Expect(page.Locator("#open-loan")).ToContainTextAsync("asiakaslaina");
        await Assertions.Expect(page.Locator("#open-loan")).ToContainTextAsync("12.3.2099");
        await ScreenshotAsync(page, "desk-volunteer");
        Assert.That(await page.Locator("nav").InnerTextAsync(), Does.Not.Contain("Lainaajat"));
        foreach (var url in new[] { $"/?tag={tag}", $"/devices/{tag}", "/devices", "/labels", "/donors", "/points", "/loans", "/borrowers" })
        {
            await page.GotoAsync(url);
            var text = await page.ContentAsync();
            Assert.That(text, Does.Not.Contain("Äijälä").And.Not.Contain("040 123").And.Not.Contain("Sosiaalityöntekijä"), url);
        }
        foreach (var api in new[] { "/api/loans", "/api/borrowers", $"/api/devices/{tag}", "/api/scans" })
        {
            var response = await page.Context.APIRequest.GetAsync(api);
            Assert.That(await response.TextAsync(), Does.Not.Contain("Äijälä"), api);
        }
    }
}
