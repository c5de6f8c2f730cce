using System.Net.Http.Headers;
using System.Text.Json;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The API's refusals of sign-in and role (401, 403, the missing form token) are in the reader's language: a script
/// without a user, or with a token, gets what its Accept-Language asks for; our own pages' scripts, calling with the
/// user's session, get the user's own language, whatever the shared desk PC's browser asks for.
/// </summary>
public sealed class RefusalLanguageTests(Engine engine) : ApiTest(engine)
{

    private static async Task<(HttpStatusCode Status, string Title, string Detail)> ProblemAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("title").GetString()!, body.RootElement.GetProperty("detail").GetString()!);
    }

    private static HttpRequestMessage Get(string path, string? language = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
            request.Headers.AcceptLanguage.ParseAdd(language);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A volunteer's API token, and the token's own record.</summary>
    private async Task<(ApiToken Token, string Secret)> VolunteerTokenAsync()
    {
        var users = TestUsers();
        await users.AddAsync("ville", "Ville V", "volunteer", Password, "test");
        return await users.CreateTokenAsync("ville", "script", "test");
    }

    private static string Text(Msg id, string language) => ((Message)id).Render(MessageCatalog.Parse(language)!);

    [TestCase("sv-FI")]
    [TestCase("fi")]
    public async Task Api_NoCredentials_SignInNeededInAcceptLanguage(string language)
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var (status, title, detail) = await ProblemAsync(anonymous, Get("/api/devices", language));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((title, detail), Is.EqualTo((Text(Msg.ProblemSignIn, language), Text(Msg.AuthSignInFirst, language))));
        Assert.That(detail, Does.Not.Contain("laitelaina"), "no command is quoted");
    }

    [Test]
    public async Task Api_NoAcceptLanguage_English()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var (_, title, detail) = await ProblemAsync(anonymous, Get("/api/devices"));
        Assert.That((title, detail), Is.EqualTo(("Sign-in needed", Msg.AuthSignInFirst.With().ToString())));
    }

    [Test]
    public async Task Api_RevokedToken_RefusedInAcceptLanguage()
    {
        var (token, secret) = await VolunteerTokenAsync();
        await TestUsers().RevokeTokenAsync(token.Id, "test");
        var (status, title, detail) = await ProblemAsync(Http, Get("/api/devices", "fi-FI", secret));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((title, detail), Is.EqualTo((Text(Msg.ProblemSignIn, "fi"), Text(Msg.AuthTokenUnknown, "fi"))));
    }

    [Test]
    public async Task Api_TokenOfAMissingRole_NotAllowedInAcceptLanguage()
    {
        var (_, secret) = await VolunteerTokenAsync();
        var (status, title, detail) = await ProblemAsync(Http, Get("/api/users", "sv", secret));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((title, detail), Is.EqualTo((Text(Msg.ProblemForbidden, "sv"), Text(Msg.AuthRoleNotAllowed, "sv"))));
    }

    [Test]
    public async Task Api_SessionOfASwedishUser_RefusalsInSwedishWhateverTheBrowserAsks()
    {
        var users = TestUsers();
        await users.AddAsync("stina", "Stina S", "counsellor", Password, "test");
        await users.SetLanguageAsync("stina", "sv", "test");
        var web = NewSession();
        await web.SignInAsync("stina", Password);
        var (status, title, detail) = await ProblemAsync(web.Http, Get("/api/users", "fi-FI"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((title, detail), Is.EqualTo((Text(Msg.ProblemForbidden, "sv"), Text(Msg.AuthRoleNotAllowed, "sv"))));

        var post = new HttpRequestMessage(HttpMethod.Post, "/api/borrowers") { Content = new StringContent("""{"name":"Mallory"}""", System.Text.Encoding.UTF8, "application/json") };
        post.Headers.AcceptLanguage.ParseAdd("fi-FI");
        (status, title, detail) = await ProblemAsync(web.Http, post);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((title, detail), Is.EqualTo((Text(Msg.ProblemFormToken, "sv"), Text(Msg.AuthFormToken, "sv"))));
    }

    [Test]
    public async Task Api_SessionEndedInABrowser_SaysSoInAcceptLanguage()
    {
        var users = TestUsers();
        await users.AddAsync("sari", "Sari Salo", "counsellor", Password, "test");
        var web = NewSession();
        await web.SignInAsync("sari", Password);
        await users.SetPasswordAsync("sari", "another horse battery", "test");
        var (status, title, detail) = await ProblemAsync(web.Http, Get("/api/loans", "sv"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((title, detail), Is.EqualTo((Text(Msg.ProblemSignIn, "sv"), Text(Msg.AuthSessionEnded, "sv"))));
    }
}
