using LaiteLaina.Audit;

namespace LaiteLaina.Tests.Audit;

/// <summary>
/// A year (2025) of loans made and closed through the real loan service on a fake clock, with outcomes known in
/// advance: each month four staff loans (on time; three days late; on time without the charger; early but damaged),
/// one client loan lost in June, two loans still out and overdue, and loans due outside the year.
/// </summary>
public sealed class ReturnAuditTests(Engine engine) : DatabaseTest(engine)
{
    private FakeTimeProvider clock = null!;
    private ReturnAudit audit = null!;

    private static readonly ReturnAuditFilter Year2025 = new() { From = "2025-01-01", To = "2025-12-31" };

    [SetUp]
    public async Task SeedYearAsync()
    {
        clock = await SeedAsync(Db, Scratch);
        audit = new ReturnAudit(Db, clock);
    }

    /// <summary>The year of loans, also for the report, API and CLI tests; returns the clock, standing on 15.1.2026.</summary>
    internal static async Task<FakeTimeProvider> SeedAsync(Database db, string dataDirectory)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 11, 1, 8, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var sites = new SiteService(db);
        await sites.AddAsync("KESKUS", "Keskusta", null, "t");
        await sites.AddAsync("KYLA", "Kylätalo", null, "t");
        var inventory = new InventoryService(db);
        for (var i = 1; i <= 8; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "S" + i, Site = i <= 2 ? "KESKUS" : "KYLA" }, "t");
            await inventory.ReadyAsync(d.Tag, "t");
        }
        var people = new BorrowerService(db);
        var staff = (await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Unit = "Perhetyö" }, "t")).Id.ToString(CultureInfo.InvariantCulture);
        var client = (await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "t")).Id.ToString(CultureInfo.InvariantCulture);
        var loans = new LoanService(db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(dataDirectory)), db), clock);

        var events = new List<(DateTimeOffset At, Func<Task> Do)>();
        DateTimeOffset At(int y, int m, int d, int h = 12) => new(y, m, d, h, 0, 0, TimeSpan.Zero);
        void Lend(DateTimeOffset at, int device, string borrower, DateOnly due, string counsellor, string kind = "staff") =>
            events.Add((at, () => loans.CheckOutAsync(new CheckOutRequest
            {
                Tag = Tag(device), Borrower = borrower, Kind = kind, Due = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Counsellor = counsellor,
                RecommendingWorker = kind == "client" ? "Sari Sosiaalityö" : null, Accessories = ["charger"],
            }, "t")));
        void Return(DateTimeOffset at, int device, ReturnRequest request) => events.Add((at, () => loans.ReturnAsync(Tag(device), request, "t")));

        for (var m = 1; m <= 12; m++)
        {
            Lend(At(2025, m, 1, 9), 1, staff, new DateOnly(2025, m, 10), "maija");
            Lend(At(2025, m, 1, 9), 2, staff, new DateOnly(2025, m, 15), "maija");
            Lend(At(2025, m, 1, 9), 3, staff, new DateOnly(2025, m, 10), "pekka");
            Lend(At(2025, m, 1, 9), 4, staff, new DateOnly(2025, m, 10), "pekka");
            Return(At(2025, m, 5), 4, new ReturnRequest { Condition = "poor" });
            // Repaired before it goes out again, so each month's loan starts from good.
            events.Add((At(2025, m, 6), () => inventory.EditAsync(Tag(4), new DeviceInput { Condition = "good" }, "t")));
            Return(At(2025, m, 9), 1, new ReturnRequest());
            Return(At(2025, m, 10), 3, new ReturnRequest { Missing = ["charger"] });
            Return(At(2025, m, 18), 2, new ReturnRequest());
        }
        Lend(At(2025, 6, 1, 9), 5, client, new DateOnly(2025, 6, 15), "sari", "client");
        events.Add((At(2025, 6, 20), () => loans.MarkLostAsync(Tag(5), "not returned, no answer", "t")));
        Lend(At(2025, 11, 1, 9), 6, staff, new DateOnly(2025, 11, 20), "sari");
        Lend(At(2025, 12, 1, 9), 7, staff, new DateOnly(2025, 12, 20), "sari");
        // Outside the year: due in December 2024, and due next February.
        Lend(At(2024, 12, 1, 9), 8, staff, new DateOnly(2024, 12, 10), "maija");
        Return(At(2024, 12, 9), 8, new ReturnRequest());
        Lend(At(2026, 1, 2, 9), 8, staff, new DateOnly(2026, 2, 1), "maija");

        foreach (var (at, work) in events.OrderBy(e => e.At))
        {
            clock.SetUtcNow(at);
            await work();
        }
        clock.SetUtcNow(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));
        return clock;
    }

    private static string Tag(int n) => "LL-" + n.ToString("D6", CultureInfo.InvariantCulture);

    [Test]
    public async Task SummaryAsync_SeededYear_ExactCounts()
    {
        var total = (await audit.SummaryAsync(Year2025)).Total;

        Assert.That(total, Is.EqualTo(new ReturnAuditGroup
        {
            Due = 51, OnTime = 36, Late = 12, DaysLateTotal = 36, MaxDaysLate = 3, MissingAccessories = 12, Damaged = 12, Lost = 1, Overdue = 2, Out = 0,
        }));
        Assert.That(total.AverageDaysLate, Is.EqualTo(3));
    }

    [Test]
    public async Task SummaryAsync_BySiteUnitCounsellor_GroupsAddUp()
    {
        var bySite = await audit.SummaryAsync(Year2025, ReturnAuditBy.Site);
        var byUnit = await audit.SummaryAsync(Year2025, ReturnAuditBy.Unit);
        var byCounsellor = await audit.SummaryAsync(Year2025, ReturnAuditBy.Counsellor);

        Assert.Multiple(() =>
        {
            Assert.That(bySite.Groups.Select(g => (g.Key, g.Due, g.OnTime, g.Late, g.MissingAccessories, g.Damaged, g.Lost, g.Overdue)),
                Is.EqualTo(new[] { ("KESKUS", 24L, 12L, 12L, 0L, 0L, 0L, 0L), ("KYLA", 27L, 24L, 0L, 12L, 12L, 1L, 2L) }));
            Assert.That(byUnit.Groups.Select(g => (g.Key, g.Due)), Is.EquivalentTo(new[] { ((string?)null, 1L), ("Perhetyö", 50L) }));
            Assert.That(byCounsellor.Groups.Select(g => (g.Key, g.Due, g.Late)),
                Is.EqualTo(new[] { ("maija", 24L, 12L), ("pekka", 24L, 0L), ("sari", 3L, 0L) }));
        });
    }

    [Test]
    public async Task SummaryAsync_FilteredBySiteAndCounsellor_OnlyThoseLoans()
    {
        var kyla = (await audit.SummaryAsync(Year2025 with { Site = "kyla", Counsellor = "SARI" })).Total;

        Assert.That((kyla.Due, kyla.Lost, kyla.Overdue), Is.EqualTo((3L, 1L, 2L)));
    }

    [Test]
    public async Task RowsAsync_LateOutcome_RowsLinkToLoanAndDocuments()
    {
        var late = await audit.RowsAsync(Year2025 with { Outcome = "late" }, withPersonalData: true);
        var lost = (await audit.RowsAsync(Year2025 with { Outcome = "lost" }, withPersonalData: true)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(late, Has.Count.EqualTo(12));
            Assert.That(late.Select(r => r.DaysLate).Distinct(), Is.EqualTo(new[] { 3L }));
            Assert.That(late[0].LoanUrl, Is.EqualTo("/api/loans/" + late[0].Reference));
            Assert.That(lost.BorrowerName, Is.EqualTo("Aino Äijälä"));
            Assert.That(lost.AgreementId, Is.Not.Null, "the client loan's agreement is linked");
            Assert.That(lost.Tag, Is.EqualTo("LL-000005"));
        });
    }

    [Test]
    public async Task StreamAsync_WithoutPersonalData_CsvCarriesNoNames()
    {
        using var writer = new StringWriter();
        var rows = await CsvOutput.WriteAsync(writer, audit.StreamAsync(Year2025, withPersonalData: false), ReturnAudit.RowColumns(false));
        using var withNames = new StringWriter();
        await CsvOutput.WriteAsync(withNames, audit.StreamAsync(Year2025, withPersonalData: true), ReturnAudit.RowColumns(true));

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(51));
            Assert.That(writer.ToString(), Does.Not.Contain("Aino").And.Not.Contain("Pekka Perhetyö").And.Not.Contain("borrower"));
            Assert.That(withNames.ToString(), Does.Contain("Aino Äijälä"));
        });
    }

    [Test]
    public async Task PdfAsync_SeededYear_ListsLostAndOverdueWithoutNames()
    {
        var text = PdfTools.PdfToText(await audit.PdfAsync(Year2025, withPersonalData: false, UiWords.Localizer));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Loans 51; on time 36; late 12"));
            Assert.That(text, Does.Contain("LL-000005").And.Contain("LL-000006").And.Contain("LL-000007"));
            Assert.That(text, Does.Not.Contain("Aino").And.Not.Contain("Pekka Perhetyö"));
        });
    }

    [Test]
    public void SummaryAsync_PeriodEndsBeforeItStarts_OneClearLine()
    {
        var e = Assert.ThrowsAsync<UserError>(() => audit.SummaryAsync(new ReturnAuditFilter { From = "2025-12-31", To = "2025-01-01" }));
        Assert.That(e!.Message, Does.StartWith("to '2025-01-01' is not valid: the period ends before it starts"));
    }

    [Test]
    public async Task SummaryAsync_NoPeriodGiven_ThisCalendarYear()
    {
        // The clock stands on 15.1.2026: of 2026 only the loan due 1.2.2026 is in, out and not yet due.
        var summary = await audit.SummaryAsync(new ReturnAuditFilter());

        Assert.That((summary.From, summary.To), Is.EqualTo((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))));
        Assert.That((summary.Total.Due, summary.Total.Out), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task RowsAsync_PeriodOfReturnDates_OnlyLoansReturnedThenWithBothDates()
    {
        var december = new ReturnAuditFilter { From = "2025-12-01", To = "2025-12-31", Basis = "returned" };

        var rows = await audit.RowsAsync(december, withPersonalData: false);
        var summary = await audit.SummaryAsync(december);

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.ReturnedOn), Is.EqualTo(new DateOnly?[] { new(2025, 12, 9), new(2025, 12, 10), new(2025, 12, 5), new(2025, 12, 18) }));
            Assert.That(rows.Select(r => r.DueOn).Distinct().Order(), Is.EqualTo(new[] { new DateOnly(2025, 12, 10), new DateOnly(2025, 12, 15) }));
            Assert.That((summary.Basis, summary.Total.Due, summary.Total.Late), Is.EqualTo((ReturnAuditBasis.Returned, 4L, 1L)));
        });
    }

    [Test]
    public async Task SummaryAsync_OneStepWorse_WearNotDamage()
    {
        var loans = new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db), clock);
        var inventory = new InventoryService(Db);
        var staff = (await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT id FROM borrowers WHERE unit = 'Perhetyö'"))).ToString(CultureInfo.InvariantCulture);
        await inventory.EditAsync("LL-000002", new DeviceInput { Condition = "poor" }, "t");
        // Good → fair is wear; good → poor and poor → broken (marked broken) are damage.
        foreach (var (tag, back) in new[] { ("LL-000001", "fair"), ("LL-000003", "poor"), ("LL-000002", "broken") })
        {
            await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = staff, Kind = "staff", Due = "2026-01-20", Counsellor = "maija" }, "t");
            await loans.ReturnAsync(tag, new ReturnRequest { Condition = back }, "t");
        }

        var rows = await audit.RowsAsync(new ReturnAuditFilter { From = "2026-01-16", To = "2026-01-31" }, withPersonalData: false);
        var total = (await audit.SummaryAsync(new ReturnAuditFilter { From = "2026-01-16", To = "2026-01-31" })).Total;

        Assert.That(rows.Select(r => (r.Tag, r.Damaged)), Is.EqualTo(new[] { ("LL-000001", false), ("LL-000003", true), ("LL-000002", true) }));
        Assert.That((total.Due, total.Damaged), Is.EqualTo((3L, 2L)));
    }
}

/// <summary>The damage rule alone: what a manager reads on the return audit page.</summary>
public sealed class ReturnDamageRuleTests
{
    [TestCase(DeviceCondition.New, DeviceCondition.Good, false)]
    [TestCase(DeviceCondition.Good, DeviceCondition.Fair, false)]
    [TestCase(DeviceCondition.Good, DeviceCondition.Good, false)]
    [TestCase(DeviceCondition.Fair, DeviceCondition.Good, false)]
    [TestCase(DeviceCondition.New, DeviceCondition.Fair, true)]
    [TestCase(DeviceCondition.Good, DeviceCondition.Poor, true)]
    [TestCase(DeviceCondition.Poor, DeviceCondition.Broken, true)]
    [TestCase(DeviceCondition.Broken, DeviceCondition.Broken, false)]
    public void IsDamage_ConditionOutAndIn_OneStepIsWearTwoOrBrokenIsDamage(DeviceCondition conditionOut, DeviceCondition conditionIn, bool damage) =>
        Assert.That(ReturnAudit.IsDamage(conditionOut, conditionIn), Is.EqualTo(damage));

    [TestCase(DeviceCondition.Good, DeviceCondition.Good, true, ExpectedResult = true)]
    [TestCase(DeviceCondition.Good, DeviceCondition.Fair, true, ExpectedResult = true)]
    [TestCase(DeviceCondition.Good, DeviceCondition.Fair, false, ExpectedResult = false)]
    public bool IsDamage_MarkedByTheCounsellor_DamageWhateverTheCondition(DeviceCondition conditionOut, DeviceCondition conditionIn, bool marked) =>
        ReturnAudit.IsDamage(conditionOut, conditionIn, marked);

    [Test]
    public void IsDamage_NotYetReturned_NoDamage() => Assert.That(ReturnAudit.IsDamage(DeviceCondition.Good, null), Is.False);
}
