namespace LaiteLaina.Tests.Storage;

/// <summary>
/// A migration over the rows an older release left: the database is migrated only as far as that release, rows are
/// put in as it wrote them, and the next migration runs over them, as it does at the first start after an upgrade.
/// </summary>
public sealed class MigrationOverRowsTests(Engine engine) : DatabaseTest(engine)
{
    /// <summary>An empty database of this test's engine (the test's own, emptied, on PostgreSQL).</summary>
    private async Task<Database> EmptyDatabaseAsync()
    {
        if (Engine == Engine.Sqlite)
            return Database.Sqlite(Path.Combine(Scratch, "older.db"));
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public", transaction: tx));
        return Db;
    }

    private static Task<long> SiteAsync(Database db, string code) =>
        db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(
            "INSERT INTO sites (code, name, created_at) VALUES (@code, @code, @at) RETURNING id", new { code, at = DateTimeOffset.UtcNow }, tx));

    private static Task<int> IntakeAsync(Database db, string serial) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO provisioning_intake (serial_number, adb_serial, state, first_seen_at, last_seen_at)
            VALUES (@serial, '192.0.2.1:5555', 'Pending', @at, @at)
            """, new { serial, at = DateTimeOffset.UtcNow }, tx));

    private static Task<List<long?>> IntakeSitesAsync(Database db) =>
        db.ReadAsync(async c => (await c.QueryAsync<long?>("SELECT site_id FROM provisioning_intake ORDER BY id")).AsList());

    [Test]
    public async Task Migration31_PromptsOnADatabaseOfOneSite_BelongToThatSite()
    {
        var older = await EmptyDatabaseAsync();
        await Migrator.MigrateAsync(older, through: 30);
        var only = await SiteAsync(older, "KESKUS");
        await IntakeAsync(older, "SER-1");
        await IntakeAsync(older, "SER-2");

        var applied = await Migrator.MigrateAsync(older);

        Assert.That(applied, Does.Contain(31).And.Not.Contain(30));
        Assert.That(await IntakeSitesAsync(older), Is.EqualTo(new long?[] { only, only }));
    }

    [Test]
    public async Task Migration31_PromptsOnADatabaseOfTwoSites_StayUnownedNotGuessed()
    {
        var older = await EmptyDatabaseAsync();
        await Migrator.MigrateAsync(older, through: 30);
        await SiteAsync(older, "ITA");
        await SiteAsync(older, "LANSI");
        await IntakeAsync(older, "SER-1");

        await Migrator.MigrateAsync(older);

        Assert.That(await IntakeSitesAsync(older), Is.EqualTo(new long?[] { null }));
    }
}
