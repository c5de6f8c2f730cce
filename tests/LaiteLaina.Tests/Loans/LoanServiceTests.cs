namespace LaiteLaina.Tests.Loans;

public sealed partial class LoanServiceTests(Engine engine) : DatabaseTest(engine)
{
    private FakeTimeProvider clock = null!;
    private LoanService loans = null!;
    private InventoryService inventory = null!;
    private long client, staff;

    [SetUp]
    public async Task SeedAsync()
    {
        // NUnit keeps one fixture instance for all its tests: every test starts from the same Monday morning.
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)) { };
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        inventory = new InventoryService(Db);
        loans = Service<LoanService>(clock);
        var people = new BorrowerService(Db);
        client = (await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567", ClientReference = "ASK-2231" }, "t")).Id;
        staff = (await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Badge = "STAFF-42" }, "t")).Id;
        for (var i = 1; i <= 3; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "R9" + i }, "t");
            // LL-000003 is the one handed over: a handover needs a sanitisation of the whole storage on record.
            if (i == 3)
                await inventory.RecordWipeAsync(d.Tag, "Android factory reset (Settings or recovery menu)", "Ville Virta", "purge", null, null, "t");
            await inventory.ReadyAsync(d.Tag, "t");
        }
    }

    private async Task<Loan> LendToClientAsync(string tag = "LL-000001", string due = "2027-03-15") =>
        (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = client.ToString(), Kind = "client", Due = due, RecommendingWorker = "Sari Sosiaalityö",
            Accessories = ["laturi", "kotelo", "SIM"],
        }, "maija")).Loan;

    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    [Test]
    public async Task CheckOutAsync_ClientLoan_DeviceOnLoanAndAgreementStoredWithQrReference()
    {
        var loan = await LendToClientAsync();
        Assert.That((loan.Reference, loan.State, (await inventory.GetAsync("LL-000001")).Status), Is.EqualTo(("LN-000001", LoanState.Open, DeviceStatus.OnLoan)));
        var agreement = await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value);
        Assert.That((agreement.Kind, agreement.SubjectKey), Is.EqualTo(("loan-agreement", "LN-000001")));
        var text = PdfTools.PdfToText(agreement.Content);
        Assert.That(text, Does.Contain("Aino Äijälä").And.Contain("LL-000001").And.Contain("Sari Sosiaalityö").And.Contain("15.3.2027").And.Contain("kotelo"));
        Assert.That(PdfTools.DecodeQr(agreement.Content, 1), Is.EqualTo("LN-000001"), "the QR stands in the head of page 1");
    }

    [Test]
    public async Task CheckOutAsync_TwoCounsellorsAtOnce_ExactlyOneWinsOtherToldWhoHasIt()
    {
        // Two separate services, as two desks would have, racing for one tablet many times over.
        for (var round = 0; round < 5; round++)
        {
            var tag = $"LL-00000{(round % 3) + 1}";
            var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
            {
                await Task.Yield();
                try
                {
                    var (loan, _) = await Service<LoanService>(clock).CheckOutAsync(new CheckOutRequest
                    {
                        Tag = tag, Borrower = i == 0 ? client.ToString() : "STAFF-42", Kind = i == 0 ? "client" : "staff", Due = "2026-12-01",
                        RecommendingWorker = "Sari",
                    }, "desk" + i);
                    return (Won: true, Message: loan.Reference);
                }
                catch (UserError e)
                {
                    return (Won: false, e.Message);
                }
            }));
            Assert.That(attempts.Count(a => a.Won), Is.EqualTo(1), string.Join(" | ", attempts.Select(a => a.Message)));
            var loser = attempts.Single(a => !a.Won).Message;
            Assert.That(loser, Does.StartWith($"{tag} is already on loan to ").And.Contain("due 1.12.2026"));
            await loans.ReturnAsync(tag, new ReturnRequest(), "t");
            await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'Ready', needs_wipe = @no WHERE tag = @tag", new { tag, no = false }, tx));
        }
        Assert.That(await CountAsync("SELECT count(*) FROM loans WHERE state = 'Open'"), Is.Zero);
    }

    [Test]
    public async Task LoansTable_SecondOpenLoanForDevice_RefusedByUniqueIndex()
    {
        var loan = await LendToClientAsync();
        Assert.CatchAsync<Exception>(() => Db.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO loans (reference, kind, state, device_id, borrower_id, counsellor, language, started_at, condition_out, renewals)
            SELECT 'LN-X', 'Staff', 'Open', device_id, borrower_id, 'x', 'fi', started_at, 'Good', 0 FROM loans WHERE id = @Id
            """, new { loan.Id }, tx)));
    }

    [TestCase("AwaitingWipe", "must be wiped and made ready")]
    [TestCase("InRepair", "is in repair")]
    [TestCase("Retired", "is retired and cannot be lent")]
    public async Task CheckOutAsync_DeviceNotReady_RefusedNothingChanged(string status, string expected)
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = @status WHERE tag = 'LL-000001'", new { status }, tx));
        var e = Assert.ThrowsAsync<UserError>(() => LendToClientAsync());
        Assert.That(e!.Message, Does.Contain(expected));
        Assert.That(await CountAsync("SELECT count(*) FROM loans") + await CountAsync("SELECT count(*) FROM documents"), Is.Zero);
    }

    [TestCase("2026-11-22", "in the past")]
    [TestCase("31.2.2027", "write a date")]
    [TestCase(null, "agreed return date")]
    public async Task CheckOutAsync_BadDueDate_Refused(string? due, string expected)
    {
        var e = Assert.ThrowsAsync<UserError>(() => LendToClientAsync(due: due!));
        Assert.That(e!.Message, Does.StartWith("due ").And.Contain(expected));
        Assert.That((await inventory.GetAsync("LL-000001")).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task CheckOutAsync_UnknownBorrower_Refused()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "999", Kind = "staff", Due = "2026-11-24" }, "t"));
        Assert.That(e!.Message, Does.StartWith("borrower '999' was not found"));
    }

    [Test]
    public async Task ReturnAsync_ClientLoanWithMissingCase_AwaitingWipeAndReceiptListsIt()
    {
        await LendToClientAsync();
        clock.Advance(TimeSpan.FromDays(30));
        var returned = (await loans.ReturnAsync("LL-000001", new ReturnRequest { Condition = "fair", Missing = ["kotelo"], Notes = "Näyttö naarmuuntunut" }, "maija")).Loan;
        var device = await inventory.GetAsync("LL-000001");
        Assert.That((returned.State, returned.AccessoriesMissing, device.Status, device.NeedsWipe, device.Condition),
            Is.EqualTo((LoanState.Returned, "kotelo", DeviceStatus.AwaitingWipe, true, DeviceCondition.Fair)));
        var receipt = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(returned.DocumentId!.Value)).Content, raw: true);
        Assert.That(receipt, Does.Contain("LN-000001").And.Contain("23.12.2026"));
        Assert.That(receipt, Does.Contain("kotelo puuttuu").And.Contain("laturi palautettu").And.Not.Contain("Missing"), "in the receipt's language only");
    }

    [Test]
    public async Task ReturnAsync_MissingItemNeverGiven_RefusedListingWhatWasGiven()
    {
        await LendToClientAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = ["hiiri"] }, "t"));
        Assert.That(e!.Message, Is.EqualTo("missing 'hiiri' is not valid: it was not given out with this loan; given: laturi / kotelo / SIM."));
        Assert.That((await inventory.GetAsync("LL-000001")).Status, Is.EqualTo(DeviceStatus.OnLoan));
    }

    [Test]
    public async Task ReturnAsync_DeviceNotOnLoan_Refused()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000002", new ReturnRequest(), "t"));
        Assert.That(e!.Message, Is.EqualTo("LL-000002 is not on loan (it is ready); there is nothing to return."));
    }

    [Test]
    public async Task ReturnAsync_StaffLoan_StraightBackToReadyWithoutDocument()
    {
        var loan = (await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000002", Borrower = "STAFF-42", Kind = "staff", Due = "2026-11-23" }, "t")).Loan;
        Assert.That(loan.DocumentId, Is.Null);
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        Assert.That((await inventory.GetAsync("LL-000002")).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task RenewAsync_UpToTheLimit_ThenRefused()
    {
        await LendToClientAsync(due: "2026-12-01");
        for (var i = 1; i <= 3; i++)
            Assert.That((await loans.RenewAsync("LN-000001", $"2027-0{i}-01", "t")).Renewals, Is.EqualTo(i));
        var e = Assert.ThrowsAsync<UserError>(() => loans.RenewAsync("LL-000001", "2027-06-01", "t"));
        Assert.That(e!.Message, Does.Contain("renewed 3 times"));
        Assert.ThrowsAsync<UserError>(() => loans.RenewAsync("LN-000001", "2026-12-02", "t"), "a renewal cannot shorten the loan");
    }

    [Test]
    public async Task MarkLostAsync_OpenLoan_DeviceLostLoanClosed()
    {
        await LendToClientAsync();
        var lost = await loans.MarkLostAsync("LL-000001", "left on the bus", "t");
        Assert.That((lost.State, (await inventory.GetAsync("LL-000001")).Status), Is.EqualTo((LoanState.Lost, DeviceStatus.Lost)));
    }

    [Test]
    public async Task HandOverAsync_RecycledDevice_LeavesThePoolWithAgreement()
    {
        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 4 }, "t")).Loan;
        Assert.That((loan.State, loan.CoachingSessions, (await inventory.GetAsync("LL-000003")).Status),
            Is.EqualTo((LoanState.HandedOver, (int?)4, DeviceStatus.HandedOver)));
        Assert.That((await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Kind, Is.EqualTo("handover-agreement"));
        Assert.ThrowsAsync<UserError>(() => LendToClientAsync("LL-000003"));
    }

    [Test]
    public async Task Reservations_CancelledFromTwentyDesksAtOnce_CancelledOnce()
    {
        var reservations = new ReservationService(Db, clock);
        for (var round = 1; round <= 5; round++)
        {
            var r = await reservations.AddAsync("LL-000001", null, "STAFF-42", $"2026-12-0{round}", $"2026-12-0{round}", null, "t");
            Assert.That((await LaiteLaina.Tests.Audit.StocktakeTests.AtOnceAsync(20, () => reservations.CancelAsync(r.Id, "t"))).Count(c => c == ""), Is.EqualTo(1), $"round {round}");
        }
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'reservation.cancel'")), Is.EqualTo(5));
    }

    [Test]
    public async Task Reservations_DoubleBookingOfDeviceOrLastTablet_Refused()
    {
        var reservations = new ReservationService(Db, clock);
        await reservations.AddAsync("LL-000001", null, "STAFF-42", "2026-12-01", "2026-12-03", "home visit", "t");
        var e = Assert.ThrowsAsync<UserError>(() => reservations.AddAsync("LL-000001", null, client.ToString(), "2026-12-03", "2026-12-05", null, "t"));
        Assert.That(e!.Message, Does.Contain("already reserved 1.12.–3.12.2026"));
        await reservations.AddAsync(null, "tablet", "STAFF-42", "2026-12-02", "2026-12-02", null, "t");
        await reservations.AddAsync(null, "tablet", "STAFF-42", "2026-12-02", "2026-12-02", null, "t");
        var full = Assert.ThrowsAsync<UserError>(() => reservations.AddAsync(null, "tablet", client.ToString(), "2026-12-02", "2026-12-02", null, "t"));
        Assert.That(full!.Message, Does.StartWith("all 3 tablet(s) are already reserved"));
        // Lending the reserved tablet to someone else over the reserved days is refused too.
        var lend = Assert.ThrowsAsync<UserError>(() => LendToClientAsync("LL-000001", "2026-12-02"));
        Assert.That(lend!.Message, Does.Contain("reserved 1.12.–3.12.2026 for someone else"));
    }

    [TestCase("131052-308T")]
    [TestCase("010101A123N")]
    [TestCase("Hetu 311299-999X tähän")]
    public async Task BorrowerAdd_IdentityCodeInAnyField_RefusedAndNotEchoed(string text)
    {
        var people = new BorrowerService(Db);
        var before = await CountAsync("SELECT count(*) FROM borrowers");
        foreach (var input in new[] { new BorrowerInput { Name = text }, new BorrowerInput { Name = "Aino", ClientReference = text }, new BorrowerInput { Name = "Aino", Notes = text } })
        {
            var e = Assert.ThrowsAsync<UserError>(() => people.AddAsync(input, "t"));
            Assert.That(e!.Message, Does.Contain("personal identity code").And.Not.Contain(text));
        }
        Assert.That(await CountAsync("SELECT count(*) FROM borrowers"), Is.EqualTo(before));
    }

    [Test]
    public async Task RenewOrLost_AfterReturn_RefusedAndReturnKept()
    {
        await LendToClientAsync();
        await loans.ReturnAsync("LL-000001", new ReturnRequest { Condition = "good" }, "t");
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.RenewAsync("LN-000001", "2027-06-01", "t"))!.Message, Does.Contain("already closed"));
        Assert.ThrowsAsync<UserError>(() => loans.MarkLostAsync("LN-000001", null, "t"));
        Assert.That((await loans.GetAsync("LN-000001")).State, Is.EqualTo(LoanState.Returned));
        Assert.That((await inventory.GetAsync("LL-000001")).Status, Is.EqualTo(DeviceStatus.AwaitingWipe));
    }

    [Test]
    public async Task ReturnAsync_StaleLoanNamedButDeviceLentAgain_RefusedLaterLoanStaysOpen()
    {
        var first = await LendToClientAsync();
        await loans.ReturnAsync("LL-000001", new ReturnRequest(), "t");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'Ready', needs_wipe = @no WHERE tag = 'LL-000001'", new { no = false }, tx));
        var second = await LendToClientAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000001", new ReturnRequest(), "t", first.Id));
        Assert.That(e!.Message, Does.Contain($"now on loan {second.Reference}"));
        Assert.That((await loans.GetAsync(second.Reference)).State, Is.EqualTo(LoanState.Open));
    }
}

public sealed class LoanReissueTests(Engine engine) : DatabaseTest(engine)
{
    [Test]
    public async Task ReissueAgreementAsync_OtherLanguage_NewVersionOldOneKept()
    {
        var inventory = new InventoryService(Db);
        await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet" }, "t")).Tag, "t");
        var borrower = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino Äijälä" }, "t");
        var loans = Service<LoanService>();
        var loan = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = borrower.Id.ToString(), Due = DateTime.Today.AddDays(9).ToString("yyyy-MM-dd"), RecommendingWorker = "Sari",
        }, "t")).Loan;
        var again = await loans.ReissueAgreementAsync(loan.Reference, "sv", "t");
        var store = new DocumentStore(Db);
        var all = await store.ForSubjectAsync("loan", loan.Id);
        Assert.That(all.Select(d => (d.Version, d.Language)), Is.EquivalentTo(new[] { (1, "fi"), (2, "sv") }));
        Assert.That(PdfTools.PdfToText(again.Content), Does.Contain("Låneavtal"));
        Assert.That((await store.GetAsync(loan.DocumentId!.Value)).Language, Is.EqualTo("fi"));
    }
}
