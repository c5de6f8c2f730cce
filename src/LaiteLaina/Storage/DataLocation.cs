namespace LaiteLaina.Storage;

/// <summary>
/// Where LaiteLaina keeps its data: a data directory (SQLite file, templates, profiles, backups) and, for
/// several sites sharing one database, a PostgreSQL connection string. Options win over the environment
/// (LAITELAINA_DATA, LAITELAINA_DATABASE), which wins over the default ./data.
/// </summary>
public sealed record DataLocation(string DataDirectory, string? PostgresConnectionString)
{
    public const string DatabaseFileName = "laitelaina.db";

    public string SqliteFile => Path.Combine(DataDirectory, DatabaseFileName);

    public static DataLocation Resolve(string? dataOption, string? databaseOption)
    {
        var dir = dataOption ?? Environment.GetEnvironmentVariable("LAITELAINA_DATA") ?? "data";
        var pg = databaseOption ?? Environment.GetEnvironmentVariable("LAITELAINA_DATABASE");
        return new DataLocation(Path.GetFullPath(dir), string.IsNullOrWhiteSpace(pg) ? null : pg);
    }

    public Database Database() =>
        PostgresConnectionString is { } cs ? Storage.Database.Postgres(cs) : Storage.Database.Sqlite(SqliteFile);

    /// <summary>The database, refusing one that was never initialised instead of silently creating an empty file.</summary>
    public async Task<Database> ExistingDatabaseAsync(CancellationToken ct = default)
    {
        if (PostgresConnectionString is null && !File.Exists(SqliteFile))
            throw new UserError(Msg.DatabaseNoneHere.With(SqliteFile), UserErrorKind.Unavailable, "data");
        var db = Database();
        var applied = await Migrator.AppliedAsync(db, ct)
            ?? throw new UserError(Msg.DatabaseNoSchemaVersion.With(db.Display), UserErrorKind.Unavailable, "database");
        if (applied.Count > 0 && applied.Max() > Migrator.Latest)
            throw new UserError(Msg.DatabaseNewer.With(db.Display, applied.Max(), Migrator.Latest), UserErrorKind.Unavailable, "database");
        // Compare sets, not the highest number: migrations written in parallel may land out of order.
        if (Migrator.All.Any(m => !applied.Contains(m.Version)))
            await Migrator.MigrateAsync(db, ct);
        return db;
    }

    /// <summary>Creates the data directory and the database, or brings an existing one up to date. Safe to run twice.</summary>
    public async Task<(Database Db, IReadOnlyList<int> Applied)> InitialiseAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(DataDirectory);
        var db = Database();
        return (db, await Migrator.MigrateAsync(db, ct));
    }
}
