using LaiteLaina.Storage;
using LaiteLaina.Inventory;

namespace LaiteLaina.Audit.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class StocktakesModel(StocktakeService stocktakes, SiteService sites) : AppPage
{

    public ListPage<Stocktake> Stocktakes { get; private set; } = new([], 0, 1, Pager.PageSize);

    public Pager Pager => Pager.Of(Stocktakes, page => QueryOf(("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Stocktakes = await stocktakes.ListOf(openOnly: false).PageAsync(PageNumber, Pager.PageSize, ct);
        Sites = await sites.NamesAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? site, string? location, string? scanner, CancellationToken ct)
    {
        var t = await stocktakes.StartAsync(site ?? "", Parse.Text(location), Parse.Text(scanner), Actor, ct);
        return Redirect($"/stocktakes/{t.Reference}");
    }
}
