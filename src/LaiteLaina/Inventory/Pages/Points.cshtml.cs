using System.Globalization;

namespace LaiteLaina.Inventory.Pages;

/// <summary>The office's customer computer points: what is in each, its lease (until when, who pays) and its maintenance
/// (when last done, when next due), added and changed here.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class PointsModel(ComputerPointService points, SiteService sites) : AppPage
{
    [BindProperty] public PointForm Point { get; set; } = new();

    /// <summary>The point an edit is for; none for a new point.</summary>
    [BindProperty] public string? Code { get; set; }

    public IReadOnlyList<ComputerPoint> Points { get; private set; } = [];

    public IReadOnlyList<Site> Places { get; private set; } = [];

    /// <summary>The posted form ("new" or a point's code), which keeps what was typed and may be marked.</summary>
    public string? Form { get; private set; }

    public override async Task LoadAsync(CancellationToken ct)
    {
        var list = new List<ComputerPoint>();
        foreach (var p in await points.ListAsync(ct))
            list.Add(await points.GetAsync(p.Code, ct));
        Points = list;
        Places = await sites.PlacesAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        Form = "new";
        var point = await points.AddAsync(Point.Input(PlaceChoice.Read(await sites.PlacesAsync(ct), Point.Place)), [], Actor, ct);
        Form = null;
        Point = new PointForm();
        return await DoneAsync($"{point.Code} ✓", ct);
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        Form = Code;
        var point = await points.EditAsync(Code ?? "", Point.Input(PlaceChoice.Read(await sites.PlacesAsync(ct), Point.Place)), Actor, ct);
        Form = null;
        return await DoneAsync($"{point.Code} ✓", ct);
    }

    /// <summary>What a point's form shows: what was just typed into it when it was refused, else what is stored.</summary>
    public PointForm FormFor(ComputerPoint? p) => Form is not null && Form == (p?.Code ?? "new") ? Point : p is null ? new PointForm() : PointForm.Of(p);

    public string? ProblemFor(ComputerPoint? p, string fields) => Form is not null && Form == (p?.Code ?? "new") ? fields : null;

    /// <summary>Today in the office, for "maintenance overdue"; the system clock, as the page has nothing to move it.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);

    public static string Date(DateOnly? d) => d?.ToString("d.M.yyyy", CultureInfo.InvariantCulture) ?? "—";
}

/// <summary>A point as its form shows it; dates as a date field sends them.</summary>
public sealed class PointForm
{
    public string? Name { get; set; }
    public string? Place { get; set; }
    public string? LeaseEnd { get; set; }
    public string? LeasePaidBy { get; set; }
    public string? LeaseNotes { get; set; }
    public string? LastMaintenance { get; set; }
    public string? NextMaintenance { get; set; }
    public string? MaintenanceNotes { get; set; }

    private static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static PointForm Of(ComputerPoint p) => new()
    {
        Name = p.Name, Place = PlaceChoice.Of(p.SiteId, p.LocationId), LeaseEnd = Iso(p.LeaseEnd), LeasePaidBy = p.LeasePaidBy,
        LeaseNotes = p.LeaseNotes, LastMaintenance = Iso(p.LastMaintenance), NextMaintenance = Iso(p.NextMaintenance), MaintenanceNotes = p.MaintenanceNotes,
    };

    /// <summary>Every field is given, so an emptied field is cleared.</summary>
    public PointInput Input((string Site, string Location) place) => new()
    {
        Name = Name ?? "", Site = place.Site, Location = place.Location, LeaseEnd = LeaseEnd ?? "", LeasePaidBy = LeasePaidBy ?? "",
        LeaseNotes = LeaseNotes ?? "", LastMaintenance = LastMaintenance ?? "", NextMaintenance = NextMaintenance ?? "", MaintenanceNotes = MaintenanceNotes ?? "",
    };
}
