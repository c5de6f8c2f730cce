namespace LaiteLaina.Inventory.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class DevicesModel(InventoryService inventory, SiteService sites, ServiceSite here) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Site { get; set; }
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }

    public DevicePage? Results { get; private set; }

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Sites = await sites.NamesAsync(ct);
        // A counsellor works at this site's desk: the list opens on its devices, and "all" (an empty choice) shows
        // every site's. A manager sees all sites unless they choose one.
        if (User.Role() == UserRole.Counsellor && !Request.Query.ContainsKey("site") && here.Code is { } own)
            Site = Sites.FirstOrDefault(s => string.Equals(s.Code, own, StringComparison.OrdinalIgnoreCase))?.Code;
        Results = await inventory.ListAsync(new DeviceFilter
        {
            Search = Parse.Text(Q), Status = Parse.Text(Status), Kind = Parse.Text(Kind), Site = Parse.Text(Site), Acquisition = Parse.Text(Source),
            Page = PageNumber, PageSize = 50,
        }, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public string Link(int page) =>
        QueryOf(("q", Q), ("status", Status), ("kind", Kind), ("site", Site), ("source", Source), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
