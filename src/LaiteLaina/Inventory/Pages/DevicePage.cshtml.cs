using LaiteLaina.Audit;
using LaiteLaina.Documents;
using LaiteLaina.Hardware;
using LaiteLaina.Loans;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Inventory.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class DevicePageModel(InventoryService inventory, LoanService loans, LoanDocuments documents, PrintQueue labels, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Tag { get; set; } = "";

    public Device? Device { get; private set; }

    /// <summary>Null for volunteers: a device's loans name their borrowers.</summary>
    public IReadOnlyList<Loan>? Loans { get; private set; }

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Device = await inventory.GetAsync(Tag, ct);
        Loans = User.SeesBorrowers() ? await loans.ForDeviceAsync(Device.Id, ct: ct) : null;
        Documents = await documents.Store.ForSubjectAsync("device", Device.Id, ct);
        History = (await inventory.HistoryAsync(Tag, ct)).OrderByDescending(h => h.Id).ToList();
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostLabelAsync(CancellationToken ct)
    {
        var job = await labels.EnqueueAsync(Tag, 1, null, Actor, ct);
        return await DoneAsync($"{l["Label sent to the printer"]} {job.Printer}.", ct);
    }

    public async Task<IActionResult> OnPostReadyAsync(CancellationToken ct)
    {
        await inventory.ReadyAsync(Tag, Actor, ct);
        return await DoneAsync(l["The device is ready to lend."], ct);
    }
}
