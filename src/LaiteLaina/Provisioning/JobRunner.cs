using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>
/// Runs one provisioning job step by step: identify, precheck, wipe, wait for the reboot, verify the wipe, certificate,
/// provision, verify, label. The certificate comes right after the wipe's verification, as it certifies the wipe
/// alone; it also moves the device from wiping to provisioning. Each script step runs a script of scripts/adb with its time-out; every progress line
/// is stored, so the CLI, the API and a second process see the same. The device's inventory status follows the job
/// through <see cref="DeviceGate.MoveAsync"/>, and the wipe is recorded only after verify-wipe passed.
/// Used both by the service's <see cref="ProvisioningWorker"/> and in-process by 'laitelaina provision run'.
/// </summary>
public sealed class JobRunner(Database db, ProvisioningOptions options, ProvisioningProfiles profiles, DataLocation location,
    Sanitisation sanitisation, PrintQueue? printQueue, ILogger<JobRunner> logger)
{
    private readonly string dataDirectory = location.DataDirectory;

    /// <summary>Runner ids of this process that are running a job now; any other runner id of this process is dead.</summary>
    private static readonly ConcurrentDictionary<string, byte> LiveRunners = new();
    private static readonly string ProcessPrefix = $"{Environment.MachineName}/{Environment.ProcessId}/";

    private readonly AdbScripts scripts = new(options);

    public static string NewRunnerId() => ProcessPrefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Whether the runner that claimed a job still runs it: in this process, one that is running now; on this machine,
    /// a process that still exists; on another machine (a shared PostgreSQL), assumed alive.
    /// </summary>
    public static bool IsAlive(string? runner)
    {
        if (runner is null)
            return false;
        if (runner.StartsWith(ProcessPrefix, StringComparison.Ordinal))
            return LiveRunners.ContainsKey(runner);
        var parts = runner.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName)
            return true;
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}");
    }

    /// <summary>Claims a queued job and runs it; false when it was not queued (someone else took it).</summary>
    public async Task<bool> ClaimAndRunAsync(long jobId, string actor, CancellationToken ct)
    {
        var runner = NewRunnerId();
        LiveRunners[runner] = 0;
        try
        {
            if (!await JobStore.ClaimAsync(db, jobId, runner, ct))
                return false;
            await RunClaimedAsync(jobId, actor, ct);
            return true;
        }
        finally
        {
            LiveRunners.TryRemove(runner, out _);
        }
    }

    private async Task RunClaimedAsync(long jobId, string actor, CancellationToken stopping)
    {
        var job = await JobStore.GetAsync(db, jobId, CancellationToken.None);
        actor = $"provisioning:{actor}";
        // A cancel asked for in another process (the API, the CLI) reaches this one through the database.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watchCancel = WatchCancelAsync(jobId, cancel);
        try
        {
            for (var position = 0; position < JobStore.StepNames.Count; position++)
            {
                var step = job.Steps[position];
                if (step.State is StepState.Done or StepState.Skipped)
                    continue;
                job = await JobStore.GetAsync(db, jobId, CancellationToken.None);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await JobStore.UpdateStepAsync(db, jobId, position, StepState.Running, 0, Msg.ProvisioningStepStarting, null, starting: true, ct: CancellationToken.None);
                StepOutcome outcome;
                try
                {
                    outcome = await RunStepAsync(job, step.Name, position, actor, cancel.Token);
                }
                catch (UserError e)
                {
                    outcome = new StepOutcome(StepState.Failed, e.Text);
                }
                outcome = await WithAutoBlockerAdviceAsync(job, outcome);
                if (cancel.IsCancellationRequested && outcome.State != StepState.Done)
                {
                    var interrupted = stopping.IsCancellationRequested;
                    outcome = new StepOutcome(interrupted ? StepState.Interrupted : StepState.Cancelled,
                        interrupted ? Msg.ProvisioningStepInterrupted : Msg.ProvisioningStepCancelled);
                }
                await JobStore.UpdateStepAsync(db, jobId, position, outcome.State, outcome.State is StepState.Done or StepState.Skipped ? 100 : 0,
                    outcome.Message, outcome.Instruction, finishing: true, durationMs: clock.ElapsedMilliseconds, ct: CancellationToken.None);
                if (outcome.State is not (StepState.Done or StepState.Skipped))
                {
                    var state = outcome.State switch
                    {
                        StepState.NeedsPerson => JobState.NeedsPerson,
                        StepState.Gone => JobState.Gone,
                        StepState.Interrupted => JobState.Interrupted,
                        StepState.Cancelled => JobState.Cancelled,
                        _ => JobState.Failed,
                    };
                    // The step is on the row beside the message, in the reader's language; the message need not name it.
                    await JobStore.FinishAsync(db, job, state, outcome.Message, outcome.Instruction, actor, CancellationToken.None);
                    logger.LogInformation("Provisioning job {Job} ({Serial}) stopped at {Step}: {State} {Message}", jobId, job.AdbSerial, step.Name, state, outcome.Message);
                    return;
                }
            }
            job = await JobStore.GetAsync(db, jobId, CancellationToken.None);
            // What Test Harness Mode leaves that no shell command undoes is said where the volunteer reads the result.
            var done = job.Profile is not null && Profile(job).Method == WipeMethod.Testharness ? Msg.ProvisioningJobDoneTestHarness : Msg.ProvisioningJobDone;
            await JobStore.FinishAsync(db, job, JobState.Done, done.With(job.Tag), null, actor, CancellationToken.None);
            logger.LogInformation("Provisioning job {Job}: {Tag} ready", jobId, job.Tag);
        }
        finally
        {
            await cancel.CancelAsync();
            await watchCancel;
        }
    }

    private async Task WatchCancelAsync(long jobId, CancellationTokenSource cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(0.5), cancel.Token);
                if (await JobStore.CancelRequestedAsync(db, jobId, cancel.Token))
                    await cancel.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended or was cancelled: nothing more to watch.
        }
        catch (UserError e)
        {
            // A database hiccup must not end the job; the step's own writes will report a lasting problem.
            logger.LogWarning("Provisioning job {Job}: could not check for a cancel: {Message}", jobId, e.Message);
        }
    }

    private sealed record StepOutcome(StepState State, Message Message, Message? Instruction = null);

    private async Task<StepOutcome> RunStepAsync(ProvisioningJob job, string step, int position, string actor, CancellationToken ct)
    {
        switch (step)
        {
            case "identify":
                return await IdentifyAsync(job, position, ct);
            case "precheck":
            {
                // The certificate will name a person: a job that started by itself needs the station's responsible person
                // before anything irreversible, not after the wipe.
                _ = Performer(job);
                await RequireSiteAsync(job, ct);
                var profile = ChooseProfile(job);
                await JobStore.SetFieldsAsync(db, job.Id, null, null, null, profile.Name, null, ct);
                await JobStore.SetWarningAsync(db, job.Id, null, ct);
                var outcome = await ScriptAsync(job.Id, position, "precheck.sh",
                    [job.AdbSerial, profile.Path, "--patch-max-months", options.SecurityPatchMaxAgeMonths.ToString(CultureInfo.InvariantCulture)], ct);
                if (outcome.State == StepState.Done)
                    await MoveAsync(job, DeviceStatus.AwaitingWipe, actor, needsWipe: true);
                return outcome with { Message = Msg.ProvisioningWithProfile.With(outcome.Message, profile.Name) };
            }
            case "wipe":
                await MoveAsync(job, DeviceStatus.Wiping, actor, needsWipe: true);
                return await ScriptAsync(job.Id, position, "wipe.sh", [job.AdbSerial, Profile(job).Path], ct);
            case "wait":
                var waitProfile = Profile(job);
                if (!waitProfile.Reboots)
                    return new StepOutcome(StepState.Skipped, Msg.ProvisioningNoRestart.With(EnumText.Kebab(waitProfile.Method)));
                return await ScriptAsync(job.Id, position, "wait.sh",
                    [job.AdbSerial, ((int)options.Timeout("wait").TotalSeconds).ToString(CultureInfo.InvariantCulture)], ct, timeoutSlack: true);
            case "verify-wipe":
                return await ScriptAsync(job.Id, position, "verify.sh", [job.AdbSerial, Profile(job).Path, "--wipe-only"], ct);
            case "provision":
            {
                await MoveAsync(job, DeviceStatus.Provisioning, actor, needsWipe: true);
                var card = await WriteCardAsync(job, ct);
                return await ScriptAsync(job.Id, position, "provision.sh",
                    [job.AdbSerial, Profile(job).Path, "--tag", job.Tag!, "--card", card, "--apk-dir", options.Apks(dataDirectory)], ct);
            }
            case "verify":
            {
                var card = await WriteCardAsync(job, ct);
                return await ScriptAsync(job.Id, position, "verify.sh", [job.AdbSerial, Profile(job).Path, "--tag", job.Tag!, "--card", card], ct);
            }
            case "certificate":
                return await RecordWipeAsync(job, actor, ct);
            case "label":
                return await LabelAndReadyAsync(job, actor, ct);
            default:
                throw new InvalidOperationException("unknown step " + step);
        }
    }

    /// <summary>
    /// The certificate issued after the wipe names where the tablet was wiped: this station's site, or else the device's
    /// own. Checked at precheck, before anything irreversible, so that a tablet is never wiped and then refused its
    /// certificate for want of a site.
    /// </summary>
    private async Task RequireSiteAsync(ProvisioningJob job, CancellationToken ct)
    {
        var station = Parse.Text(options.Site);
        var (stationKnown, deviceSite) = await db.ReadAsync(async c => (
            station is not null && await SiteService.FindAsync(c, null, station) is not null,
            station is null ? (await DeviceStore.GetByTagAsync(c, null, job.Tag!)).SiteCode : null), ct);
        if (station is not null && !stationKnown)
            throw UserError.NotFound("site", station);
        if (station is null && deviceSite is null)
            throw new UserError(Msg.ProvisioningNoSite.With(job.Tag), UserErrorKind.Conflict, "site");
    }

    /// <summary>
    /// A Samsung tablet that went away or refuses this computer may be held by Auto Blocker: One UI 6.1.1 and newer turn
    /// it on in the setup wizard after a reset, and it blocks commands over USB (Samsung's FAQ, scripts/adb/README.md
    /// Sources, 5). The person gets the way to turn it off after what the script said. The make is what identify read,
    /// or before that (a tablet that refuses from the start) the inventory's.
    /// </summary>
    private async Task<StepOutcome> WithAutoBlockerAdviceAsync(ProvisioningJob job, StepOutcome outcome)
    {
        var id = outcome.Message.Id;
        if (outcome.State != StepState.Gone
            && !(outcome.State == StepState.NeedsPerson && (id == Msg.ProvisioningSayUnauthorized || id == Msg.ProvisioningSayBackUnauthorizedAct)))
            return outcome;
        var make = job.FactValues.GetValueOrDefault("manufacturer");
        if (make is null && job.Tag is { } tag)
            make = (await db.ReadAsync(c => DeviceStore.FindByTagAsync(c, null, tag), CancellationToken.None))?.Make;
        return string.Equals(make, "samsung", StringComparison.OrdinalIgnoreCase) ? outcome with { Instruction = Msg.ProvisioningSamsungAutoBlocker.With(outcome.Instruction ?? outcome.Message) } : outcome;
    }

    private ProvisioningProfile Profile(ProvisioningJob job) =>
        profiles.Get(job.Profile ?? throw new InvalidOperationException($"job {job.Id} has no profile yet"));

    /// <summary>A job started without a profile gets one from what identify saw: a secondary user means a loan
    /// tablet back from a borrower, Android 9 or older means a recovery wipe, anything else the default.</summary>
    private ProvisioningProfile ChooseProfile(ProvisioningJob job)
    {
        if (job.Profile is { } chosen)
            return profiles.Get(chosen);
        var facts = job.FactValues;
        var users = int.TryParse(facts.GetValueOrDefault("users"), out var u) ? u : 1;
        var sdk = int.TryParse(facts.GetValueOrDefault("sdk"), out var s) ? s : 30;
        return profiles.Get(users > 1 ? options.LoanProfile : sdk < 29 ? options.RecoveryProfile : options.DefaultProfile);
    }

    private async Task<StepOutcome> ScriptAsync(long jobId, int position, string script, IReadOnlyList<string> args, CancellationToken ct, bool timeoutSlack = false)
    {
        var step = JobStore.StepNames[position];
        // wait.sh has its own limit and says why it gave up; the runner's time-out is only the backstop.
        var timeout = options.Timeout(step) + (timeoutSlack ? TimeSpan.FromSeconds(30) : TimeSpan.Zero);
        var outcome = await scripts.RunAsync(script, args, timeout,
            line => JobStore.UpdateStepAsync(db, jobId, position, StepState.Running, line.Progress ?? 0,
                line["message"] is { } said ? ScriptTexts.Of(said) : null, line["act"] is { } act ? ScriptTexts.Of(act) : null, ct: CancellationToken.None), ct);
        var state = outcome.Result switch
        {
            AdbScriptResult.Ok => StepState.Done,
            AdbScriptResult.Act => StepState.NeedsPerson,
            AdbScriptResult.Gone => StepState.Gone,
            AdbScriptResult.Cancelled => StepState.Cancelled,
            _ => StepState.Failed,
        };
        var facts = new Dictionary<string, string>(outcome.Facts, StringComparer.Ordinal);
        // A warning (precheck's "no security updates") is no fact about the tablet: the job keeps it apart, shown on the board.
        if (facts.Remove("warning", out var warning))
            await JobStore.SetWarningAsync(db, jobId, ScriptTexts.Of(warning), CancellationToken.None);
        if (facts.Count > 0)
            await JobStore.SetFieldsAsync(db, jobId, null, null, null, null, JsonSerializer.Serialize(facts), CancellationToken.None);
        return new StepOutcome(state, outcome.Message, outcome.Result == AdbScriptResult.Act ? outcome.Instruction : null);
    }

    private async Task<StepOutcome> IdentifyAsync(ProvisioningJob job, int position, CancellationToken ct)
    {
        var outcome = await ScriptAsync(job.Id, position, "identify.sh", [job.AdbSerial], ct);
        if (outcome.State != StepState.Done)
            return outcome;
        job = await JobStore.GetAsync(db, job.Id, ct);
        var facts = job.FactValues;
        var serial = facts.GetValueOrDefault("serial") ?? "";
        await JobStore.SetFieldsAsync(db, job.Id, null, null, serial, null, null, ct);
        var matches = (await db.ReadAsync(c => c.QueryAsync<(long Id, string Tag)>(
            "SELECT id, tag FROM devices WHERE serial_number = @serial ORDER BY id", new { serial }), ct)).AsList();
        if (job.DeviceId is { } deviceId)
        {
            if (matches.All(m => m.Id != deviceId))
                return new StepOutcome(StepState.Failed, Msg.ProvisioningSerialMismatch.With(job.AdbSerial, serial, job.Tag));
            return outcome;
        }
        if (matches.Count == 1)
        {
            await JobStore.SetFieldsAsync(db, job.Id, matches[0].Id, matches[0].Tag, null, null, null, ct);
            return outcome with { Message = Msg.ProvisioningIdentifiedAs.With(outcome.Message, matches[0].Tag) };
        }
        if (matches.Count > 1)
            return new StepOutcome(StepState.NeedsPerson, Msg.ProvisioningSerialSeveral.With(serial, matches.Select(m => m.Tag).ToList()),
                Msg.ProvisioningSerialSeveralAct);
        // The prompt belongs to the job's site: the tablet is on that site's station.
        var siteId = await db.ReadAsync(c => c.ExecuteScalarAsync<long?>("SELECT site_id FROM provisioning_jobs WHERE id = @Id", new { job.Id }), ct);
        await JobStore.SeenUnknownAsync(db, serial, job.AdbSerial, facts.GetValueOrDefault("manufacturer"), facts.GetValueOrDefault("model"),
            facts.GetValueOrDefault("android_version"), siteId, ct);
        return new StepOutcome(StepState.NeedsPerson, Msg.ProvisioningSerialUnknown.With(serial), Msg.ProvisioningSerialUnknownAct);
    }

    /// <summary>Moves the device along the lifecycle when it is not there yet; a move the lifecycle refuses stops the job.</summary>
    private Task MoveAsync(ProvisioningJob job, DeviceStatus to, string actor, bool needsWipe) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = await DeviceStore.GetForUpdateAsync(c, tx, job.Tag!);
            if (before.Status == to)
                return;
            // Ready and repaired devices go through awaiting wipe first, as a person would move them.
            if (!Lifecycle.CanMove(before.Status, to) && Lifecycle.CanMove(before.Status, DeviceStatus.AwaitingWipe) && Lifecycle.CanMove(DeviceStatus.AwaitingWipe, to))
                before = await DeviceGate.MoveAsync(c, tx, before, before with { Status = DeviceStatus.AwaitingWipe, NeedsWipe = true }, actor, "device.status");
            // A device on loan is the borrower's until it comes back, whatever the table allows its return to do.
            if (before.Status == DeviceStatus.OnLoan)
                throw new UserError(Lifecycle.Refusal(before.Tag, before.Status, to), UserErrorKind.Conflict, "status");
            await DeviceGate.MoveAsync(c, tx, before, before with { Status = to, NeedsWipe = before.NeedsWipe || needsWipe }, actor, "device.status");
        });

    /// <summary>The "this tablet belongs to" card: organisation and return line from the settings, the tag; no personal data.</summary>
    private async Task<string> WriteCardAsync(ProvisioningJob job, CancellationToken ct)
    {
        var settings = await db.ReadAsync(c => Settings.ReadAsync(c, null), ct);
        var owner = settings.LabelOwner;
        var returnTo = settings.ReturnLine;
        var text = $"""
            Tämä tabletti kuuluu: {owner}
            Denna surfplatta tillhör: {owner}
            This tablet belongs to: {owner}
            Laite / Enhet / Device: {job.Tag}
            Palauta / Återlämna / Return: {returnTo}

            """;
        var directory = Path.Combine(Path.GetTempPath(), "laitelaina-cards");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{job.Tag}.txt");
        await File.WriteAllTextAsync(path, text, ct);
        return path;
    }

    /// <summary>
    /// Records the verified wipe and issues its NIST SP 800-88 certificate (<see cref="Sanitisation"/>): the record,
    /// the device moved on to provisioning with needs-wipe cleared, and the PDF, in one transaction. Reached only
    /// after verify-wipe passed, and refused by <see cref="Sanitisation"/> if it had not.
    /// </summary>
    private async Task<StepOutcome> RecordWipeAsync(ProvisioningJob job, string actor, CancellationToken ct)
    {
        var profile = Profile(job);
        var facts = job.FactValues;
        var verify = job.Steps.First(s => s.Name == "verify-wipe");
        var certificate = await sanitisation.RecordAsync(new SanitisationRecord
        {
            Tag = job.Tag!,
            Media = MediaType.Flash,
            Level = profile.Level,
            Technique = profile.Technique,
            Method = profile.MethodText,
            Tool = "adb + scripts/adb/wipe.sh",
            ToolVersion = $"{await AdbVersionAsync(ct)}; scripts {ScriptsVersion}",
            VerificationMethod = $"scripts/adb/verify.sh --wipe-only {ScriptsVersion}: no accounts, "
                + (profile.Method == WipeMethod.UserReset ? "only user 0 and the fresh loan user" : "only user 0")
                + ", no apps beyond the profile's, shared storage empty, setup state as the method leaves it, "
                + (profile.Method == WipeMethod.UserReset ? "canary gone and a user that is new" : "canary gone, new android_id, boot_count restarted, ro.crypto.type"),
            VerificationCode = profile.Method == WipeMethod.UserReset ? CertificateWords.AdbVerifyUser : CertificateWords.AdbVerify,
            VerificationPassed = verify.State == StepState.Done,
            VerificationResult = verify.Message ?? "",
            AndroidVersion = facts.GetValueOrDefault("android_version"),
            SecurityPatch = facts.GetValueOrDefault("security_patch"),
            Encryption = facts.GetValueOrDefault("encryption"),
            Operator = Performer(job),
            Site = options.Site,
            Notes = $"provisioning job {job.Id}, profile {profile.Name}",
        }, actor, ct);
        return new StepOutcome(StepState.Done, Msg.ProvisioningCertificateIssued.With(certificate.Number, profile.Level, profile.MethodText));
    }

    /// <summary>
    /// Who performed a job's wipe, for its certificate: the person who started the job (a retry or a resume does not change
    /// that), or for a job the service started by itself when a tablet was plugged in, the station's named responsible
    /// person (Provisioning:Operator). A program's name is never printed as the performer: without that setting the
    /// certificate step is refused, saying what to set.
    /// </summary>
    private string Performer(ProvisioningJob job) =>
        job.CreatedBy == ProvisioningActions.Watcher
            ? Parse.Text(options.Operator) ?? throw new UserError(Msg.WipeStationPerformerMissing.With(job.Tag ?? job.AdbSerial), UserErrorKind.Conflict, "operator")
            : job.CreatedBy;

    public const string ScriptsVersion = "1.0";

    private async Task<string> AdbVersionAsync(CancellationToken ct)
    {
        var (_, text) = await AdbScripts.AdbAsync(options, ["version"], ct);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("Version", StringComparison.Ordinal))?.Trim();
        return "adb " + (line?["Version ".Length..] ?? "version unknown");
    }

    private async Task<StepOutcome> LabelAndReadyAsync(ProvisioningJob job, string actor, CancellationToken ct)
    {
        Message message;
        try
        {
            if (printQueue is null)
                throw new UserError(Msg.ProvisioningNoPrintQueue, UserErrorKind.Unavailable, "printer");
            var print = await printQueue.EnqueueAsync(job.Tag!, 1, null, actor, ct);
            message = Msg.ProvisioningReadyLabelQueued.With(job.Tag, print.Printer, print.Id);
        }
        catch (UserError e) when (e.Kind == UserErrorKind.Unavailable)
        {
            // No printer at this station is no reason to keep a wiped, verified tablet from being lent.
            message = Msg.ProvisioningReadyNoLabel.With(job.Tag, e.Text);
        }
        await MoveAsync(job, DeviceStatus.Ready, actor, needsWipe: false);
        return new StepOutcome(StepState.Done, message);
    }
}
