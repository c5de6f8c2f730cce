namespace LaiteLaina.Tests.Loans;

/// <summary>
/// The handover rule (#17 finding 4): the agreement tells the client that no earlier user's data is on the device, so a
/// handover needs a sanitisation of the whole storage as the device's last wipe, and it records the coaching the client had.
/// </summary>
public sealed partial class LoanServiceTests
{
    private Task<(long Loans, long Documents, long Audit)> HandoverRowsAsync() =>
        Db.ReadAsync(async c => (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM loans"), await c.ExecuteScalarAsync<long>("SELECT count(*) FROM documents"),
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log")));

    /// <summary>A loan tablet's user reset recorded after the full wipe, as the provisioning pipeline's client-loan profile does.</summary>
    private Task RecordUserResetAsync(string tag, DateTimeOffset at) =>
        RecordProvisioningWipeAsync(tag, at, "secondary user removed and a fresh one created (pm remove-user)", "Clear", SanitisationScopes.UserProfile);

    private Task RecordProvisioningWipeAsync(string tag, DateTimeOffset at, string method, string level, string scope) =>
        Db.WriteAsync(async (c, tx) =>
        {
            var device = await DeviceStore.GetByTagAsync(c, tx, tag);
            await SanitisationStore.InsertAsync(c, tx, new SanitisationRow
            {
                DeviceId = device.Id, Method = method, Level = level, Operator = "Ville Virta",
                PerformedAt = at, Verification = "scripts/adb/verify.sh", RecordedBy = "t", Scope = scope,
            }, CancellationToken.None);
        });

    [Test]
    public async Task HandOverAsync_LastWipeWasATestHarnessReset_RefusedNothingChanged()
    {
        // The staff-tablet profile's reset: the whole storage is wiped, but the tablet stays in Test Harness Mode.
        await RecordProvisioningWipeAsync("LL-000003", DateTimeOffset.UtcNow, SanitisationMethods.TestHarness, "Purge", SanitisationScopes.Media);
        var before = await HandoverRowsAsync();

        var e = Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 3 }, "t"));

        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Conflict, "tag")));
        Assert.That(e.Message, Does.StartWith("LL-000003 was last wiped on").And.Contain("test-harness reset").And.Contain("guided factory reset"));
        Assert.That(await HandoverRowsAsync(), Is.EqualTo(before));
        Assert.That((await inventory.GetAsync("LL-000003")).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task HandOverAsync_LastWipeRemovedOnlyAUserProfile_RefusedNamingTheDeviceAndWhatWasDone()
    {
        await RecordUserResetAsync("LL-000003", DateTimeOffset.UtcNow);
        var before = await HandoverRowsAsync();

        var e = Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 3 }, "t"));

        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Conflict, "tag")));
        Assert.That(e.Message, Does.StartWith("LL-000003 was last wiped on").And.Contain("removing a user profile only"));
        Assert.That(await HandoverRowsAsync(), Is.EqualTo(before));
        Assert.That((await inventory.GetAsync("LL-000003")).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task HandOverAsync_NoWipeOnRecord_Refused()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000002", Borrower = client.ToString(), CoachingSessions = 3 }, "t"));

        Assert.That((e!.Field, e.Message), Is.EqualTo(("tag", "LL-000002 has no sanitisation on record. A device is handed over only after its whole storage has been wiped "
            + "(a factory reset or a disk wipe), so that no earlier user's data can be on it.")));
    }

    [Test]
    public async Task HandOverAsync_NoCoachingAndNoReason_RefusedNothingChanged()
    {
        var before = await HandoverRowsAsync();

        var e = Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 0, CoachingReason = " " }, "t"));

        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Invalid, "coaching-reason")));
        Assert.That(e.Message, Does.Contain("say why the device is handed over anyway"));
        Assert.That(await HandoverRowsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task HandOverAsync_NoCounsellorGivenByAUserOnTheWebOrApi_AgreementNamesThemNotTheirLogin()
    {
        await new LaiteLaina.Users.UserService(Db, clock).AddAsync("sari", "Sari Salo", "counsellor", "correct horse battery", "t");

        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 2 }, "api:sari")).Loan;
        var lent = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = client.ToString(), Kind = "client", Due = "2027-03-15", RecommendingWorker = "Maija",
        }, "web:sari")).Loan;

        Assert.That((loan.Counsellor, lent.Counsellor), Is.EqualTo(("Sari Salo", "Sari Salo")));
        var text = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Content);
        Assert.That(text, Does.Contain("Sari Salo").And.Not.Contain("api:sari"));
    }

    [Test]
    public async Task HandOverAsync_NoCoachingWithReason_ReasonStoredAndStatedOnTheAgreement()
    {
        var loan = (await loans.HandOverAsync(new HandoverRequest
        {
            Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 0, CoachingReason = "Asiakas osasi jo käyttää tablettia.",
        }, "t")).Loan;

        Assert.That((await loans.GetAsync(loan.Reference)).CoachingReason, Is.EqualTo("Asiakas osasi jo käyttää tablettia."));
        var text = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Content);
        Assert.That(text, Does.Contain("Digiopastuskerrat ennen luovutusta").And.Contain("Syy luovutukseen ilman opastusta").And.Contain("Asiakas osasi jo käyttää tablettia."));
    }

    [Test]
    public async Task HandOverAsync_AfterAFullWipe_AgreementStatesTheSessionsAndThatTheWholeStorageWasWiped()
    {
        var wiped = (await inventory.GetAsync("LL-000003")).LastWipedAt!.Value;

        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 4 }, "t")).Loan;

        var text = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Content);
        var day = DocumentLanguages.FormatDate(DateOnly.FromDateTime(wiped.ToLocalTime().DateTime), "fi");
        Assert.That(System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " "),
            Does.Contain("Digiopastuskerrat ennen luovutusta 4").And.Contain($"Laitteen koko tallennusmuisti tyhjennettiin {day}")
                .And.Contain("laitteella ei ole aiempien käyttäjien tietoja").And.Not.Contain("Syy luovutukseen"));
    }
}
