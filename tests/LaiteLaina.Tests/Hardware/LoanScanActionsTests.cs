using LaiteLaina.Tests.Audit;
using LaiteLaina.Web;

namespace LaiteLaina.Tests.Hardware;

/// <summary>Return and staff-checkout scanner modes against a real database, driven through the scan processor.</summary>
public sealed class LoanScanActionsTests(Engine engine) : DatabaseTest(engine)
{
    private const string Badge = "STAFF-1042";

    private FakeTimeProvider clock = null!;
    private LoanService loans = null!;
    private InventoryService inventory = null!;
    private ScanEvents events = null!;
    private StaffCheckoutScanAction staffAction = null!;
    private ScanProcessor processor = null!;
    private long staff;

    [SetUp]
    public async Task SeedAsync()
    {
        // Monday morning, UTC as local time, so "due today" is 23.11.2026 on every machine.
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        inventory = new InventoryService(Db);
        loans = Service<LoanService>(clock);
        var people = new BorrowerService(Db);
        staff = (await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Badge = Badge }, "t")).Id;
        await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Kind = "client", Badge = "STAFF-7777" }, "t");
        for (var i = 1; i <= 3; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "R9" + i }, "t");
            await inventory.ReadyAsync(d.Tag, "t");
        }
        events = new ScanEvents();
        staffAction = new StaffCheckoutScanAction(loans, new BorrowerService(Db), events, clock);
        processor = new ScanProcessor(Db, [.. ScanProcessor.Defaults(), new ReturnScanAction(loans), staffAction], events, NullLogger<ScanProcessor>.Instance);
    }

    [TearDown]
    public void DisposeAction() => staffAction.Dispose();

    private static ScannerSettings Scanner(string mode, Action<ScannerOptions>? configure = null)
    {
        var options = new ScannerOptions { Name = "desk", Port = "/dev/null", Mode = mode };
        configure?.Invoke(options);
        return HardwareSettings.Scanner("Scanners:0", options);
    }

    private Task<ScanEvent> ScanAsync(ScannerSettings scanner, string code) =>
        processor.HandleAsync(scanner, new ScanFrame(code, null, "code-128"), CancellationToken.None);

    private async Task<IReadOnlyList<ScanEvent>> ScanAllAsync(ScannerSettings scanner, params string[] codes)
    {
        var list = new List<ScanEvent>();
        foreach (var code in codes)
            list.Add(await ScanAsync(scanner, code));
        return list;
    }

    /// <summary>What the event says to a counsellor reading English; at rest it names nobody.</summary>
    private static string? Said(ScanEvent e) => e.For(MessageCatalog.English, seesBorrowers: true).Message;

    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    private async Task<Loan> LendToStaffAsync(string tag) =>
        (await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = Badge, Kind = "staff", Due = "2026-11-24" }, "maija")).Loan;

    [TestCase("true", DeviceStatus.Ready)]
    [TestCase("false", DeviceStatus.AwaitingWipe)]
    public async Task Return_LentStaffTablet_LoanClosedDeviceMovedPerSetting(string toReady, DeviceStatus expected)
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE settings SET value = @toReady WHERE name = 'staff_return_to_ready'", new { toReady }, tx));
        var lent = await LendToStaffAsync("LL-000001");

        var e = await ScanAsync(Scanner("return"), "LL-000001");

        Assert.That((e.Type, e.Loan, e.Device?.Status, e.Borrower), Is.EqualTo((ScanEventKind.LoanReturned, lent.Reference, expected, (string?)null)));
        Assert.That(e.Message, Is.EqualTo($"LL-000001 returned (loan {lent.Reference}); now {EnumText.Kebab(expected)}."));
        var loan = await loans.GetAsync(lent.Reference);
        Assert.That((loan.State, loan.ClosedBy, loan.ConditionIn, loan.AccessoriesMissing), Is.EqualTo((LoanState.Returned, "scanner:desk", "Good", (string?)null)));
        Assert.That((await inventory.GetAsync("LL-000001")).Status, Is.EqualTo(expected));
    }

    [Test]
    public async Task Return_TagNotOnLoan_ClearRefusalNothingChanged()
    {
        var audit = await CountAsync("SELECT count(*) FROM audit_log");

        var e = await ScanAsync(Scanner("return"), "LL-000002");

        Assert.That((e.Type, e.Device?.Tag), Is.EqualTo((ScanEventKind.ReturnRefused, "LL-000002")));
        Assert.That(e.Message, Is.EqualTo("LL-000002 is not on loan (it is ready); there is nothing to return."));
        Assert.That((await inventory.GetAsync("LL-000002")).Status, Is.EqualTo(DeviceStatus.Ready));
        Assert.That((await CountAsync("SELECT count(*) FROM loans"), await CountAsync("SELECT count(*) FROM audit_log")), Is.EqualTo((0L, audit)));
    }

    [Test]
    public async Task Return_UnknownCode_UnknownCodeEvent()
    {
        var e = await ScanAsync(Scanner("return"), "6417182000014");
        Assert.That((e.Type, e.Code, e.Device), Is.EqualTo((ScanEventKind.UnknownCode, "6417182000014", (ScanCard?)null)));
    }

    [Test]
    public async Task ForViewer_EachInTheirLanguage_NamesOnlyForThoseWhoSeeBorrowers()
    {
        var e = await ScanAllAsync(Scanner("staff-checkout"), Badge, "LL-000001");
        static System.Security.Claims.ClaimsPrincipal Viewer(string role, string language) => new(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Role, role), new(Access.LanguageClaim, language)], "test"));
        var counsellor = HardwareExtensions.ForViewer(e[1], Viewer("Counsellor", "fi"));
        Assert.That((counsellor.Message, counsellor.Borrower),
            Is.EqualTo(("LL-000001 lainattu: Pekka Perhetyö, palautus 23.11.2026 mennessä (laina LN-000001).", "Pekka Perhetyö")));
        var volunteer = HardwareExtensions.ForViewer(e[1], Viewer("Volunteer", "sv"));
        Assert.That((volunteer.Message, volunteer.Borrower),
            Is.EqualTo(("LL-000001 utlånad till … till och med 23.11.2026 (lån LN-000001).", (string?)null)));
        var refused = HardwareExtensions.ForViewer(await ScanAsync(Scanner("staff-checkout"), "LL-000001"), Viewer("Counsellor", "sv"));
        Assert.That(refused.Message, Does.Not.Contain("Pekka").And.Contain("LL-000001"), "a refusal at the desk names nobody, in Swedish too");
    }

    [Test]
    public async Task Recent_StaffSessionWithLoanAndIdleEnd_NameOnlyInTheBorrowerField()
    {
        var desk = Scanner("staff-checkout");
        await ScanAllAsync(desk, Badge, "LL-000001", "LL-000001", Badge, Badge);
        clock.Advance(TimeSpan.FromSeconds(61));

        // As any other reader of the kept events would write them: the name is a field the viewer filter removes,
        // never a part of the text.
        var kept = events.Recent().Select(e => JsonSerializer.Serialize(e with { Borrower = null }, Json.Options)).ToList();
        Assert.That(kept, Has.Count.EqualTo(6));
        Assert.That(kept, Has.None.Contains("Pekka").And.None.Contains(Badge));
    }

    [Test]
    public async Task StaffCheckout_BadgeThenTwoTags_TwoOpenStaffLoansDueToday()
    {
        var desk = Scanner("staff-checkout");

        var e = await ScanAllAsync(desk, Badge, "LL-000001", "LL-000002");

        Assert.That(e.Select(x => x.Type), Is.EqualTo(new[] { ScanEventKind.StaffSessionStarted, ScanEventKind.LoanCheckedOut, ScanEventKind.LoanCheckedOut }));
        Assert.That((e[0].Code, e[0].Borrower, Said(e[0])), Is.EqualTo(((string?)null, "Pekka Perhetyö",
            "Pekka Perhetyö: scan the devices to lend, due back 23.11.2026; scan the badge again when done.")));
        Assert.That((e[1].Loan, e[1].Device?.Status, e[1].Borrower), Is.EqualTo(("LN-000001", DeviceStatus.OnLoan, "Pekka Perhetyö")));
        Assert.That(Said(e[2]), Is.EqualTo("LL-000002 lent to Pekka Perhetyö until 23.11.2026 (loan LN-000002)."));
        var open = await loans.ListAsync("open");
        Assert.That(open.Select(l => (l.Tag, l.Kind, l.BorrowerId, l.DueOn, l.Counsellor)).OrderBy(l => l.Tag), Is.EqualTo(new[]
        {
            ("LL-000001", LoanKind.Staff, staff, (DateOnly?)new DateOnly(2026, 11, 23), "scanner:desk"),
            ("LL-000002", LoanKind.Staff, staff, (DateOnly?)new DateOnly(2026, 11, 23), "scanner:desk"),
        }));
        Assert.That(JsonSerializer.Serialize(events.Recent(), Json.Options), Does.Not.Contain(Badge), "the badge code names a person");
    }

    [Test]
    public async Task StaffCheckout_StaffLoanDaysTwo_DueTheDayAfterTomorrow()
    {
        var e = await ScanAllAsync(Scanner("staff-checkout", o => o.StaffLoanDays = 2), Badge, "LL-000003");
        Assert.That(e[1].Type, Is.EqualTo(ScanEventKind.LoanCheckedOut));
        Assert.That((await loans.GetAsync("LL-000003")).DueOn, Is.EqualTo(new DateOnly(2026, 11, 25)));
    }

    [Test]
    public async Task StaffCheckout_TagWithoutBadge_BadgeRequiredNothingLent()
    {
        var e = await ScanAsync(Scanner("staff-checkout"), "LL-000001");
        Assert.That((e.Type, e.Message), Is.EqualTo((ScanEventKind.BadgeRequired, "scan a staff badge first, then the devices to lend.")));
        Assert.That(await CountAsync("SELECT count(*) FROM loans"), Is.Zero);
    }

    [Test]
    public async Task StaffCheckout_IdleLongerThanLimit_SessionEndsAndNextTagRefused()
    {
        var desk = Scanner("staff-checkout", o => o.StaffSessionIdleSeconds = 60);
        await ScanAllAsync(desk, Badge);
        // Each scan restarts the idle clock: 100 s after the badge, but 50 s after the last scan, is still in session.
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.That((await ScanAsync(desk, "LL-000001")).Type, Is.EqualTo(ScanEventKind.LoanCheckedOut));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.That((await ScanAsync(desk, "LL-000002")).Type, Is.EqualTo(ScanEventKind.LoanCheckedOut));

        clock.Advance(TimeSpan.FromSeconds(60));

        var ended = events.Recent()[0];
        Assert.That((ended.Type, ended.Scanner, ended.Borrower), Is.EqualTo((ScanEventKind.StaffSessionEnded, "desk", "Pekka Perhetyö")));
        Assert.That(Said(ended), Is.EqualTo("Pekka Perhetyö: session ended, 2 devices lent, due back 23.11.2026. (no scan for 60 s)"));
        var after = await ScanAsync(desk, "LL-000003");
        Assert.That((after.Type, after.Message), Is.EqualTo((ScanEventKind.BadgeRequired, "scan a staff badge first, then the devices to lend.")));
        Assert.That(await CountAsync("SELECT count(*) FROM loans"), Is.EqualTo(2));
    }

    [Test]
    public async Task StaffCheckout_SameBadgeAgain_SessionEnded()
    {
        var desk = Scanner("staff-checkout");
        var e = await ScanAllAsync(desk, Badge, "LL-000001", Badge, "LL-000002");
        Assert.That(e.Select(x => x.Type), Is.EqualTo(new[] { ScanEventKind.StaffSessionStarted, ScanEventKind.LoanCheckedOut, ScanEventKind.StaffSessionEnded, ScanEventKind.BadgeRequired }));
        Assert.That((e[2].Code, Said(e[2])), Is.EqualTo(((string?)null, "Pekka Perhetyö: session ended, 1 device lent, due back 23.11.2026.")));
        Assert.That(await CountAsync("SELECT count(*) FROM loans"), Is.EqualTo(1));
    }

    [Test]
    public async Task StaffCheckout_TwoScanners_SessionsKeptApart()
    {
        var desk = Scanner("staff-checkout");
        var other = Scanner("staff-checkout", o => o.Name = "visit-room");
        await ScanAsync(desk, Badge);
        Assert.That((await ScanAsync(other, "LL-000001")).Type, Is.EqualTo(ScanEventKind.BadgeRequired));
        Assert.That((await ScanAsync(desk, "LL-000001")).Type, Is.EqualTo(ScanEventKind.LoanCheckedOut));
    }

    [TestCase("STAFF-9999", ScanEventKind.UnknownBadge, "unknown badge: no staff member has it")]
    [TestCase("STAFF-7777", ScanEventKind.BadgeRefused, "this badge belongs to a client; a staff loan goes to a staff member or a place.")]
    public async Task StaffCheckout_BadgeOfNoStaffMember_RefusedWithoutEchoingIt(string badge, ScanEventKind type, string message)
    {
        var e = await ScanAsync(Scanner("staff-checkout"), badge);
        Assert.That((e.Type, e.Code, e.Borrower), Is.EqualTo((type, (string?)null, (string?)null)));
        Assert.That(e.Message, Does.StartWith(message).And.Not.Contain(badge[6..]));
        Assert.That((await ScanAsync(Scanner("staff-checkout"), "LL-000001")).Type, Is.EqualTo(ScanEventKind.BadgeRequired));
    }

    [Test]
    public async Task StaffCheckout_DeviceOnLoan_RefusedWithoutTheHoldersNameAndSessionGoesOn()
    {
        await LendToStaffAsync("LL-000001");
        var e = await ScanAllAsync(Scanner("staff-checkout"), Badge, "LL-000001", "LL-000002");
        Assert.That(e.Select(x => x.Type), Is.EqualTo(new[] { ScanEventKind.StaffSessionStarted, ScanEventKind.CheckoutRefused, ScanEventKind.LoanCheckedOut }));
        Assert.That(e[1].Message, Does.StartWith("LL-000001 is already on loan (staff loan LN-").And.Not.Contain("Pekka"));
    }

    [Test]
    public async Task ServiceHost_ReturnAndStaffCheckoutModes_TakenOverFromPlaceholders()
    {
        var location = new DataLocation(Scratch, Engine == Engine.Postgres ? Db.ConnectionString : null);
        await using var app = Program.CreateHost([], location, "http://127.0.0.1:0");
        var hosted = app.Services.GetRequiredService<ScanProcessor>();
        var returned = await hosted.HandleAsync(Scanner("return"), new ScanFrame("LL-000002", null, "code-128"), CancellationToken.None);
        var badge = await hosted.HandleAsync(Scanner("staff-checkout"), new ScanFrame(Badge, null, "code-128"), CancellationToken.None);
        Assert.That((returned.Type, badge.Type), Is.EqualTo((ScanEventKind.ReturnRefused, ScanEventKind.StaffSessionStarted)));
    }

    [Test]
    public async Task StaffCheckout_ThroughSerialPty_BadgeTwoTagsBadgeLendsTwo()
    {
        await using var pty = await SocatPair.StartAsync(Scratch);
        var scanner = Scanner("staff-checkout", o => { o.Port = pty.Host; o.DuplicateWindowMs = 200; });
        var status = new HardwareStatus(new HardwareSettings([scanner], [], PrintQueueSettings.Default));
        using var subscription = events.Subscribe();
        // The real clock: the listener, the framer and the session all run as at a desk.
        using var action = new StaffCheckoutScanAction(loans, new BorrowerService(Db), events, TimeProvider.System);
        var processorLog = new ListLogger<ScanProcessor>();
        var listenerLog = new ListLogger<ScannerWorker>();
        var real = new ScanProcessor(Db, [.. ScanProcessor.Defaults(), new ReturnScanAction(loans), action], events, processorLog);
        using var listener = new ScannerWorker(scanner, real, status, listenerLog);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            // The badge twice within the duplicate window would be one scan; a person takes longer than 200 ms anyway.
            var seen = await pty.ScanAsync(status, "desk", subscription.Reader, [Badge, "LL-000001", "LL-000002", Badge], TimeSpan.FromMilliseconds(250),
                () => listenerLog.Everything.Concat(processorLog.Everything));
            var types = seen.Select(e => e.Type);
            Assert.That(types, Is.EqualTo(new[] { ScanEventKind.StaffSessionStarted, ScanEventKind.LoanCheckedOut, ScanEventKind.LoanCheckedOut, ScanEventKind.StaffSessionEnded }));
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
        var open = await loans.ListAsync("open");
        Assert.That(open.Select(l => (l.Tag, l.Kind, l.BorrowerId)).OrderBy(l => l.Tag),
            Is.EqualTo(new[] { ("LL-000001", LoanKind.Staff, staff), ("LL-000002", LoanKind.Staff, staff) }));
        Assert.That(await CountAsync("SELECT count(*) FROM scans WHERE mode = 'StaffCheckout'"), Is.EqualTo(4));
    }
}
