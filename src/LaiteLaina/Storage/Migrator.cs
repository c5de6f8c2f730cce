using System.Data.Common;
using System.Reflection;
using Dapper;

namespace LaiteLaina.Storage;

/// <summary>
/// Applies the numbered SQL files under Storage/Migrations in order, each in its own transaction, and
/// records them in schema_version. A file NNNN_name.sql runs on both engines after its tokens are
/// replaced; NNNN_name.sqlite.sql or NNNN_name.postgres.sql, where present, run after it on that engine.
/// </summary>
public static class Migrator
{
    private const string ResourcePrefix = "Migrations.";

    public sealed record Migration(int Version, string Name);

    public static IReadOnlyList<Migration> All { get; } = LoadList();

    public static int Latest => All[^1].Version;

    /// <summary>Brings the schema up to date; returns the versions it applied.</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(Database db, CancellationToken ct = default) => MigrateAsync(db, Latest, ct);

    /// <summary>Applies the migrations up to and including <paramref name="through"/>: a database as an older release
    /// left it, so that a test can put rows in it and see what the next migration makes of them.</summary>
    internal static async Task<IReadOnlyList<int>> MigrateAsync(Database db, int through, CancellationToken ct = default)
    {
        if (db.Engine == Engine.Sqlite)
        {
            await using var c = await db.OpenAsync(ct);
            // WAL is a property of the file: set once, it lets readers go on while one writer commits.
            await c.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }

        var applied = new List<int>();
        await db.WriteAsync(async (c, tx) =>
        {
            if (db.Engine == Engine.Postgres)
            {
                // Several sites may start at the same moment against one database: one migrates, the others wait.
                await c.ExecuteAsync("SELECT pg_advisory_xact_lock(4242001)", transaction: tx);
            }
            await EnsureVersionTableAsync(db, c, tx);
            var done = (await c.QueryAsync<int>("SELECT version FROM schema_version", transaction: tx)).ToHashSet();
            // Several sites share one PostgreSQL: a site still on an older laitelaina must not run on a schema it does not know.
            if (done.Count > 0 && done.Max() > Latest)
                throw new UserError(Msg.DatabaseNewer.With(db.Display, done.Max(), Latest), UserErrorKind.Unavailable, "database");
            foreach (var m in All.Where(m => !done.Contains(m.Version) && m.Version <= through))
            {
                foreach (var sql in ScriptsFor(m, db.Engine))
                    await c.ExecuteAsync(sql, transaction: tx);
                await c.ExecuteAsync(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { m.Version, m.Name, At = DateTimeOffset.UtcNow }, tx);
                applied.Add(m.Version);
            }
        }, ct);
        return applied;
    }

    /// <summary>The schema version of the database, or null where it has never been initialised.</summary>
    public static async Task<int?> CurrentVersionAsync(Database db, CancellationToken ct = default) =>
        await AppliedAsync(db, ct) is { Count: > 0 } applied ? applied.Max() : null;

    /// <summary>The versions applied to the database, or null where it has never been initialised.</summary>
    public static async Task<IReadOnlySet<int>?> AppliedAsync(Database db, CancellationToken ct = default) =>
        await db.ReadAsync(async c =>
        {
            if (!await HasTableAsync(db, c, null, "schema_version"))
                return null;
            return (IReadOnlySet<int>)(await c.QueryAsync<int>("SELECT version FROM schema_version")).ToHashSet();
        }, ct);

    private static async Task EnsureVersionTableAsync(Database db, DbConnection c, DbTransaction tx)
    {
        if (await HasTableAsync(db, c, tx, "schema_version"))
            return;
        if (await CountUserTablesAsync(db, c, tx) > 0)
            throw new UserError(Msg.DatabaseTablesWithoutSchema.With(db.Display), UserErrorKind.Unavailable, "database");
        await c.ExecuteAsync(Tokens(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {timestamp} NOT NULL)",
            db.Engine), transaction: tx);
    }

    private static Task<bool> HasTableAsync(Database db, DbConnection c, DbTransaction? tx, string table) =>
        c.ExecuteScalarAsync<bool>(db.Engine == Engine.Sqlite
            ? "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = @table"
            : "SELECT count(*) > 0 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table",
            new { table }, tx);

    private static Task<long> CountUserTablesAsync(Database db, DbConnection c, DbTransaction tx) =>
        c.ExecuteScalarAsync<long>(db.Engine == Engine.Sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            transaction: tx);

    private static IEnumerable<string> ScriptsFor(Migration m, Engine engine)
    {
        var stem = $"{m.Version:D4}_{m.Name}";
        yield return Tokens(Read(stem + ".sql")!, engine);
        var specific = Read($"{stem}.{(engine == Engine.Sqlite ? "sqlite" : "postgres")}.sql");
        if (specific is not null)
            yield return specific;
    }

    internal static string Tokens(string sql, Engine engine) => engine == Engine.Sqlite
        ? sql.Replace("{id}", "INTEGER PRIMARY KEY", StringComparison.Ordinal)
             .Replace("{timestamp}", "TEXT", StringComparison.Ordinal)
             .Replace("{date}", "TEXT", StringComparison.Ordinal)
             .Replace("{blob}", "BLOB", StringComparison.Ordinal)
        : sql.Replace("{id}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", StringComparison.Ordinal)
             .Replace("{timestamp}", "TIMESTAMPTZ", StringComparison.Ordinal)
             .Replace("{date}", "DATE", StringComparison.Ordinal)
             .Replace("{blob}", "BYTEA", StringComparison.Ordinal);

    private static string? Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<Migration> LoadList()
    {
        var list = new List<Migration>();
        foreach (var name in Assembly.GetExecutingAssembly().GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                continue;
            var file = name[ResourcePrefix.Length..];
            var parts = file.Split('.');
            if (parts.Length != 2)
                continue; // engine-specific companion of a migration
            var underscore = parts[0].IndexOf('_', StringComparison.Ordinal);
            list.Add(new Migration(int.Parse(parts[0][..underscore], System.Globalization.CultureInfo.InvariantCulture), parts[0][(underscore + 1)..]));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        return list;
    }
}
