using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The counsellor's job with borrowers, in Chromium against the demo office (#16): a look-up at the desk by serial
/// number, a check-out to a new Swedish-speaking client (a refused one first, which must leave no one behind), the
/// signature, a renewal, a return with an accessory missing, a reminder from the late-returns list and a recycled tablet
/// handed over to the new client; and the loan and borrower pages at a phone's width. Screenshots go with the test output.
/// </summary>
[EndToEnd]
public sealed class CounsellorJourneyTests(Engine engine) : BrowserTest(engine)
{
    /// <summary>The few words the journey reads off the pages, in the counsellor's own language.</summary>
    private sealed record Words(string Signed, string Renewed, string Reminded);

    private static readonly Dictionary<string, Words> InLanguage = new()
    {
        ["fi"] = new("versio 2", "Laina jatkettu {0} asti.", "muistutettu {0}"),
        ["sv"] = new("version 2", "Lånet har förlängts till {0}.", "påmind {0}"),
    };

    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    [SetUp]
    public Task FillDemoAsync() => LaiteLaina.Demo.DemoData.FillAsync(App.Services);

    /// <summary>A ready tablet of the demo with a protective case among its accessories. The demo reserves such a
    /// tablet for a colleague today; that reservation is cancelled first, as the office would when it is not needed.</summary>
    private async Task<string> ReadyTabletAsync()
    {
        var (tag, reservation) = await Db.ReadAsync(c => c.QuerySingleAsync<(string, long?)>("""
            SELECT d.tag, (SELECT min(r.id) FROM reservations r WHERE r.device_id = d.id AND r.cancelled_at IS NULL)
            FROM devices d WHERE d.status = 'Ready' AND d.kind = 'Tablet' AND d.accessories LIKE '%suojakotelo%'
            ORDER BY d.id LIMIT 1
            """));
        if (reservation is { } id)
            await App.Services.GetRequiredService<ReservationService>().CancelAsync(id, "test");
        return tag;
    }

    private Task<long> BorrowersNamedAsync(string name) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM borrowers WHERE name = @name", new { name }));

    private static string Day(DateTime day) => day.ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    [TestCase("fi", TestName = "Counsellor_FinnishUiNewSwedishClient_ChecksOutSignsRenewsAndTakesBack")]
    [TestCase("sv", TestName = "Counsellor_SwedishUiNewSwedishClient_ChecksOutSignsRenewsAndTakesBack")]
    public async Task Counsellor_NewSwedishClient_ChecksOutSignsRenewsAndTakesBack(string language)
    {
        var words = InLanguage[language];
        var tag = (await ReadyTabletAsync())!;
        await AddUserAsync("sari", "Sari Salo", "counsellor", language);
        var page = await SignInAsync("sari");

        // The desk: the client brought the box with the serial number on it, typed in lower case.
        var serial = (await new InventoryService(Db).GetAsync(tag)).SerialNumber!;
        await page.Locator("#tag").FillAsync(serial.ToLowerInvariant());
        await page.Locator("#tag").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#device-card")).ToHaveAttributeAsync("data-tag", tag);
        await page.Locator("#check-out").ClickAsync();

        // A new client who reads Swedish, with a return date already past: refused, and nobody added.
        await page.Locator("#new-name").FillAsync("Astrid Ek");
        await page.Locator("#new-contact").FillAsync("050 765 4321");
        await page.Locator("#new-language").SelectOptionAsync("sv");
        await page.Locator("#new-interpreter").CheckAsync();
        await page.Locator("#recommended").FillAsync("Maija Sosiaalityöntekijä");
        await page.Locator("#due").FillAsync(Day(DateTime.Today.AddDays(-1)));
        await page.Locator("#do-checkout").ClickAsync();
        await Assertions.Expect(page.Locator("#problem")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#due")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#due")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#due-problem")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#new-name")).ToHaveValueAsync("Astrid Ek");
        await Assertions.Expect(page.Locator("#new-language")).ToHaveValueAsync("sv");
        await ScreenshotAsync(page, $"check-out-refused-{language}");
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.Zero, "a refused check-out leaves no borrower behind");

        var due = DateTime.Today.AddDays(30);
        await page.Locator("#due").FillAsync(Day(due));
        await page.Locator("#do-checkout").ClickAsync();
        await Assertions.Expect(page.Locator("#done-new")).ToBeVisibleAsync();
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.EqualTo(1));
        var agreement = PdfTools.PdfToText(await PdfAsync(page, (await page.Locator("a.document[data-kind=loan-agreement]").First.GetAttributeAsync("href"))!));
        Assert.That(agreement, Does.Contain("Låneavtal").And.Contain("Astrid Ek").And.Contain(tag), "the agreement is in the client's language");

        // An untouched pad is not sent: the page says so next to the box.
        await page.Locator("#save-signature").ClickAsync();
        await Assertions.Expect(page.Locator("#signature-problem")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("a.document[data-kind=loan-agreement]")).ToHaveCountAsync(1);

        await DrawSignatureAsync(page);
        await page.Locator("#save-signature").ClickAsync();
        await page.Locator("#done, #problem").First.WaitForAsync();
        Assert.That(await page.Locator("#problem").CountAsync(), Is.Zero, await page.Locator("main").InnerTextAsync());
        // Signed: the pad is gone and the page names the signed version.
        await Assertions.Expect(page.Locator("#signature-pad")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#signed")).ToContainTextAsync(words.Signed);
        await Assertions.Expect(page.Locator("a.document[data-signed=yes]")).ToHaveCountAsync(1);
        using (var signed = PdfDocument.Open(await PdfAsync(page, (await page.Locator("a.document[data-signed=yes]").GetAttributeAsync("href"))!)))
            Assert.That(signed.GetPages().Sum(p => p.GetImages().Count()), Is.GreaterThanOrEqualTo(1));
        await ScreenshotAsync(page, $"loan-signed-{language}");

        var renewed = due.AddDays(14);
        await page.Locator("#new-due").FillAsync(Day(renewed));
        await page.Locator("#do-renew").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, words.Renewed, Day(renewed)));
        await Assertions.Expect(page.Locator("#due")).ToHaveTextAsync(Day(renewed));

        await page.Locator("#return").ClickAsync();
        await page.Locator("#accessories-back fieldset:has(legend:text-is('suojakotelo')) input[value=missing]").CheckAsync();
        await ScreenshotAsync(page, $"return-{language}");
        await page.Locator("#do-return").ClickAsync();
        await Assertions.Expect(page.Locator("#returned")).ToBeVisibleAsync();
        var receipt = PdfTools.PdfToText(await PdfAsync(page, (await page.Locator("#receipt").GetAttributeAsync("href"))!));
        Assert.That(receipt, Does.Contain("suojakotelo").And.Contain(tag));
        var loan = await Service<LoanService>().GetAsync(tag);
        Assert.That((loan.State, loan.Missing, loan.Renewals, loan.SignedVersion), Is.EqualTo((LoanState.Returned, new[] { "suojakotelo" }, 1, (int?)2)));

        // The late returns: the demo's Swedish-speaking client is 95 days late. The ready text is in her language, and
        // the reminder is noted on the loan, where the desk shows it.
        var reminder = await DeskSteps.OpenReminderAsync(page, "LL-000004");
        Assert.That(reminder.Text, Does.StartWith("Hej!").And.Contain("LL-000004").And.Not.Contain("Hei"));
        Assert.That(reminder.Language, Is.EqualTo("svenska"));
        await ScreenshotAsync(page, $"reminder-{language}");
        await DeskSteps.RecordReminderAsync(page, "LL-000004");
        var today = DateTime.Today;
        await Assertions.Expect(page.Locator("#overdue li", new() { HasText = "LL-000004" }).Locator(".reminded"))
            .ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, words.Reminded, Day(today)));
        Assert.That((await Service<LoanService>().GetAsync("LL-000004")).RemindedOn, Is.EqualTo(DateOnly.FromDateTime(today)));

        // A donated tablet, wiped and ready, goes to the new client to keep, with an agreement in her language.
        await page.GotoAsync("/?tag=LL-000014");
        var handover = PdfTools.PdfToText(await PdfAsync(page, await DeskSteps.HandOverAsync(page, "Astrid", 2)));
        Assert.That(handover, Does.Contain("Överlåtelseavtal").And.Contain("Astrid Ek").And.Contain("LL-000014"));
        await ScreenshotAsync(page, $"handover-{language}");
        Assert.That((await new InventoryService(Db).GetAsync("LL-000014")).Status, Is.EqualTo(DeviceStatus.HandedOver));
    }

    [Test]
    public async Task LoanAndBorrowerPages_PhoneWidth_NothingInTheContentRunsOffTheScreen()
    {
        var borrower = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Astrid Ek", Contact = "050 765 4321", ClientReference = "ASK-2231" }, "test");
        var tag = (await ReadyTabletAsync())!;
        var (loan, _) = await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = borrower.Id.ToString(CultureInfo.InvariantCulture), Due = Day(DateTime.Today.AddDays(10)), RecommendingWorker = "Maija",
        }, "test");
        await AddUserAsync("maija", "Maija Esihenkilö", "manager");
        var page = await SignInAsync("maija", Phone);
        string[] urls = [$"/loans/new?tag={tag}&q=Astrid", $"/loans/{loan.Reference}", $"/loans/{loan.Reference}/lost", $"/borrowers/{borrower.Id}",
            "/privacy?q=Astrid", $"/privacy/{borrower.Id}/erase", "/borrowers"];
        foreach (var url in urls)
        {
            await page.GotoAsync(url);
            var wide = await page.EvaluateAsync<string[]>("""
                Array.from(document.querySelectorAll('main *'))
                  .filter(e => !e.closest('thead') && e.getBoundingClientRect().right > window.innerWidth + 1)
                  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right))
                """);
            Assert.That(wide, Is.Empty, url);
            await ScreenshotAsync(page, "phone" + url.Split('?')[0].Replace('/', '-'));
        }
    }
}
