namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class LoansModel(LoanService loans) : AppPage
{
    [BindProperty(SupportsGet = true)] public string State { get; set; } = "open";
    [BindProperty(SupportsGet = true)] public string? Borrower { get; set; }

    public IReadOnlyList<Loan> Loans { get; private set; } = [];

    public DateOnly Today => loans.Today;

    public override async Task LoadAsync(CancellationToken ct) => Loans = await loans.ListAsync(State, Borrower, ct: ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
