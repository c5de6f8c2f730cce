namespace LaiteLaina.Tests.Loans;

/// <summary>The desk's look-up, its daily lists and reminders, on each engine.</summary>
public sealed partial class DeskServiceTests(Engine engine) : DatabaseTest(engine)
{
    private FakeTimeProvider clock = null!;
    private LoanService loans = null!;
    private DeskService desk = null!;
    private InventoryService inventory = null!;
    private Borrower client = null!, staff = null!;

    private static readonly CultureInfo Finnish = new("fi");

    [SetUp]
    public async Task SeedAsync()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        inventory = new InventoryService(Db);
        loans = Service<LoanService>(clock);
        desk = Service<DeskService>(clock);
        var people = new BorrowerService(Db);
        client = await people.AddAsync(new BorrowerInput { Name = "Elsa Lindqvist", Contact = "050 123 4567", ClientReference = "ASK-1", Language = "sv" }, "t");
        staff = await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Badge = "STAFF-42" }, "t");
        await new SiteService(Db).AddAsync("KESKUS", "Keskustan palvelupiste", "Kauppakatu 12, Jyväskylä", "t");
        for (var i = 1; i <= 4; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput
            {
                Kind = "tablet", Make = i == 4 ? "Lenovo" : "Samsung", Model = "Tab", SerialNumber = i == 4 ? "r9zw400001" : $"R9ZW40000{i}",
                Imei = i == 2 ? "352916110000024" : null, Site = "KESKUS",
            }, "t", allowDuplicateSerial: true);
            await inventory.ReadyAsync(d.Tag, "t");
        }
    }

    private async Task<Loan> LendAsync(string tag, string due, Borrower? to = null) =>
        (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = (to ?? client).Id.ToString(CultureInfo.InvariantCulture), Kind = to == staff ? "staff" : "client", Due = due,
            RecommendingWorker = "Sari",
        }, "sari")).Loan;

    private async Task<IReadOnlyList<string>> TagsAsync(string text) => (await desk.LookUpAsync(text)).Devices.Select(d => d.Tag).ToList();

    [TestCase("ll-3")]
    [TestCase("LL3")]
    [TestCase("3")]
    [TestCase(" LL-000003 ")]
    public async Task LookUpAsync_ShortOrLowerCaseTag_FindsTheDevice(string text) =>
        Assert.That(await TagsAsync(text), Is.EqualTo(new[] { "LL-000003" }));

    [Test]
    public async Task LookUpAsync_SerialInOtherCase_FindsEveryDeviceWithIt()
    {
        Assert.That(await TagsAsync("r9zw400002"), Is.EqualTo(new[] { "LL-000002" }));
        // Two makers print the same serial: both are offered, and the desk asks which one.
        Assert.That(await TagsAsync("R9ZW400001"), Is.EquivalentTo(new[] { "LL-000001", "LL-000004" }));
    }

    [Test]
    public async Task LookUpAsync_Imei_FindsTheDevice() =>
        Assert.That(await TagsAsync("35 291611 000002 4"), Is.EqualTo(new[] { "LL-000002" }));

    [Test]
    public async Task LookUpAsync_LoanReferenceInAnyCase_FindsItsDevice()
    {
        await LendAsync("LL-000002", "2026-12-01");
        Assert.That(await TagsAsync("ln-1"), Is.EqualTo(new[] { "LL-000002" }));
        Assert.That(await TagsAsync("LN-000001"), Is.EqualTo(new[] { "LL-000002" }));
    }

    [Test]
    public void LookUpAsync_NothingMatches_SaysWhatWasSearchedInTheUsersLanguage()
    {
        var e = Assert.ThrowsAsync<UserError>(() => desk.LookUpAsync("LL-000002LL-000001"));
        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.NotFound, "tag")));
        Assert.That(e.In(Finnish), Does.Contain("'LL-000002LL-000001'").And.Contain("sarjanumero"));
    }

    [Test]
    public async Task ListsAsync_DeskDay_ListsDueTodayOverdueAwaitingWipeAndReservationsStartingToday()
    {
        await LendAsync("LL-000001", "2026-11-23", staff);
        await LendAsync("LL-000002", "2026-12-01");
        await LendAsync("LL-000003", "2026-12-01");
        await loans.ReturnAsync("LL-000003", new ReturnRequest(), "sari");
        await Service<ReservationService>(clock).AddAsync("LL-000004", null, staff.Id.ToString(CultureInfo.InvariantCulture), "2026-11-23", "2026-11-24", "kotikäynti", "sari");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE loans SET due_on = @due WHERE reference = 'LN-000002'", new { due = new DateOnly(2026, 11, 18) }, tx));

        var lists = await desk.ListsAsync(seesBorrowers: true);

        Assert.That(lists.DueToday.Rows.Select(r => r.Loan.Tag), Is.EqualTo(new[] { "LL-000001" }));
        var overdue = lists.Overdue.Rows.Single();
        Assert.That((overdue.Loan.Tag, overdue.Loan.DaysOverdue(lists.Today), overdue.Loan.BorrowerName, overdue.Contact),
            Is.EqualTo(("LL-000002", 5, "Elsa Lindqvist", "050 123 4567")));
        Assert.That(lists.AwaitingWipe.Rows.Select(d => d.Tag), Is.EqualTo(new[] { "LL-000003" }));
        Assert.That(lists.StartingToday.Rows.Select(r => (r.Tag, r.BorrowerName)), Is.EqualTo(new[] { ("LL-000004", "Pekka Perhetyö") }));
        Assert.That(new[] { lists.DueToday.More, lists.Overdue.More, lists.AwaitingWipe.More, lists.StartingToday.More }, Is.All.False);
    }

    [Test]
    public async Task ListsAsync_ViewerWhoMayNotSeeBorrowers_NoNameNoContact()
    {
        await LendAsync("LL-000002", "2026-12-01");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE loans SET due_on = @due", new { due = new DateOnly(2026, 11, 20) }, tx));
        await Service<ReservationService>(clock).AddAsync("LL-000004", null, staff.Id.ToString(CultureInfo.InvariantCulture), "2026-11-23", null, "kotikäynti", "sari");

        var lists = await desk.ListsAsync(seesBorrowers: false);

        var row = lists.Overdue.Rows.Single();
        Assert.That((row.Loan.Tag, row.Loan.BorrowerName, row.Contact, row.Loan.BorrowerId), Is.EqualTo(("LL-000002", (string?)null, (string?)null, 0L)));
        Assert.That(lists.StartingToday.Rows.Single().BorrowerName, Is.Null);
        Assert.That(JsonSerializer.Serialize(lists), Does.Not.Contain("Elsa").And.Not.Contain("050 123").And.Not.Contain("Pekka"));
    }

    [Test]
    public async Task ListsAsync_MoreThanTwentyOverdueAndOneDueToday_TwentyOldestSaysThereIsMoreAndTodaysStillListed()
    {
        for (var i = 0; i < 22; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet" }, "t");
            await inventory.ReadyAsync(d.Tag, "t");
            await LendAsync(d.Tag, "2026-12-01");
        }
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE loans SET due_on = @due WHERE id > 1", new { due = new DateOnly(2026, 11, 1) }, tx));
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE loans SET due_on = @due WHERE id = 1", new { due = new DateOnly(2026, 10, 1) }, tx));
        var today = await LendAsync("LL-000004", "2026-11-23", staff);

        var lists = await desk.ListsAsync(true);

        var overdue = lists.Overdue;
        Assert.That((overdue.Rows.Count, overdue.More, overdue.Rows[0].Loan.Reference), Is.EqualTo((DeskService.ListRows, true, "LN-000001")));
        Assert.That(overdue.Rows.Select(r => r.Loan.DueOn), Is.Ordered, "the longest overdue first");
        Assert.That((lists.DueToday.Rows.Single().Loan.Reference, lists.DueToday.More), Is.EqualTo((today.Reference, false)),
            "today's list has its own limit: twenty overdue loans do not push it out");
    }

    [Test]
    public async Task RemindAsync_OverdueLoan_NotedOnTheLoanAndInTheAuditLog()
    {
        var loan = await LendAsync("LL-000002", "2026-11-25");
        clock.Advance(TimeSpan.FromDays(5));

        await loans.RemindAsync(loan.Reference, "sari");

        var stored = await loans.GetAsync(loan.Reference);
        Assert.That((stored.RemindedOn, stored.RemindedBy), Is.EqualTo(((DateOnly?)new DateOnly(2026, 11, 28), "sari")));
        Assert.That((await desk.ListsAsync(true)).Overdue.Rows.Single().Loan.RemindedOn, Is.EqualTo(new DateOnly(2026, 11, 28)));
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<string>("SELECT after_json FROM audit_log WHERE action = 'loan.remind'"));
        Assert.That(audit, Does.Contain("2026-11-28").And.Not.Contain("Elsa"));
    }

    [Test]
    public async Task RemindAsync_ReturnedLoan_RefusedAndNothingWritten()
    {
        var loan = await LendAsync("LL-000002", "2026-11-25");
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "sari");
        Assert.ThrowsAsync<UserError>(() => loans.RemindAsync(loan.Reference, "sari"));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'loan.remind'")), Is.Zero);
    }

    [Test]
    public async Task ReminderAsync_SwedishSpeakingBorrower_ReadyTextInSwedishWithLoanDeviceDueDateAndPlace()
    {
        var loan = await LendAsync("LL-000002", "2026-11-30");
        clock.Advance(TimeSpan.FromDays(12));

        var reminder = await desk.ReminderAsync(loan.Reference.ToLowerInvariant());

        Assert.That(reminder.Language, Is.EqualTo("sv"));
        Assert.That(reminder.Text, Does.StartWith("Hej!").And.Contain("surfplatta LL-000002").And.Contain("30.11.2026")
            .And.Contain("LN-000001").And.Contain("Keskustan palvelupiste, Kauppakatu 12, Jyväskylä").And.Not.Contain("Elsa"));
    }

    [TestCase("fi", "Hei! Lainaamasi laite")]
    [TestCase("fi-selko", "Hei! Sinulla on lainassa")]
    [TestCase("en", "Hello! The tablet you borrowed")]
    public void Compose_EachBorrowerLanguage_TextInThatLanguage(string language, string start)
    {
        var text = ReminderText.Compose(new ReminderText.Facts("LL-000002", DeviceKind.Tablet, "Samsung", "Tab", "LN-000001", new DateOnly(2026, 11, 20),
            "Keskus", "014 000 0000"), language);
        Assert.That(text, Does.StartWith(start).And.Contain("LN-000001").And.Contain("LL-000002"));
    }
}
