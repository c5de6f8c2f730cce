using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class LoansModel(LoanService loans, SiteService sites, ServiceSite here) : AppPage
{
    [BindProperty(SupportsGet = true)] public string State { get; set; } = "open";
    [BindProperty(SupportsGet = true)] public string? Borrower { get; set; }
    [BindProperty(SupportsGet = true)] public string? Site { get; set; }

    public SiteChoice Sites { get; private set; } = new([], null, null);

    public ListPage<Loan> Loans { get; private set; } = new([], 0, 1, Pager.PageSize);

    public DateOnly Today => loans.Today;

    public Pager Pager => Pager.Of(Loans, page =>
        Sites.Keep(QueryOf(("state", State), ("borrower", Borrower), ("site", Sites.Code), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    public override async Task LoadAsync(CancellationToken ct)
    {
        // As the device list: a counsellor opens on their own site's loans, a manager on all sites, until they choose.
        Sites = await SiteChoice.OfAsync(sites, here, User, Site, Request.Query.ContainsKey("site"), ct);
        Loans = await (await loans.ListOfAsync(State, Borrower, Sites.Id, ct)).PageAsync(PageNumber, Pager.PageSize, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
