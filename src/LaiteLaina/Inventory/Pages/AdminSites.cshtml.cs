using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory.Pages;

/// <summary>The administrator's sites and locations; the office settings have their own page, /admin/settings.</summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminSitesModel(SiteService sites, Microsoft.Extensions.Localization.IStringLocalizer<Ui> l) : AppPage
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
        return DoneThenList(l["Site {0} ({1}) is added.", site.Code, site.Name]);
    }

    /// <summary>The site whose rename was refused and the code typed for it: its form shows the code again, marked.</summary>
    public (string Site, string? Code)? Renaming { get; private set; }

    /// <summary>The rename form of <paramref name="site"/> is marked after its refusal; no other form is.</summary>
    public string? ProblemFor(string site) => Renaming?.Site == site ? "code" : null;

    /// <summary>A new code for a site, offered beside a code saved before the rule for codes.</summary>
    public async Task<IActionResult> OnPostRenameAsync(string? site, string? code, CancellationToken ct)
    {
        Renaming = (site ?? "", code);
        var renamed = await sites.RenameAsync(site ?? "", code ?? "", Actor, ct);
        Renaming = null;
        return DoneThenList($"{l["The site code is now"]} {renamed.Code}. {l["Ask IT support to put the new code in the settings of the site's server too."]}");
    }

    /// <summary>What was typed into <paramref name="field"/> of the refused form of <paramref name="handler"/> (a location
    /// form: the one of <paramref name="site"/>), for the form to show it again; null for every other form and after a
    /// change was done. Read from the post itself: a refusal at the edge of the pages comes before the handler runs.</summary>
    public string? Typed(string handler, string field, string? site = null) => Refused(handler, site) ? Request.Form[field].ToString() : null;

    /// <summary>The service's field names an input of the refused form answers for (<c>problem-for</c>); null for every
    /// other form, so that a refusal marks no other form's field of the same name (every location form has a "name").</summary>
    public string? ProblemAt(string handler, string fields, string? site = null) => Refused(handler, site) ? fields : null;

    private bool Refused(string handler, string? site) =>
        Problem is not null && Request.HasFormContentType
        && string.Equals(Request.Query["handler"].ToString(), handler, StringComparison.OrdinalIgnoreCase)
        && (site is null || Request.Form["site"].ToString() == site);

    public async Task<IActionResult> OnPostLocationAsync(string? site, string? name, CancellationToken ct)
    {
        var location = await sites.AddLocationAsync(site ?? "", name ?? "", Actor, ct);
        return DoneThenList(l["Location {1} is added to site {0}.", site ?? "", location.Name]);
    }
}
