using LaiteLaina.People;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class BorrowersModel(BorrowerService borrowers) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public IReadOnlyList<Borrower> Borrowers { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct) => Borrowers = await borrowers.ListAsync(Q, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? kind, string? contact, string? clientReference, string? language, CancellationToken ct)
    {
        var b = await borrowers.AddAsync(new BorrowerInput { Name = name, Kind = kind, Contact = contact, ClientReference = clientReference, Language = language }, Actor, ct);
        return Redirect("/borrowers?q=" + Uri.EscapeDataString(b.Name));
    }
}
