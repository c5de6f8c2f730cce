using System.Globalization;

namespace LaiteLaina.People.Pages;

/// <summary>The second look before erasure on request: it names the person whose data goes, for good. The loans' signed
/// agreements and receipts stay until their own limit (GDPR Art. 17(3)(e)), and the page says so; an administrator may
/// erase them too once no claim can arise, after a second look of its own.</summary>
[Authorize(Policy = Access.Reports)]
public sealed class PrivacyEraseModel(BorrowerService borrowers, PrivacyService privacy) : AppPage
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public Borrower? Borrower { get; private set; }

    /// <summary>Whom the erasure just removed, said once on the page that did it.</summary>
    public string? ErasedName { get; private set; }

    /// <summary>The loans' agreements and receipts still kept, and until when; null when there are none.</summary>
    public AgreementsKept? Kept { get; private set; }

    /// <summary>How many agreements and receipts an administrator just erased.</summary>
    public int? AgreementsErased { get; private set; }

    public bool MayEraseAgreements => User.Has(Access.Admin);

    private string Key => Id.ToString(CultureInfo.InvariantCulture);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Borrower = await borrowers.GetAsync(Key, ct);
        Kept = await privacy.AgreementsKeptAsync(Id, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = (await borrowers.GetAsync(Key, ct)).Name;
        await privacy.EraseAsync(Key, Actor, ct);
        ErasedName = name;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAgreementsAsync(CancellationToken ct)
    {
        // The page is a manager's; this second erasure is an administrator's alone.
        if (!MayEraseAgreements)
            throw new UserError(Msg.AuthRoleNotAllowed, UserErrorKind.Forbidden, "borrower");
        AgreementsErased = await privacy.EraseAgreementsAsync(Key, Actor, ct);
        await LoadAsync(ct);
        return Page();
    }
}
