using LaiteLaina.Users;
using LaiteLaina.Web;
using Microsoft.AspNetCore.Builder;

namespace LaiteLaina.Tests.Web;

/// <summary>The real service on a free loopback port over this test's database, on each engine.</summary>
[EndToEnd]
public abstract class ApiTest(Engine engine) : DatabaseTest(engine)
{
    private WebApplication app = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected Uri BaseAddress { get; private set; } = null!;

    /// <summary>The API token of <see cref="Http"/>.</summary>
    protected string? Token { get; private set; }

    /// <summary>The role of <see cref="Http"/>'s user: an administrator may call every route.</summary>
    protected virtual string DefaultRole => "admin";

    protected WebApplication App => app;

    /// <summary>Changes to the service's registrations before it is built (a fake clock).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>Routes only a test's host has, mapped after the service's own and before it starts (inside the same
    /// pipeline: sign-in, request language, refusals), so that a test can drive a web path the product offers no page for.</summary>
    protected virtual void MapTestRoutes(WebApplication host)
    {
    }

    /// <summary>Rows the service needs before it starts (the sites its Site setting names, which it checks at start),
    /// written into this test's freshly migrated database.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Configuration for the service, as on its command line (printers, scanners).</summary>
    protected virtual string[] HostArgs => [];

    /// <summary>A client that calls the API as a new user of <paramref name="role"/>, with that user's API token.</summary>
    protected async Task<HttpClient> ClientForAsync(string role)
    {
        var users = TestUsers();
        var name = $"{role}{Interlocked.Increment(ref userCount)}";
        await users.AddAsync(name, $"Test {role}", role, "password-of-" + name, "test");
        var (_, secret) = await users.CreateTokenAsync(name, "test", "test");
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Token ??= secret;
        clients.Add(client);
        return client;
    }

    /// <summary>The password of every user a test adds with <see cref="AddUserAsync"/>.</summary>
    protected const string Password = "correct horse battery";

    /// <summary>Adds a user who signs in with <see cref="Password"/>.</summary>
    protected Task AddUserAsync(string name, string? displayName, string role, string? language = null) =>
        TestUsers().AddAsync(name, displayName, role, Password, "test", language: language);

    /// <summary>Users as the service under test keeps them, with the test hosts' password work factor
    /// (<see cref="TestPasswords"/>).</summary>
    protected UserService TestUsers() => new(Db, TimeProvider.System, TestPasswords.Hashing);

    /// <summary>A browser-like session on the service, not yet signed in; disposed with the service.</summary>
    protected WebSession NewSession()
    {
        var session = new WebSession(BaseAddress);
        sessions.Add(session);
        return session;
    }

    /// <summary>A new user of <paramref name="role"/>, signed in on a session of their own.</summary>
    protected async Task<WebSession> SignedInSessionAsync(string name, string? displayName, string role, string? language = null)
    {
        await AddUserAsync(name, displayName, role, language);
        var session = NewSession();
        await session.SignInAsync(name, Password);
        return session;
    }

    /// <summary>The routes of the API that answer GET, from the service's own endpoints, without the event streams that
    /// never end: what a test over every route walks, so that a new route is covered without touching the test.</summary>
    protected IReadOnlyList<string> ApiGetRoutes() =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(r => r.StartsWith("/api/", StringComparison.Ordinal) && !r.EndsWith("/stream", StringComparison.Ordinal) && !r.EndsWith("/events", StringComparison.Ordinal))
            .Distinct().ToList();

    private static int userCount;
    private readonly List<HttpClient> clients = [];
    private readonly List<WebSession> sessions = [];

    [SetUp]
    public async Task StartServiceAsync()
    {
        await BeforeStartAsync();
        app = Program.CreateHost(HostArgs, new DataLocation(Scratch, Engine == Engine.Postgres ? Db.ConnectionString : null), "http://127.0.0.1:0", builder =>
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ReachedMessages.Marker>();
            builder.Services.AddSingleton(TestPasswords.Hashing);
            Configure(builder);
        });
        MapTestRoutes(app);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
        Http = await ClientForAsync(DefaultRole);
    }

    [TearDown]
    public async Task StopServiceAsync()
    {
        foreach (var c in clients)
            c.Dispose();
        clients.Clear();
        foreach (var s in sessions)
            s.Dispose();
        sessions.Clear();
        Token = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
