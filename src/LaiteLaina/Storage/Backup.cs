using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Storage;

/// <summary>What a restore did: the schema version the backup had, and where the database it replaced is kept.</summary>
public sealed record RestoreOutcome(int BackupVersion, string? Kept);

/// <summary>
/// Online copies of the SQLite database through SQLite's backup API: consistent even while the service
/// writes, because the copy is taken page by page inside one read snapshot.
/// </summary>
public static class Backup
{
    public static async Task<long> CreateAsync(Database db, string file, CancellationToken ct = default)
    {
        RequireSqlite(db);
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
            throw UserError.Invalid("file", file, Msg.BackupExists);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var source = (SqliteConnection)await db.OpenAsync(ct);
        await CopyAsync(source, target, ct);
        return new FileInfo(target).Length;
    }

    /// <summary>
    /// Copies the live database into the new file <paramref name="file"/> and counts the rows of every table, both
    /// inside one read transaction: the counts are those of the very snapshot copied, so a check of the copy against
    /// them means something even while the service writes. In WAL mode the read transaction blocks no writer.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> SnapshotAsync(Database db, string file, CancellationToken ct = default)
    {
        RequireSqlite(db);
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
            throw UserError.Invalid("file", file, Msg.BackupExists);
        await using var source = (SqliteConnection)await db.OpenAsync(ct);
        await using var tx = source.BeginTransaction(deferred: true);
        var counts = await CountRowsAsync(source, tx);
        await CopyAsync(source, target, ct);
        tx.Commit();
        return counts;
    }

    /// <summary>Opens <paramref name="file"/> read-only, runs SQLite's integrity check and counts the rows of every
    /// table; the first damaged page is the <see cref="UserError"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CheckAsync(string file, CancellationToken ct = default)
    {
        await using var c = ReadOnly(file);
        try
        {
            await c.OpenAsync(ct);
            var damage = (await c.QueryAsync<string>("PRAGMA integrity_check")).ToList();
            if (damage is not ["ok"])
                throw UserError.Invalid("file", file, Msg.BackupDamaged.With(damage.SelectMany(d => d.Split('\n')).First(l => !l.StartsWith("***", StringComparison.Ordinal))));
            return await CountRowsAsync(c, null);
        }
        catch (SqliteException e)
        {
            throw UserError.Invalid("file", file, Msg.BackupDamaged.With(e.Message));
        }
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(SqliteConnection c, SqliteTransaction? tx)
    {
        var tables = await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", transaction: tx);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            counts[table] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", transaction: tx);
        return counts;
    }

    /// <summary>
    /// Replaces the database with a backup, but only once the backup is proven: it is copied, checked page by page,
    /// brought up to this version's schema and compared table by table and column by column with a database this
    /// version builds itself, all on the copy. The live database is touched last, in one step, and what it held before
    /// is kept beside it as a dated file, so a restore can itself be undone. The restored database's own audit log says
    /// when, by whom and from which file: whatever happened after the backup was taken is gone.
    /// </summary>
    public static async Task<RestoreOutcome> RestoreAsync(Database db, string file, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        RequireSqlite(db);
        if (!File.Exists(file))
            throw UserError.Invalid("file", file, Msg.BackupNoSuchFile);
        var path = Path.GetFullPath(file);
        var live = Path.GetFullPath(db.SqliteFile!);
        var folder = Path.GetDirectoryName(live)!;
        Directory.CreateDirectory(folder);
        // The copy lives beside the live file, so that the last step never crosses a file system.
        var candidate = Path.Combine(folder, $".restore-{Guid.NewGuid():N}.db");
        try
        {
            var version = await ProveAsync(path, file, candidate, ct);
            var copy = Database.Sqlite(candidate);
            await copy.WriteAsync((c, tx) => AuditLog.AppendAsync(c, tx, actor, "database.restore", "database", null, Path.GetFileName(path), null,
                new { file = path, backupSchemaVersion = version, schemaVersion = Migrator.Latest }), ct);
            SqliteConnection.ClearPool(new SqliteConnection(copy.ConnectionString));
            var kept = await KeepAsync(live, now, ct);
            await ReplaceAsync(candidate, live, ct);
            return new RestoreOutcome(version, kept);
        }
        finally
        {
            foreach (var f in new[] { candidate, candidate + "-wal", candidate + "-shm", candidate + "-journal" })
                File.Delete(f);
        }
    }

    /// <summary>Copies <paramref name="path"/> to <paramref name="candidate"/> and proves the copy; returns the backup's schema version.</summary>
    private static async Task<int> ProveAsync(string path, string given, string candidate, CancellationToken ct)
    {
        try
        {
            await using var source = ReadOnly(path);
            await source.OpenAsync(ct);
            await CopyAsync(source, candidate, ct);
        }
        catch (SqliteException)
        {
            throw UserError.Invalid("file", given, Msg.BackupNotABackup);
        }

        var copy = Database.Sqlite(candidate);
        try
        {
            int version;
            await using (var c = await copy.OpenAsync(ct))
            {
                var damage = (await c.QueryAsync<string>("PRAGMA integrity_check")).ToList();
                if (damage is not ["ok"])
                {
                    // SQLite reports each damaged page on a line of its own under a heading; the first one is enough.
                    var first = damage.SelectMany(d => d.Split('\n')).First(line => !line.StartsWith("***", StringComparison.Ordinal));
                    throw UserError.Invalid("file", given, Msg.BackupDamaged.With(first));
                }
                if (!await c.ExecuteScalarAsync<bool>("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"))
                    throw UserError.Invalid("file", given, Msg.BackupNotABackup);
                var recorded = (await c.QueryAsync<(long Version, string Name)>("SELECT version, name FROM schema_version")).ToList();
                version = recorded.Count == 0 ? 0 : (int)recorded.Max(r => r.Version);
                if (version > Migrator.Latest)
                    throw UserError.Invalid("file", given, Msg.BackupNewer.With(version, Migrator.Latest));
                // A LaiteLaina database records each of this version's migrations up to its own, by number and name;
                // a gap or a stranger was made by hand.
                var known = Migrator.All.Where(m => m.Version <= version).ToList();
                if (known.Count == 0 || recorded.Count != known.Count || !known.All(m => recorded.Contains((m.Version, m.Name))))
                    throw UserError.Invalid("file", given, Msg.BackupNotABackup);
            }
            await Migrator.MigrateAsync(copy, ct);
            await using (var c = await copy.OpenAsync(ct))
            {
                if (await FirstDifferenceAsync(c, ct) is { } difference)
                    throw UserError.Invalid("file", given, difference);
                var orphan = await c.QueryFirstOrDefaultAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check");
                if (orphan is not null)
                    throw UserError.Invalid("file", given, Msg.BackupBrokenReference.With(orphan));
            }
            return version;
        }
        catch (SqliteException e)
        {
            // A file SQLite opens but cannot read through, or whose rows break the migrations' rules.
            throw UserError.Invalid("file", given, Msg.BackupDamaged.With(e.Message));
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection(copy.ConnectionString));
        }
    }

    /// <summary>
    /// The first table, column, index or trigger where the copy differs from a database this version builds itself;
    /// null when they agree. Types, nullability and keys count, so a table of the right name but the wrong shape is found.
    /// </summary>
    private static async Task<Message?> FirstDifferenceAsync(DbConnection copy, CancellationToken ct)
    {
        var expected = await ReferenceSchemaAsync(ct);
        var actual = await SchemaAsync(copy);
        // A whole table missing says more than each of its columns, so tables are named first.
        static string? First(IEnumerable<string> items) =>
            items.OrderBy(i => i.StartsWith("table ", StringComparison.Ordinal) ? 0 : 1).ThenBy(i => i, StringComparer.Ordinal).FirstOrDefault();
        if (First(expected.Except(actual)) is { } missing)
            return Msg.BackupLacks.With(missing);
        if (First(actual.Except(expected)) is { } extra)
            return Msg.BackupHasExtra.With(extra);
        return null;
    }

    private static readonly SemaphoreSlim ReferenceLock = new(1, 1);
    private static IReadOnlySet<string>? reference;

    /// <summary>The schema of an empty database migrated by this version, built once per process.</summary>
    private static async Task<IReadOnlySet<string>> ReferenceSchemaAsync(CancellationToken ct)
    {
        await ReferenceLock.WaitAsync(ct);
        try
        {
            if (reference is not null)
                return reference;
            var file = Path.Combine(Path.GetTempPath(), $"laitelaina-schema-{Guid.NewGuid():N}.db");
            var empty = Database.Sqlite(file);
            try
            {
                await Migrator.MigrateAsync(empty, ct);
                await using var c = (SqliteConnection)await empty.OpenAsync(ct);
                return reference = await SchemaAsync(c);
            }
            finally
            {
                SqliteConnection.ClearPool(new SqliteConnection(empty.ConnectionString));
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                    File.Delete(f);
            }
        }
        finally
        {
            ReferenceLock.Release();
        }
    }

    private static async Task<IReadOnlySet<string>> SchemaAsync(DbConnection c)
    {
        var objects = await c.QueryAsync<(string Type, string Name, string Table)>(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
        var columns = await c.QueryAsync<(string Table, string Name, string Type, long NotNull, long Key)>("""
            SELECT m.name, p.name, p.type, p."notnull", p.pk
            FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
            """);
        return objects.Select(o => $"{o.Type} {o.Name}" + (o.Type == "table" ? "" : $" on {o.Table}"))
            .Concat(columns.Select(k => $"column {k.Table}.{k.Name} {k.Type}{(k.NotNull != 0 ? " NOT NULL" : "")}{(k.Key != 0 ? " PRIMARY KEY" : "")}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Keeps what the live database holds as laitelaina-replaced-DATE-TIME.db beside it; null when there is none.</summary>
    private static async Task<string?> KeepAsync(string live, DateTimeOffset now, CancellationToken ct)
    {
        if (!File.Exists(live))
            return null;
        var kept = Path.Combine(Path.GetDirectoryName(live)!, $"laitelaina-replaced-{now:yyyyMMdd-HHmmss}.db");
        for (var n = 2; File.Exists(kept); n++)
            kept = Path.Combine(Path.GetDirectoryName(live)!, $"laitelaina-replaced-{now:yyyyMMdd-HHmmss}-{n}.db");
        try
        {
            await using var source = ReadOnly(live);
            await source.OpenAsync(ct);
            await CopyAsync(source, kept, ct);
        }
        catch (SqliteException)
        {
            // The live file is not a database SQLite can read any more: keep its bytes as they are.
            File.Delete(kept);
            File.Copy(live, kept);
        }
        return kept;
    }

    /// <summary>
    /// Writes the proven copy into the live database in one step of SQLite's backup API, which takes the write lock
    /// and replaces every page in one transaction: a reader sees the old database or the new one, never a mix. A live
    /// file SQLite cannot open as a database is replaced as a file instead.
    /// </summary>
    private static async Task ReplaceAsync(string candidate, string live, CancellationToken ct)
    {
        await using var source = ReadOnly(candidate);
        await source.OpenAsync(ct);
        try
        {
            var db = Database.Sqlite(live);
            await using var target = (SqliteConnection)await db.OpenAsync(ct);
            source.BackupDatabase(target);
        }
        catch (Exception e) when (e is UserError or SqliteException && !IsDatabase(live))
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { live + "-wal", live + "-shm", live + "-journal" })
                File.Delete(f);
            File.Copy(candidate, live, overwrite: true);
        }
    }

    private static bool IsDatabase(string file)
    {
        try
        {
            using var c = ReadOnly(file);
            c.Open();
            c.ExecuteScalar("SELECT count(*) FROM sqlite_master");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>A consistent copy of <paramref name="source"/> into a new self-contained file (no -wal beside it).</summary>
    private static async Task CopyAsync(SqliteConnection source, string target, CancellationToken ct)
    {
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
        await destination.ExecuteAsync("PRAGMA journal_mode = DELETE;");
    }

    /// <summary>A connection outside the pool, so that a file is closed when it is disposed and can be moved or deleted.</summary>
    private static SqliteConnection ReadOnly(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    private static void RequireSqlite(Database db)
    {
        if (db.Engine != Engine.Sqlite)
            throw new UserError(Msg.BackupSqliteOnly, UserErrorKind.Invalid, "database");
    }
}
