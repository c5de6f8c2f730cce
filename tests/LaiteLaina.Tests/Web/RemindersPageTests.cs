using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>The counsellor's reminders page and the e-mailed reminders on the loan page, in Chromium against the demo
/// office: the ready text is in the client's language, the page speaks the counsellor's, and axe finds nothing.</summary>
[EndToEnd]
public sealed class RemindersPageTests(Engine engine) : BrowserTest(engine)
{
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    [SetUp]
    public Task FillDemoAsync() => LaiteLaina.Demo.DemoData.FillAsync(App.Services);

    [Test]
    public async Task Reminders_EveryonesOverdueLoans_GiveATextInTheClientsLanguageAndPassAxe()
    {
        await AddUserAsync("sari", "Sari Salo", "counsellor", "sv");
        var page = await SignInAsync("sari", bypassCsp: true);
        // Sari has no loans of her own yet; everyone's include the demo's Swedish-speaking client, 95 days late.
        await page.GotoAsync("/reminders");
        await Assertions.Expect(page.Locator("#no-reminders")).ToHaveTextAsync("Inget av dina lån är försenat.");
        await page.Locator("#show-all").ClickAsync();
        var card = page.Locator("section.reminder", new() { Has = page.Locator("h2", new() { HasText = "LL-000004" }) });
        var text = await card.Locator("textarea").InputValueAsync();
        Assert.That(text, Does.StartWith("Hej!").And.Contain("LL-000004"));
        Assert.That(await card.Locator("textarea").GetAttributeAsync("lang"), Is.EqualTo("sv"));
        // localhost is a secure context, so the clipboard is there and the copy button shows.
        await Assertions.Expect(card.Locator("button.copy")).ToBeVisibleAsync();
        // The hint above says to record the reminder after reading it out: the link says the same, not "remind".
        await Assertions.Expect(card.Locator("a[href$='/reminder']")).ToHaveTextAsync("Registrera påminnelse");
        Assert.That(await PageSweepTests.AxeAsync(page), Is.Empty);
        await ScreenshotAsync(page, "reminders-sv");
    }

    [Test]
    public async Task LoanPage_EmailedReminder_IsListedWithItsTime()
    {
        var loan = await Service<LoanService>().GetAsync("LL-000004");
        var at = new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
        await Db.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "INSERT INTO loan_reminders (loan_id, kind, for_date, sent_to, sent_at) VALUES (@Id, 'OverdueList', @day, 'counsellor', @at)",
            new { loan.Id, day = new DateOnly(2026, 12, 7), at }, tx));
        await AddUserAsync("sari", "Sari Salo", "counsellor", "fi");
        var page = await SignInAsync("sari");
        await page.GotoAsync($"/loans/{loan.Reference}");
        await Assertions.Expect(page.Locator("#mailed-reminders li")).ToHaveTextAsync($"{LoanPageModelDay(at)}: vastuutyöntekijän aamulistalla");
    }

    private static string LoanPageModelDay(DateTimeOffset at) =>
        LaiteLaina.Loans.Pages.LoanPageModel.Day(at) + " " + at.ToLocalTime().ToString("H.mm", CultureInfo.InvariantCulture);
}
