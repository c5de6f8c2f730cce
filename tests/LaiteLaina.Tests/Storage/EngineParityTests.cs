namespace LaiteLaina.Tests.Storage;

/// <summary>Behaviour that must not depend on the engine, found in review.</summary>
public sealed class EngineParityTests(Engine engine) : DatabaseTest(engine)
{
    [Test]
    public async Task SiteAndBorrowerLookup_FinnishLettersInOtherCase_FoundOnBothEngines()
    {
        // A code from before the rule for site codes (SiteCode), which still finds its site in any case.
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES ('ITÄ', 'Itäinen toimipiste', @now)",
            new { now = DateTimeOffset.UtcNow }, tx));
        var device = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Site = "itä" }, "t");
        Assert.That(device.SiteCode, Is.EqualTo("ITÄ"));
        await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Åsa Äijälä" }, "t");
        Assert.That((await new BorrowerService(Db).ListAsync("äIJÄLÄ")).Select(b => b.Name), Is.EqualTo(new[] { "Åsa Äijälä" }));
    }

    [Test]
    public async Task MigrateAsync_DatabaseFromNewerLaitelaina_Refused()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', @at)", new { at = DateTimeOffset.UtcNow }, tx));
        var e = Assert.ThrowsAsync<UserError>(() => Migrator.MigrateAsync(Db));
        Assert.That(e!.Message, Does.Contain("schema version 999, newer than this version of LaiteLaina"));
    }

    [Test]
    public async Task AuditLog_Truncate_RefusedOnPostgres()
    {
        await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet" }, "t");
        var sql = Engine == Engine.Postgres ? "TRUNCATE audit_log" : "DELETE FROM audit_log";
        Assert.CatchAsync<Exception>(() => Db.WriteAsync((c, tx) => c.ExecuteAsync(sql, transaction: tx)));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log")), Is.EqualTo(1));
    }

    [Test]
    public async Task UniqueIndex_DuplicateBadgeWrittenDirectly_ClearConflictNotAnEngineError()
    {
        await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Pekka", Kind = "staff", Badge = "STAFF-1" }, "t");
        var e = Assert.ThrowsAsync<UserError>(() => Db.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO borrowers (kind, name, badge, preferred_language, interpreter_needed, created_at, updated_at)
            VALUES ('Staff', 'Toinen', 'STAFF-1', 'fi', @no, @at, @at)
            """, new { no = false, at = DateTimeOffset.UtcNow }, tx)));
        Assert.That((e!.Kind, e.Message), Is.EqualTo((UserErrorKind.Conflict, e.Message)));
        Assert.That(e.Message, Does.StartWith("another record already has this value"));
    }
}
