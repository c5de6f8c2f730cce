using LaiteLaina.Storage;
using LaiteLaina.People;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class BorrowersModel(BorrowerService borrowers) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public ListPage<Borrower> Borrowers { get; private set; } = new([], 0, 1, Pager.PageSize);

    public Pager Pager => Pager.Of(Borrowers, page => QueryOf(("q", Q), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public override async Task LoadAsync(CancellationToken ct) => Borrowers = await borrowers.ListOf(Q).PageAsync(PageNumber, Pager.PageSize, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? kind, string? contact, string? clientReference, string? language, bool interpreter,
        CancellationToken ct)
    {
        var b = await borrowers.AddAsync(new BorrowerInput
        {
            Name = name, Kind = kind, Contact = contact, ClientReference = clientReference, Language = Parse.Text(language), InterpreterNeeded = interpreter,
        }, Actor, ct);
        return Redirect($"/borrowers/{b.Id}");
    }
}
