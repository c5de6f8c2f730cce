using LaiteLaina.Audit;

namespace LaiteLaina.Tests.People;

/// <summary>
/// An erasure reaches every copy: a client whose every free-text field holds a word of its own ("quorrin…") borrows,
/// returns, loses, books and is scanned; after the erasure no table, column, stored document or written-out copy in
/// the data directory holds any of those words. Before it, each word is found somewhere, so the search is not vacuous.
/// </summary>
public sealed class ErasureTests(Engine engine) : DatabaseTest(engine)
{
    private const string Mark = "quorrin";

    // One word per field the borrower's data reaches, each naming where it was written.
    private static readonly string[] Words =
    [
        "QuorrinName", "QuorrinContact", "QUORRINREF", "QuorrinUnit", "QUORRINBADGE", "QuorrinNotes",
        "QuorrinReturnNote", "QuorrinLossNote", "QuorrinPurpose", "QuorrinCancelledPurpose",
    ];

    private FakeTimeProvider clock = null!;
    private long client;

    [SetUp]
    public async Task SeedAsync()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var inventory = new InventoryService(Db);
        for (var i = 1; i <= 2; i++)
            await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "E" + i }, "t")).Tag, "t");
        client = (await new BorrowerService(Db).AddAsync(new BorrowerInput
        {
            Name = "Zelda QuorrinName", Contact = "QuorrinContact 040 555 0101", ClientReference = "QUORRINREF-7", Unit = "QuorrinUnit",
            Badge = "QUORRINBADGE", Notes = "QuorrinNotes: prefers mornings", Language = "sv",
        }, "t")).Id;
        var who = client.ToString(CultureInfo.InvariantCulture);
        var loans = Service<LoanService>(clock);
        var location = new DataLocation(Scratch, Engine == Engine.Postgres ? Db.ConnectionString : null);
        var store = new DocumentStore(Db);

        // As `laitelaina loan out` and `loan return` do: the agreement and the receipt are written out for printing.
        var (lent, _) = await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = who, Due = "2026-12-01", RecommendingWorker = "Sari Sosiaalityö" }, "maija");
        await DocumentCommands.WriteOutAsync(location, await store.GetAsync(lent.DocumentId!.Value));
        var (returned, _) = await loans.ReturnAsync("LL-000001", new ReturnRequest { Notes = "QuorrinReturnNote: moving away" }, "maija");
        await DocumentCommands.WriteOutAsync(location, await store.GetAsync(returned.DocumentId!.Value));
        var (second, _) = await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000002", Borrower = who, Due = "2026-12-01", RecommendingWorker = "Sari Sosiaalityö" }, "maija");
        await loans.MarkLostAsync(second.Reference, "QuorrinLossNote: left on the bus", "maija");

        var reservations = Service<ReservationService>(clock);
        await reservations.AddAsync(null, "tablet", who, "2026-12-10", "2026-12-11", "QuorrinPurpose: court hearing", "maija");
        var cancelled = await reservations.AddAsync(null, "tablet", who, "2026-12-14", "2026-12-15", "QuorrinCancelledPurpose", "maija");
        await reservations.CancelAsync(cancelled.Id, "maija");

        // The badge read at the desk in each mode, one of them counting a stocktake: no log of scans may keep it.
        await new SiteService(Db).AddAsync("KESKUS", "Keskus", null, "t");
        await Service<StocktakeService>(clock).StartAsync("KESKUS", null, "desk-stocktake", "t");
        var processor = Service<ScanProcessor>(clock);
        foreach (var mode in new[] { "lookup", "return", "staff-checkout", "stocktake" })
        {
            var scanner = HardwareSettings.Scanner("Scanners:0", new ScannerOptions { Name = "desk-" + mode, Port = "/dev/null", Mode = mode });
            await processor.HandleAsync(scanner, new ScanFrame("QUORRINBADGE", null, "code-128"), CancellationToken.None);
        }
    }

    [Test]
    public async Task EraseAsync_NoDocumentEverWrittenOut_ErasedWithoutAnError()
    {
        // An office that prints from the browser never has a documents folder: the erasure used to fail after its commit.
        Directory.Delete(Path.Combine(Scratch, "documents"), recursive: true);
        var erased = await Service<PrivacyService>(clock).EraseAsync(client.ToString(CultureInfo.InvariantCulture), "manager");
        Assert.That(erased.AnonymisedAt, Is.Not.Null);
    }

    [Test]
    public async Task EraseAsync_EveryFreeTextField_NoWordLeftInAnyTableColumnOrDocument()
    {
        var before = await FindAsync();
        Assert.That(Words.Where(w => !before.Any(f => f.Contains(w, StringComparison.OrdinalIgnoreCase))), Is.Empty,
            "each word was stored somewhere before the erasure");

        // The erasure on request keeps the signed agreements and receipts for legal claims; an administrator then erases those too.
        var privacy = Service<PrivacyService>(clock);
        await privacy.EraseAsync(client.ToString(CultureInfo.InvariantCulture), "manager");
        await privacy.EraseAgreementsAsync(client.ToString(CultureInfo.InvariantCulture), "admin");

        Assert.That(await FindAsync(), Is.Empty);
        if (Engine == Engine.Sqlite)
        {
            // Nor in the file itself, in the space the old rows and documents left, once the log is checkpointed.
            await Db.ReadAsync(c => c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)"));
            var file = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(Scratch, DataLocation.DatabaseFileName)));
            Assert.That(Words.Where(w => file.Contains(w, StringComparison.OrdinalIgnoreCase)), Is.Empty, "the SQLite file's free space");
        }
    }

    [Test]
    public async Task Migration10_AuditRowsWrittenBefore_FreeTextBecomesChanged()
    {
        // A row as the audit log held it before migration 10, run again here over it.
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO audit_log (at, actor, action, record_type, record_id, record_key, before_json, after_json)
            VALUES (@at, 'before-10', 'loan.return', 'loan', 1, 'LN-000001', '{"reference":"LN-000001","returnNotes":null}',
                    '{"reference":"LN-000001","returnNotes":"QuorrinReturnNote"}'),
                   (@at, 'before-10', 'reservation.cancel', 'reservation', 1, '1', '{"id":1,"purpose":"QuorrinPurpose"}',
                    '{"id":1,"purpose":"QuorrinPurpose","cancelledAt":"2026-11-23"}')
            """, new { at = clock.GetUtcNow() }, tx));
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM schema_version WHERE version = 10", transaction: tx));

        await Migrator.MigrateAsync(Db);

        var json = await Db.ReadAsync(c => c.QueryAsync<string?>("""
            SELECT before_json FROM audit_log WHERE actor = 'before-10'
            UNION ALL
            SELECT after_json FROM audit_log WHERE actor = 'before-10'
            """));
        var texts = json.SelectMany(j => JsonDocument.Parse(j!).RootElement.EnumerateObject())
            .Where(p => p.Name is "returnNotes" or "purpose" && p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString());
        Assert.That(texts, Is.EqualTo(new[] { "changed", "changed", "changed" }), "the loan's notes after its return, the booking's purpose before and after");
        Assert.ThrowsAsync(Is.InstanceOf<Exception>(), () => Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE audit_log SET actor = 'x'", transaction: tx)),
            "the log is append-only again");
    }

    /// <summary>Every place a word of <see cref="Mark"/> is found: "table.column: value" for each table the schema lists
    /// (a PDF by its text), and "file: path" for each file in the data directory other than the database itself.</summary>
    private async Task<IReadOnlyList<string>> FindAsync()
    {
        var found = new List<string>();
        var tables = (await Db.ReadAsync(c => c.QueryAsync<string>(Engine == Engine.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"))).AsList();
        Assert.That(tables, Is.SupersetOf(new[] { "borrowers", "loans", "reservations", "audit_log", "documents", "document_erasures", "scans", "print_jobs", "stocktake_scans" }));
        foreach (var table in tables)
        {
            var rows = await Db.ReadAsync(c => c.QueryAsync($"SELECT * FROM {table}"));
            foreach (IDictionary<string, object?> row in rows)
            {
                foreach (var (column, value) in row)
                {
                    var text = value switch
                    {
                        byte[] pdf when pdf.AsSpan().StartsWith("%PDF"u8) => PdfTools.PdfToText(pdf),
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        null => "",
                        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                    };
                    if (text.Contains(Mark, StringComparison.OrdinalIgnoreCase))
                        found.Add($"{table}.{column}: {text}");
                }
            }
        }
        foreach (var file in Directory.EnumerateFiles(Scratch, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetFileName(f).StartsWith(DataLocation.DatabaseFileName, StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = bytes.AsSpan().StartsWith("%PDF"u8) ? PdfTools.PdfToText(bytes) : Encoding.UTF8.GetString(bytes);
            if (text.Contains(Mark, StringComparison.OrdinalIgnoreCase))
                found.Add($"file {Path.GetRelativePath(Scratch, file)}: {text}");
        }
        return found;
    }
}
