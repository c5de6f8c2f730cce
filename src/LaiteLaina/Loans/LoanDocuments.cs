using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Loans;

/// <summary>Writes a loan's paperwork — agreement, return receipt, handover agreement — and stores it in the loan's own
/// transaction; the PDF itself is laid out by <see cref="DocumentDrafts"/> outside that transaction's lock.</summary>
public sealed class LoanDocuments(DocumentRenderer renderer, Database db)
{
    private readonly DocumentStore store = new(db);

    public DocumentStore Store => store;

    /// <summary>Issues an unsigned document of the loan, stored with what it was laid out from (<see cref="FrozenAgreement"/>).</summary>
    internal async Task<StoredDocument> IssueAsync(DbConnection c, DbTransaction tx, DocumentKind kind, Loan loan, Device device,
        People.Borrower borrower, string actor, DocumentDrafts drafts)
    {
        var settings = await Settings.ReadAsync(c, tx);
        var language = loan.Language;
        var model = new AgreementModel
        {
            Organisation = Organisation.Of(settings),
            Borrower = new BorrowerDetails(borrower.Name, borrower.Contact, borrower.ClientReference),
            Counsellor = new Person(loan.Counsellor),
            RecommendingWorker = loan.RecommendingWorker is { } worker ? new Person(worker) : null,
            Device = new DeviceDetails(device.Tag, DocumentWords.Kind(device.Kind, language), device.Make, device.Model, device.SerialNumber, device.Imei,
                device.CostCents),
            Accessories = loan.Accessories,
            Handover = kind == DocumentKind.HandoverAgreement ? await HandoverAsync(c, tx, loan) : null,
            ConditionOut = DocumentWords.Condition(Enum.Parse<DeviceCondition>(loan.ConditionOut), language),
            ConditionIn = loan.ConditionIn is { } conditionIn ? DocumentWords.Condition(Enum.Parse<DeviceCondition>(conditionIn), language) : null,
            StartDate = DateOnly.FromDateTime(loan.StartedAt.ToLocalTime().DateTime),
            DueDate = loan.DueOn,
            ReturnedDate = kind == DocumentKind.ReturnReceipt && loan.ClosedAt is { } closed ? DateOnly.FromDateTime(closed.ToLocalTime().DateTime) : null,
            ReturnNotes = loan.ReturnNotes,
            AccessoriesBack = kind == DocumentKind.ReturnReceipt
                ? [.. loan.AccessoryStates().Select(a => new AccessoryBack(a.Item, DocumentWords.AccessoryState(a.State, language)))]
                : [],
            LoanReference = loan.Reference,
        };
        var document = drafts.Get(new { kind, language, model }, () => renderer.Render(kind, language, model));
        return await store.IssueAsync(c, tx, document, Subject(loan), actor);
    }

    /// <summary>
    /// Signs the newest unsigned version of the loan's agreement: the same words laid out again from what that version was
    /// laid out from, whatever the templates and settings say today, with the signature, the signer's name, the place and
    /// date, the time of signing and the SHA-256 of the version signed. An agreement issued before its source was kept is
    /// issued again first (from today's records) and that version is signed: it is the one the signed copy names.
    /// </summary>
    /// <param name="place">Where it is signed; the town of the loan's site when not given.</param>
    internal async Task<StoredDocument> SignAsync(DbConnection c, DbTransaction tx, DocumentKind kind, Loan loan, byte[] signaturePng,
        string? place, DateTimeOffset localNow, string actor, DocumentDrafts drafts)
    {
        var subject = Subject(loan);
        var found = await DocumentStore.UnsignedSourceAsync(c, tx, subject, kind);
        if (found is null)
        {
            var device = await DeviceStore.GetByTagAsync(c, tx, loan.Tag);
            var borrower = await People.BorrowerService.FindAsync(c, tx, loan.BorrowerId.ToString(CultureInfo.InvariantCulture))
                           ?? throw UserError.NotFound("borrower", loan.BorrowerId.ToString(CultureInfo.InvariantCulture));
            await IssueAsync(c, tx, kind, loan, device, borrower, actor, drafts);
            found = await DocumentStore.UnsignedSourceAsync(c, tx, subject, kind);
        }
        var (unsigned, source) = found ?? throw new InvalidOperationException($"loan {loan.Reference}: the agreement just issued has no source");
        place = IdentityCode.Refuse("signing-place", Parse.Text(place)) ?? await PlaceOfAsync(c, tx, loan.Id);
        var signature = new AgreementSignature(source.Model.Borrower.Name, place, localNow, unsigned.Version, unsigned.Sha256,
            SignatureLines.For(source.Language, source.Model.Borrower.Name, place, localNow, unsigned.Version, unsigned.Sha256));
        var document = drafts.Get(new { signs = unsigned.Id, signaturePng, signature }, () => renderer.RenderSigned(source, signaturePng, signature));
        return await store.IssueAsync(c, tx, document, subject, actor);
    }

    /// <summary>Where a loan's agreement is signed unless the counsellor says otherwise: the town of the site that lent it.</summary>
    internal static async Task<string> PlaceOfAsync(DbConnection c, DbTransaction? tx, long loanId)
    {
        var site = await c.QuerySingleOrDefaultAsync<(string Name, string? Address)>(
            "SELECT s.name, s.address FROM loans l JOIN sites s ON s.id = l.site_id WHERE l.id = @loanId", new { loanId }, tx);
        return site.Name is null ? "" : SignatureLines.Town(site.Name, site.Address);
    }

    private static DocumentSubject Subject(Loan loan) => new("loan", loan.Id, loan.Reference);
    /// <summary>The coaching and the last full sanitisation before the handover (the handover itself refuses a device
    /// without one), as the agreement states them.</summary>
    private static async Task<HandoverDetails> HandoverAsync(DbConnection c, DbTransaction tx, Loan loan)
    {
        var sanitised = await c.QueryFirstOrDefaultAsync<DateTimeOffset?>("""
            SELECT performed_at FROM sanitisations WHERE device_id = @DeviceId AND scope = 'media'
            ORDER BY performed_at DESC, id DESC LIMIT 1
            """, new { loan.DeviceId }, tx);
        return new HandoverDetails(loan.CoachingSessions ?? 0, loan.CoachingReason,
            DateOnly.FromDateTime((sanitised ?? loan.StartedAt).ToLocalTime().DateTime));
    }
}
