using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Steps at the desk that more than one journey takes (#16): a reminder from the late-returns list and a recycled device
/// handed over to a client. They find things by id, not by their words, so the same step runs in every UI language;
/// each journey checks the words itself.
/// </summary>
internal static class DeskSteps
{
    /// <summary>The reminder page as the counsellor sees it: the ready text and the name of its language.</summary>
    public sealed record Reminder(string Text, string Language);

    private static string Today => DateTime.Now.ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Opens the reminder of the late loan of <paramref name="tag"/> from the desk's late-returns list.</summary>
    public static async Task<Reminder> OpenReminderAsync(IPage page, string tag)
    {
        await page.GotoAsync("/");
        await page.Locator("#overdue li", new() { HasText = tag }).Locator("a[href$='/reminder']").ClickAsync();
        return new(await page.Locator("#reminder-text").InputValueAsync(), await page.Locator("#reminder-language").InnerTextAsync());
    }

    /// <summary>Records the open reminder page's reminder; the page says it is noted today, and so does the desk's list.</summary>
    public static async Task RecordReminderAsync(IPage page, string tag)
    {
        await page.Locator("#record-reminder").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync(Today);
        await Assertions.Expect(page.Locator("#reminded")).ToContainTextAsync(Today);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#overdue li", new() { HasText = tag }).Locator(".reminded")).ToContainTextAsync(Today);
    }

    /// <summary>From the device card on the desk: hands the device over to the one borrower <paramref name="search"/>
    /// finds, after <paramref name="sessions"/> coaching sessions; returns the handover agreement's link.</summary>
    public static async Task<string> HandOverAsync(IPage page, string search, int sessions)
    {
        await page.Locator("#hand-over").ClickAsync();
        await page.Locator("#q").FillAsync(search);
        await page.Locator("#find-borrower").ClickAsync();
        await page.Locator("#sessions").FillAsync(sessions.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#do-handover").ClickAsync();
        var agreement = page.Locator("a.document[data-kind=handover-agreement]");
        await Assertions.Expect(agreement).ToHaveCountAsync(1);
        return (await agreement.GetAttributeAsync("href"))!;
    }
}
