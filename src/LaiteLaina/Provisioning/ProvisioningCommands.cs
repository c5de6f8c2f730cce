using System.Globalization;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace LaiteLaina.Provisioning;

/// <summary>`laitelaina provision ...`: run, watch, list, retry, resume and cancel jobs; the intake of unknown tablets; profiles.</summary>
public static class ProvisioningCommands
{
    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(ProvisionCommand(app));

    private static Command ProvisionCommand(CliApp app) => new("provision", "Wipe and reprovision Android tablets through adb")
    {
        ProvisionRun(app),
        ProvisionList(app),
        ProvisionShow(app),
        ProvisionRetry(app),
        ProvisionResume(app),
        ProvisionCancel(app),
        ProvisionWatch(app),
        ProvisionProfiles(app),
        IntakeCommand(app),
    };

    private static Argument<long> JobArgument() => new("job") { Description = "Job number, as 'provision list' shows it" };

    private static Command ProvisionRun(CliApp app)
    {
        var serial = new Argument<string>("serial") { Description = "The tablet as 'adb devices' lists it (USB serial or host:port)" };
        var tag = new Option<string?>("--tag") { Description = "The device's asset tag (default: found by the tablet's serial number)" };
        var profile = new Option<string?>("--profile") { Description = "Provisioning profile (default: chosen from what the tablet reports)" };
        var run = new Command("run", "Run a job for one tablet here, without the service, showing its progress") { serial, tag, profile };
        app.Action(run, async (cli, ct) =>
        {
            var (db, runner, options) = await OpenAsync(cli, ct);
            var adbSerial = cli.Parse.GetValue(serial)!;
            if (adbSerial.Contains(':', StringComparison.Ordinal))
                await AdbScripts.AdbAsync(options, ["connect", adbSerial], ct);
            var job = await ProvisioningActions.StartAsync(db, adbSerial, cli.Parse.GetValue(tag), cli.Parse.GetValue(profile), cli.Actor,
                await cli.GetAsync<ServiceSite>(ct), ct);
            await RunHereAsync(cli, db, runner, job.Id, ct);
        });
        return run;
    }

    private static Command ProvisionList(CliApp app)
    {
        var all = new Option<bool>("--all") { Description = "Also jobs finished more than 12 hours ago" };
        var list = new Command("list", "Jobs under way, waiting for a person, failed, and recently finished") { all };
        app.Action(list, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            await JobStore.MarkInterruptedAsync(db, JobRunner.IsAlive, await SiteIdAsync(cli, db, ct), ct);
            cli.List(await JobStore.ListAsync(db, cli.Parse.GetValue(all), 200, ct: ct),
                new Column<ProvisioningJob>("job", j => j.Id),
                new Column<ProvisioningJob>("tag", j => j.Tag),
                new Column<ProvisioningJob>("tablet", j => j.AdbSerial),
                new Column<ProvisioningJob>("profile", j => j.Profile),
                new Column<ProvisioningJob>("state", j => j.State),
                new Column<ProvisioningJob>("step", j => j.Step),
                new Column<ProvisioningJob>("progress", j => j.Progress + " %"),
                new Column<ProvisioningJob>("message", j => j.Instruction ?? j.Message));
        });
        return list;
    }

    private static Command ProvisionShow(CliApp app)
    {
        var jobId = JobArgument();
        var show = new Command("show", "One job with its steps") { jobId };
        app.Action(show, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            var job = await JobStore.GetAsync(db, cli.Parse.GetValue(jobId), ct);
            if (cli.Format == OutputFormat.Json)
            {
                cli.Card(job);
                return;
            }
            cli.Card(job, ("job", job.Id), ("tag", job.Tag), ("tablet", job.AdbSerial), ("serial number", job.SerialNumber), ("profile", job.Profile),
                ("state", job.State), ("message", job.Message), ("what to do", job.Instruction));
            cli.List(job.Steps,
                new Column<ProvisioningStep>("step", s => s.Name),
                new Column<ProvisioningStep>("state", s => s.State),
                new Column<ProvisioningStep>("tries", s => s.Attempts),
                new Column<ProvisioningStep>("seconds", s => s.DurationMs is { } ms ? (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) : null),
                new Column<ProvisioningStep>("message", s => s.Instruction ?? s.Message));
        });
        return show;
    }

    private static Command ProvisionRetry(CliApp app) =>
        RequeueCommand(app, "retry", resume: false, "Run a failed, gone or waiting job again from the step it stopped at");

    private static Command ProvisionResume(CliApp app) =>
        RequeueCommand(app, "resume", resume: true, "Go on with an interrupted job from the step it was on");

    /// <summary>retry and resume: the same work, from the step a failed or an interrupted job stopped at.</summary>
    private static Command RequeueCommand(CliApp app, string name, bool resume, string text)
    {
        var jobId = JobArgument();
        var queue = new Option<bool>("--queue") { Description = "Leave it to the running service instead of running it here" };
        var command = new Command(name, text) { jobId, queue };
        app.Action(command, async (cli, ct) =>
        {
            var (db, runner, _) = await OpenAsync(cli, ct);
            await JobStore.MarkInterruptedAsync(db, JobRunner.IsAlive, await SiteIdAsync(cli, db, ct), ct);
            var job = await JobStore.RequeueAsync(db, cli.Parse.GetValue(jobId), cli.Actor, resume, ct);
            if (cli.Parse.GetValue(queue))
                await cli.Out.WriteLineAsync($"Job {job.Id} is queued again from step {job.Steps.First(s => s.State == StepState.Pending).Name}.");
            else
                await RunHereAsync(cli, db, runner, job.Id, ct);
        });
        return command;
    }

    private static Command ProvisionCancel(CliApp app)
    {
        var jobId = JobArgument();
        var cancel = new Command("cancel", "Stop a job; a running script is ended and the tablet is not marked ready") { jobId };
        app.Action(cancel, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            var job = await JobStore.CancelAsync(db, cli.Parse.GetValue(jobId), cli.Actor, ct);
            await cli.Out.WriteLineAsync(job.State == JobState.Cancelled ? $"Job {job.Id} cancelled." : $"Job {job.Id}: cancel requested; its runner stops the current step.");
        });
        return cancel;
    }

    private static Command ProvisionWatch(CliApp app)
    {
        var once = new Option<bool>("--once") { Description = "Print the jobs once and end" };
        var watch = new Command("watch", "Progress bars per tablet for the jobs under way (Ctrl+C to stop)") { once };
        app.Action(watch, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            await WatchAsync(cli, db, null, cli.Parse.GetValue(once), ct);
        });
        return watch;
    }

    private static Command ProvisionProfiles(CliApp app)
    {
        var profiles = new Command("profiles", "The provisioning profiles of the data directory, each checked");
        app.Action(profiles, async (cli, ct) =>
        {
            cli.List((await cli.GetAsync<ProvisioningProfiles>(ct)).LoadAll(),
                new Column<ProvisioningProfile>("profile", p => p.Name),
                new Column<ProvisioningProfile>("wipe", p => p.Method),
                new Column<ProvisioningProfile>("apps", p => string.Join(", ", p.Apps.Select(a => a.Package))),
                new Column<ProvisioningProfile>("description", p => p.Description));
        });
        return profiles;
    }

    private static Command IntakeCommand(CliApp app) => new("intake", "Tablets plugged in whose serial number is not in the inventory")
    {
        IntakeList(app),
        IntakeRegister(app),
        IntakeIgnore(app),
    };

    private static Argument<string> IntakeSerialArgument() =>
        new("serial") { Description = "The tablet's serial number, as 'provision intake list' shows it" };

    private static Command IntakeList(CliApp app)
    {
        var all = new Option<bool>("--all") { Description = "Also those already registered or ignored" };
        var site = new Option<string?>("--site") { Description = "Only the tablets seen at this site's station (code or name)" };
        var list = new Command("list", "Unknown tablets waiting for a decision") { all, site };
        app.Action(list, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            var siteId = await (await cli.GetAsync<SiteService>(ct)).IdOfAsync(cli.Parse.GetValue(site), ct);
            cli.List(await JobStore.IntakeAsync(db, cli.Parse.GetValue(all), siteId, ct),
                new Column<IntakeEntry>("serial", e => e.SerialNumber),
                new Column<IntakeEntry>("site", e => e.SiteCode),
                new Column<IntakeEntry>("tablet", e => e.AdbSerial),
                new Column<IntakeEntry>("make", e => e.Make),
                new Column<IntakeEntry>("model", e => e.Model),
                new Column<IntakeEntry>("android", e => e.AndroidVersion),
                new Column<IntakeEntry>("state", e => e.State),
                new Column<IntakeEntry>("last seen", e => e.LastSeenAt));
        });
        return list;
    }

    private static Command IntakeRegister(CliApp app)
    {
        var serial = IntakeSerialArgument();
        var acquisition = new Option<string?>("--acquisition") { Description = "purchased, donated (default), transferred or leased" };
        var donor = new Option<string?>("--donor") { Description = "Donor name or id" };
        var site = new Option<string?>("--site") { Description = "Site code" };
        var start = new Option<bool>("--start") { Description = "Queue its provisioning job right away" };
        var register = new Command("register", "Add the tablet to the inventory (intake, awaiting its wipe)") { serial, acquisition, donor, site, start };
        app.Action(register, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            var device = await ProvisioningActions.RegisterAsync(db, cli.Parse.GetValue(serial)!, new DeviceInput
            {
                Acquisition = cli.Parse.GetValue(acquisition), Donor = cli.Parse.GetValue(donor), Site = cli.Parse.GetValue(site),
            }, cli.Actor, await cli.GetAsync<ServiceSite>(ct), ct);
            await cli.Out.WriteLineAsync($"Registered as {device.Tag}.");
            if (cli.Parse.GetValue(start))
            {
                var entry = (await JobStore.IntakeAsync(db, all: true, ct: ct)).First(e => e.DeviceId == device.Id);
                var job = await ProvisioningActions.StartAsync(db, entry.AdbSerial, device.Tag, null, cli.Actor, await cli.GetAsync<ServiceSite>(ct), ct);
                await cli.Out.WriteLineAsync($"Job {job.Id} queued for {device.Tag}.");
            }
        });
        return register;
    }

    private static Command IntakeIgnore(CliApp app)
    {
        var serial = IntakeSerialArgument();
        var ignore = new Command("ignore", "Not ours (a volunteer's own phone, say): stop asking about it") { serial };
        app.Action(ignore, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            await ProvisioningActions.IgnoreAsync(db, cli.Parse.GetValue(serial)!, cli.Actor, await cli.GetAsync<ServiceSite>(ct), ct);
            await cli.Out.WriteLineAsync($"Tablet {cli.Parse.GetValue(serial)} will be ignored.");
        });
        return ignore;
    }

    private static async Task<(Database Db, JobRunner Runner, ProvisioningOptions Options)> OpenAsync(CliContext cli, CancellationToken ct)
    {
        // The label goes into the shared print queue; the service's print worker prints it.
        return (await cli.DatabaseAsync(ct), await cli.GetAsync<JobRunner>(ct), await cli.GetAsync<ProvisioningOptions>(ct));
    }

    /// <summary>Runs a queued job in this process with its progress on screen; a job that does not end ready is an error (exit 1).</summary>
    private static async Task RunHereAsync(CliContext cli, Database db, JobRunner runner, long jobId, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var display = WatchAsync(cli, db, jobId, once: false, done.Token);
        try
        {
            if (!await runner.ClaimAndRunAsync(jobId, cli.Actor.Replace("cli:", "", StringComparison.Ordinal), ct))
                throw new UserError(Msg.ProvisioningJobTaken.With(jobId), UserErrorKind.Conflict, "job");
        }
        finally
        {
            await done.CancelAsync();
            await display;
        }
        var job = await JobStore.GetAsync(db, jobId, CancellationToken.None);
        await cli.Out.WriteLineAsync($"job {job.Id}: {EnumText.Kebab(job.State)}: {job.Message}");
        if (job.State != JobState.Done)
        {
            var what = job.State switch
            {
                JobState.NeedsPerson => Msg.ProvisioningPersonMustAct.With(StoredText.Read(job.StoredInstruction) ?? (object?)job.Instruction),
                JobState.Gone => Msg.ProvisioningTabletGone.With(job.Id),
                _ => Msg.ProvisioningRetryStep.With(job.Id),
            };
            throw new UserError(Msg.ProvisioningJobStopped.With(job.Id, job.Step, job.State, what), UserErrorKind.Conflict, "job");
        }
    }

    /// <summary>Follows jobs in the database: Spectre progress bars on a terminal, one line per change otherwise.</summary>
    private static async Task WatchAsync(CliContext cli, Database db, long? onlyJob, bool once, CancellationToken ct)
    {
        async Task<IReadOnlyList<ProvisioningJob>> Jobs() => onlyJob is { } id
            ? [await JobStore.GetAsync(db, id, CancellationToken.None)]
            : (await JobStore.ListAsync(db, all: false, 200, ct: CancellationToken.None)).Where(j => !j.IsFinished || j.FinishedAt > DateTimeOffset.UtcNow.AddMinutes(-10)).Reverse().ToList();
        static string Line(ProvisioningJob j) =>
            $"{j.Tag ?? j.AdbSerial} [{EnumText.Kebab(j.State)}] {j.Step}: {j.Instruction ?? j.Steps.FirstOrDefault(s => s.Name == j.Step)?.Message ?? j.Message}";
        if (once)
        {
            foreach (var j in await Jobs())
                await cli.Out.WriteLineAsync($"{j.Progress,3} % {Line(j)}");
            return;
        }
        if (!cli.Console.Profile.Capabilities.Interactive)
        {
            var last = new Dictionary<long, string>();
            while (true)
            {
                foreach (var j in await Jobs())
                {
                    var line = Line(j);
                    if (last.GetValueOrDefault(j.Id) != line)
                        await cli.Out.WriteLineAsync($"{j.Progress,3} % {line}");
                    last[j.Id] = line;
                }
                if (ct.IsCancellationRequested)
                    return;
                try
                {
                    await Task.Delay(300, ct);
                }
                catch (OperationCanceledException)
                {
                    // One last look below, so the final state of the job is printed.
                }
            }
        }
        await cli.Console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<long, ProgressTask>();
                while (true)
                {
                    foreach (var j in await Jobs())
                    {
                        if (!tasks.TryGetValue(j.Id, out var task))
                            tasks[j.Id] = task = context.AddTask(Markup.Escape(Line(j)), maxValue: 100);
                        task.Description = Markup.Escape(Line(j));
                        task.Value = j.State == JobState.Done ? 100 : j.Progress;
                    }
                    context.Refresh();
                    if (ct.IsCancellationRequested)
                        return;
                    try
                    {
                        await Task.Delay(300, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        // Draw the final state once more.
                    }
                }
            });
    }

    /// <summary>The site of this machine's service: a verb judges and starts only that site's jobs, as the service does.</summary>
    private static async Task<long?> SiteIdAsync(CliContext cli, Database db, CancellationToken ct) =>
        await (await cli.GetAsync<ServiceSite>(ct)).IdAsync(db, ct);
}
