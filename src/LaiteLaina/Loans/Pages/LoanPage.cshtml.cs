using System.Globalization;
using LaiteLaina.Documents;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class LoanPageModel(LoanService loans, LoanDocuments documents, ReminderService reminders, People.PrivacyService privacy, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Reference { get; set; } = "";
    [BindProperty(SupportsGet = true)] public bool New { get; set; }
    [BindProperty(SupportsGet = true)] public bool Again { get; set; }
    [BindProperty(SupportsGet = true)] public bool Lost { get; set; }

    /// <summary>The counsellor chose to replace a signature the loan already has: the pad comes back, with a reason to give.</summary>
    [BindProperty(SupportsGet = true)] public bool Replace { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>Where the agreement is signed, printed on it: the town of the loan's site until the counsellor types another.
    /// The form names it "signing-place", apart from a device's place ("sijainti").</summary>
    [BindProperty(Name = "signing-place")] public string? Place { get; set; }

    /// <summary>The renewal's new date as typed, kept when it is refused.</summary>
    [BindProperty] public string? Due { get; set; }

    public Loan? Loan { get; private set; }

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    /// <summary>The reminders the daily job e-mailed about this loan, with when.</summary>
    public IReadOnlyList<SentReminder> Reminders { get; private set; } = [];

    public DateOnly Today => loans.Today;

    public string SuggestedDue => ((Loan?.DueOn ?? loans.Today) < loans.Today ? loans.Today : Loan!.DueOn!.Value).AddDays(14).ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Signed on 6.12.2026 at 14.05 — version 2": which stored agreement carries the signature.</summary>
    public string? SignedText => Loan is { SignedVersion: { } version, SignedAt: { } at }
        ? l["Signed on {0} at {1} — version {2}", Day(at), Time(at), version].Value
        : null;

    /// <summary>What the pad says when saved empty, before anything is sent (the server says the same if it is).</summary>
    public static string EmptyPadText => ((Message)Msg.SignatureBlank).Render(CultureInfo.CurrentUICulture);

    public static string Day(DateTimeOffset at) => at.ToLocalTime().ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A time of day as the user's language writes it: 14.05 in Finnish and Swedish, 14:05 in English.</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToLocalTime().ToString(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "HH:mm" : "H.mm", CultureInfo.InvariantCulture);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Loan = await loans.GetAsync(Reference, ct);
        Documents = await documents.Store.ForSubjectAsync("loan", Loan.Id, ct);
        Reminders = await reminders.SentAsync(Loan.Id, ct);
        Place ??= await loans.DefaultPlaceAsync(Loan, ct);
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
            throw UserError.Invalid("signature", null, Msg.SignatureMissing);
        byte[] png;
        try
        {
            png = Convert.FromBase64String(signature[prefix.Length..]);
        }
        catch (FormatException)
        {
            throw UserError.Invalid("signature", Msg.ValueNotAnImage, Msg.SignatureUnreadable);
        }
        SignatureInk.Require(png); // a blank pad or a tick is said first: it is what the person must redo
        // The pad offers the site's town; a person who cleared the field is asked, not given that town behind their back
        // (the service's default is for the API and a form without the field). Kept empty so the refused form shows it.
        if (Request.Form.TryGetValue("signing-place", out var typed) && Parse.Text(typed.ToString()) is null)
        {
            Place = "";
            throw UserError.Invalid("signing-place", null, Msg.SignaturePlaceMissing);
        }
        await loans.SignAgreementAsync(Reference, png, Actor, Replace ? Reason ?? "" : null, Place, ct);
        // Signed: the pad goes away and the page names the signed version.
        (Replace, Reason, Place) = (false, null, null);
        return await DoneAsync(l["The signed agreement is stored."], ct);
    }

    public async Task<IActionResult> OnPostRenewAsync(CancellationToken ct)
    {
        var loan = await loans.RenewAsync(Reference, Due, Actor, ct);
        Due = null;
        return await DoneAsync(l["The loan is renewed until {0}.", loan.DueOn?.ToString("d.M.yyyy", CultureInfo.InvariantCulture) ?? ""], ct);
    }
}
