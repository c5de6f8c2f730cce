using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>What ends a web session on the server, on each engine: a copied cookie must die with the session it came from.</summary>
public sealed class SessionTests(Engine engine) : ApiTest(engine)
{
    private const string Password = "correct horse battery";
    private UserService users = null!;

    [SetUp]
    public async Task AddUsersAsync()
    {
        users = new UserService(Db, TimeProvider.System);
        await users.AddAsync("aino", "Aino Admin", "admin", Password, "test");
        await users.AddAsync("sari", "Sari Salo", "counsellor", Password, "test");
    }

    /// <summary>A client that sends nothing but the copied Cookie header.</summary>
    private HttpClient WithCookie(string cookie)
    {
        var copy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        return copy;
    }

    [Test]
    public async Task Logout_CookieCopiedBefore_NoLongerOpensAPageOrTheApi()
    {
        using var web = new WebSession(BaseAddress);
        await web.SignInAsync("aino", Password);
        using var copy = WithCookie(web.CookieHeader);
        Assert.That((await copy.GetAsync("/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while the session lives");
        var logout = await web.PostAsync("/", "/logout");
        Assert.That(logout.Location, Is.EqualTo("/login"));
        using var page = await copy.GetAsync("/admin/users");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location?.ToString(), Does.Contain("/login"));
        Assert.That((await copy.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task SetPassword_ByAnAdministrator_EndsTheUsersOtherSessions()
    {
        using var desk = new WebSession(BaseAddress);
        using var home = new WebSession(BaseAddress);
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
}
