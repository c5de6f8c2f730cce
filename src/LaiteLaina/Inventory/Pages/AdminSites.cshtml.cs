using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory.Pages;

/// <summary>The administrator's sites, locations and office settings (organisation on agreements and labels, tag format, loan rules, retention).</summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminSitesModel(SiteService sites, Database db) : AppPage
{
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public IReadOnlyList<Setting> Settings { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        var list = new List<Site>();
        foreach (var s in await sites.NamesAsync(ct))
            list.Add(await sites.GetAsync(s.Code, ct));
        Sites = list;
        Settings = await Storage.Settings.ListAsync(db, ct);
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

    public async Task<IActionResult> OnPostSettingAsync(string? name, string? value, CancellationToken ct)
    {
        var setting = await Storage.Settings.SetAsync(db, name ?? "", value ?? "", Actor, ct);
        return await DoneAsync($"{setting.Name} = {setting.Value}", ct);
    }
}
