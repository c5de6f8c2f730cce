namespace LaiteLaina.Tests.Audit;

/// <summary>Signed agreements and receipts are kept apart from the borrower's other data: after the retention job or an
/// erasure on request has anonymised the borrower, they stay until agreement_retention_years after the loan closed
/// (Aino's closed on 20.1.2025, so 20.1.2028 by default), then the job erases them; an administrator may erase them earlier.</summary>
public sealed partial class PrivacyTests
{
    private Task<long> AinosDocumentsAsync() =>
        CountAsync("SELECT count(*) FROM documents d JOIN loans l ON l.id = d.subject_id AND d.subject_type = 'loan' WHERE l.borrower_id = @aino", new { aino });

    [Test]
    public async Task AnonymiseDueAsync_ClosedLoanPastRetention_AgreementKeptUntilItsOwnLimitThenErased()
    {
        Assert.That(await privacy.AnonymiseDueAsync("job:retention"), Is.EqualTo(1));
        Assert.That((await BorrowerAsync(aino)).AnonymisedAt, Is.Not.Null, "her other data is gone after 12 months");
        Assert.That(await AinosDocumentsAsync(), Is.EqualTo(2), "the agreement and receipt outlive her other data");

        clock.SetUtcNow(new DateTimeOffset(2028, 1, 20, 11, 0, 0, TimeSpan.Zero));
        await privacy.AnonymiseDueAsync("job:retention");
        Assert.That(await AinosDocumentsAsync(), Is.EqualTo(2), "three years after the loan closed, to the hour, not yet");

        clock.SetUtcNow(new DateTimeOffset(2028, 1, 20, 12, 0, 1, TimeSpan.Zero));
        await privacy.AnonymiseDueAsync("job:retention");
        Assert.Multiple(async () =>
        {
            Assert.That(await AinosDocumentsAsync(), Is.Zero);
            Assert.That(await CountAsync("SELECT count(*) FROM document_erasures WHERE reason = 'agreement retention ended'"), Is.EqualTo(2));
            Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.erase-agreements' AND record_id = @aino", new { aino }), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM documents"), Is.EqualTo(3), "Bertta's loan closed in May 2025 and one is open: hers stay");
        });
    }

    [Test]
    public async Task AnonymiseDueAsync_AgreementsKeptFiveYears_StillKeptAfterThree()
    {
        await Settings.SetAsync(Db, "agreement_retention_years", "5", "admin");
        clock.SetUtcNow(new DateTimeOffset(2029, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await privacy.AnonymiseDueAsync("job:retention");
        Assert.That(await AinosDocumentsAsync(), Is.EqualTo(2));
        Assert.That((await privacy.AgreementsKeptAsync(aino))!.Until, Is.EqualTo(new DateOnly(2030, 1, 20)));
    }

    [Test]
    public async Task EraseAsync_OnRequest_AgreementsKeptUntilAnAdministratorErasesThem()
    {
        var key = aino.ToString(CultureInfo.InvariantCulture);
        await privacy.EraseAsync(key, "manager");
        Assert.That(await AinosDocumentsAsync(), Is.EqualTo(2), "GDPR Art. 17(3)(e): what a legal claim may need is kept");
        Assert.That(await privacy.AgreementsKeptAsync(aino), Is.EqualTo(new AgreementsKept(2, new DateOnly(2028, 1, 20))));

        Assert.That(await privacy.EraseAgreementsAsync(key, "admin"), Is.EqualTo(2));

        Assert.That(await AinosDocumentsAsync(), Is.Zero);
        Assert.That(await privacy.AgreementsKeptAsync(aino), Is.Null);
        Assert.That(await CountAsync("SELECT count(*) FROM document_erasures WHERE reason = 'claim settled' AND erased_by = 'admin'"), Is.EqualTo(2));
    }

    [Test]
    public async Task EraseAgreementsAsync_LoanOpen_RefusedAndNothingErased()
    {
        var e = Assert.ThrowsAsync<UserError>(() => privacy.EraseAgreementsAsync(bertta.ToString(CultureInfo.InvariantCulture), "admin"));
        Assert.That(e!.Kind, Is.EqualTo(UserErrorKind.Conflict));
        Assert.That(await CountAsync("SELECT count(*) FROM document_erasures"), Is.Zero);
    }
}
