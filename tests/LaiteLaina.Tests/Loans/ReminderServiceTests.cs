using LaiteLaina.Hosting;
using LaiteLaina.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace LaiteLaina.Tests.Loans;

/// <summary>The daily reminder e-mails, sent to a real SMTP server (aiosmtpd) and read back with MimeKit, on each engine.</summary>
public sealed class ReminderServiceTests(Engine engine) : DatabaseTest(engine)
{
    private FakeTimeProvider clock = null!;
    private LoanService loans = null!;
    private Borrower client = null!, staffSv = null!, staffFi = null!;
    private SmtpSink? sink;

    [SetUp]
    public async Task SeedAsync()
    {
        // Monday 7 December 2026, 08:00 in Helsinki (06:00 UTC), after the default reminder time of 07:00.
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki"));
        loans = Service<LoanService>(clock);
        var people = new BorrowerService(Db);
        client = await people.AddAsync(new BorrowerInput { Name = "Elsa Lindqvist", Contact = "elsa.lindqvist@example.fi, 050 123 4567", ClientReference = "ASK-1", Language = "sv" }, "t");
        staffSv = await people.AddAsync(new BorrowerInput { Name = "Karin Berg", Kind = "staff", Contact = "karin.berg@kunta.example.fi", Language = "sv" }, "t");
        staffFi = await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Contact = "040 765 4321 / pekka.perhetyo@kunta.example.fi", Language = "fi" }, "t");
        var users = Service<UserService>(clock);
        await users.AddAsync("sari", "Sari Salo", "counsellor", "correct horse battery staple", "t", language: "fi");
        await users.SetEmailAsync("sari", "sari.salo@kunta.example.fi", "t");
        await new SiteService(Db).AddAsync("KESKUS", "Keskustan palvelupiste", "Kauppakatu 12, Jyväskylä", "t");
        var inventory = new InventoryService(Db);
        for (var i = 1; i <= 5; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9", SerialNumber = $"R9ZW5000{i}", Site = "KESKUS" }, "t");
            await inventory.ReadyAsync(d.Tag, "t");
        }
    }

    [TearDown]
    public void StopSink()
    {
        // One fixture object runs every test: the sink of the last one must not be stopped twice.
        sink?.Dispose();
        sink = null;
    }

    private async Task<SmtpSink> SinkAsync(int? port = null) => sink = await SmtpSink.StartAsync(Path.Combine(Scratch, "mail"), port);

    private ReminderService Reminders(int port, ILogger<ReminderService>? log = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "none",
            ["Smtp:From"] = "LaiteLaina <laitelaina@kunta.example.fi>", ["PublicUrl"] = "https://laitelaina.kunta.example.fi",
        }).Build();
        return new ReminderService(Db, new Mailer(configuration), configuration, clock, log ?? NullLogger<ReminderService>.Instance);
    }

    private async Task<Loan> LendAsync(int device, Borrower to, string due) =>
        (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = $"LL-00000{device}", Borrower = to.Id.ToString(CultureInfo.InvariantCulture), Kind = to.Kind == BorrowerKind.Staff ? "staff" : "client",
            Due = due, Counsellor = "Sari Salo", RecommendingWorker = "Sari Salo",
        }, "sari")).Loan;

    private static string Body(MimeMessage m) => m.TextBody ?? "";

    [Test]
    public async Task RunAsync_StaffLoanDueTomorrow_EmailsTheBorrowerInTheirLanguage()
    {
        var loan = await LendAsync(1, staffSv, "2026-12-08");
        var smtp = await SinkAsync();
        var run = await Reminders(smtp.Port).RunAsync();
        var m = smtp.Messages().Single();
        Assert.That(run, Is.EqualTo(new ReminderRun(new DateOnly(2026, 12, 7), 1, 0, null)));
        Assert.That(m.To.Mailboxes.Single().Address, Is.EqualTo("karin.berg@kunta.example.fi"));
        Assert.That(m.From.Mailboxes.Single().Name, Is.EqualTo("LaiteLaina"));
        Assert.That(m.BodyParts.OfType<TextPart>().Single().Headers[HeaderId.ContentLanguage], Is.EqualTo("sv"));
        Assert.That(m.Subject, Does.Contain("i morgon").And.Contain("LL-000001"));
        Assert.That(Body(m), Does.Contain("8.12.2026").And.Contain(loan.Reference).And.Contain("Galaxy Tab A9")
            .And.Contain("Keskustan palvelupiste, Kauppakatu 12, Jyväskylä").And.Contain("lämnas tillbaka"));
        // The borrower's own name is not needed to remind them, and no other person's data is there either.
        Assert.That(Body(m), Does.Not.Contain("Karin").And.Not.Contain("Sari"));
    }

    [Test]
    public async Task RunAsync_StaffLoanDueToday_EmailsOnTheDueDateInFinnish()
    {
        await LendAsync(2, staffFi, "2026-12-07");
        var smtp = await SinkAsync();
        await Reminders(smtp.Port).RunAsync();
        var m = smtp.Messages().Single();
        Assert.That(m.To.Mailboxes.Single().Address, Is.EqualTo("pekka.perhetyo@kunta.example.fi"));
        Assert.That(m.Subject, Does.Contain("tänään").And.Contain("LL-000002"));
        Assert.That(Body(m), Does.Contain("pitää palauttaa 7.12.2026").And.Contain("Palautuspaikka: Keskustan palvelupiste"));
    }

    [Test]
    public async Task RunAsync_StaffLoanDueInTwoDays_SendsNothingYet()
    {
        await LendAsync(1, staffFi, "2026-12-09");
        var smtp = await SinkAsync();
        Assert.That((await Reminders(smtp.Port).RunAsync()).Sent, Is.Zero);
        Assert.That(smtp.Messages(), Is.Empty);
    }

    [Test]
    public async Task RunAsync_TwoRunsAndARestartTheSameDay_SendEachReminderOnce()
    {
        await LendAsync(1, staffFi, "2026-12-08");
        var smtp = await SinkAsync();
        await Reminders(smtp.Port).RunAsync();
        clock.Advance(TimeSpan.FromHours(3));
        await Reminders(smtp.Port).RunAsync();
        // A restarted service is a new object graph over the same database: what was sent is read from there.
        Assert.That((await Reminders(smtp.Port).RunAsync()).Sent, Is.Zero);
        Assert.That(smtp.Messages(), Has.Count.EqualTo(1));
        // The next day is the due date: one more.
        clock.Advance(TimeSpan.FromDays(1));
        await Reminders(smtp.Port).RunAsync();
        Assert.That(smtp.Messages().Select(m => m.Subject), Has.Exactly(1).Contains("tänään").And.Exactly(1).Contains("huomenna"));
    }

    [Test]
    public async Task RunAsync_ClientLoans_NeverEmailTheClientAndTheCounsellorListHasNoClientData()
    {
        var overdue = await LendAsync(1, client, "2026-12-07");
        var tomorrow = await LendAsync(2, client, "2026-12-08");
        clock.Advance(TimeSpan.FromDays(3));
        var smtp = await SinkAsync();
        await Reminders(smtp.Port).RunAsync();
        var messages = smtp.Messages();
        Assert.That(messages.SelectMany(m => m.To.Mailboxes).Select(a => a.Address), Is.EqualTo(new[] { "sari.salo@kunta.example.fi" }));
        var list = messages.Single();
        Assert.That(list.Subject, Does.Contain("2"));
        Assert.That(Body(list), Does.Contain(overdue.Reference).And.Contain("LL-000001").And.Contain(tomorrow.Reference).And.Contain("LL-000002")
            .And.Contain("https://laitelaina.kunta.example.fi/reminders").And.Contain("Hyvää huomenta"));
        foreach (var personal in new[] { "Elsa", "Lindqvist", "elsa.lindqvist", "050 123 4567", "ASK-1" })
            Assert.That(list.Subject + Body(list), Does.Not.Contain(personal));
    }

    [Test]
    public async Task RunAsync_OfficeDateAheadOfUtc_UsesTheOfficesLocalDate()
    {
        await LendAsync(1, staffFi, "2026-12-08");
        await Settings.SetAsync(Db, "reminder_time", "01:00", "t");
        // 23:30 UTC on the 7th is 01:30 on the 8th in Helsinki: the loan is due today there, not tomorrow.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero));
        var smtp = await SinkAsync();
        Assert.That((await Reminders(smtp.Port).RunIfDueAsync())?.Day, Is.EqualTo(new DateOnly(2026, 12, 8)));
        Assert.That(smtp.Messages().Single().Subject, Does.Contain("tänään"));
    }

    [Test]
    public async Task RunIfDueAsync_BeforeTheOfficesReminderTime_SendsNothing()
    {
        await LendAsync(1, staffFi, "2026-12-08");
        // 04:59 UTC is 06:59 in Helsinki, a minute before 07:00; 07:00 UTC would already be past it.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 4, 59, 0, TimeSpan.Zero));
        var smtp = await SinkAsync();
        Assert.That(await Reminders(smtp.Port).RunIfDueAsync(), Is.Null);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await Reminders(smtp.Port).RunIfDueAsync())?.Sent, Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_SmtpServerDown_MarksNothingAndSendsOnTheNextRun()
    {
        var loan = await LendAsync(1, staffFi, "2026-12-08");
        var port = SmtpSink.FreePort();
        var down = await Reminders(port).RunAsync();
        Assert.That(down.Sent, Is.Zero);
        Assert.That(down.Stopped, Is.Not.Null);
        Assert.That(await Reminders(port).SentAsync(loan.Id), Is.Empty);
        var smtp = await SinkAsync(port);
        Assert.That((await Reminders(port).RunAsync()).Sent, Is.EqualTo(1));
        Assert.That(smtp.Messages(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_OneRefusedAddress_TheOthersStillGetTheirs()
    {
        var people = new BorrowerService(Db);
        var wrong = await people.AddAsync(new BorrowerInput { Name = "Ville Väärä", Kind = "staff", Contact = "ville@refused.invalid", Language = "fi" }, "t");
        var refusedLoan = await LendAsync(1, wrong, "2026-12-08");
        await LendAsync(2, staffFi, "2026-12-08");
        var smtp = await SinkAsync();
        var run = await Reminders(smtp.Port).RunAsync();
        Assert.That((run.Sent, run.Refused, run.Stopped), Is.EqualTo((1, 1, (string?)null)));
        Assert.That(smtp.Messages().Single().To.Mailboxes.Single().Address, Is.EqualTo("pekka.perhetyo@kunta.example.fi"));
        // Not marked: once the address is corrected, the next run sends it.
        Assert.That(await Reminders(smtp.Port).SentAsync(refusedLoan.Id), Is.Empty);
    }

    [Test]
    public async Task RunAsync_ReminderSent_IsNotedOnTheLoanAndInTheAuditLog()
    {
        var loan = await LendAsync(1, staffFi, "2026-12-07");
        var smtp = await SinkAsync();
        var reminders = Reminders(smtp.Port);
        await reminders.RunAsync();
        var sent = (await reminders.SentAsync(loan.Id)).Single();
        Assert.That((sent.Kind, sent.ForDate, sent.SentTo, sent.SentAt), Is.EqualTo((ReminderKind.DueToday, new DateOnly(2026, 12, 7), "borrower", clock.GetUtcNow())));
        var audit = await Db.ReadAsync(c => c.QueryAsync<(string Actor, string Key, string After)>(
            "SELECT actor, record_key, after_json FROM audit_log WHERE action = 'loan.reminder-mail'"));
        Assert.That(audit.Single().Actor, Is.EqualTo(ReminderService.Actor));
        Assert.That(audit.Single().Key, Is.EqualTo(loan.Reference));
        Assert.That(audit.Single().After, Does.Contain("DueToday").And.Not.Contain("@"));
    }

    [Test]
    public async Task RunAsync_NoSmtpHost_RunIfDueSendsNothing()
    {
        await LendAsync(1, staffFi, "2026-12-08");
        var configuration = new ConfigurationBuilder().Build();
        var reminders = new ReminderService(Db, new Mailer(configuration), configuration, clock, NullLogger<ReminderService>.Instance);
        Assert.That(await reminders.RunIfDueAsync(), Is.Null);
    }

    [TestCase("7.30", "07:30")]
    [TestCase(" 7:05 ", "07:05")]
    public void Check_ReminderTime_IsStoredAsHoursAndMinutes(string typed, string stored) =>
        Assert.That(Settings.Check("reminder-time", typed), Is.EqualTo(("reminder_time", stored)));

    [Test]
    public void Check_ReminderTimeNotATime_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<UserError>(() => Settings.Check("reminder_time", "25:00"));
        Assert.That(e!.Field, Is.EqualTo("reminder-time"));
        Assert.That(e.In(new CultureInfo("fi")), Does.Contain("'25:00'").And.Contain("HH:mm"));
    }
}
