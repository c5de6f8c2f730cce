using System.Globalization;
using LaiteLaina.Documents;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class LoanPageModel(LoanService loans, LoanDocuments documents, People.PrivacyService privacy, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Reference { get; set; } = "";
    [BindProperty(SupportsGet = true)] public bool New { get; set; }
    [BindProperty(SupportsGet = true)] public bool Again { get; set; }

    public Loan? Loan { get; private set; }

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    public DateOnly Today => loans.Today;

    public string SuggestedDue => ((Loan?.DueOn ?? loans.Today) < loans.Today ? loans.Today : Loan!.DueOn!.Value).AddDays(14).ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Loan = await loans.GetAsync(Reference, ct);
        Documents = await documents.Store.ForSubjectAsync("loan", Loan.Id, ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // A manager looking at a client's loan reads that person's details: the audit log records who looked, and when.
        if (User.Role() >= UserRole.Manager)
            await privacy.ReadAsync(Loan!.BorrowerId.ToString(CultureInfo.InvariantCulture), Actor, ct);
    }

    public async Task<IActionResult> OnPostSignAsync(string? signature, CancellationToken ct)
    {
        const string prefix = "data:image/png;base64,";
        if (signature is null || !signature.StartsWith(prefix, StringComparison.Ordinal))
            throw UserError.Invalid("signature", Msg.ValueEmpty, Msg.SignatureMissing);
        byte[] png;
        try
        {
            png = Convert.FromBase64String(signature[prefix.Length..]);
        }
        catch (FormatException)
        {
            throw UserError.Invalid("signature", Msg.ValueNotAnImage, Msg.SignatureUnreadable);
        }
        await loans.SignAgreementAsync(Reference, png, Actor, ct);
        return await DoneAsync(l["The signed agreement is stored."], ct);
    }

    public async Task<IActionResult> OnPostRenewAsync(string? due, CancellationToken ct)
    {
        var loan = await loans.RenewAsync(Reference, due, Actor, ct);
        return await DoneAsync($"{l["Renewed until"]} {loan.DueOn?.ToString("d.M.yyyy", CultureInfo.InvariantCulture)}.", ct);
    }

    public async Task<IActionResult> OnPostLostAsync(CancellationToken ct)
    {
        await loans.MarkLostAsync(Reference, null, Actor, ct);
        return await DoneAsync(l["The loan is closed as lost."], ct);
    }
}
