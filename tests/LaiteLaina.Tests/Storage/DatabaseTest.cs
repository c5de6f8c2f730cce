using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LaiteLaina.Tests.Storage;

/// <summary>
/// Base of every test that touches the database: each derived fixture runs once on SQLite and once on
/// PostgreSQL. PostgreSQL runs whenever LAITELAINA_TEST_POSTGRES holds a connection string (scripts/test.sh
/// starts a throwaway cluster and sets it); without it those cases are skipped with the reason, not failed.
/// Every test gets its own freshly migrated database, copied from a template migrated once per run.
/// </summary>
[TestFixture(Engine.Sqlite)]
[TestFixture(Engine.Postgres)]
[Parallelizable(ParallelScope.None)]
public abstract class DatabaseTest(Engine engine)
{
    public const string PostgresVariable = "LAITELAINA_TEST_POSTGRES";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? sqliteTemplate;
    private static bool postgresTemplateReady;
    private string? postgresDatabase;
    private readonly Dictionary<TimeProvider, IHost> hosts = [];

    protected Engine Engine { get; } = engine;
    protected Database Db { get; private set; } = null!;
    protected string Scratch { get; private set; } = null!;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        Scratch = Directory.CreateTempSubdirectory("laitelaina-test-").FullName;
        if (Engine == Engine.Sqlite)
        {
            await TemplateLock.WaitAsync();
            try
            {
                if (sqliteTemplate is null)
                {
                    var file = Path.Combine(Directory.CreateTempSubdirectory("laitelaina-template-").FullName, "template.db");
                    var template = Database.Sqlite(file);
                    await Migrator.MigrateAsync(template);
                    await using (var c = await template.OpenAsync())
                        await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);");
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    sqliteTemplate = file;
                }
            }
            finally
            {
                TemplateLock.Release();
            }
            var target = Path.Combine(Scratch, DataLocation.DatabaseFileName);
            File.Copy(sqliteTemplate, target);
            Db = Database.Sqlite(target);
            return;
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
            Assert.Ignore($"{PostgresVariable} is not set, so the PostgreSQL half of this suite is skipped; scripts/test.sh starts a throwaway cluster and sets it.");
        await TemplateLock.WaitAsync();
        try
        {
            if (!postgresTemplateReady)
            {
                await using var c = new NpgsqlConnection(admin);
                await c.ExecuteAsync("DROP DATABASE IF EXISTS laitelaina_template WITH (FORCE)");
                await c.ExecuteAsync("CREATE DATABASE laitelaina_template");
                await Migrator.MigrateAsync(Database.Postgres(WithDatabase(admin, "laitelaina_template")));
                NpgsqlConnection.ClearAllPools();
                postgresTemplateReady = true;
            }
        }
        finally
        {
            TemplateLock.Release();
        }
        postgresDatabase = "llt_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(admin))
            await c.ExecuteAsync($"CREATE DATABASE {postgresDatabase} TEMPLATE laitelaina_template");
        Db = Database.Postgres(WithDatabase(admin, postgresDatabase));
    }

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        foreach (var host in hosts.Values)
            host.Dispose();
        hosts.Clear();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)");
            postgresDatabase = null;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled handle on a slow machine; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Puts a stored device straight into <paramref name="status"/>, as the rest of the system could have left
    /// it, and returns the device as it is stored now.</summary>
    protected Task<Device> PutDeviceAsync(string tag, DeviceStatus status, bool needsWipe) =>
        Db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE devices SET status = @status, needs_wipe = @needsWipe WHERE tag = @tag", new { status = status.ToString(), needsWipe, tag }, tx);
            return await DeviceStore.GetByTagAsync(c, tx, tag);
        });

    /// <summary>A service as the application composes it (Program.AddLaiteLaina), over this test's database and data
    /// directory, reading time from <paramref name="clock"/> when one is given. The host is built once per clock and
    /// never started, as for a command-line verb.</summary>
    protected T Service<T>(TimeProvider? clock = null) where T : notnull
    {
        var key = clock ?? TimeProvider.System;
        if (!hosts.TryGetValue(key, out var host))
        {
            var location = new DataLocation(Scratch, Engine == Engine.Postgres ? Db.ConnectionString : null);
            host = Program.CreateHost([], location, "http://127.0.0.1:0", builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(key);
            }, Db);
            hosts[key] = host;
        }
        return host.Services.GetRequiredService<T>();
    }

    /// <summary>The connection string a CLI run should use for this test's database.</summary>
    protected string[] DataArgs() => Engine == Engine.Sqlite ? ["--data", Scratch] : ["--database", Db.ConnectionString];

    private static string WithDatabase(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
}
