using Dapper;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Storage;

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
        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
            // A backup is one self-contained file: no -wal beside it.
            await destination.ExecuteAsync("PRAGMA journal_mode = DELETE;");
        }
        return new FileInfo(target).Length;
    }

    /// <summary>Replaces the live database with <paramref name="file"/> after checking that it is a LaiteLaina backup.</summary>
    /// <summary>
    /// Replaces the database with a backup and says so in the restored database's own audit log: whatever happened
    /// after the backup was taken is gone, and the log must show when, by whom and from which file.
    /// </summary>
    public static async Task RestoreAsync(Database db, string file, string actor, CancellationToken ct = default)
    {
        RequireSqlite(db);
        if (!File.Exists(file))
            throw UserError.Invalid("file", file, Msg.BackupNoSuchFile);
        var backup = Database.Sqlite(Path.GetFullPath(file));
        int? version;
        try
        {
            version = await Migrator.CurrentVersionAsync(backup, ct);
        }
        catch (UserError)
        {
            version = null;
        }
        if (version is null)
            throw UserError.Invalid("file", file, Msg.BackupNotABackup);
        if (version > Migrator.Latest)
            throw UserError.Invalid("file", file, Msg.BackupNewer.With(version, Migrator.Latest));

        await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backup.SqliteFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            await using var live = (SqliteConnection)await db.OpenAsync(ct);
            source.BackupDatabase(live);
        }
        await Migrator.MigrateAsync(db, ct);
        var path = Path.GetFullPath(file);
        await db.WriteAsync((c, tx) => AuditLog.AppendAsync(c, tx, actor, "database.restore", "database", null, Path.GetFileName(path), null,
            new { file = path, backupSchemaVersion = version, schemaVersion = Migrator.Latest }), ct);
    }

    private static void RequireSqlite(Database db)
    {
        if (db.Engine != Engine.Sqlite)
            throw new UserError(Msg.BackupSqliteOnly, UserErrorKind.Invalid, "database");
    }
}
