using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Provisioning.Pages;

/// <summary>The job rows and, in a demo office, its simulated tablets (for the "the donor removed the account" button).</summary>
public sealed record JobRows(IReadOnlyList<ProvisioningJob> Jobs, DemoTablets? Demo)
{
    /// <summary>A demo tablet stopped by precheck for its Google account, which is still on it: the page can stand in for the donor.</summary>
    public bool OffersAccountRemoved(ProvisioningJob job) =>
        Demo is not null && job.State == JobState.NeedsPerson && StoredText.Read(job.StoredInstruction)?.Id == Msg.ProvisioningSayGoogleAccount
        && Demo.HasGoogleAccount(job.AdbSerial);
}

/// <summary>The provisioning board: every job with its step and progress, live from /api/provisioning/events, and the
/// unknown tablets to register; in a demo office, the button that starts the demo tablets.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class BoardModel(Database db, IStringLocalizer<Ui> l, Sanitisation sanitisation, DemoTablets? demo = null) : AppPage
{
    public IReadOnlyList<ProvisioningJob> Jobs { get; private set; } = [];

    public JobRows Rows => new(Jobs, demo);

    /// <summary>The demo's simulated tablets when this service runs as a demo office; null otherwise.</summary>
    public DemoTablets? Demo => demo;

    public IReadOnlyList<IntakeEntry> Intake { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Jobs = await JobStore.ListAsync(db, all: false, 100, ct);
        Intake = await JobStore.IntakeAsync(db, all: false, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Only the rows, for the board's script to swap in when a job changes.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct) =>
        Partial("/Provisioning/Pages/_JobRows.cshtml", new JobRows(await JobStore.ListAsync(db, all: false, 100, ct), demo));

    /// <summary>The wipe certificate of a finished job's device: the newest, which that job issued.</summary>
    public async Task<IActionResult> OnGetCertificateAsync(long id, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(db, id, ct);
        var certificates = await sanitisation.ListAsync(job.Tag ?? throw UserError.NotFound("certificate", id.ToString(CultureInfo.InvariantCulture)), null, ct);
        return certificates.Count == 0
            ? throw UserError.NotFound("certificate", job.Tag)
            : Redirect($"/api/documents/{certificates[0].DocumentId}.pdf");
    }

    public async Task<IActionResult> OnPostStartDemoAsync(CancellationToken ct)
    {
        if (demo is null)
            throw new UserError(Msg.ProvisioningNoDemo, UserErrorKind.Unavailable);
        demo.StartTablets();
        return await DoneAsync(l["Demo tablets started: watch their jobs below."], ct);
    }

    /// <summary>The demo's stand-in for the donor's own step: the Google account leaves the simulated tablet and the job is retried.</summary>
    public async Task<IActionResult> OnPostAccountRemovedAsync(long id, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(db, id, ct);
        if (demo is null || !demo.RemoveGoogleAccount(job.AdbSerial))
            throw new UserError(Msg.ProvisioningNoDemo, UserErrorKind.Unavailable, "job");
        return await JobDoneAsync(await JobStore.RequeueAsync(db, id, Actor, resume: false, ct), l["The account is gone; the job goes on."], ct);
    }

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
