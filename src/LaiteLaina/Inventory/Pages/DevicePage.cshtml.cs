using LaiteLaina.Documents;
using Microsoft.Extensions.Localization;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class DevicePageModel(InventoryService inventory, DocumentStore documents, ILabelPrinter labels, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Tag { get; set; } = "";

    public Device? Device { get; private set; }

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Device = await inventory.GetAsync(Tag, ct);
        Documents = await documents.ForSubjectAsync("device", Device.Id, ct);
        History = (await inventory.HistoryAsync(Tag, ct)).OrderByDescending(h => h.Id).ToList();
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostLabelAsync(CancellationToken ct)
    {
        var printer = await labels.PrintLabelAsync(Tag, Actor, ct);
        return await DoneAsync($"{l["Label sent to the printer"]} {printer}.", ct);
    }

    public async Task<IActionResult> OnPostReadyAsync(CancellationToken ct)
    {
        await inventory.ReadyAsync(Tag, Actor, ct);
        return await DoneAsync(l["The device is ready to lend."], ct);
    }
}
