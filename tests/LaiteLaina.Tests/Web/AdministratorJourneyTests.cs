using LaiteLaina.Users;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>An administrator in Finnish on the demo office: adds a colleague, tries to disable their own account (refused,
/// after a confirmation that names them), disables the colleague, and changes a setting after a refused value.</summary>
[EndToEnd]
public sealed class AdministratorJourneyTests(Engine engine) : BrowserTest(engine)
{
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    /// <summary>The demo office with its users, as `laitelaina demo` leaves it: an administrator's lists are not empty.</summary>
    [SetUp]
    public async Task FillDemoAsync()
    {
        await LaiteLaina.Demo.DemoData.FillAsync(App.Services);
        await LaiteLaina.Demo.DemoData.AddUsersAsync(TestUsers());
        await AddUserAsync("anna", "Anna Ylläpito", "admin");
    }

    private Task<DateTimeOffset?> DisabledAtAsync(string name) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<DateTimeOffset?>("SELECT disabled_at FROM users WHERE name = @name", new { name }));

    [Test]
    public async Task Administrator_AddsUserCannotDisableSelfChangesSetting_AllInFinnish()
    {
        var page = await SignInAsync("anna");

        await page.GotoAsync("/admin/users");
        await page.Locator("#new-name").FillAsync("pekka");
        await page.Locator("#new-display").FillAsync("Pekka Palveluohjaaja");
        await page.Locator("#new-role").SelectOptionAsync("counsellor");
        await page.Locator("#add-user button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#secret")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-user=pekka]")).ToContainTextAsync("Pekka Palveluohjaaja");

        await page.Locator("tr[data-user=anna] button.disable").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-question")).ToHaveTextAsync("Poistetaanko käyttäjä Anna Ylläpito (anna) käytöstä?");
        await ScreenshotAsync(page, "admin-confirm-disable-fi");
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#problem")).ToHaveTextAsync("Omaa käyttäjätiliä ei voi poistaa käytöstä. Pyydä toista ylläpitäjää tekemään se.");
        Assert.That(await DisabledAtAsync("anna"), Is.Null);

        await page.Locator("tr[data-user=pekka] button.disable").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-question")).ToHaveTextAsync("Poistetaanko käyttäjä Pekka Palveluohjaaja (pekka) käytöstä?");
        Assert.That(await DisabledAtAsync("pekka"), Is.Null, "asking changes nothing");
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Pekka Palveluohjaaja (pekka) ei voi enää kirjautua sisään.");
        Assert.That(await DisabledAtAsync("pekka"), Is.Not.Null);

        await page.GotoAsync("/admin/settings");
        var limit = page.GetByLabel("Jatkojen enimmäismäärä");
        await Assertions.Expect(page.Locator("#help-loan_renewal_limit")).ToHaveTextAsync("Montako kertaa lainaa saa jatkaa, 0–20.");
        await limit.FillAsync("99");
        await page.Locator("#setting-loan_renewal_limit button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#problem-loan_renewal_limit")).ToContainTextAsync("jatkojen enimmäismäärä");
        await Assertions.Expect(page.Locator("#problem-loan_renewal_limit")).ToContainTextAsync("0–20");
        Assert.That(await page.GetByLabel("Jatkojen enimmäismäärä").InputValueAsync(), Is.EqualTo("99"), "what was typed stays");
        Assert.That(await page.GetByLabel("Jatkojen enimmäismäärä").GetAttributeAsync("aria-invalid"), Is.EqualTo("true"));
        await ScreenshotAsync(page, "admin-settings-refused-fi");
        await page.GetByLabel("Jatkojen enimmäismäärä").FillAsync("5");
        await page.Locator("#setting-loan_renewal_limit button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("Tallennettu: Jatkojen enimmäismäärä.");
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE name = 'loan_renewal_limit'")), Is.EqualTo("5"));
        Assert.That(await page.Locator("main").InnerTextAsync(), Does.Not.Contain("loan_renewal_limit").And.Not.Contain("organisation_name"));
    }
}
