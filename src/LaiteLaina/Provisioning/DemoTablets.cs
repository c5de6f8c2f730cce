using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;
using LaiteLaina.DeviceSim.Userland;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>
/// Simulated tablets for the demo (Provisioning:DemoTablets): a donated one with its previous owner's account and
/// photos, one back from a client loan, and a locked one. Their addresses go to Provisioning:Connect, so the watcher
/// finds them as it finds real ones; the demo inventory holds devices with the same serials. A stand-in volunteer
/// wipes a tablet that boots into recovery, and tiny APK-shaped files stand in for the organisation's apps.
/// </summary>
public sealed class DemoTablets(ProvisioningOptions options, DataLocation location, ProvisioningProfiles profiles, ILogger<DemoTablets> logger) : IHostedService
{
    public static IReadOnlyList<TabletState> States()
    {
        // The donor removed their Google account as asked (else precheck stops for factory reset protection),
        // but left photos, downloads, apps and a work account: the wipe has something to clear.
        var donated = Scenarios.CreateDonated();
        donated.Accounts.RemoveAll(a => a.Type == "com.google");
        return [donated, Scenarios.CreateReturnedLoan(), Scenarios.CreateLocked()];
    }

    private TabletFarm? farm;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        WriteDemoApks(profiles, options.Apks(location.DataDirectory));
        farm = TabletFarm.Start(States(), new TabletFarmOptions
        {
            RebootDelay = TimeSpan.FromSeconds(options.DemoRebootSeconds),
            RecoveryWipeAfter = TimeSpan.FromSeconds(5),
        }, logger);
        foreach (var tablet in farm.Tablets)
        {
            options.Connect.Add(tablet.Address);
            logger.LogInformation("Demo tablet {Serial} ({Model}) at {Address}", tablet.Serial, tablet.Model, tablet.Address);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (farm is not null)
            await farm.StopAsync();
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
            Provisioning = new { DemoTablets = true, AdbServerPort = 5137 },
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
