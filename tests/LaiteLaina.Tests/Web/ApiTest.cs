using LaiteLaina.Storage;
using LaiteLaina.Tests.Storage;
using LaiteLaina.Web;
using Microsoft.AspNetCore.Builder;

namespace LaiteLaina.Tests.Web;

/// <summary>The real service on a free loopback port over this test's database, on each engine.</summary>
public abstract class ApiTest(Engine engine) : DatabaseTest(engine)
{
    private WebApplication app = null!;

    protected HttpClient Http { get; private set; } = null!;

    [SetUp]
    public async Task StartServiceAsync()
    {
        app = ServiceHost.Build([], new DataLocation(Scratch, Engine == Engine.Postgres ? Db.ConnectionString : null), "http://127.0.0.1:0");
        await app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    [TearDown]
    public async Task StopServiceAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
