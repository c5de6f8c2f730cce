using LaiteLaina.Audit;
using LaiteLaina.Tests.Inventory;

namespace LaiteLaina.Tests.Loans;

/// <summary>The loan rules one by one: who may borrow what, when, how often, and what each move leaves in the audit log.</summary>
public sealed partial class LoanServiceTests
{
    private Task<Setting> SetSettingAsync(string name, string value) => Settings.SetAsync(Db, name, value, "t");

    private async Task<Loan> LendToStaffAsync(string tag = "LL-000002", string due = "2026-11-25") =>
        (await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = "STAFF-42", Kind = "staff", Due = due }, "cli:maija")).Loan;

    private async Task<(long Loans, long Documents, long Audit)> RowsAsync() =>
        (await CountAsync("SELECT count(*) FROM loans"), await CountAsync("SELECT count(*) FROM documents"), await CountAsync("SELECT count(*) FROM audit_log"));

    private Task<IReadOnlyList<AuditEntry>> LoanAuditAsync(Loan loan) => AuditLog.ForRecordAsync(Db, "loan", loan.Id);

    public static IEnumerable<TestCaseData> NotReadyForEachOperation() =>
        from status in LifecycleTable.Statuses
        where status != DeviceStatus.Ready
        from operation in new[] { "check-out", "handover" }
        select new TestCaseData(operation, status).SetArgDisplayNames(operation, status.ToString());

    [TestCaseSource(nameof(NotReadyForEachOperation))]
    public async Task CheckOutOrHandOver_DeviceNotReady_RefusedNothingChanged(string operation, DeviceStatus status)
    {
        if (status == DeviceStatus.OnLoan)
            await LendToStaffAsync("LL-000003");
        else
            await PutDeviceAsync("LL-000003", status, needsWipe: status is not (DeviceStatus.HandedOver or DeviceStatus.Retired));
        var before = await RowsAsync();
        var e = Assert.ThrowsAsync<UserError>(() => operation == "handover"
            ? loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 3 }, "t")
            : LendToClientAsync("LL-000003"));
        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Conflict, "tag")));
        Assert.That(e.Message, Does.StartWith("LL-000003 is " + status switch
        {
            DeviceStatus.OnLoan => "already on loan",
            DeviceStatus.InRepair => "in repair",
            _ => EnumText.Kebab(status),
        }));
        Assert.That(await RowsAsync(), Is.EqualTo(before));
        Assert.That((await inventory.GetAsync("LL-000003")).Status, Is.EqualTo(status));
    }

    [TestCase("client", "Broken", DeviceStatus.InRepair, TestName = "ReturnAsync_ClientLoanBroken_InRepairAndNeedsWipe")]
    [TestCase("staff", "Broken", DeviceStatus.InRepair, TestName = "ReturnAsync_StaffLoanBroken_InRepairAndNeedsWipe")]
    [TestCase("client", "Good", DeviceStatus.AwaitingWipe, TestName = "ReturnAsync_ClientLoanEvenWhereStaffGoStraightBack_AwaitingWipe")]
    [TestCase("staff", "Good", DeviceStatus.Ready, TestName = "ReturnAsync_StaffLoanWhereTheOfficeAllows_ReadyWithoutWipe")]
    public async Task ReturnAsync_ConditionAndKind_DeviceGoesWhereItShould(string kind, string condition, DeviceStatus expected)
    {
        if (kind == "client")
            await LendToClientAsync("LL-000002");
        else
            await LendToStaffAsync();
        await loans.ReturnAsync("LL-000002", new ReturnRequest { Condition = condition }, "t");
        var device = await inventory.GetAsync("LL-000002");
        Assert.That((device.Status, device.NeedsWipe, device.Condition.ToString()), Is.EqualTo((expected, expected != DeviceStatus.Ready, condition)));
    }

    [Test]
    public async Task ReturnAsync_StaffLoanWhereTheOfficeWantsAWipe_AwaitingWipe()
    {
        await SetSettingAsync("staff_return_to_ready", "false");
        await LendToStaffAsync();
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        var device = await inventory.GetAsync("LL-000002");
        Assert.That((device.Status, device.NeedsWipe), Is.EqualTo((DeviceStatus.AwaitingWipe, true)));
    }

    [Test]
    public async Task ReturnAsync_NoConditionGiven_KeepsTheConditionItLeftWith()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET condition = 'Fair' WHERE tag = 'LL-000002'", transaction: tx));
        await LendToStaffAsync();
        var returned = (await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t")).Loan;
        Assert.That((returned.ConditionIn, (await inventory.GetAsync("LL-000002")).Condition), Is.EqualTo(("Fair", DeviceCondition.Fair)));
    }

    [Test]
    public async Task ReturnAsync_TheOpenLoanNamed_Closed()
    {
        var loan = await LendToStaffAsync();
        var returned = (await loans.ReturnAsync("LL-000002", new ReturnRequest(), "sari", loan.Id)).Loan;
        Assert.That((returned.State, returned.ClosedBy, returned.ClosedAt), Is.EqualTo((LoanState.Returned, "sari", clock.GetUtcNow())));
    }

    [Test]
    public async Task Outcome_CheckOutReturnAndHandover_TheDeviceAsStored()
    {
        var (lent, outAfter) = await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000002", Borrower = "STAFF-42", Kind = "staff", Due = "2026-11-25" }, "sari");
        Assert.That((outAfter.Tag, outAfter.Status), Is.EqualTo(("LL-000002", DeviceStatus.OnLoan)));
        Assert.That((lent.State, lent.ClosedAt, lent.ClosedBy, lent.DocumentId), Is.EqualTo((LoanState.Open, (DateTimeOffset?)null, (string?)null, (long?)null)),
            "a loan goes out open, and a colleague's loan without paperwork");
        Assert.That(Shown(outAfter), Is.EqualTo(Shown(await inventory.GetAsync("LL-000002"))), "the outcome is the stored device, so the desk need not read it again");
        var (returned, back) = await loans.ReturnAsync("LL-000002", new ReturnRequest { Condition = "broken" }, "sari", lent.Id);
        Assert.That((returned.State, back.Status, back.Condition), Is.EqualTo((LoanState.Returned, DeviceStatus.InRepair, DeviceCondition.Broken)));
        Assert.That(Shown(back), Is.EqualTo(Shown(await inventory.GetAsync("LL-000002"))));
        var (handover, gone) = await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(System.Globalization.CultureInfo.InvariantCulture), CoachingSessions = 3 }, "sari");
        Assert.That((handover.State, handover.CoachingSessions, handover.DocumentId is not null, gone.Status, handover.ClosedAt, handover.ClosedBy),
            Is.EqualTo((LoanState.HandedOver, (int?)3, true, DeviceStatus.HandedOver, (DateTimeOffset?)clock.GetUtcNow(), "sari")));
        Assert.That(Shown(gone), Is.EqualTo(Shown(await inventory.GetAsync("LL-000003"))));
    }

    /// <summary>What the desk and a scanner show of a device; timestamps are left out, since PostgreSQL keeps microseconds.</summary>
    private static (string Tag, DeviceStatus Status, DeviceCondition Condition, bool NeedsWipe, string? Site, string? Location) Shown(Device d) =>
        (d.Tag, d.Status, d.Condition, d.NeedsWipe, d.SiteCode, d.LocationName);

    [Test]
    public async Task ReturnAsync_MissingWhenNothingWasGiven_RefusedSayingSo()
    {
        await LendToStaffAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000002", new ReturnRequest { Missing = ["laturi"] }, "t"));
        Assert.That(e!.Message, Is.EqualTo("missing 'laturi' is not valid: no accessories were given out with this loan."));
    }

    [Test]
    public async Task ReturnAsync_MissingInOtherCase_MatchedToWhatWasGiven()
    {
        await LendToClientAsync();
        var returned = (await loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = ["LATURI"] }, "t")).Loan;
        Assert.That(returned.Missing, Is.EqualTo(new[] { "LATURI" }));
    }

    [Test]
    public async Task RenewAsync_OverSomeoneElsesReservation_RefusedDueKept()
    {
        await LendToClientAsync(due: "2026-12-01");
        await new ReservationService(Db, clock).AddAsync("LL-000001", null, "STAFF-42", "2026-12-10", "2026-12-12", "home visit", "t");
        var e = Assert.ThrowsAsync<UserError>(() => loans.RenewAsync("LN-000001", "2026-12-15", "t"));
        Assert.That(e!.Message, Does.Contain("reserved 10.12.–12.12.2026 for someone else"));
        var loan = await loans.GetAsync("LN-000001");
        Assert.That((loan.DueOn, loan.Renewals), Is.EqualTo((new DateOnly(2026, 12, 1), 0)));
    }

    [Test]
    public async Task RenewAsync_OverTheBorrowersOwnReservation_Renewed()
    {
        await LendToClientAsync(due: "2026-12-01");
        await new ReservationService(Db, clock).AddAsync("LL-000001", null, client.ToString(), "2026-12-10", "2026-12-12", null, "t");
        Assert.That((await loans.RenewAsync("LN-000001", "2026-12-15", "t")).DueOn, Is.EqualTo(new DateOnly(2026, 12, 15)));
    }

    [Test]
    public async Task RenewAsync_OfficeAllowsOneRenewal_SecondRefused()
    {
        await SetSettingAsync("loan_renewal_limit", "1");
        await LendToClientAsync(due: "2026-12-01");
        await loans.RenewAsync("LN-000001", "2026-12-08", "t");
        var e = Assert.ThrowsAsync<UserError>(() => loans.RenewAsync("LN-000001", "2026-12-15", "t"));
        Assert.That((e!.Kind, e.Field, e.Message), Is.EqualTo((UserErrorKind.Conflict, "renewals",
            "loan LN-000001 has been renewed 1 times, the most this office allows (1); return the device and make a new loan.")));
    }

    [TestCase("2026-12-01", "a renewal moves the return date later than 1.12.2026", TestName = "RenewAsync_SameDate_Refused")]
    [TestCase("2026-11-30", "a renewal moves the return date later than 1.12.2026", TestName = "RenewAsync_EarlierDate_Refused")]
    [TestCase("2026-11-22", "not into the past", TestName = "RenewAsync_PastDate_Refused")]
    [TestCase("ensi viikolla", "write a date", TestName = "RenewAsync_NotADate_Refused")]
    [TestCase(null, "give the new return date", TestName = "RenewAsync_NoDate_Refused")]
    public async Task RenewAsync_BadDate_RefusedNothingChanged(string? due, string expected)
    {
        await LendToClientAsync(due: "2026-12-01");
        var audit = await CountAsync("SELECT count(*) FROM audit_log");
        var e = Assert.ThrowsAsync<UserError>(() => loans.RenewAsync("LN-000001", due, "t"));
        Assert.That(e!.Field, Is.EqualTo("due"));
        Assert.That(e.Message, Does.Contain(expected));
        Assert.That((await loans.GetAsync("LN-000001")).Renewals, Is.Zero);
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log"), Is.EqualTo(audit));
    }

    [Test]
    public async Task RenewAsync_OverdueLoanToToday_Renewed()
    {
        await LendToClientAsync(due: "2026-11-25");
        clock.Advance(TimeSpan.FromDays(5));
        Assert.That((await loans.RenewAsync("LN-000001", "2026-11-28", "t")).DueOn, Is.EqualTo(new DateOnly(2026, 11, 28)));
    }

    [Test]
    public async Task RenewAsync_Renewed_AuditKeepsOldAndNewDueWithoutTheName()
    {
        var loan = await LendToClientAsync(due: "2026-12-01");
        await loans.RenewAsync("LN-000001", "2026-12-20", "sari");
        var renew = (await LoanAuditAsync(loan)).Single(a => a.Action == "loan.renew");
        Assert.That((renew.Actor, renew.RecordKey), Is.EqualTo(("sari", "LN-000001")));
        Assert.That(renew.BeforeJson, Does.Contain("2026-12-01").And.Not.Contain("Äijälä"));
        Assert.That(renew.AfterJson, Does.Contain("2026-12-20").And.Contain("\"renewals\":1").And.Not.Contain("Äijälä"));
    }

    [Test]
    public async Task CheckOutAsync_ClientLoan_AuditsTheLoanAndTheDeviceMoveWithoutTheName()
    {
        var loan = await LendToClientAsync();
        var loanRows = await LoanAuditAsync(loan);
        Assert.That(loanRows.Select(a => (a.Action, a.Actor, a.RecordKey, a.BeforeJson)), Is.EqualTo(new[] { ("loan.out", "maija", "LN-000001", (string?)null) }));
        Assert.That(loanRows[0].AfterJson, Does.Contain("\"reference\":\"LN-000001\"").And.Contain("Sari Sosiaalityö").And.Not.Contain("Äijälä"));
        var device = await inventory.HistoryAsync("LL-000001");
        var move = device.Single(a => a.Action == "device.loan-out");
        Assert.That(move.Actor, Is.EqualTo("maija"));
        Assert.That(move.BeforeJson, Does.Contain("\"status\":\"ready\""));
        Assert.That(move.AfterJson, Does.Contain("\"status\":\"on-loan\""));
    }

    [Test]
    public async Task HandOverAsync_Recycled_AuditsTheHandoverAndTheDeviceLeavingWithoutTheName()
    {
        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 4 }, "ville")).Loan;
        var row = (await LoanAuditAsync(loan)).Single();
        Assert.That((row.Action, row.Actor, row.BeforeJson), Is.EqualTo(("loan.handover", "ville", (string?)null)));
        Assert.That(row.AfterJson, Does.Contain("\"coachingSessions\":4").And.Contain("\"state\":\"handed-over\"").And.Not.Contain("Äijälä"));
        var move = (await inventory.HistoryAsync("LL-000003")).Single(a => a.Action == "device.handover");
        Assert.That(move.AfterJson, Does.Contain("\"status\":\"handed-over\""));
        Assert.That((loan.ClosedAt, loan.ClosedBy, loan.StartedAt), Is.EqualTo((clock.GetUtcNow(), "ville", clock.GetUtcNow())));
    }

    [Test]
    public async Task MarkLostAsync_OpenLoan_DeviceNeedsWipeAndBothAudited()
    {
        var loan = await LendToClientAsync();
        await loans.MarkLostAsync("LN-000001", "jäi bussiin", "sari");
        var device = await inventory.GetAsync("LL-000001");
        Assert.That((device.Status, device.NeedsWipe), Is.EqualTo((DeviceStatus.Lost, true)));
        var lost = (await LoanAuditAsync(loan)).Single(a => a.Action == "loan.lost");
        // The loss note stays with the loan, where an erasure reaches it; the log says only that one was written.
        Assert.That((lost.Actor, lost.AfterJson!.Contains("jäi bussiin", StringComparison.Ordinal), lost.AfterJson.Contains("\"returnNotes\":\"changed\"", StringComparison.Ordinal)),
            Is.EqualTo(("sari", false, true)));
        Assert.That((await loans.GetAsync("LN-000001")).ReturnNotes, Is.EqualTo("jäi bussiin"));
        Assert.That((await inventory.HistoryAsync("LL-000001")).Select(a => a.Action), Does.Contain("device.lost"));
    }

    [Test]
    public async Task CheckOutAsync_ClientLoanWithoutRecommendingWorker_RefusedNothingChanged()
    {
        var before = await RowsAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = client.ToString(), Kind = "client", Due = "2027-01-15", RecommendingWorker = "  ",
        }, "t"));
        Assert.That((e!.Field, e.Message), Is.EqualTo(("recommending-worker", "recommending-worker '' is not valid: a client loan names the worker who recommended it.")));
        Assert.That(await RowsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CheckOutAsync_StaffLoanWithoutRecommendingWorker_LentWithoutDocument()
    {
        var loan = await LendToStaffAsync();
        Assert.That((loan.Kind, loan.RecommendingWorker, loan.DocumentId), Is.EqualTo((LoanKind.Staff, (string?)null, (long?)null)));
    }

    [Test]
    public async Task CheckOutAsync_ByCommandLine_CounsellorIsTheUserWithoutPrefix()
    {
        Assert.That((await LendToStaffAsync()).Counsellor, Is.EqualTo("maija"));
        var named = (await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000003", Borrower = "STAFF-42", Kind = "staff", Due = "2026-11-25", Counsellor = "Sari S." }, "api:sari")).Loan;
        Assert.That(named.Counsellor, Is.EqualTo("Sari S."));
        var api = (await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "STAFF-42", Kind = "staff", Due = "2026-11-25" }, "api:sari")).Loan;
        Assert.That(api.Counsellor, Is.EqualTo("sari"),
            "no actor's prefix is printed on an agreement; a login with no user behind it is printed as it is, a user by name");
    }

    [TestCase("handover", "a handover is its own action (Hand over", TestName = "CheckOutAsync_KindHandover_RefusedPointingToHandover")]
    [TestCase("lahja", "use one of staff, client, handover", TestName = "CheckOutAsync_UnknownKind_RefusedListingKinds")]
    public async Task CheckOutAsync_WrongKind_Refused(string kind, string expected)
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "STAFF-42", Kind = kind, Due = "2026-11-25" }, "t"));
        Assert.That((e!.Field, e.Message.Contains(expected, StringComparison.Ordinal)), Is.EqualTo(("kind", true)), e.Message);
    }

    [Test]
    public async Task CheckOutAsync_DueToday_Lent() =>
        Assert.That((await LendToStaffAsync(due: "2026-11-23")).DueOn, Is.EqualTo(new DateOnly(2026, 11, 23)));

    [Test]
    public async Task CheckOutAsync_NoKind_ClientLoanInTheBorrowersLanguage()
    {
        var swedish = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Erik", Language = "sv" }, "t");
        var loan = (await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = swedish.Id.ToString(), Due = "2027-01-15", RecommendingWorker = "Sari" }, "t")).Loan;
        Assert.That((loan.Kind, loan.Language), Is.EqualTo((LoanKind.Client, "sv")));
        var english = (await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000002", Borrower = swedish.Id.ToString(), Due = "2027-01-15", RecommendingWorker = "Sari", Language = "en" }, "t")).Loan;
        Assert.That(english.Language, Is.EqualTo("en"));
    }

    [TestCase("staff", "client", TestName = "CheckOutAsync_StaffLoanToClient_Refused")]
    [TestCase("client", "staff", TestName = "CheckOutAsync_ClientLoanToStaff_Refused")]
    public async Task CheckOutAsync_BorrowerOfTheWrongKind_Refused(string loanKind, string borrowerKind)
    {
        var borrower = borrowerKind == "client" ? client.ToString() : "STAFF-42";
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = borrower, Kind = loanKind, Due = "2026-12-01", RecommendingWorker = "Sari",
        }, "t"));
        Assert.That(e!.Field, Is.EqualTo("kind"));
        Assert.That(e.Message, Does.Contain($"is a {borrowerKind}; a staff loan goes to staff or a place"));
    }

    [TestCase("staff")]
    [TestCase("client")]
    public async Task CheckOutAsync_PlaceBorrower_LentEitherWay(string kind)
    {
        var hall = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Kylätalo", Kind = "place" }, "t");
        var loan = (await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = hall.Id.ToString(), Kind = kind, Due = "2026-12-01", RecommendingWorker = "Sari" }, "t")).Loan;
        Assert.That(loan.BorrowerId, Is.EqualTo(hall.Id));
    }

    [Test]
    public async Task HandOverAsync_ToStaff_Refused()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = "STAFF-42" }, "t"));
        Assert.That(e!.Field, Is.EqualTo("kind"));
        Assert.That((await inventory.GetAsync("LL-000003")).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task CheckOutAsync_AnonymisedBorrower_RefusedAsNewBorrower()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE borrowers SET anonymised_at = @now WHERE id = @client", new { now = clock.GetUtcNow(), client }, tx));
        var e = Assert.ThrowsAsync<UserError>(() => LendToClientAsync());
        Assert.That(e!.Field, Is.EqualTo("borrower"));
        Assert.That(e.Message, Does.Contain("anonymised"));
    }

    [TestCase(-1)]
    [TestCase(101)]
    public async Task HandOverAsync_CoachingSessionsOutOfRange_Refused(int sessions)
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = sessions }, "t"));
        Assert.That((e!.Field, e.Message), Is.EqualTo(("coaching-sessions", $"coaching-sessions '{sessions}' is not valid: give the number of coaching sessions done, 0 to 100.")));
    }

    [TestCase(0)]
    [TestCase(100)]
    public async Task HandOverAsync_CoachingSessionsAtTheLimits_HandedOver(int sessions) =>
        Assert.That(((await loans.HandOverAsync(new HandoverRequest
            {
                Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = sessions, CoachingReason = sessions == 0 ? "osasi jo käyttää tablettia" : null,
            }, "t")).Loan).CoachingSessions,
            Is.EqualTo(sessions));

    [Test]
    public async Task GetAsync_TagOfDeviceWhoseLoanClosedWhileAnotherLoanIsOpen_ThatDevicesLoan()
    {
        // Loan 1 stays open on LL-000001; loan 2 of LL-000002 is returned. Asking by LL-000002's tag must not find loan 1.
        await LendToClientAsync("LL-000001");
        var staffLoan = await LendToStaffAsync("LL-000002");
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        Assert.That((await loans.GetAsync("LL-000002")).Reference, Is.EqualTo("LN-000002"));
        Assert.That((await loans.GetAsync("ll-000002")).Reference, Is.EqualTo("LN-000002"));
        Assert.That((await loans.GetAsync("ln-000001")).Reference, Is.EqualTo("LN-000001"));
        // By the internal id the API gives (on PostgreSQL not the reference's number: a laid-out agreement's first
        // round takes an id from the sequence and rolls back).
        Assert.That((await loans.GetAsync(staffLoan.Id.ToString(CultureInfo.InvariantCulture))).Reference, Is.EqualTo("LN-000002"));
    }

    [Test]
    public async Task GetAsync_TagWithOldAndOpenLoans_TheOpenOneElseTheLatest()
    {
        await LendToStaffAsync();
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        await LendToStaffAsync();
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        Assert.That((await loans.GetAsync("LL-000002")).Reference, Is.EqualTo("LN-000002"), "closed only: the latest");
        await LendToStaffAsync();
        Assert.That((await loans.GetAsync("LL-000002")).Reference, Is.EqualTo("LN-000003"));
        Assert.That((await loans.GetAsync("LL-000002")).State, Is.EqualTo(LoanState.Open));
    }

    [Test]
    public async Task GetAsync_Unknown_NotFound() =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.GetAsync("LN-999999"))!.Kind, Is.EqualTo(UserErrorKind.NotFound));

    [Test]
    public async Task OverdueAsync_DueOrderAgainstIdOrder_DueFirstThenOlderLoan()
    {
        await LendToClientAsync("LL-000001", "2026-12-05");
        await LendToClientAsync("LL-000002", "2026-12-01");
        await LendToClientAsync("LL-000003", "2026-12-05");
        clock.Advance(TimeSpan.FromDays(20));
        var overdue = await loans.OverdueAsync();
        Assert.That(overdue.Select(l => l.Tag), Is.EqualTo(new[] { "LL-000002", "LL-000001", "LL-000003" }));
        Assert.That(overdue.All(l => l.IsOverdue(loans.Today)), Is.True);
        Assert.That((await loans.ListAsync(" Overdue ")).Select(l => l.Tag), Is.EqualTo(new[] { "LL-000002", "LL-000001", "LL-000003" }));
    }

    [Test]
    public async Task OverdueAsync_DueToday_NotYetOverdue()
    {
        await LendToStaffAsync(due: "2026-11-23");
        Assert.That(await loans.OverdueAsync(), Is.Empty);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.That((await loans.OverdueAsync()).Single().Tag, Is.EqualTo("LL-000002"));
    }

    [Test]
    public async Task ListAsync_EachState_OnlyThoseNewestFirst()
    {
        await LendToStaffAsync("LL-000001");
        await LendToStaffAsync("LL-000002");
        await loans.ReturnAsync("LL-000001", new ReturnRequest(), "t");
        await LendToClientAsync("LL-000003");
        Assert.That((await loans.ListAsync(null)).Select(l => l.Reference), Is.EqualTo(new[] { "LN-000003", "LN-000002" }));
        Assert.That((await loans.ListAsync("closed")).Select(l => l.Reference), Is.EqualTo(new[] { "LN-000001" }));
        Assert.That((await loans.ListAsync("ALL")).Select(l => l.Reference), Is.EqualTo(new[] { "LN-000003", "LN-000002", "LN-000001" }));
        Assert.That((await loans.ListAsync("all", client.ToString())).Select(l => l.Reference), Is.EqualTo(new[] { "LN-000003" }));
        var page = await (await loans.ListOfAsync("all")).PageAsync(2, 1);
        Assert.That((page.Items.Single().Reference, page.Total, page.HasMore), Is.EqualTo(("LN-000002", 3L, true)));
        Assert.That((await loans.ForDeviceAsync((await inventory.GetAsync("LL-000001")).Id)).Single().Reference, Is.EqualTo("LN-000001"));
        Assert.That((await loans.OpenForDeviceAsync((await inventory.GetAsync("LL-000002")).Id))!.Reference, Is.EqualTo("LN-000002"));
        Assert.That(await loans.OpenForDeviceAsync((await inventory.GetAsync("LL-000001")).Id), Is.Null);
    }

    [Test]
    public async Task ListAsync_UnknownStateOrBorrower_Refused()
    {
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.ListAsync("myöhässä"))!.Field, Is.EqualTo("state"));
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.ListAsync("all", "999"))!.Kind, Is.EqualTo(UserErrorKind.NotFound));
    }

    [Test]
    public async Task ReissueAgreementAsync_StaffLoan_RefusedNoDocument()
    {
        await LendToStaffAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReissueAgreementAsync("LN-000001", "sv", "t"));
        Assert.That(e!.Message, Is.EqualTo("loan LN-000001 is a staff loan, which has no agreement."));
        Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.Zero);
    }

    [Test]
    public async Task ReissueAgreementAsync_Handover_HandoverAgreementAgain()
    {
        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 2 }, "t")).Loan;
        var again = await loans.ReissueAgreementAsync(loan.Reference, null, "t");
        Assert.That((again.Kind, again.Version, again.Language), Is.EqualTo(("handover-agreement", 2, "fi")));
    }

    [Test]
    public async Task SignAgreementAsync_EmptySignature_RefusedNoNewVersion()
    {
        await LendToClientAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", [], "t"));
        Assert.That(e!.Field, Is.EqualTo("signature"));
        Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.EqualTo(1));
    }

    [Test]
    public async Task CheckOutAsync_NoTagOrBorrower_RefusedNamingTheField()
    {
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest { Tag = " ", Borrower = "STAFF-42", Kind = "staff", Due = "2026-12-01" }, "t"))!.Field,
            Is.EqualTo("tag"));
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = null!, Kind = "staff", Due = "2026-12-01" }, "t"))!.Field,
            Is.EqualTo("borrower"));
    }

    [Test]
    public async Task ReturnAsync_StaffLoan_NoReceiptIssued()
    {
        await LendToStaffAsync();
        var returned = (await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t")).Loan;
        Assert.That((returned.DocumentId, await CountAsync("SELECT count(*) FROM documents")), Is.EqualTo(((long?)null, 0L)));
    }

    [Test]
    public async Task ReturnAsync_IdentityCodeInNotes_RefusedLoanStaysOpen()
    {
        await LendToStaffAsync();
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000002", new ReturnRequest { Notes = "Matti 010190-123A palautti" }, "t"));
        Assert.That(e!.Field, Is.EqualTo("notes"));
        Assert.That((await loans.GetAsync("LN-000001")).State, Is.EqualTo(LoanState.Open));
    }

    [Test]
    public async Task MarkLostAsync_OpenLoan_ClosedNowByWhoeverSaidSo()
    {
        await LendToStaffAsync();
        clock.Advance(TimeSpan.FromHours(3));
        var lost = await loans.MarkLostAsync("LN-000001", null, "sari");
        Assert.That((lost.ClosedAt, lost.ClosedBy, lost.ReturnNotes), Is.EqualTo((clock.GetUtcNow(), "sari", (string?)null)));
        Assert.That((await loans.GetAsync("LN-000001")).State, Is.EqualTo(LoanState.Lost));
    }

    [Test]
    public async Task CheckOutAsync_DeviceAlreadyOut_SaysWhoHasItAndHasAVersionWithoutTheName()
    {
        await LendToClientAsync("LL-000001", "2027-03-15");
        var e = Assert.ThrowsAsync<UserError>(() => LendToStaffAsync("LL-000001"));
        Assert.That(e!.Message, Is.EqualTo("LL-000001 is already on loan to Aino Äijälä (client loan LN-000001 by maija, due 15.3.2027)."));
        Assert.That(e.WithoutPersonalData, Is.EqualTo("LL-000001 is already on loan (client loan LN-000001, due 15.3.2027)."));
    }

    [Test]
    public async Task ForDeviceAsync_SeveralLoans_NewestFirstUpToTheLimit()
    {
        for (var i = 0; i < 3; i++)
        {
            await LendToStaffAsync();
            await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        }
        var id = (await inventory.GetAsync("LL-000002")).Id;
        Assert.That((await loans.ForDeviceAsync(id)).Select(l => l.Reference), Is.EqualTo(new[] { "LN-000003", "LN-000002", "LN-000001" }));
        Assert.That((await loans.ForDeviceAsync(id, limit: 2)).Select(l => l.Reference), Is.EqualTo(new[] { "LN-000003", "LN-000002" }));
    }

    // Every refusal names the field at fault: the API reports it and the page marks that field.
    public static IEnumerable<TestCaseData> RefusalsAndTheirFields()
    {
        const string code = "Matti 010190-123A";
        TestCaseData Case(string field, Func<LoanServiceTests, Task> act, string name) => new TestCaseData(field, act).SetName("Refusal_" + name + "_NamesField");
        yield return Case("recommending-worker", t => t.loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = t.client.ToString(), Due = "2027-01-15", RecommendingWorker = code }, "t"), "IdentityCodeAsRecommendingWorker");
        yield return Case("accessories", t => t.loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "STAFF-42", Kind = "staff", Due = "2026-12-01", Accessories = [code] }, "t"), "IdentityCodeInAccessories");
        yield return Case("counsellor", t => t.loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "STAFF-42", Kind = "staff", Due = "2026-12-01", Counsellor = code }, "t"), "IdentityCodeAsCounsellor");
        yield return Case("tag", t => t.loans.ReturnAsync(" ", new ReturnRequest(), "t"), "ReturnWithoutTag");
        yield return Case("tag", t => t.loans.ReturnAsync("LL-000002", new ReturnRequest(), "t"), "ReturnOfDeviceNotOnLoan");
        yield return Case("condition", async t => { await t.LendToStaffAsync(); await t.loans.ReturnAsync("LL-000002", new ReturnRequest { Condition = "rikki" }, "t"); }, "ReturnWithUnknownCondition");
        yield return Case("notes", async t => { await t.LendToStaffAsync(); await t.loans.MarkLostAsync("LN-000001", code, "t"); }, "IdentityCodeInLostNotes");
        yield return Case("borrower", t => t.loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = " " }, "t"), "HandoverWithoutBorrower");
        yield return Case("tag", t => t.loans.HandOverAsync(new HandoverRequest { Tag = " ", Borrower = t.client.ToString() }, "t"), "HandoverWithoutTag");
        yield return Case("accessories", t => t.loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = t.client.ToString(), CoachingSessions = 2, Accessories = [code] }, "t"), "IdentityCodeInHandoverAccessories");
        yield return Case("loan", t => t.loans.ReissueAgreementAsync("LN-999999", "sv", "t"), "ReissueOfUnknownLoan");
        yield return Case("loan", async t => { await t.LendToStaffAsync(); await t.loans.ReissueAgreementAsync("LN-000001", "sv", "t"); }, "ReissueOfStaffLoan");
        yield return Case("loan", t => t.loans.GetAsync("LN-999999"), "UnknownLoan");
        yield return Case("loan", t => t.loans.RenewAsync("LN-999999", "2027-01-01", "t"), "RenewalOfUnknownLoan");
        yield return Case("loan", async t => { await t.LendToStaffAsync(); await t.loans.ReturnAsync("LL-000002", new ReturnRequest(), "t"); await t.loans.RenewAsync("LN-000001", "2027-01-01", "t"); }, "RenewalOfClosedLoan");
        yield return Case("borrower", t => t.loans.ListAsync("all", "999"), "ListOfUnknownBorrower");
        yield return Case("borrower", t => t.loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "999", Kind = "staff", Due = "2026-12-01" }, "t"), "UnknownBorrower");
    }

    [TestCaseSource(nameof(RefusalsAndTheirFields))]
    public void Refusal_BadInput_NamesTheField(string field, Func<LoanServiceTests, Task> act) =>
        Assert.That(Assert.CatchAsync<UserError>(() => act(this))!.Field, Is.EqualTo(field));

    [Test]
    public async Task ReturnAsync_StaleLoanNamed_RefusalNamesTheLoan()
    {
        var first = await LendToStaffAsync();
        await loans.ReturnAsync("LL-000002", new ReturnRequest(), "t");
        await LendToStaffAsync();
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000002", new ReturnRequest(), "t", first.Id))!.Field, Is.EqualTo("loan"));
    }

    [Test]
    public async Task CheckOutAsync_NoDueDate_SuggestsTwoWeeksFromToday() =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = "STAFF-42", Kind = "staff" }, "t"))!.Message,
            Is.EqualTo("due '' is not valid: give the agreed return date, such as 7.12.2026."));

    [Test]
    public async Task CheckOutAsync_NoTag_SaysWhatToGive() =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest { Tag = "", Borrower = "STAFF-42", Kind = "staff", Due = "2026-12-01" }, "t"))!.Message,
            Is.EqualTo("tag '' is not valid: give the tag."));

    [Test]
    public async Task ListAsync_UnknownState_SaysWhichExist() =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => loans.ListAsync("myöhässä"))!.Message,
            Is.EqualTo("state 'myöhässä' is not valid: use open, due-today, overdue, closed or all."));

    [Test]
    public async Task ReturnAsync_Returned_AuditKeepsTheLoanBeforeAndAfterAndTheDeviceMove()
    {
        var loan = await LendToClientAsync();
        await loans.ReturnAsync("LL-000001", new ReturnRequest { Condition = "fair", Missing = ["SIM"] }, "sari");
        var row = (await LoanAuditAsync(loan)).Single(a => a.Action == "loan.return");
        Assert.That((row.Actor, row.RecordType, row.RecordKey), Is.EqualTo(("sari", "loan", "LN-000001")));
        Assert.That(row.BeforeJson, Does.Contain("\"state\":\"open\""));
        Assert.That(row.AfterJson, Does.Contain("\"state\":\"returned\"").And.Contain("\"accessoriesMissing\":\"SIM\"").And.Not.Contain("Äijälä"));
        var move = (await inventory.HistoryAsync("LL-000001"))[^1];
        Assert.That((move.Action, move.Actor), Is.EqualTo(("device.loan-return", "sari")));
    }

    [Test]
    public async Task HandOverAsync_LanguageGiven_ThatLanguageNotTheBorrowers()
    {
        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 1, Language = "sv" }, "t")).Loan;
        Assert.That(loan.Language, Is.EqualTo("sv"));
    }

    [Test]
    public async Task SignAgreementAsync_Signature_NewVersionSigned()
    {
        await LendToClientAsync();
        var signed = await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t");
        Assert.That((signed.Kind, signed.Version), Is.EqualTo(("loan-agreement", 2)));
        var empty = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", [], "t"));
        Assert.That(empty!.Message, Is.EqualTo("signature '' is not valid: draw the signature in the box before saving."),
            "an empty pad is said to be empty, not quoted as if the word 'empty' had been drawn");
    }

    [Test]
    public async Task RenewAsync_KindBookingDuringTheCurrentLoan_NotCountedAgainstTheRenewal()
    {
        // A booking for "any tablet" inside the days this loan already covers was made while another tablet was free;
        // the renewal adds only the days after the old return date, which nobody has booked.
        await LendToClientAsync("LL-000001", "2026-12-10");
        await new ReservationService(Db, clock).AddAsync(null, "tablet", "STAFF-42", "2026-12-02", "2026-12-03", null, "t");
        await LendToStaffAsync("LL-000002", "2026-12-15");
        await PutDeviceAsync("LL-000003", DeviceStatus.InRepair, needsWipe: false);
        Assert.That((await loans.RenewAsync("LN-000001", "2026-12-20", "t")).DueOn, Is.EqualTo(new DateOnly(2026, 12, 20)));
    }
}
