using LaiteLaina.Audit;
using LaiteLaina.Reports;

namespace LaiteLaina.Tests.Audit;

/// <summary>
/// Retention, anonymisation, the right of access, erasure and volunteers' exports. Aino's only loan closed on
/// 20.1.2025, so with twelve months' retention she is due on 20.1.2026; Bertta returned one loan in May 2025 and has
/// one open and overdue. The clock stands on 1.2.2026.
/// </summary>
public sealed partial class PrivacyTests(Engine engine) : DatabaseTest(engine)
{
    private FakeTimeProvider clock = null!;
    private PrivacyService privacy = null!;
    private long aino, bertta;

    [SetUp]
    public async Task SeedAsync()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var inventory = new InventoryService(Db);
        for (var i = 1; i <= 3; i++)
            await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "S" + i }, "t")).Tag, "t");
        var people = new BorrowerService(Db);
        aino = (await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 111 2222", ClientReference = "AS-1001", Notes = "soita aamulla" }, "t")).Id;
        bertta = (await people.AddAsync(new BorrowerInput { Name = "Bertta Bäckström", Contact = "050 333 4444", ClientReference = "AS-2002" }, "t")).Id;
        var loans = Service<LoanService>(clock);
        async Task Lend(string tag, long who, string due) =>
            await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = who.ToString(CultureInfo.InvariantCulture), Due = due, RecommendingWorker = "Sari Sosiaalityö" }, "maija");
        await Lend("LL-000001", aino, "2025-02-01");
        clock.SetUtcNow(new DateTimeOffset(2025, 1, 20, 12, 0, 0, TimeSpan.Zero));
        await loans.ReturnAsync("LL-000001", new ReturnRequest { Notes = "Aino kertoi muuttavansa" }, "maija");
        clock.SetUtcNow(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await Lend("LL-000002", bertta, "2025-06-01");
        clock.SetUtcNow(new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "maija");
        clock.SetUtcNow(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await Lend("LL-000003", bertta, "2026-01-20");
        clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.Zero));
        privacy = new PrivacyService(Db, clock);
    }

    private Task<Borrower> BorrowerAsync(long id) => new BorrowerService(Db).GetAsync(id.ToString(CultureInfo.InvariantCulture));

    private Task<long> CountAsync(string sql, object? p = null) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql, p));

    [Test]
    public async Task RetentionWorker_BorrowerPastRetention_AnonymisedAndLoansStillCounted()
    {
        var due = await privacy.DueAsync();
        Assert.That(due.Select(d => d.BorrowerId), Is.EqualTo(new[] { aino }));
        Assert.That(due[0].DueOn, Is.EqualTo(new DateOnly(2026, 1, 20)));

        using (var job = new RetentionWorker(privacy, clock, NullLogger<RetentionWorker>.Instance))
        {
            await job.StartAsync(CancellationToken.None);
            var until = DateTime.UtcNow.AddSeconds(10);
            // The job waits a minute after start; the fake clock gets there as soon as the job has begun waiting.
            while ((await BorrowerAsync(aino)).AnonymisedAt is null && DateTime.UtcNow < until)
            {
                clock.Advance(TimeSpan.FromSeconds(10));
                await Task.Delay(50);
            }
            await job.StopAsync(CancellationToken.None);
        }

        var a = await BorrowerAsync(aino);
        var b = await BorrowerAsync(bertta);
        var summary = await new ReturnAudit(Db, clock).SummaryAsync(new ReturnAuditFilter { From = "2025-01-01", To = "2025-12-31" });
        Assert.Multiple(async () =>
        {
            Assert.That((a.Name, a.Contact, a.ClientReference, a.Notes), Is.EqualTo(($"(anonymised {aino})", (string?)null, (string?)null, (string?)null)));
            Assert.That(a.AnonymisedAt, Is.Not.Null);
            Assert.That(b.Name, Is.EqualTo("Bertta Bäckström"), "Bertta's retention has not ended");
            Assert.That((summary.Total.Due, summary.Total.OnTime), Is.EqualTo((2L, 2L)), "Aino's loan still counts");
            Assert.That(await CountAsync("SELECT count(*) FROM loans WHERE borrower_id = @aino", new { aino }), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM loans WHERE borrower_id = @aino AND return_notes IS NOT NULL", new { aino }), Is.Zero);
            Assert.That(await CountAsync("SELECT count(*) FROM documents d JOIN loans l ON l.id = d.subject_id AND d.subject_type = 'loan' WHERE l.borrower_id = @aino", new { aino }),
                Is.EqualTo(2), "her signed agreement and receipt are kept apart until the agreement retention ends");
            Assert.That(await CountAsync("SELECT count(*) FROM document_erasures"), Is.Zero);
            Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.EqualTo(5), "Bertta's documents stay");
            Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.anonymise' AND actor = 'job:retention' AND record_type = 'borrower'"), Is.EqualTo(1));
        });
        Assert.That(await privacy.DueAsync(), Is.Empty);
    }

    [Test]
    public void Documents_DeleteWithoutRecordedErasure_StillRefused()
    {
        Assert.ThrowsAsync(Is.InstanceOf<Exception>(), () => Db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM documents", transaction: tx)));
    }

    [Test]
    public async Task ExportAsync_OneBorrower_EverythingAboutThemNothingAboutOthers()
    {
        var text = PdfTools.PdfToText(await privacy.ExportAsync(aino.ToString(CultureInfo.InvariantCulture), "manager"));

        Assert.Multiple(async () =>
        {
            foreach (var expected in new[] { "Aino Äijälä", "040 111 2222", "AS-1001", "soita aamulla", "LN-000001", "LL-000001", "Sari Sosiaalityö",
                "Aino kertoi muuttavansa", "lainasopimus", "palautuskuitti", "Laina palautettu" })
                Assert.That(text, Does.Contain(expected));
            foreach (var other in new[] { "Bertta", "Bäckström", "AS-2002", "050 333 4444", "LN-000002", "LN-000003", "LL-000002" })
                Assert.That(text, Does.Not.Contain(other));
            Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.export' AND actor = 'manager' AND record_type = 'borrower' AND record_id = @aino", new { aino }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task EraseAsync_OpenLoan_RefusedUntilReturned()
    {
        var key = bertta.ToString(CultureInfo.InvariantCulture);
        var e = Assert.ThrowsAsync<UserError>(() => privacy.EraseAsync(key, "manager"));
        Assert.That(e!.Message, Does.Contain("still has loan LN-000003 open"));
        Assert.That((await BorrowerAsync(bertta)).Name, Is.EqualTo("Bertta Bäckström"));

        await Service<LoanService>(clock).ReturnAsync("LL-000003", new ReturnRequest(), "maija");
        var erased = await privacy.EraseAsync(key, "manager");

        Assert.That((erased.Name, erased.Contact), Is.EqualTo(($"(anonymised {bertta})", (string?)null)));
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.erase'"), Is.EqualTo(1));
    }

    [Test]
    public async Task ReadAsync_ManagerReadsDetails_ReadIsAudited()
    {
        var b = await privacy.ReadAsync(aino.ToString(CultureInfo.InvariantCulture), "esihenkilo");

        Assert.That(b.Name, Is.EqualTo("Aino Äijälä"));
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.read' AND actor = 'esihenkilo' AND record_type = 'borrower' AND record_id = @aino", new { aino }), Is.EqualTo(1));
    }

    [Test]
    public async Task Exports_WithoutPersonalData_CarryNoNames()
    {
        var filter = new ReturnAuditFilter { From = "2025-01-01", To = "2026-12-31" };
        var audit = new ReturnAudit(Db, clock);
        var reports = new ReportService(Db, clock);
        using var csv = new StringWriter();
        await CsvOutput.WriteAsync(csv, audit.StreamAsync(filter, false), ReturnAudit.RowColumns(false));
        await CsvOutput.WriteAsync(csv, reports.OverdueLoansAsync(false), ReportService.OverdueColumns(false));
        await CsvOutput.WriteAsync(csv, new AuditLogSearch(Db).StreamAsync(new AuditLogFilter(), false), AuditLogSearch.Columns);
        var pdf = PdfTools.PdfToText(await audit.PdfAsync(filter, false, UiWords.Localizer));
        using var withNames = new StringWriter();
        await CsvOutput.WriteAsync(withNames, reports.OverdueLoansAsync(true), ReportService.OverdueColumns(true));

        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "Aino", "Äijälä", "Bertta", "Bäckström", "040 111 2222", "AS-1001" })
            {
                Assert.That(csv.ToString(), Does.Not.Contain(name));
                Assert.That(pdf, Does.Not.Contain(name));
            }
            Assert.That(csv.ToString(), Does.Contain("LN-000003"), "the overdue loan is there, without its borrower");
            Assert.That(withNames.ToString(), Does.Contain("Bertta Bäckström"));
        });
    }

    [Test]
    public async Task LoanAgreement_RetentionSetting_StatedInPrivacyNotice()
    {
        await Settings.SetAsync(Db, "retention_months", "24", "admin");
        await Settings.SetAsync(Db, "agreement_retention_years", "5", "admin");
        var inventory = new InventoryService(Db);
        var tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "S9" }, "t")).Tag;
        await inventory.ReadyAsync(tag, "t");

        var (loan, _) = await Service<LoanService>(clock).CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = aino.ToString(CultureInfo.InvariantCulture), Due = "2026-03-01", RecommendingWorker = "Sari Sosiaalityö",
        }, "maija");
        var text = System.Text.RegularExpressions.Regex.Replace(
            PdfTools.PdfToText((await new LaiteLaina.Documents.DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Content), @"\s+", " ");

        Assert.That(text, Does.Contain("poistetaan 24 kuukauden kuluttua"));
        Assert.That(text, Does.Contain("säilytetään erillään muista tiedoista 5 vuotta lainan päättymisen jälkeen"));
        Assert.That(await privacy.RetentionMonthsAsync(), Is.EqualTo(24));
    }
}
