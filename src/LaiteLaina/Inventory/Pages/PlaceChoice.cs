using System.Globalization;

namespace LaiteLaina.Inventory.Pages;

/// <summary>
/// A place chosen from a list rather than typed: a site, or a location inside it, offered as one list grouped by site
/// (a second list of locations would need a script to follow the first). The value names the site and location by
/// their numbers; the page turns it back into the code and name the service takes.
/// </summary>
public static class PlaceChoice
{
    public static string Value(Site site, Location? location = null) =>
        location is null ? site.Id.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{site.Id}.{location.Id}");

    /// <summary>The value of where a device or point is now, to preselect it.</summary>
    public static string? Of(long? siteId, long? locationId) =>
        siteId is not { } s ? null : locationId is { } l ? string.Create(CultureInfo.InvariantCulture, $"{s}.{l}") : s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The site code and location name of a chosen value, empty when none was chosen (which clears the place).</summary>
    public static (string Site, string Location) Read(IReadOnlyList<Site> places, string? value)
    {
        if (Parse.Text(value) is not { } chosen)
            return ("", "");
        foreach (var site in places)
        {
            if (Value(site) == chosen)
                return (site.Code, "");
            if (site.Locations.FirstOrDefault(l => Value(site, l) == chosen) is { } location)
                return (site.Code, location.Name);
        }
        // Not one of the list's values: a page left open while the site was removed, or a hand-made post.
        throw new UserError(Msg.SiteNotFound.With(chosen), UserErrorKind.NotFound, "site");
    }
}

/// <summary>What the place list partial needs: the field's id and name, the places, the chosen value and the service's
/// field names a refusal of the place comes back under, and the id of a hint that says more about the choice.</summary>
public sealed record PlaceSelect(string Id, string Name, IReadOnlyList<Site> Places, string? Selected, string? ProblemFor = "site,location", string? DescribedBy = null);
