using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Hardware.Pages;

/// <summary>Labels, the print queue and which scanners and printers are connected.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class LabelsModel(PrintQueue queue, HardwareStatus status, SiteService sites, ServiceSite here, Microsoft.Extensions.Localization.IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)] public string? Site { get; set; }

    /// <summary>Whose print jobs the queue shows: a counsellor's own site's, everyone else's all sites', until they choose.</summary>
    public SiteChoice Sites { get; private set; } = new([], null, null);

    public ListPage<PrintJob> Jobs { get; private set; } = new([], 0, 1, 50);

    public Pager Pager => Pager.Of(Jobs, page =>
        Sites.Keep(QueryOf(("site", Sites.Code), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    public HardwareReport Hardware { get; private set; } = new([], []);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Sites = await SiteChoice.OfAsync(sites, here, User, Site, Request.Query.ContainsKey("site"), ct);
        Jobs = await queue.ListOf(Sites.Id).PageAsync(PageNumber, 50, ct);
        Hardware = status.Report();
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? tag, int? copies, string? printer, CancellationToken ct)
    {
        var job = await queue.EnqueueAsync(tag ?? "", copies ?? 1, Parse.Text(printer), Actor, ct);
        return await DoneAsync($"{l["Label sent to the printer"]} {job.Printer}.", ct);
    }

    public async Task<IActionResult> OnPostReprintAsync(long id, CancellationToken ct)
    {
        var job = await queue.ReprintAsync(id, Actor, ct);
        return await DoneAsync($"{l["Label sent to the printer"]} {job.Printer}.", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        await queue.CancelAsync(id, Actor, ct);
        return await DoneAsync(l["Cancelled."], ct);
    }
}
