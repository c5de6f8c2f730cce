using Npgsql;

namespace LaiteLaina.Tests.Web;

/// <summary>/healthz (liveness) and /readyz (readiness) while the database goes away and comes back, on each engine.</summary>
public sealed class ReadinessTests(Engine engine) : ApiTest(engine)
{
    [Test]
    public async Task Readyz_DatabaseReachable_ReadyAt200()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var response = await anonymous.GetAsync("/readyz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("ready"));
        Assert.That(body.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(Migrator.Latest));
    }

    [Test]
    public async Task Readyz_DatabaseUnreachable_503UntilItReturns()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var away = await TakeDatabaseAwayAsync();
        try
        {
            var response = await anonymous.GetAsync("/readyz");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(body, Does.Contain(Engine == Engine.Sqlite ? "database-missing" : "database-unreachable"));
            // Nothing about where the database is or how to sign in to it goes to an unauthenticated caller.
            Assert.That(body, Does.Not.Contain(Engine == Engine.Sqlite ? Scratch : "Host="));
            var live = await anonymous.GetAsync("/healthz");
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness must not follow the database");
        }
        finally
        {
            await away();
        }
        Assert.That((await anonymous.GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>SQLite: the file is moved away (as a disk unmounted under the service). PostgreSQL: the database stops
    /// taking connections and the open ones are ended, as a restarting server does. Returns what brings it back.</summary>
    private async Task<Func<Task>> TakeDatabaseAwayAsync()
    {
        if (Engine == Engine.Sqlite)
        {
            var file = Db.SqliteFile!;
            File.Move(file, file + ".away");
            return () =>
            {
                File.Move(file + ".away", file);
                return Task.CompletedTask;
            };
        }
        var name = new NpgsqlConnectionStringBuilder(Db.ConnectionString).Database!;
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)!;
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.ExecuteAsync($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false");
            await c.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", new { name });
        }
        NpgsqlConnection.ClearAllPools();
        return async () =>
        {
            await using var c = new NpgsqlConnection(admin);
            await c.ExecuteAsync($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true");
        };
    }
}
