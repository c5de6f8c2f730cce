using System.Globalization;

namespace LaiteLaina.People.Pages;

/// <summary>The second look before erasure on request: it names the person whose data goes, for good.</summary>
[Authorize(Policy = Access.Reports)]
public sealed class PrivacyEraseModel(BorrowerService borrowers, PrivacyService privacy) : AppPage
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public Borrower? Borrower { get; private set; }

    /// <summary>Whom the erasure just removed, said once on the page that did it.</summary>
    public string? ErasedName { get; private set; }

    private string Key => Id.ToString(CultureInfo.InvariantCulture);

    public override async Task LoadAsync(CancellationToken ct) => Borrower = await borrowers.GetAsync(Key, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = (await borrowers.GetAsync(Key, ct)).Name;
        await privacy.EraseAsync(Key, Actor, ct);
        ErasedName = name;
        await LoadAsync(ct);
        return Page();
    }
}
