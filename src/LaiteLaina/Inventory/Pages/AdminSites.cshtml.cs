using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory.Pages;

/// <summary>The administrator's sites and locations; the office settings have their own page, /admin/settings.</summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminSitesModel(SiteService sites) : AppPage
{
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        var list = new List<Site>();
        foreach (var s in await sites.NamesAsync(ct))
            list.Add(await sites.GetAsync(s.Code, ct));
        Sites = list;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostSiteAsync(string? code, string? name, string? address, CancellationToken ct)
    {
        var site = await sites.AddAsync(code ?? "", name ?? "", address, Actor, ct);
        return await DoneAsync($"{site.Code} ✓", ct);
    }

    public async Task<IActionResult> OnPostLocationAsync(string? site, string? name, CancellationToken ct)
    {
        var location = await sites.AddLocationAsync(site ?? "", name ?? "", Actor, ct);
        return await DoneAsync($"{site} / {location.Name} ✓", ct);
    }
}
