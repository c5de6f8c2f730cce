using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Provisioning.Pages;

/// <summary>The job rows and, in a demo office, its simulated tablets (for the "the donor removed the account" button and
/// the keys of a guided reset); the profiles tell which jobs wait for a person's guided reset. <paramref name="ShowsSite"/>:
/// the rows list every site's jobs and each names its own.</summary>
public sealed record JobRows(IReadOnlyList<ProvisioningJob> Jobs, DemoTablets? Demo, ProvisioningProfiles? Profiles = null, bool ShowsSite = false)
{
    /// <summary>The columns of the job table, which a guide row spans.</summary>
    public int Columns => ShowsSite ? 7 : 6;

    /// <summary>The keys a trainee may press on a demo tablet, as <see cref="DemoTablets.Control"/> takes them.</summary>
    public static readonly IReadOnlyList<string> DemoKeys = ["power+volup", "volup", "voldown", "power"];

    /// <summary>The steps for the job's tablet while its guided factory reset waits for a person (the wipe restarting it
    /// into recovery, then the wait for it to come back); null for any other job or step.</summary>
    public ResetGuide? Guide(ProvisioningJob job)
    {
        if (Profiles is null || job.Profile is null || job.Step is not ("wipe" or "wait") || job.State is not (JobState.Running or JobState.NeedsPerson or JobState.Gone))
            return null;
        try
        {
            return Profiles.Get(job.Profile).Method == WipeMethod.Guided ? ResetGuides.For(job.FactValues.GetValueOrDefault("manufacturer")) : null;
        }
        catch (UserError)
        {
            // A profile edited into something wrong since the job started: the job's own message says what.
            return null;
        }
    }

    /// <summary>The script's general recovery instruction, which the model's own steps replace on the board.</summary>
    public static bool IsRecoveryInstruction(ProvisioningJob job) =>
        StoredText.Read(job.StoredInstruction)?.Id is { } id && (id == Msg.ProvisioningSayRecoverySteps || id == Msg.ProvisioningSayRecoveryWipe);

    /// <summary>A job that precheck stopped because its method cannot wipe this tablet (a PIN nobody knows, no test harness
    /// before Android 10): it may go on with a guided reset by a person instead.</summary>
    public bool OffersGuided(ProvisioningJob job)
    {
        if (Profiles is null || job.Profile is null || job.State != JobState.NeedsPerson || job.Step != "precheck"
            || StoredText.Read(job.StoredInstruction)?.Id is not { } id || (id != Msg.ProvisioningSayScreenLocked && id != Msg.ProvisioningSayAndroidTooOld))
            return false;
        try
        {
            return Profiles.Get(job.Profile).Method != WipeMethod.Guided;
        }
        catch (UserError)
        {
            return false;
        }
    }

    /// <summary>A demo tablet in a guided reset: the page stands in for its keys.</summary>
    public bool OffersKeys(ProvisioningJob job) => Demo is not null && Demo.Has(job.AdbSerial);

    /// <summary>A demo tablet stopped by precheck for its Google account, which is still on it: the page can stand in for the donor.</summary>
    public bool OffersAccountRemoved(ProvisioningJob job) =>
        Demo is not null && job.State == JobState.NeedsPerson && StoredText.Read(job.StoredInstruction)?.Id == Msg.ProvisioningSayGoogleAccount
        && Demo.HasGoogleAccount(job.AdbSerial);
}

/// <summary>The provisioning board: every job with its step and progress, live from /api/provisioning/events, and the
/// unknown tablets to register; in a demo office, the button that starts the demo tablets.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class BoardModel(Database db, IStringLocalizer<Ui> l, Sanitisation sanitisation, ProvisioningProfiles profiles, ProvisioningOptions options,
    SiteService sites, ServiceSite here, DemoTablets? demo = null) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Site { get; set; }

    /// <summary>Whose jobs the board shows: a counsellor's own site's, everyone else's all sites', until they choose.</summary>
    public SiteChoice Sites { get; private set; } = new([], null, null);

    public IReadOnlyList<ProvisioningJob> Jobs { get; private set; } = [];

    public JobRows Rows => new(Jobs, demo, profiles, Sites.ListsAll);

    /// <summary>The demo's simulated tablets when this service runs as a demo office; null otherwise.</summary>
    public DemoTablets? Demo => demo;

    /// <summary>The unknown tablets of the chosen site (every site's for all sites), as the jobs are.</summary>
    public IReadOnlyList<IntakeEntry> Intake { get; private set; } = [];

    /// <summary>Whether this service may decide the prompt: one seen at another site's station waits for that site.</summary>
    public bool Decides(IntakeEntry entry) => entry.SiteId is null || hereId is null || entry.SiteId == hereId;

    private long? hereId;

    public override async Task LoadAsync(CancellationToken ct)
    {
        Sites = await ChooseSiteAsync(ct);
        Jobs = await JobStore.ListAsync(db, all: false, 100, Sites.Id, ct);
        Intake = await JobStore.IntakeAsync(db, all: false, Sites.Id, ct);
        hereId = await here.IdAsync(db, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Only the rows, for the board's script to swap in when a job changes.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        Sites = await ChooseSiteAsync(ct);
        Jobs = await JobStore.ListAsync(db, all: false, 100, Sites.Id, ct);
        return Partial("/Provisioning/Pages/_JobRows.cshtml", Rows);
    }

    private Task<SiteChoice> ChooseSiteAsync(CancellationToken ct) => SiteChoice.OfAsync(sites, here, User, Site, Request.Query.ContainsKey("site"), ct);

    /// <summary>The wipe certificate of a finished job's device: the newest, which that job issued.</summary>
    public async Task<IActionResult> OnGetCertificateAsync(long id, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(db, id, ct);
        var certificates = await sanitisation.ListAsync(job.Tag ?? throw UserError.NotFound("certificate", id.ToString(CultureInfo.InvariantCulture)), null, ct);
        return certificates.Count == 0
            ? throw UserError.NotFound("certificate", job.Tag)
            : Redirect($"/api/documents/{certificates[0].DocumentId}.pdf");
    }

    public IActionResult OnPostStartDemo()
    {
        if (demo is null)
            throw new UserError(Msg.ProvisioningNoDemo, UserErrorKind.Unavailable);
        demo.StartTablets();
        return DoneThenList(l["Demo tablets started: watch their jobs below."]);
    }

    /// <summary>The demo's stand-in for the donor's own step: the Google account leaves the simulated tablet and the job is retried.</summary>
    public async Task<IActionResult> OnPostAccountRemovedAsync(long id, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(db, id, ct);
        if (demo is null || !demo.RemoveGoogleAccount(job.AdbSerial))
            throw new UserError(Msg.ProvisioningNoDemo, UserErrorKind.Unavailable, "job");
        return JobDone(await JobStore.RequeueAsync(db, id, Actor, resume: false, ct), l["The account is gone; the job goes on."]);
    }

    /// <summary>The demo's stand-in for a trainee's fingers on a tablet in its guided reset: one key press, and what the
    /// tablet's screen shows then (stock recovery speaks English on every tablet, so its words are quoted as they are).</summary>
    public async Task<IActionResult> OnPostKeysAsync(long id, string? keys, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(db, id, ct);
        if (keys is null || !JobRows.DemoKeys.Contains(keys) || demo?.Control(job.AdbSerial, "keys " + keys) is not { } screen)
            throw new UserError(Msg.ProvisioningNoDemo, UserErrorKind.Unavailable, "job");
        return DoneThenList($"{l["The tablet's screen shows:"]} {screen.ReplaceLineEndings(" | ")}");
    }

    /// <summary>The job goes on with the station's guided-reset profile (Provisioning:RecoveryProfile), from precheck.</summary>
    public async Task<IActionResult> OnPostGuidedAsync(long id, CancellationToken ct) =>
        JobDone(await JobStore.RequeueAsync(db, id, Actor, resume: false, options.RecoveryProfile, ct), l["A person resets the tablet: follow the steps shown below."]);

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct) =>
        JobDone(await JobStore.RequeueAsync(db, id, Actor, resume: false, ct), l["Queued again from the step that failed."]);

    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken ct) =>
        JobDone(await JobStore.RequeueAsync(db, id, Actor, resume: true, ct), l["Resumed."]);

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) =>
        JobDone(await JobStore.CancelAsync(db, id, Actor, ct), l["Cancelled."]);

    public async Task<IActionResult> OnPostRegisterAsync(string? serial, string? acquisition, CancellationToken ct)
    {
        var device = await ProvisioningActions.RegisterAsync(db, serial ?? "", new DeviceInput { Acquisition = acquisition }, Actor, here, ct);
        return DoneThenList($"{l["Registered as"]} {device.Tag}.");
    }

    public async Task<IActionResult> OnPostIgnoreAsync(string? serial, CancellationToken ct)
    {
        await ProvisioningActions.IgnoreAsync(db, serial ?? "", Actor, here, ct);
        // Back to the same list (its site) without a message: the prompt's leaving the list says it.
        return Redirect(PostTo());
    }

    /// <summary>What was done to a job, naming its tablet as the board's row does (its tag once it has one), so that a
    /// person who pressed a button on a long board sees which tablet it was.</summary>
    private IActionResult JobDone(ProvisioningJob job, string done) => DoneThenList($"#{job.Id} ({job.Tag ?? job.SerialNumber ?? job.AdbSerial}): {done}");
}
