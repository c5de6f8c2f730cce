using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>What ends a web session on the server, on each engine: a copied cookie must die with the session it came from.</summary>
public sealed class SessionTests(Engine engine) : ApiTest(engine)
{
    private UserService users = null!;

    [SetUp]
    public async Task AddUsersAsync()
    {
        users = TestUsers();
        await AddUserAsync("aino", "Aino Admin", "admin");
        await AddUserAsync("sari", "Sari Salo", "counsellor");
    }

    /// <summary>A client that sends nothing but the copied Cookie header.</summary>
    private HttpClient WithCookie(string cookie)
    {
        var copy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        return copy;
    }

    [Test]
    public async Task Login_SwedishChosenOnTheSignInPageForAFinnishAccount_FirstPageOffersSwedishOnceInSwedish()
    {
        var web = NewSession();
        var chosen = await web.PostAsync("/login", "/login?handler=Language", ("language", "sv"));
        Assert.That(chosen.Location, Is.EqualTo("/login?chosen=true"));
        var page = await web.GetAsync(chosen.Location!);

        var signedIn = await web.PostWithTokenAsync(chosen.Location!, WebSession.Token(page.Html),
            ("name", "sari"), ("password", Password));
        var first = await web.GetAsync(signedIn.Location!);
        var again = await web.GetAsync(signedIn.Location!);

        Assert.That(first.Html, Does.Contain("<html lang=\"fi\""), "the account's language still wins");
        Assert.That(first.Html, Does.Match("<form [^>]*id=\"language-offer\"[^>]*lang=\"sv\""));
        Assert.That(first.Text, Does.Contain("Sidorna visas på ditt kontos språk (finska). Vill du ha dem på svenska från och med nu?")
            .And.Contain("Visa sidorna på svenska"));
        Assert.That(again.Html, Does.Not.Contain("language-offer"), "offered once, not on every page");
        var taken = await web.PostWithTokenAsync("/account?handler=Language", WebSession.Token(first.Html), ("language", WebSession.Hidden(first.Html, "language")));
        Assert.That(taken.Location, Is.EqualTo("/account?saved=true"));
        Assert.That((await users.GetAsync("sari")).Language, Is.EqualTo("sv"));
    }

    [Test]
    public async Task Login_LanguageNotChosenOnTheSignInPage_NoOffer()
    {
        var web = NewSession();
        var page = await web.GetAsync("/login?returnUrl=%2Floans");
        Assert.That(page.Html, Does.Not.Contain("name=\"shown\""), "the page's language was not the person's choice");

        var signedIn = await web.SignInAsync("sari", Password);
        var first = await web.GetAsync(signedIn.Location!);

        Assert.That(first.Html, Does.Not.Contain("language-offer"));
    }

    [Test]
    public async Task Logout_CookieCopiedBefore_NoLongerOpensAPageOrTheApi()
    {
        var web = NewSession();
        await web.SignInAsync("aino", Password);
        using var copy = WithCookie(web.CookieHeader);
        Assert.That((await copy.GetAsync("/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while the session lives");
        var logout = await web.PostAsync("/", "/logout");
        Assert.That(logout.Location, Is.EqualTo("/login?out=local"));
        using var page = await copy.GetAsync("/admin/users");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location?.ToString(), Does.Contain("/login"));
        Assert.That((await copy.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task SetPassword_ByAnAdministrator_EndsTheUsersOtherSessions()
    {
        var desk = NewSession();
        var home = NewSession();
        await desk.SignInAsync("sari", Password);
        await home.SignInAsync("sari", Password);
        Assert.That((await home.GetAsync("/loans")).Status, Is.EqualTo(HttpStatusCode.OK));
        using var reset = await Http.PostAsync("/api/users/sari/password", null);
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var session in new[] { desk, home })
        {
            Assert.That((await session.GetAsync("/loans")).Location, Does.Contain("/login"));
            using var api = await session.Http.GetAsync("/api/loans");
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task PasswordAndToken_IssuedThroughTheApi_ShownOnceAndWork()
    {
        using var reset = await Http.PostAsync("/api/users/sari/password", null);
        var issued = await reset.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(issued.GetProperty("user").GetProperty("name").GetString(), Is.EqualTo("sari"));
        Assert.That((await users.SignInAsync("sari", issued.GetProperty("password").GetString())).User?.Name, Is.EqualTo("sari"), "the password shown is the one set");

        using var created = await Http.PostAsync("/api/users/aino/tokens", null);
        var token = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(token.GetProperty("token").GetProperty("id").GetInt64(), Is.Positive);
        using var script = new HttpClient { BaseAddress = BaseAddress };
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());
        Assert.That((await script.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Signs in with a client that keeps no cookies, sending <paramref name="proto"/> as X-Forwarded-Proto; returns every Set-Cookie.</summary>
    internal static async Task<List<string>> SetCookiesOfSignInAsync(Uri baseAddress, string name, string password, string proto)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", proto);
        using var form = await client.GetAsync("/login");
        var set = form.Headers.GetValues("Set-Cookie").ToList();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent([new("name", name), new("password", password), new("__RequestVerificationToken", WebSession.Token(await form.Content.ReadAsStringAsync())!)]),
        };
        post.Headers.Add("Cookie", string.Join("; ", set.Select(c => c.Split(';')[0])));
        using var signedIn = await client.SendAsync(post);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return [.. set, .. signedIn.Headers.GetValues("Set-Cookie")];
    }

    [Test]
    public async Task SignIn_ForwardedProtoFromAPeerNotConfigured_CookiesHttpOnlyStrictNotSecure()
    {
        var cookies = await SetCookiesOfSignInAsync(BaseAddress, "sari", Password, "https");
        Assert.That(cookies.Select(c => c.Split('=')[0]), Is.SupersetOf(new[] { "laitelaina_af", "laitelaina", ".AspNetCore.Culture" }));
        Assert.Multiple(() =>
        {
            foreach (var cookie in cookies)
            {
                Assert.That(cookie, Does.Contain("; httponly").IgnoreCase.And.Contain("; samesite=strict").IgnoreCase, cookie);
                Assert.That(cookie, Does.Not.Contain("; secure").IgnoreCase, "plain HTTP, and X-Forwarded-Proto is believed only from a configured proxy: " + cookie);
            }
        });
    }
}

/// <summary>The service behind a reverse proxy it was told about: HTTPS there makes every cookie Secure.</summary>
public sealed class TrustedProxyTests(Engine engine) : ApiTest(engine)
{
    protected override string[] HostArgs => ["--Web:TrustedProxies:0=127.0.0.1"];

    [Test]
    public async Task SignIn_HttpsThroughTheConfiguredProxy_EveryCookieSecure()
    {
        await AddUserAsync("sari", null, "counsellor");
        var cookies = await SessionTests.SetCookiesOfSignInAsync(BaseAddress, "sari", Password, "https");
        Assert.That(cookies, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(cookies, Has.All.Contain("; secure").IgnoreCase);
    }
}
