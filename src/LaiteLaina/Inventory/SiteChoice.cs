using System.Security.Claims;

namespace LaiteLaina.Inventory;

/// <summary>
/// The site filter of a list page (#20: a manager sees all sites, a counsellor their own by default): the office's
/// sites, the one chosen (null for all of them) and its id for the list's SQL. A counsellor who has not chosen gets
/// the site of the service they work at; anyone else gets every site. An office of one site shows no filter and
/// filters nothing, so it sees its lists as before there were sites.
/// </summary>
public sealed record SiteChoice(IReadOnlyList<Site> Sites, string? Code, long? Id)
{
    /// <summary>The filter is worth a select only where there is more than one site to choose from.</summary>
    public bool Shown => Sites.Count > 1;

    /// <summary>Every site's rows in one list, where each row needs to say which site it belongs to.</summary>
    public bool ListsAll => Shown && Code is null;

    /// <param name="asked">The <c>site</c> of the address: a code or a name, empty for all sites.</param>
    /// <param name="chose">Whether the address had a <c>site</c> at all: an empty one is a choice of all sites, no
    /// <c>site</c> is no choice yet.</param>
    public static async Task<SiteChoice> OfAsync(SiteService sites, ServiceSite here, ClaimsPrincipal user, string? asked, bool chose, CancellationToken ct)
    {
        var all = await sites.NamesAsync(ct);
        var key = Parse.Text(asked);
        if (!chose && all.Count > 1 && user.Role() == UserRole.Counsellor)
            key = here.Code;
        if (key is null)
            return new(all, null, null);
        var site = all.FirstOrDefault(s => string.Equals(s.Code, key, StringComparison.OrdinalIgnoreCase))
            ?? all.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase))
            ?? throw UserError.NotFound("site", key);
        return new(all, site.Code, site.Id);
    }

    /// <summary>A pager's link keeps the choice: "all sites" is an empty <c>site</c>, which <c>QueryOf</c> leaves out, and
    /// without it a counsellor's next page would fall back to their own site.</summary>
    public string Keep(string query) => ListsAll ? query + (query.Length == 0 ? "?" : "&") + "site=" : query;
}
