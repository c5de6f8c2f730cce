using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;
using LaiteLaina.DeviceSim.Userland;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>
/// Simulated tablets for the demo (Provisioning:DemoTablets): a donated one with its previous owner's Google account
/// and photos, one back from a client loan, and a locked one. They start when a volunteer presses "start demo tablets"
/// on the provisioning page, not with the service, so that a trainee watches them from the beginning. Their addresses
/// then go to Provisioning:Connect, so the watcher finds them as it finds real ones; the demo inventory holds devices
/// with the same serials. A stand-in volunteer wipes a tablet that boots into recovery, tiny APK-shaped files stand
/// in for the organisation's apps, and the page's "the donor removed the account" does to the donated tablet what
/// the donor would do in its Settings.
/// </summary>
public sealed class DemoTablets(ProvisioningOptions options, DataLocation location, ProvisioningProfiles profiles, ILogger<DemoTablets> logger) : IHostedService
{
    public static IReadOnlyList<TabletState> States() =>
        // The donor left their Google account (precheck stops for factory reset protection until it is gone), photos,
        // downloads, apps and a work account: the trainee sees a person's step, and the wipe has something to clear.
        [Scenarios.CreateDonated(), Scenarios.CreateReturnedLoan(), Scenarios.CreateLocked()];

    private const string GoogleAccount = "com.google";

    private readonly Lock gate = new();
    private TabletFarm? farm;

    public bool Started => farm is not null;

    /// <summary>Nothing yet: the tablets wait for <see cref="StartTablets"/>.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Plugs the simulated tablets in; false when they already are.</summary>
    public bool StartTablets()
    {
        lock (gate)
        {
            if (farm is not null)
                return false;
            WriteDemoApks(profiles, options.Apks(location.DataDirectory));
            farm = TabletFarm.Start(States(), new TabletFarmOptions
            {
                RebootDelay = TimeSpan.FromSeconds(options.DemoRebootSeconds),
                // A trainee presses the recovery keys on the provisioning page; left alone, a stand-in volunteer wipes it.
                RecoveryWipeAfter = TimeSpan.FromMinutes(2),
            }, logger);
            foreach (var tablet in farm.Tablets)
                logger.LogInformation("Demo tablet {Serial} ({Model}) at {Address}", tablet.Serial, tablet.Model, tablet.Address);
            // A new list rather than an added item: the watcher may be going through the old one right now.
            options.Connect = [.. options.Connect, .. farm.Tablets.Select(t => t.Address)];
            return true;
        }
    }

    /// <summary>Whether the demo tablet at <paramref name="adbSerial"/> still has a Google account on it.</summary>
    public bool HasGoogleAccount(string adbSerial)
    {
        if (Tablet(adbSerial) is not { } tablet)
            return false;
        lock (tablet.Sync)
            return tablet.State.Accounts.Any(a => a.Type == GoogleAccount);
    }

    /// <summary>What the donor does in Settings > Accounts: the Google account leaves the demo tablet. False when
    /// <paramref name="adbSerial"/> is no demo tablet.</summary>
    public bool RemoveGoogleAccount(string adbSerial)
    {
        if (Tablet(adbSerial) is not { } tablet)
            return false;
        lock (tablet.Sync)
            tablet.State.Accounts.RemoveAll(a => a.Type == GoogleAccount);
        return true;
    }

    /// <summary>A trainee's hands on a demo tablet, in the words of <see cref="SimulatorControl"/> without the tablet
    /// ("keys power+volup", "allow", "sign-in ACCOUNT"); what its screen shows afterwards, or null when
    /// <paramref name="adbSerial"/> is no demo tablet. The guided reset's page drives the recovery keys through it.</summary>
    public string? Control(string adbSerial, string action)
    {
        var running = farm;
        if (running is null || Tablet(adbSerial) is not { } tablet)
            return null;
        return SimulatorControl.Run(running, tablet.Serial + " " + action);
    }

    /// <summary>Whether <paramref name="adbSerial"/> is one of the running demo tablets.</summary>
    public bool Has(string adbSerial) => Tablet(adbSerial) is not null;

    private SimulatedTablet? Tablet(string adbSerial) => farm?.Tablets.FirstOrDefault(t => t.Address == adbSerial || t.Serial == adbSerial);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        TabletFarm? running;
        lock (gate)
            (running, farm) = (farm, null);
        if (running is not null)
            await running.StopAsync();
    }

    /// <summary>An APK-shaped file per app of every profile, where the organisation's own copy is missing.</summary>
    public static void WriteDemoApks(ProvisioningProfiles profiles, string apkDirectory)
    {
        Directory.CreateDirectory(apkDirectory);
        foreach (var app in profiles.LoadAll().SelectMany(p => p.Apps).DistinctBy(a => a.Apk))
        {
            var path = Path.Combine(apkDirectory, app.Apk);
            if (!File.Exists(path))
                File.WriteAllBytes(path, ApkInspector.Create(app.Package));
        }
    }

    /// <summary>
    /// The demo's settings in DATA/appsettings.json, only when the office has none yet: the simulated tablets on a
    /// private adb server port (so a real adb server is left alone), and a label printer that writes to a file.
    /// </summary>
    public static void WriteDemoSettings(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "appsettings.json");
        if (File.Exists(path))
            return;
        var labels = Path.Combine(dataDirectory, "demo-labels.zpl");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new
        {
            Printers = new[] { new { Name = "demo-file", Port = labels, Language = "zpl" } },
            // The demo's volunteer is the station's responsible person, named on the certificates of the jobs that start by themselves.
            Provisioning = new { DemoTablets = true, AdbServerPort = 5137, Operator = "ville" },
        }, Json.Indented));
    }

    /// <summary>The demo tablets in the inventory, with the serials the simulator reports: two awaiting their first
    /// wipe after intake, one back from a loan.</summary>
    public static async Task AddToInventoryAsync(InventoryService inventory, CancellationToken ct = default)
    {
        var states = States();
        foreach (var state in states)
        {
            var loanReturn = state.Users.Count > 1;
            var device = await inventory.AddAsync(new DeviceInput
            {
                Kind = "tablet", Make = state.Brand, Model = state.Model, SerialNumber = state.Serial, Os = "Android", OsVersion = state.AndroidVersion,
                Acquisition = loanReturn ? "purchased" : "donated", Donor = loanReturn ? null : "Digitukiyhdistys ry",
                AcquiredOn = "2025-11-20", Site = "KESKUS", Location = "Laitekaappi", Condition = "good",
                Notes = loanReturn ? "Back from a client loan; the client used a secondary user." : null,
            }, "demo", ct: ct);
            await inventory.SetStatusAsync(device.Tag, "awaiting-wipe", null, "demo", ct);
        }
    }
}
