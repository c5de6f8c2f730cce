using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Hardware.Pages;

/// <summary>Labels, the print queue and which scanners and printers are connected.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class LabelsModel(PrintQueue queue, HardwareStatus status, HardwareSettings settings, SiteService sites, ServiceSite here, Microsoft.Extensions.Localization.IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)] public string? Site { get; set; }

    /// <summary>The copies box as typed, so that a refused number comes back in it rather than a fresh 1.</summary>
    [BindProperty] public string? Copies { get; set; }

    /// <summary>Whose print jobs the queue shows: a counsellor's own site's, everyone else's all sites', until they choose.</summary>
    public SiteChoice Sites { get; private set; } = new([], null, null);

    public ListPage<PrintJob> Jobs { get; private set; } = new([], 0, 1, 50);

    public Pager Pager => Pager.Of(Jobs, page =>
        Sites.Keep(QueryOf(("site", Sites.Code), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    public HardwareReport Hardware { get; private set; } = new([], []);

    /// <summary>The printer a label goes to when nobody chooses (PrintQueue:DefaultPrinter, else the first), named on the
    /// page: "default" alone does not say which printer that is.</summary>
    public string? DefaultPrinter => settings.Printers.Count == 0 ? null : settings.Printer(null).Name;

    public override async Task LoadAsync(CancellationToken ct)
    {
        Sites = await SiteChoice.OfAsync(sites, here, User, Site, Request.Query.ContainsKey("site"), ct);
        Jobs = await queue.ListOf(Sites.Id).PageAsync(PageNumber, 50, ct);
        Hardware = status.Report();
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? printer, CancellationToken ct)
    {
        var job = await queue.EnqueueAsync(Tag ?? "", PrintQueue.CopiesOf(Copies), Parse.Text(printer), Actor, ct);
        return DoneThenList(Sent(job));
    }

    public async Task<IActionResult> OnPostReprintAsync(long id, CancellationToken ct)
    {
        var job = await queue.ReprintAsync(id, Actor, ct);
        return DoneThenList(Sent(job));
    }

    /// <summary>What went to the printer, so that the desk can check it against the labels in hand: which device (a short
    /// tag typed is answered with the whole one), how many labels, whether it was a reprint, and which printer.</summary>
    private string Sent(PrintJob job) => (job.ReprintOf is not null, job.Copies == 1) switch
    {
        (false, true) => l["{0}: 1 label sent to the printer {1}.", job.Tag, job.Printer],
        (false, false) => l["{0}: {1} labels sent to the printer {2}.", job.Tag, job.Copies, job.Printer],
        (true, true) => l["{0}: reprint, 1 label sent to the printer {1}.", job.Tag, job.Printer],
        (true, false) => l["{0}: reprint, {1} labels sent to the printer {2}.", job.Tag, job.Copies, job.Printer],
    };

    /// <summary>Asks every printer how it is now, so that the desk sees an empty roll or a printer switched off before printing.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        await status.CheckPrintersAsync(ct);
        return DoneThenList(l["The printers were asked how they are: their answers are under Scanners and printers."]);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        await queue.CancelAsync(id, Actor, ct);
        return DoneThenList(l["Cancelled."]);
    }
}
