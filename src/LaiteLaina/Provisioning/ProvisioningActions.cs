using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>A tablet as <c>adb devices -l</c> shows it now (its state is adb's code), with what a person must do when
/// it is not usable, as a message for the reader's language.</summary>
public sealed record AttachedDevice(string AdbSerial, string State, string? Model, Message? Instruction, DateTimeOffset SeenAt)
{
    /// <summary>The states adb names that have words of their own; any other is "another state: code".</summary>
    public static readonly IReadOnlyList<string> KnownStates = ["device", "unauthorized", "authorizing", "connecting", "offline", "recovery", "rescue", "sideload", "bootloader"];

    /// <summary>As the API gives it: the state's code for scripts, and the state and instruction in the reader's words.</summary>
    public AttachedDeviceView View(Microsoft.Extensions.Localization.IStringLocalizer<Ui> l, System.Globalization.CultureInfo culture) =>
        new(AdbSerial, State, KnownStates.Contains(State) ? l["AdbState." + State] : l["AdbState.other", State], Model, Instruction?.Render(culture), SeenAt);
}

public sealed record AttachedDeviceView(string AdbSerial, string State, string StateText, string? Model, string? Instruction, DateTimeOffset SeenAt);

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
                "unauthorized" => Msg.ProvisioningSayUnauthorizedHelp,
                "offline" => Msg.ProvisioningTabletOffline,
                "recovery" => Msg.ProvisioningSayRecoveryMode,
                _ => (Message?)null,
            };
            list.Add(new AttachedDevice(parts[0], parts[1], model, instruction, now));
        }
        return list;
    }
}

/// <summary>What a person (CLI, API) does to provisioning: start a job, register or ignore an unknown tablet.</summary>
public static class ProvisioningActions
{
    /// <summary>Who starts a job when a known tablet is plugged in: the service itself, not a person.</summary>
    public const string Watcher = "provisioning-watcher";

    /// <summary>Queues a job for the tablet at <paramref name="adbSerial"/>, for the device <paramref name="tag"/> if given
    /// (else identify finds it by serial number), with <paramref name="profile"/> if given (else precheck picks one).</summary>
    public static Task<ProvisioningJob> StartAsync(Database db, string adbSerial, string? tag, string? profile, string actor, CancellationToken ct = default) =>
        StartAsync(db, adbSerial, tag, profile, actor, null, ct);

    /// <param name="site">The site of the process starting it, whose service alone runs the job; null for one of none.</param>
    public static Task<ProvisioningJob> StartAsync(Database db, string adbSerial, string? tag, string? profile, string actor, ServiceSite? site,
        CancellationToken ct) =>
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
            var siteId = site is null ? null : await site.IdAsync(c, tx);
            return await JobStore.CreateAsync(c, tx, adbSerial, deviceId, tag, Parse.Text(profile), JobState.Queued, null, actor, siteId);
        }, ct);

    /// <summary>Adds the unknown tablet to the inventory (intake status, awaiting its wipe) from what identify read.</summary>
    public static Task<Device> RegisterAsync(Database db, string serialNumber, DeviceInput extra, string actor, CancellationToken ct = default) =>
        RegisterAsync(db, serialNumber, extra, actor, null, ct);

    /// <param name="site">The site of the process deciding: only the site whose station saw the tablet may.</param>
    public static Task<Device> RegisterAsync(Database db, string serialNumber, DeviceInput extra, string actor, ServiceSite? site, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var entry = await PendingIntakeAsync(c, tx, serialNumber, site);
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
        IgnoreAsync(db, serialNumber, actor, null, ct);

    /// <param name="site">The site of the process deciding: only the site whose station saw the tablet may.</param>
    public static Task IgnoreAsync(Database db, string serialNumber, string actor, ServiceSite? site, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
            await JobStore.DecideIntakeAsync(c, tx, await PendingIntakeAsync(c, tx, serialNumber, site), IntakeState.Ignored, null, actor), ct);

    /// <summary>The prompt still waiting for a decision, which this process may make: a site's service works only the
    /// tablets on its own station, as it runs only its own jobs. A prompt of no site (from a service of none, or from
    /// before sites owned prompts) and a process of no site decide any.</summary>
    private static async Task<IntakeEntry> PendingIntakeAsync(DbConnection c, DbTransaction tx, string serialNumber, ServiceSite? site)
    {
        var entry = await JobStore.GetIntakeAsync(c, tx, serialNumber);
        if (entry.State != IntakeState.Pending)
            throw new UserError(Msg.ProvisioningIntakeDecided.With(serialNumber, entry.State), UserErrorKind.Conflict, "serial");
        if (entry.SiteId is { } owner && site is not null && await site.IdAsync(c, tx) is { } here && here != owner)
            throw new UserError(Msg.ProvisioningIntakeOtherSite.With(serialNumber, entry.SiteCode ?? ""), UserErrorKind.Conflict, "serial");
        return entry;
    }
}
