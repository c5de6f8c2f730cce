using System.Data.Common;
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

    internal async Task<StoredDocument> IssueAsync(DbConnection c, DbTransaction tx, DocumentKind kind, Loan loan, Device device,
        People.Borrower borrower, string actor, DocumentDrafts drafts, byte[]? signaturePng = null)
    {
        var settings = await Settings.ReadAsync(c, tx);
        var language = loan.Language;
        var model = new AgreementModel
        {
            Organisation = Organisation.Of(settings),
            Borrower = new BorrowerDetails(borrower.Name, borrower.Contact, borrower.ClientReference),
            Counsellor = new Person(loan.Counsellor),
            RecommendingWorker = loan.RecommendingWorker is { } worker ? new Person(worker) : null,
            Device = new DeviceDetails(device.Tag, DocumentWords.Kind(device.Kind, language), device.Make, device.Model, device.SerialNumber, device.Imei),
            Accessories = loan.Accessories,
            Handover = kind == DocumentKind.HandoverAgreement ? await HandoverAsync(c, tx, loan) : null,
            ConditionOut = DocumentWords.Condition(Enum.Parse<DeviceCondition>(loan.ConditionOut), language),
            ConditionIn = loan.ConditionIn is { } conditionIn ? DocumentWords.Condition(Enum.Parse<DeviceCondition>(conditionIn), language) : null,
            StartDate = DateOnly.FromDateTime(loan.StartedAt.ToLocalTime().DateTime),
            DueDate = loan.DueOn,
            ReturnedDate = kind == DocumentKind.ReturnReceipt && loan.ClosedAt is { } closed ? DateOnly.FromDateTime(closed.ToLocalTime().DateTime) : null,
            ReturnNotes = loan.Missing.Count == 0 ? loan.ReturnNotes
                : string.Join(". ", new[] { loan.ReturnNotes, DocumentWords.Missing(language) + ": " + string.Join(", ", loan.Missing) }.Where(s => s is not null)),
            LoanReference = loan.Reference,
            SignatureImagePng = signaturePng,
        };
        var document = drafts.Get(new { kind, language, model }, () => renderer.Render(kind, language, model));
        return await store.IssueAsync(c, tx, document, new DocumentSubject("loan", loan.Id, loan.Reference), actor);
    }

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
