using LaiteLaina.Storage;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class LoansModel(LoanService loans) : AppPage
{
    [BindProperty(SupportsGet = true)] public string State { get; set; } = "open";
    [BindProperty(SupportsGet = true)] public string? Borrower { get; set; }

    public ListPage<Loan> Loans { get; private set; } = new([], 0, 1, Pager.PageSize);

    public DateOnly Today => loans.Today;

    public Pager Pager => Pager.Of(Loans, page => QueryOf(("state", State), ("borrower", Borrower), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public override async Task LoadAsync(CancellationToken ct) =>
        Loans = await (await loans.ListOfAsync(State, Borrower, ct)).PageAsync(PageNumber, Pager.PageSize, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
