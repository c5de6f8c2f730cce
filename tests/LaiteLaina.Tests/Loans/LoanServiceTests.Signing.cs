using SkiaSharp;

namespace LaiteLaina.Tests.Loans;

/// <summary>A check-out that adds its borrower, and the signing of an agreement (#16).</summary>
public sealed partial class LoanServiceTests
{
    private static readonly BorrowerInput NewClient = new() { Name = "Astrid Ek", Contact = "050 765 4321", Language = "sv", InterpreterNeeded = true };

    private Task<long> BorrowersNamedAsync(string name) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM borrowers WHERE name = @name", new { name }));

    [Test]
    public async Task CheckOutAsync_NewBorrowerAndDueInThePast_RefusedAndNoBorrowerLeft()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", NewBorrower = NewClient, Due = "2026-11-01", RecommendingWorker = "Sari",
        }, "t"));
        Assert.That(e!.Field, Is.EqualTo("due"));
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.Zero);
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.add'"), Is.EqualTo(2), "only the two of the set-up");
    }

    [Test]
    public async Task CheckOutAsync_NewBorrowerAndDeviceNotReady_RefusedAndNoBorrowerLeft()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'AwaitingWipe' WHERE tag = 'LL-000002'", transaction: tx));
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000002", NewBorrower = NewClient, Due = "2027-01-15", RecommendingWorker = "Sari",
        }, "t"));
        Assert.That(e!.Field, Is.EqualTo("tag"));
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.Zero);
    }

    [Test]
    public async Task CheckOutAsync_NewBorrower_AddedWithTheLoanInTheirLanguage()
    {
        var loan = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", NewBorrower = NewClient, Due = "2027-01-15", RecommendingWorker = "Sari",
        }, "t")).Loan;
        var borrower = await new BorrowerService(Db).GetAsync(loan.BorrowerId.ToString(CultureInfo.InvariantCulture));
        Assert.That((borrower.Name, borrower.PreferredLanguage, borrower.InterpreterNeeded, loan.Language), Is.EqualTo(("Astrid Ek", "sv", true, "sv")));
    }

    [Test]
    public async Task CheckOutAsync_NewStaffMemberOnAClientLoan_RefusedAndNoBorrowerLeft()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", NewBorrower = NewClient with { Kind = "staff" }, Kind = "client", Due = "2027-01-15", RecommendingWorker = "Sari",
        }, "t"));
        Assert.That(e!.Field, Is.EqualTo("kind"));
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.Zero);
    }

    [Test]
    public async Task HandOverAsync_NewBorrowerAndDeviceNotReady_RefusedAndNoBorrowerLeft()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'InRepair' WHERE tag = 'LL-000003'", transaction: tx));
        Assert.ThrowsAsync<UserError>(() => loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", NewBorrower = NewClient, CoachingSessions = 2 }, "t"));
        Assert.That(await BorrowersNamedAsync("Astrid Ek"), Is.Zero);
    }

    [Test]
    public async Task SignAgreementAsync_SignedAlready_RefusedUnlessReplacedWithAReason()
    {
        await LendToClientAsync();
        await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t");
        var signed = await loans.GetAsync("LN-000001");
        Assert.That((signed.SignedVersion, signed.SignedAt), Is.EqualTo(((int?)2, (DateTimeOffset?)clock.GetUtcNow())));

        var again = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t"));
        Assert.That(again!.Message, Does.Contain("already signed on 23.11.2026 (version 2)"));
        var noReason = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t", "  "));
        Assert.That(noReason!.Field, Is.EqualTo("reason"));
        Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.EqualTo(2), "neither refusal stored a version");

        var replaced = await loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t", "signed on the counsellor's line");
        Assert.That(replaced.Version, Is.EqualTo(3));
        Assert.That((await loans.GetAsync("LN-000001")).SignedVersion, Is.EqualTo(3));
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<(string Before, string After)>(
            "SELECT before_json, after_json FROM audit_log WHERE action = 'loan.sign-replace'"));
        Assert.That(audit.Before, Does.Contain("\"signedVersion\":2"));
        Assert.That(audit.After, Does.Contain("\"signedVersion\":3").And.Contain("signed on the counsellor's line"));
    }

    [TestCase(0, TestName = "SignAgreementAsync_BlankPad_RefusedNothingStored")]
    [TestCase(1, TestName = "SignAgreementAsync_OneDotOnThePad_RefusedNothingStored")]
    public async Task SignAgreementAsync_NearlyBlank_RefusedNothingStored(int dots)
    {
        await LendToClientAsync();
        using var bitmap = new SKBitmap(720, 240);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.DarkBlue, StrokeWidth = 3, IsAntialias = true })
        {
            canvas.Clear(SKColors.Transparent);
            for (var i = 0; i < dots; i++)
                canvas.DrawCircle(300, 120, 2, paint);
        }
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        var e = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", data.ToArray(), "t"));
        Assert.That((e!.Field, e.In(new CultureInfo("fi"))), Is.EqualTo(("signature",
            "Allekirjoitusruutu näyttää tyhjältä. Pyydä lainaajaa allekirjoittamaan sormella, kynällä tai hiirellä ja tallenna sitten.")));
        Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.EqualTo(1));
    }

    [Test]
    public async Task SignAgreementAsync_ReturnedLoan_RefusedNothingStored()
    {
        await LendToClientAsync();
        await loans.ReturnAsync("LL-000001", new ReturnRequest(), "t");
        var e = Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync("LN-000001", Samples.SignaturePng(), "t"));
        Assert.That(e!.Message, Does.StartWith("loan LN-000001 is returned"));
        Assert.That(await CountAsync("SELECT count(*) FROM documents WHERE kind = 'loan-agreement'"), Is.EqualTo(1));
    }

    [Test]
    public async Task SignAgreementAsync_HandedOver_Refused()
    {
        var loan = (await loans.HandOverAsync(new HandoverRequest { Tag = "LL-000003", Borrower = client.ToString(), CoachingSessions = 2 }, "t")).Loan;
        Assert.ThrowsAsync<UserError>(() => loans.SignAgreementAsync(loan.Reference, Samples.SignaturePng(), "t"));
    }
}
