using System.Collections.Concurrent;
using Dapper;
using LaiteLaina.Hosting;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>
/// The provisioning worker: watches adb for tablets (connecting the configured TCP addresses), matches each to the
/// inventory by serial number, starts a job for a known tablet awaiting a wipe, leaves an intake prompt for an
/// unknown one, and runs queued jobs up to the configured number at once. At start it marks jobs whose runner died
/// (a crash, a kill) as interrupted; at stop, running jobs end as interrupted too, so none ever looks done or running.
/// </summary>
public sealed class ProvisioningWorker(Database db, ProvisioningOptions options, JobRunner runner, AttachedDevices attached,
    ILogger<ProvisioningWorker> logger, TimeProvider? clock = null, ServiceSite? site = null) : PeriodicWorker(logger, clock)
{
    private readonly ConcurrentDictionary<long, Task> running = new();
    // adb serials already looked at while they stay plugged in, so identify runs once per plug-in, not every poll.
    private readonly HashSet<string> handled = new(StringComparer.Ordinal);
    private string? lastAdbProblem;
    private readonly AdbServer server = new(options);
    private readonly AdbDeviceTracker tracker = new(AdbServer.PortOf(options), logger);
    private readonly CancellationTokenSource stopTracking = new();
    private Task tracking = Task.CompletedTask;
    // This service's site, read at start: it queues and runs only that site's jobs.
    private long? siteId;

    /// <summary>Whether this worker started the adb server it uses (and so stops it when it stops).</summary>
    public bool StartedAdbServer => server.StartedHere;

    protected override string Work => "Provisioning watcher";

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.PollSeconds);

    /// <summary>Whether a pass has taken the device list from the adb server's own stream rather than from a client.</summary>
    public bool ListFromServerStream { get; private set; }

    protected override async Task<bool> StartingAsync(CancellationToken ct)
    {
        siteId = site is null ? null : await site.IdAsync(db, ct);
        var interrupted = await JobStore.MarkInterruptedAsync(db, JobRunner.IsAlive, siteId, ct);
        if (interrupted > 0)
            logger.LogWarning("{Count} provisioning job(s) were interrupted when the service last stopped; resume them on the provisioning page", interrupted);
        await server.StartAsync(ct);
        tracking = tracker.RunAsync(stopTracking.Token);
        return true;
    }

    protected override async Task PassAsync(CancellationToken ct)
    {
        await WatchAsync(ct);
        await StartQueuedAsync(ct);
    }

    /// <summary>The jobs under way end by themselves once the stop cancels them; wait for them to say so, then stop
    /// the adb server if this worker started it.</summary>
    protected override async Task StoppedAsync()
    {
        // No pass runs any more, so nothing needs the device list: the watcher stops first.
        await stopTracking.CancelAsync();
        try
        {
            await Task.WhenAll(running.Values);
            await tracking;
        }
        finally
        {
            await server.StopAsync();
        }
    }

    public override void Dispose()
    {
        stopTracking.Dispose();
        base.Dispose();
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        var before = attached.Current.ToDictionary(d => d.AdbSerial, d => d.State);
        foreach (var address in options.Connect.Where(a => before.GetValueOrDefault(a) != "device"))
            await AdbScripts.AdbAsync(options, ["connect", address], ct);
        var pushed = tracker.Latest;
        ListFromServerStream |= pushed is not null;
        var (exit, output) = pushed is not null ? (0, pushed) : await AdbScripts.AdbAsync(options, ["devices", "-l"], ct);
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
            var entry = await JobStore.SeenUnknownAsync(db, serial, adbSerial, f.GetValueOrDefault("manufacturer"), f.GetValueOrDefault("model"), f.GetValueOrDefault("android_version"), siteId, ct);
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
        await ProvisioningActions.StartAsync(db, adbSerial, device.Tag, null, ProvisioningActions.Watcher, site, ct);
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
        foreach (var id in await JobStore.QueuedAsync(db, free, siteId, ct))
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
