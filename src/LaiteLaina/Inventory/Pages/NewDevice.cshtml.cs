namespace LaiteLaina.Inventory.Pages;

/// <summary>Intake: a volunteer registers a device that came in and gets its tag and label.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class NewDeviceModel(InventoryService inventory, SiteService sites, ILabelPrinter labels) : AppPage
{
    [BindProperty] public DeviceInput Input { get; set; } = new() { Kind = "tablet" };

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct) => Sites = await sites.NamesAsync(ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(bool label, CancellationToken ct)
    {
        var device = await inventory.AddAsync(Input, Actor, ct: ct);
        if (label)
            await labels.PrintLabelAsync(device.Tag, Actor, ct);
        return Redirect($"/devices/{device.Tag}");
    }
}
