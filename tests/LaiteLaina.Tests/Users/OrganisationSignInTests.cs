using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaiteLaina.Tests.Web;
using LaiteLaina.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.Tests.Users;

/// <summary>
/// Sign-in with the organisation's accounts against a real OpenID provider (panva/oidc-provider, OpenID Certified, in
/// tests/tools/oidc), driven as a browser drives it: redirects followed across both sites, the provider's login and
/// consent forms posted, cookies kept per site. On each engine, since the sign-in writes the user row.
/// </summary>
public sealed partial class OrganisationSignInTests(Engine engine) : ApiTest(engine)
{
    private OidcProvider provider = null!;

    private readonly SignInLog log = new();

    protected override string[] HostArgs => provider.HostArgs;

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(log);

    [OneTimeSetUp]
    public async Task StartProviderAsync() => provider = await OidcProvider.StartAsync();

    [OneTimeTearDown]
    public void StopProvider() => provider.Dispose();

    [SetUp]
    public async Task ConfigureProviderAsync()
    {
        provider.Accounts(new()
        {
            ["sari"] = new { name = "Sari Salo", email = "sari.salo@kunta.example", groups = new[] { "ll-counsellors", "all-staff" } },
            ["outsider"] = new { name = "Olli Ulko", email = "olli.ulko@kunta.example", groups = new[] { "all-staff" } },
            ["late"] = new { name = "Lea Late", email = "lea.late@kunta.example", groups = new[] { "ll-counsellors" }, idTokenIssuedSecondsAgo = 7200 },
            ["elsewhere"] = new { name = "Eero Muu", email = "eero.muu@kunta.example", groups = new[] { "ll-counsellors" }, idTokenAudience = "another-app" },
        });
        await provider.ServeAsync(BaseAddress);
    }

    [Test]
    public async Task Login_OrganisationConfigured_ShowsBothWaysIn()
    {
        var web = NewSession();
        var html = WebUtility.HtmlDecode((await web.GetAsync("/login")).Html);
        Assert.That(html, Does.Contain("Kirjaudu organisaation tunnuksella"));
        Assert.That(html, Does.Contain("name=\"password\""), "the local accounts stay");
    }

    [Test]
    public async Task OrganisationSignIn_FirstTimeWithMappedGroup_CreatesUserWithTheMappedRole()
    {
        var web = NewSession();
        var end = await SignInAsync(web, "sari");
        Assert.That(end.Status, Is.EqualTo(HttpStatusCode.OK), end.Html);
        Assert.That(end.Html, Does.Contain("Jatka LaiteLainaan"), "the way back is a page of ours in the user's language");
        Assert.That((await web.GetAsync("/loans")).Status, Is.EqualTo(HttpStatusCode.OK), "a counsellor sees loans");
        Assert.That((await web.GetAsync("/admin/users")).Location, Does.Contain("/denied"), "but not the administration");
        var user = await UserAsync("sari");
        Assert.That((user.Name, user.DisplayName, user.Role, user.Email), Is.EqualTo(("sari.salo", "Sari Salo", UserRole.Counsellor, "sari.salo@kunta.example")));
        Assert.That(user.LastSignInAt, Is.Not.Null);
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<string>("SELECT actor FROM audit_log WHERE action = 'user.add' AND record_id = @Id", new { user.Id }));
        Assert.That(audit, Is.EqualTo("system"));
    }

    [Test]
    public async Task OrganisationSignIn_NoMappedGroup_RefusedInTheUsersLanguageAndNothingCreated()
    {
        var web = NewSession();
        await web.PostAsync("/login", "/login?handler=Language", ("language", "sv"));
        var before = await UserCountAsync();
        var end = await SignInAsync(web, "outsider");
        Assert.That(end.Url.AbsolutePath, Is.EqualTo("/login"));
        Assert.That(end.Url.Query, Is.EqualTo("?oidc=no-role"));
        Assert.That(end.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(WebUtility.HtmlDecode(end.Html), Does.Contain(Text(Msg.AuthOidcNoRole, "sv")));
        Assert.That(await UserCountAsync(), Is.EqualTo(before));
        Assert.That((await web.GetAsync("/loans")).Location, Does.Contain("/login"));
    }

    [Test]
    public async Task OrganisationSignIn_GroupRemovedBetweenSignIns_RoleGoneAtTheNextSignIn()
    {
        provider.Change("sari", groups: ["ll-managers", "ll-counsellors"]);
        var first = NewSession();
        await SignInAsync(first, "sari");
        Assert.That((await UserAsync("sari")).Role, Is.EqualTo(UserRole.Manager), "the highest mapped group counts");
        Assert.That((await first.GetAsync("/reports")).Status, Is.EqualTo(HttpStatusCode.OK));

        provider.Change("sari", groups: ["ll-counsellors"]);
        var second = NewSession();
        await SignInAsync(second, "sari");
        Assert.That((await UserAsync("sari")).Role, Is.EqualTo(UserRole.Counsellor));
        Assert.That((await second.GetAsync("/reports")).Location, Does.Contain("/denied"));
        Assert.That((await first.GetAsync("/reports")).Location, Does.Contain("/login"), "the session with the old role ended");

        provider.Change("sari", groups: ["all-staff"]);
        var third = NewSession();
        var refused = await SignInAsync(third, "sari");
        Assert.That(refused.Url.Query, Is.EqualTo("?oidc=no-role"));
        Assert.That((await second.GetAsync("/loans")).Location, Does.Contain("/login"), "no group at all: the open session ends too");
        var roles = await Db.ReadAsync(c => c.QueryAsync<string>("SELECT after_json FROM audit_log WHERE action = 'user.role' ORDER BY id"));
        Assert.That(roles.Count(), Is.EqualTo(1), "the change from manager to counsellor is audited");
    }

    [Test]
    public async Task Logout_AfterOrganisationSignIn_EndsTheLocalAndTheProvidersSession()
    {
        var web = NewSession();
        await SignInAsync(web, "sari");
        var logout = await web.PostAsync("/", "/logout");
        Assert.That(logout.Location, Does.StartWith(provider.Issuer + "/session/end"), "the provider's end-session endpoint");
        Assert.That(logout.Location, Does.Contain("id_token_hint="));
        var confirm = await GoAsync(web, logout.Location!);
        var form = Form(confirm.Html);
        var back = await GoAsync(web, form.Action, [.. form.Fields, ("logout", "yes")]);
        Assert.That(back.Url.AbsolutePath, Is.EqualTo("/login"), "and back to our sign-in page");
        Assert.That((await web.GetAsync("/loans")).Location, Does.Contain("/login"));
        var again = await StartAsync(web);
        Assert.That(again.Html, Does.Contain("name=\"login\""), "the provider asks who it is again: its session ended too");
    }

    [Test]
    public async Task OrganisationSignIn_TokenMadeOutToAnotherApplication_RefusedAsWrongAudience()
    {
        var web = NewSession();
        var before = await UserCountAsync();
        var end = await SignInAsync(web, "elsewhere");
        Assert.That(end.Url.Query, Is.EqualTo("?oidc=audience"));
        Assert.That(WebUtility.HtmlDecode(end.Html), Does.Contain(Text(Msg.AuthOidcAudience, "fi")));
        Assert.That(await UserCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task OrganisationSignIn_ExpiredToken_Refused()
    {
        var web = NewSession();
        var end = await SignInAsync(web, "late");
        Assert.That(end.Url.Query, Is.EqualTo("?oidc=expired"));
        Assert.That(WebUtility.HtmlDecode(end.Html), Does.Contain(Text(Msg.AuthOidcExpired, "fi")));
    }

    [Test]
    public async Task OrganisationSignIn_CallbackReplayed_RefusedAsUnknownState()
    {
        var web = NewSession();
        var visited = new List<Uri>();
        await SignInAsync(web, "sari", visited);
        var callback = visited.Single(u => u.AbsolutePath == OrganisationSignIn.CallbackPath);
        var replayed = await GoAsync(web, callback.ToString());
        Assert.That(replayed.Url.Query, Is.EqualTo("?oidc=state"), "the same browser again");
        var stranger = NewSession();
        var stolen = await GoAsync(stranger, callback.ToString());
        Assert.That(stolen.Url.Query, Is.EqualTo("?oidc=state"), "another browser with the copied address");
        Assert.That(WebUtility.HtmlDecode(stolen.Html), Does.Contain(Text(Msg.AuthOidcState, "fi")));
        Assert.That((await stranger.GetAsync("/loans")).Location, Does.Contain("/login"));
    }

    [Test]
    public async Task OrganisationSignIn_ForgedState_RefusedAsUnknownStateInTheUsersLanguage()
    {
        var web = NewSession();
        await web.PostAsync("/login", "/login?handler=Language", ("language", "sv"));
        // What an attacker would send: a made-up state with a code, as if the provider had answered a sign-in this browser never started.
        var forged = await GoAsync(web, $"{OrganisationSignIn.CallbackPath}?code=made-up-code&state=CfDJ8forged-state-value&iss={Uri.EscapeDataString(provider.Issuer)}");
        Assert.That(forged.Url.Query, Is.EqualTo("?oidc=state"));
        Assert.That(WebUtility.HtmlDecode(forged.Html), Does.Contain(Text(Msg.AuthOidcState, "sv")));
        Assert.That(forged.Html, Does.Not.Contain("Exception").And.Not.Contain("   at "));
        Assert.That((await web.GetAsync("/loans")).Location, Does.Contain("/login"));
    }

    [Test]
    public async Task OrganisationSignIn_RefusedAnswers_LoggedWithTheReasonNoPersonalDataAndTheServiceGoesOn()
    {
        await SignInAsync(NewSession(), "elsewhere");
        await SignInAsync(NewSession(), "late");
        await GoAsync(NewSession(), $"{OrganisationSignIn.CallbackPath}?code=made-up-code&state=forged");
        await SignInAsync(NewSession(), "outsider");

        var ours = log.Lines.Where(l => l.StartsWith(typeof(OrganisationSignIn).FullName!, StringComparison.Ordinal)).ToList();
        foreach (var reason in new[] { "(audience)", "(expired)", "(state)" })
            Assert.That(ours, Has.Some.Contain(reason), $"a refusal logged as {reason}: {string.Join("\n", ours)}");
        Assert.That(ours, Has.Some.Contain("subject outsider").And.Contain("Oidc:RoleMap"), "the unmapped person by their subject id only");
        // Names and addresses are the provider's to know; no line of any logger (ours or the framework's) carries them.
        foreach (var personal in new[] { "Eero", "Muu", "eero.muu@", "Lea Late", "lea.late@", "Olli", "olli.ulko@" })
            Assert.That(log.Lines, Has.None.Contain(personal), personal);

        var web = NewSession();
        var end = await SignInAsync(web, "sari");
        Assert.That(end.Status, Is.EqualTo(HttpStatusCode.OK), "the service goes on and signs the next person in");
        Assert.That((await web.GetAsync("/loans")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task OrganisationSignIn_PersonCancelsAtTheProvider_RefusedAsCancelled()
    {
        var web = NewSession();
        var login = await StartAsync(web);
        var uid = login.Url.AbsolutePath.Split('/')[^1];
        var end = await GoAsync(web, $"{provider.Issuer}/interaction/{uid}/abort");
        Assert.That(end.Url.Query, Is.EqualTo("?oidc=denied"));
        Assert.That(WebUtility.HtmlDecode(end.Html), Does.Contain(Text(Msg.AuthOidcDenied, "fi")));
    }

    private static string Text(Msg id, string language) => ((Message)id).Render(CultureInfo.GetCultureInfo(language));

    private Task<long> UserCountAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));

    private Task<AppUser> UserAsync(string subject) => Db.ReadAsync(c => c.QuerySingleAsync<AppUser>("""
        SELECT id, name, display_name, role, email, last_sign_in_at, oidc_subject FROM users WHERE oidc_subject = @subject
        """, new { subject }));

    /// <summary>Presses the organisation button on the sign-in page; returns the provider's first page.</summary>
    private async Task<BrowserPage> StartAsync(WebSession web)
    {
        var start = await web.PostAsync("/login", "/login?handler=Organisation");
        // The request itself went ahead by pushed authorization (PAR), which the provider offers; that it carried a PKCE
        // challenge is the provider's to check, and it is set to refuse any flow without one.
        Assert.That(start.Location, Does.StartWith(provider.Issuer + "/auth?"), start.Html);
        return await GoAsync(web, start.Location!);
    }

    /// <summary>The whole sign-in as a person does it: the button, the provider's login form with the account's name
    /// (the development login takes any password), its consent form, and back; returns the first page that is not a
    /// provider's form (our own continue page, or the sign-in page with a refusal).</summary>
    private async Task<BrowserPage> SignInAsync(WebSession web, string account, List<Uri>? visited = null)
    {
        var page = await StartAsync(web);
        for (var forms = 0; page.Url.Authority == new Uri(provider.Issuer).Authority; forms++)
        {
            Assert.That(forms, Is.LessThan(4), page.Html);
            var form = Form(page.Html);
            var fields = form.Fields.Any(f => f is ("prompt", "login")) ? [.. form.Fields, ("login", account), ("password", "any")] : form.Fields;
            page = await GoAsync(web, form.Action, fields, visited);
        }
        return page;
    }

    private sealed record BrowserPage(HttpStatusCode Status, string Html, Uri Url);

    /// <summary>Follows redirects as a browser does, across both sites, with the session's cookies.</summary>
    private static async Task<BrowserPage> GoAsync(WebSession web, string url, IReadOnlyList<(string Name, string Value)>? post = null, List<Uri>? visited = null)
    {
        var uri = new Uri(web.Http.BaseAddress!, url);
        for (var hop = 0; hop < 20; hop++)
        {
            visited?.Add(uri);
            using var response = post is null
                ? await web.Http.GetAsync(uri)
                : await web.Http.PostAsync(uri, new FormUrlEncodedContent(post.Select(f => KeyValuePair.Create(f.Name, f.Value))));
            post = null;
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next)
            {
                uri = new Uri(uri, next);
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            // A refusal leaves the provider's redirect chain through a page of ours that goes on to the sign-in page at
            // once (so that a browser sends the language cookie there); a browser follows it, and so does this.
            if (RefreshPattern().Match(html) is { Success: true } refresh && refresh.Groups[1].Value.StartsWith("/login", StringComparison.Ordinal))
            {
                uri = new Uri(uri, WebUtility.HtmlDecode(refresh.Groups[1].Value));
                continue;
            }
            return new BrowserPage(response.StatusCode, html, uri);
        }
        throw new AssertionException("more than 20 redirects from " + url);
    }

    private static (string Action, List<(string Name, string Value)> Fields) Form(string html)
    {
        var form = FormPattern().Match(html);
        Assert.That(form.Success, Is.True, "no form in " + html);
        var fields = HiddenPattern().Matches(form.Value).Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        return (WebUtility.HtmlDecode(form.Groups[1].Value), fields);
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"")]
    private static partial Regex RefreshPattern();
}

/// <summary>Every log line of the service, as "category: message", for the checks of what a refusal logs.</summary>
public sealed class SignInLog : ILoggerProvider
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
                return [.. lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(SignInLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.lines)
                owner.lines.Add($"{category}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}

/// <summary>LaiteLaina configured with a provider that is not there: the button says so on the sign-in page, and the
/// local accounts still work.</summary>
public sealed class OrganisationSignInUnreachableTests(Engine engine) : ApiTest(engine)
{
    protected override string[] HostArgs => OidcProvider.Settings($"http://127.0.0.1:{OidcProvider.ClosedPort()}");

    [Test]
    public async Task OrganisationSignIn_ProviderUnreachable_MessageOnTheSignInPageAndLocalAccountsWork()
    {
        var web = NewSession();
        var start = await web.PostAsync("/login", "/login?handler=Organisation");
        Assert.That(start.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(WebUtility.HtmlDecode(start.Html), Does.Contain(((Message)Msg.AuthOidcUnreachable).Render(CultureInfo.GetCultureInfo("fi"))));
        Assert.That(start.Html, Does.Not.Contain("Exception").And.Not.Contain("   at "));
        await new UserService(Db, TimeProvider.System).AddAsync("aino", "Aino Admin", "admin", "correct horse battery", "test");
        Assert.That((await web.SignInAsync("aino", "correct horse battery")).Location, Is.EqualTo("/"));
    }
}

/// <summary>The provider process (tests/tools/oidc/server.mjs) and its accounts file.</summary>
public sealed class OidcProvider : IDisposable
{
    private readonly Process process;
    private readonly string accountsFile;
    private Dictionary<string, Dictionary<string, object?>> accounts = [];

    private OidcProvider(Process process, string accountsFile, int port)
    {
        this.process = process;
        this.accountsFile = accountsFile;
        Issuer = $"http://127.0.0.1:{port}";
    }

    public string Issuer { get; }

    /// <summary>The settings an office would write: groups mapped to roles, the rest unmapped.</summary>
    public static string[] Settings(string issuer) =>
    [
        "--Oidc:Authority=" + issuer, "--Oidc:ClientId=laitelaina", "--Oidc:ClientSecret=test-client-secret",
        "--Oidc:RoleMap:ll-counsellors=counsellor", "--Oidc:RoleMap:ll-managers=manager", "--Oidc:RoleMap:ll-admins=admin",
    ];

    public string[] HostArgs => Settings(Issuer);

    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<OidcProvider> StartAsync()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "LaiteLaina.sln")))
            dir = Path.GetDirectoryName(dir);
        var tool = Path.Combine(dir ?? ".", "tests", "tools", "oidc");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "oidc-provider")))
            Assert.Ignore("oidc-provider is not installed: run scripts/setup.sh --tests (npm ci --prefix tests/tools/oidc).");
        var file = Path.Combine(Directory.CreateTempSubdirectory("laitelaina-oidc-").FullName, "accounts.json");
        await File.WriteAllTextAsync(file, "{}");
        var info = new ProcessStartInfo("node", [Path.Combine(tool, "server.mjs"), file])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("node is missing: run scripts/setup.sh --tests.");
            throw;
        }
        process.ErrorDataReceived += (_, e) => { };
        process.BeginErrorReadLine();
        var line = await WaitForAsync(process, "listening ");
        return new OidcProvider(process, file, int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>A fresh provider (no sessions, new keys) whose client is the LaiteLaina at <paramref name="app"/>.</summary>
    public async Task ServeAsync(Uri app)
    {
        await process.StandardInput.WriteLineAsync(app.ToString().TrimEnd('/'));
        await process.StandardInput.FlushAsync();
        await WaitForAsync(process, "ready");
    }

    public void Accounts(Dictionary<string, object> all)
    {
        accounts = all.ToDictionary(a => a.Key, a => JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(a.Value))!);
        Write();
    }

    /// <summary>What an administrator does in the directory between two sign-ins.</summary>
    public void Change(string account, string[] groups)
    {
        accounts[account]["groups"] = groups;
        Write();
    }

    private void Write() => File.WriteAllText(accountsFile, JsonSerializer.Serialize(accounts));

    private static async Task<string> WaitForAsync(Process process, string prefix)
    {
        // Not a timing assertion: only a guard so that a provider that never starts fails the fixture instead of hanging it.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
        }
        throw new AssertionException("the OpenID provider stopped before saying " + prefix);
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill();
        process.Dispose();
    }
}

