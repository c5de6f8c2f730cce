using System.Globalization;
using LaiteLaina.Tests.Users;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Sign-in with the organisation's account in Chromium against the real OpenID provider (tests/tools/oidc): the button
/// on our sign-in page, the provider's own login and consent pages, back signed in with the mapped role in the person's
/// language, and sign-out at both ends; a person without a mapped group gets the plain refusal in their language. What
/// the HTTP-level tests cannot show: that the browser's own cookie rules (SameSite, the provider being another site)
/// let the sessions start and end.
/// </summary>
[EndToEnd]
public sealed class OrganisationSignInJourneyTests(Engine engine) : BrowserTest(engine)
{
    private OidcProvider provider = null!;

    protected override string[] HostArgs => [.. provider.HostArgs, "--Provisioning:Enabled=false"];

    /// <summary>The service as the browser reaches it: by the name localhost, while the provider is at 127.0.0.1, so that
    /// the two are different sites to the browser, as an office's service and its organisation's provider are (a port
    /// does not make another site), and the browser's SameSite rules apply as they will there.</summary>
    private Uri Site => new($"http://localhost:{BaseAddress.Port}/");

    [OneTimeSetUp]
    public async Task StartProviderAsync() => provider = await OidcProvider.StartAsync();

    [OneTimeTearDown]
    public void StopProvider() => provider?.Dispose();

    [SetUp]
    public async Task ConfigureProviderAsync()
    {
        provider.Accounts(new()
        {
            ["sari"] = new { name = "Sari Salo", email = "Sari.Salo@kunta.example", groups = new[] { "ll-counsellors", "all-staff" } },
            ["karin"] = new { name = "Karin Berg", email = "karin.berg@kunta.example", groups = new[] { "ll-managers" } },
            ["outsider"] = new { name = "Olli Ulko", groups = new[] { "all-staff" } },
        });
        await provider.ServeAsync(Site);
    }

    [TestCase("fi", "sari", "Sari Salo", "palveluohjaaja", "Olet kirjautunut ulos LaiteLainasta ja organisaatiosi tunnuksesta.")]
    [TestCase("sv", "karin", "Karin Berg", "chef", "Du har loggat ut från LaiteLaina och från ditt organisationskonto.")]
    public async Task OrganisationSignIn_MappedGroupInChromium_SignedInWithTheRoleInOwnLanguageAndSignOutEndsBothSessions(
        string language, string account, string name, string role, string signedOut)
    {
        var page = await LoginPageAsync(language);
        await ThroughProviderAsync(page, account);
        await page.WaitForURLAsync(u => u == Site.ToString());

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(page.Locator(".who a")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator(".who .role")).ToHaveTextAsync(role);
        await ScreenshotAsync(page, $"oidc-signed-in-{language}");
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT language FROM users WHERE oidc_subject = @account", new { account })),
            Is.EqualTo(language), "the language chosen before signing in is the new user's");

        await page.Locator(".who form button[type=submit]").ClickAsync();
        // The provider's own page asks whether to end its session too; yes, and the browser comes back to us.
        await page.WaitForURLAsync(u => u.StartsWith(provider.Issuer, StringComparison.Ordinal));
        await page.Locator("button[name=logout][value=yes]").ClickAsync();
        await page.WaitForURLAsync(u => u.StartsWith(Site + "login", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#signed-out")).ToHaveTextAsync(signedOut);
        await ScreenshotAsync(page, $"oidc-signed-out-{language}");

        await page.GotoAsync("/loans");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/login"), "our session ended");
        await page.Locator("#organisation button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
        Assert.That(page.Url, Does.StartWith(provider.Issuer), "the provider asks who it is again: its session ended too");
    }

    [TestCase("fi")]
    [TestCase("sv")]
    public async Task OrganisationSignIn_NoMappedGroupInChromium_PlainRefusalInOwnLanguageNoEnglishNoAxeViolation(string language)
    {
        var before = await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
        var page = await LoginPageAsync(language, bypassCsp: true);
        await ThroughProviderAsync(page, "outsider");
        await page.WaitForURLAsync(u => u.StartsWith(Site + "login?oidc=", StringComparison.Ordinal));

        Assert.That(new Uri(page.Url).Query, Is.EqualTo("?oidc=no-role"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(page.Locator("#problem")).ToHaveTextAsync(((Message)Msg.AuthOidcNoRole).Render(CultureInfo.GetCultureInfo(language)));
        await ScreenshotAsync(page, $"oidc-refused-{language}");
        Assert.That(await PageSweepTests.AxeAsync(page), Is.Empty);
        Assert.That(await PageSweepTests.ForeignTextsAsync(page, PageSweepTests.EnglishTexts(language)), Is.Empty);
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users")), Is.EqualTo(before), "nobody was made");
        await page.GotoAsync("/loans");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/login"), "and nobody is signed in");
    }

    /// <summary>Our sign-in page in a fresh browser, with the language chosen there as a person does before signing in.</summary>
    private async Task<IPage> LoginPageAsync(string language, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Site.ToString(), ViewportSize = new() { Width = Desktop, Height = 800 }, Locale = "fi-FI", BypassCSP = bypassCsp,
        });
        // The provider's development pages import a web font from the internet, which this machine need not reach.
        await context.RouteAsync("https://fonts.googleapis.com/**", r => r.AbortAsync());
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => TestContext.Out.WriteLine("PAGEERROR " + e);
        await page.GotoAsync("/login");
        if (language != "fi")
        {
            await page.Locator("#lang").SelectOptionAsync(language);
            await page.Locator("form:has(#lang) button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        }
        return page;
    }

    /// <summary>The organisation button, the provider's login form (its development login takes any password) and its
    /// consent page; the browser then follows the provider's answer back to us.</summary>
    private async Task ThroughProviderAsync(IPage page, string account)
    {
        await page.Locator("#organisation button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => u.StartsWith(provider.Issuer, StringComparison.Ordinal));
        await page.Locator("input[name=login]").FillAsync(account);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
        var consent = page.Locator("form:has(input[name=prompt][value=consent]) button[type=submit]");
        await consent.WaitForAsync();
        await consent.ClickAsync();
    }
}
