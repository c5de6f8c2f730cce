using System.Collections.Concurrent;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>A tablet as <c>adb devices -l</c> shows it now, with what a person must do when it is not usable.</summary>
public sealed record AttachedDevice(string AdbSerial, string State, string? Model, string? Instruction, DateTimeOffset SeenAt);

/// <summary>What the watcher saw last; read by the API and the provisioning board.</summary>
public sealed class AttachedDevices
{
    private volatile IReadOnlyList<AttachedDevice> current = [];

    public IReadOnlyList<AttachedDevice> Current => current;

    internal void Set(IReadOnlyList<AttachedDevice> devices) => current = devices;

    /// <summary>Parses <c>adb devices -l</c>: the header, then per device its serial, state and key:value pairs.</summary>
    public static IReadOnlyList<AttachedDevice> Parse(string output)
    {
        var now = DateTimeOffset.UtcNow;
        var list = new List<AttachedDevice>();
        foreach (var line in output.Split('\n').Select(l => l.Trim()))
        {
            if (line.Length == 0 || line.StartsWith("List of devices", StringComparison.Ordinal) || line.StartsWith('*'))
                continue;
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
                continue;
            var model = parts.Skip(2).FirstOrDefault(p => p.StartsWith("model:", StringComparison.Ordinal))?["model:".Length..];
            var instruction = parts[1] switch
            {
                "unauthorized" => "On the tablet's screen, accept 'Allow USB debugging?' and tick 'Always allow from this computer'.",
                "offline" => "Unplug the tablet and plug it in again; if it stays offline, restart it.",
                "recovery" => "The tablet is in recovery mode: finish the wipe on its screen and choose 'Reboot system now'.",
                _ => null,
            };
            list.Add(new AttachedDevice(parts[0], parts[1], model, instruction, now));
        }
        return list;
    }
}

/// <summary>
/// The provisioning worker: watches adb for tablets (connecting the configured TCP addresses), matches each to the
/// inventory by serial number, starts a job for a known tablet awaiting a wipe, leaves an intake prompt for an
/// unknown one, and runs queued jobs up to the configured number at once. At start it marks jobs whose runner died
/// (a crash, a kill) as interrupted; at stop, running jobs end as interrupted too, so none ever looks done or running.
/// </summary>
public sealed class ProvisioningService(Database db, ProvisioningOptions options, JobRunner runner, AttachedDevices attached,
    ILogger<ProvisioningService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> running = new();
    // adb serials already looked at while they stay plugged in, so identify runs once per plug-in, not every poll.
    private readonly HashSet<string> handled = new(StringComparer.Ordinal);
    private string? lastAdbProblem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interrupted = await JobStore.MarkInterruptedAsync(db, JobRunner.IsAlive, stoppingToken);
        if (interrupted > 0)
            logger.LogWarning("{Count} provisioning job(s) were interrupted when the service last stopped; resume them with 'laitelaina provision resume ID'", interrupted);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WatchAsync(stoppingToken);
                await StartQueuedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A background service that throws stops for good; one bad poll (adb hiccup, database busy) must not.
                logger.LogError(e, "Provisioning watcher: {Message}", e.Message);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running.Values);
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        var before = attached.Current.ToDictionary(d => d.AdbSerial, d => d.State);
        foreach (var address in options.Connect.Where(a => before.GetValueOrDefault(a) != "device"))
            await AdbScripts.AdbAsync(options, ["connect", address], ct);
        var (exit, output) = await AdbScripts.AdbAsync(options, ["devices", "-l"], ct);
        if (exit != 0)
        {
            // Said once, not every poll: a station without adb would fill the log otherwise.
            if (output != lastAdbProblem)
                logger.LogWarning("adb devices failed: {Output}", output.Trim());
            lastAdbProblem = output;
            return;
        }
        lastAdbProblem = null;
        var devices = AttachedDevices.Parse(output);
        attached.Set(devices);
        var present = devices.Where(d => d.State == "device").Select(d => d.AdbSerial).ToHashSet(StringComparer.Ordinal);
        handled.IntersectWith(present);
        if (!options.AutoStart)
            return;
        var busy = (await db.ReadAsync(c => c.QueryAsync<string>(
            "SELECT adb_serial FROM provisioning_jobs WHERE state IN ('Queued', 'Running')"), ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var serial in present.Where(s => !handled.Contains(s) && !busy.Contains(s)))
        {
            handled.Add(serial);
            await ConsiderAsync(serial, ct);
        }
    }

    /// <summary>Identifies a newly plugged tablet and decides: a job, an intake prompt, or nothing (ready, on loan, ...).</summary>
    private async Task ConsiderAsync(string adbSerial, CancellationToken ct)
    {
        var identify = await new AdbScripts(options).RunAsync("identify.sh", [adbSerial], options.Timeout("identify"), _ => Task.CompletedTask, ct);
        if (identify.Result != AdbScriptResult.Ok || identify.Facts.GetValueOrDefault("serial") is not { Length: > 0 } serial)
        {
            logger.LogInformation("Tablet {Serial}: {Message}", adbSerial, identify.Message);
            return;
        }
        var devices = (await db.ReadAsync(c => c.QueryAsync<(long Id, string Tag, string Status)>(
            "SELECT id, tag, status FROM devices WHERE serial_number = @serial", new { serial }), ct)).AsList();
        if (devices.Count == 0)
        {
            var f = identify.Facts;
            var entry = await JobStore.SeenUnknownAsync(db, serial, adbSerial, f.GetValueOrDefault("manufacturer"), f.GetValueOrDefault("model"), f.GetValueOrDefault("android_version"), ct);
            if (entry.State == IntakeState.Pending)
                logger.LogInformation("Unknown tablet {Serial} ({Model}) at {Adb}: register or ignore it", serial, f.GetValueOrDefault("model"), adbSerial);
            return;
        }
        if (devices.Count > 1)
            return;
        var device = devices[0];
        if (device.Status is not (nameof(DeviceStatus.Intake) or nameof(DeviceStatus.AwaitingWipe)))
            return;
        var earlier = await db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM provisioning_jobs WHERE device_id = @Id AND state <> 'Done'", new { device.Id }), ct);
        if (earlier > 0)
            return; // a failed or cancelled job waits for a person's retry; plugging in again does not start another
        await ProvisioningActions.StartAsync(db, adbSerial, device.Tag, null, "provisioning-watcher", ct);
        logger.LogInformation("Tablet {Tag} ({Serial}) plugged in: provisioning job queued", device.Tag, serial);
    }

    private async Task StartQueuedAsync(CancellationToken ct)
    {
        foreach (var (id, task) in running)
        {
            if (task.IsCompleted)
                running.TryRemove(id, out _);
        }
        var free = options.MaxParallel - running.Count;
        if (free <= 0)
            return;
        foreach (var id in await JobStore.QueuedAsync(db, free, ct))
        {
            if (running.ContainsKey(id))
                continue;
            running[id] = Task.Run(async () =>
            {
                try
                {
                    await runner.ClaimAndRunAsync(id, "service", ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One job's unexpected error must not stop the others; the job stays running until the next start marks it interrupted.
                    logger.LogError(e, "Provisioning job {Job} failed unexpectedly", id);
                }
            }, CancellationToken.None);
        }
    }
}

/// <summary>What a person (CLI, API) does to provisioning: start a job, register or ignore an unknown tablet.</summary>
public static class ProvisioningActions
{
    /// <summary>Queues a job for the tablet at <paramref name="adbSerial"/>, for the device <paramref name="tag"/> if given
    /// (else identify finds it by serial number), with <paramref name="profile"/> if given (else precheck picks one).</summary>
    public static Task<ProvisioningJob> StartAsync(Database db, string adbSerial, string? tag, string? profile, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            adbSerial = Parse.Text(adbSerial) ?? throw UserError.Invalid("serial", adbSerial, Msg.ProvisioningSerialMissing);
            long? deviceId = null;
            if (Parse.Text(tag) is { } given)
            {
                var device = await DeviceStore.GetByTagAsync(c, tx, given);
                if (device.Status is DeviceStatus.OnLoan or DeviceStatus.HandedOver or DeviceStatus.Retired or DeviceStatus.Lost)
                    throw new UserError(Lifecycle.Refusal(device.Tag, device.Status, DeviceStatus.AwaitingWipe), UserErrorKind.Conflict, "tag");
                deviceId = device.Id;
                tag = device.Tag;
            }
            var active = await c.ExecuteScalarAsync<long?>(
                "SELECT id FROM provisioning_jobs WHERE adb_serial = @adbSerial AND state IN ('Queued', 'Running')", new { adbSerial }, tx);
            if (active is { } id)
                throw new UserError(Msg.ProvisioningJobUnderWay.With(adbSerial, id), UserErrorKind.Conflict, "serial");
            return await JobStore.CreateAsync(c, tx, adbSerial, deviceId, tag, Parse.Text(profile), JobState.Queued, null, actor);
        }, ct);

    /// <summary>Adds the unknown tablet to the inventory (intake status, awaiting its wipe) from what identify read.</summary>
    public static Task<Device> RegisterAsync(Database db, string serialNumber, DeviceInput extra, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var entry = await JobStore.GetIntakeAsync(c, tx, serialNumber);
            if (entry.State != IntakeState.Pending)
                throw new UserError(Msg.ProvisioningIntakeDecided.With(serialNumber, entry.State), UserErrorKind.Conflict, "serial");
            var device = await new DeviceResolver(c, tx).NewDeviceAsync(extra with
            {
                Kind = extra.Kind ?? "tablet",
                Make = extra.Make ?? entry.Make,
                Model = extra.Model ?? entry.Model,
                SerialNumber = serialNumber,
                Os = extra.Os ?? "Android",
                OsVersion = extra.OsVersion ?? entry.AndroidVersion,
                Acquisition = extra.Acquisition ?? "donated",
            }, allowDuplicateSerial: false);
            device = await InventoryService.InsertAsync(c, tx, device, actor, "device.add");
            await JobStore.DecideIntakeAsync(c, tx, entry, IntakeState.Registered, device.Id, actor);
            return device;
        }, ct);

    public static Task IgnoreAsync(Database db, string serialNumber, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var entry = await JobStore.GetIntakeAsync(c, tx, serialNumber);
            if (entry.State != IntakeState.Pending)
                throw new UserError(Msg.ProvisioningIntakeDecided.With(serialNumber, entry.State), UserErrorKind.Conflict, "serial");
            await JobStore.DecideIntakeAsync(c, tx, entry, IntakeState.Ignored, null, actor);
        }, ct);
}
