using LaiteLaina.Storage;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Inventory.Pages;

namespace LaiteLaina.Audit.Pages;

/// <summary>The stocktakes, and a new one started for a place chosen from the list (a site, or a location in it) and,
/// where the office has scanners in stocktake mode, the scanner whose reads go into it: both chosen, not typed, since a
/// scanner name typed wrong would leave the stocktake empty with no word said.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class StocktakesModel(StocktakeService stocktakes, SiteService sites, HardwareSettings hardware) : AppPage
{
    [BindProperty] public string? Place { get; set; }

    [BindProperty] public string? Scanner { get; set; }

    /// <summary>What the list shows chosen: what was posted, else the first site, as most offices count one.</summary>
    public string? ChosenPlace => Place ?? (Places.Count > 0 ? PlaceChoice.Value(Places[0]) : null);

    /// <summary>The names of the scanners configured in stocktake mode: only their reads go into a stocktake.</summary>
    public IReadOnlyList<string> Scanners => hardware.Scanners.Where(s => s.Mode == ScanMode.Stocktake).Select(s => s.Name).ToList();

    public ListPage<Stocktake> Stocktakes { get; private set; } = new([], 0, 1, Pager.PageSize);

    public Pager Pager => Pager.Of(Stocktakes, page => QueryOf(("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public IReadOnlyList<Site> Places { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Stocktakes = await stocktakes.ListOf(openOnly: false).PageAsync(PageNumber, Pager.PageSize, ct);
        Places = await sites.PlacesAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (site, location) = PlaceChoice.Read(await sites.PlacesAsync(ct), Place);
        var t = await stocktakes.StartAsync(site, Parse.Text(location), Parse.Text(Scanner), Actor, ct);
        return Redirect($"/stocktakes/{t.Reference}");
    }
}
