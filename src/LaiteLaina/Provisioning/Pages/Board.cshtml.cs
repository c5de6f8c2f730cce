using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Provisioning.Pages;

/// <summary>The provisioning board: every job with its step and progress, live from /api/provisioning/events, and the unknown tablets to register.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class BoardModel(Database db, IStringLocalizer<Ui> l) : AppPage
{
    public IReadOnlyList<ProvisioningJob> Jobs { get; private set; } = [];

    public IReadOnlyList<IntakeEntry> Intake { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Jobs = await JobStore.ListAsync(db, all: false, 100, ct);
        Intake = await JobStore.IntakeAsync(db, all: false, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Only the rows, for the board's script to swap in when a job changes.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct) =>
        Partial("/Provisioning/Pages/_JobRows.cshtml", await JobStore.ListAsync(db, all: false, 100, ct));

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct) =>
        await JobDoneAsync(await JobStore.RequeueAsync(db, id, Actor, resume: false, ct), l["Queued again from the step that failed."], ct);

    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken ct) =>
        await JobDoneAsync(await JobStore.RequeueAsync(db, id, Actor, resume: true, ct), l["Resumed."], ct);

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) =>
        await JobDoneAsync(await JobStore.CancelAsync(db, id, Actor, ct), l["Cancelled."], ct);

    public async Task<IActionResult> OnPostRegisterAsync(string? serial, string? acquisition, CancellationToken ct)
    {
        var device = await ProvisioningActions.RegisterAsync(db, serial ?? "", new DeviceInput { Acquisition = acquisition }, Actor, ct);
        return await DoneAsync($"{l["Registered as"]} {device.Tag}.", ct);
    }

    public async Task<IActionResult> OnPostIgnoreAsync(string? serial, CancellationToken ct)
    {
        await ProvisioningActions.IgnoreAsync(db, serial ?? "", Actor, ct);
        return RedirectToPage();
    }

    private Task<IActionResult> JobDoneAsync(ProvisioningJob job, string done, CancellationToken ct) => DoneAsync($"#{job.Id}: {done}", ct);
}
