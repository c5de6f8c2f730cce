using System.Security.Cryptography;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Tests.Integration;

/// <summary>Faults that change what adb sees of the tablet: each test gets its own tablet.</summary>
[TestFixture]
public sealed class FaultTests : AdbFixture
{
    [Test]
    public async Task Devices_UnauthorizedTablet_ListedAsUnauthorized()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        tablet.SetUnauthorized(true);

        var connect = await Adb.RunAsync("connect", tablet.Address);

        TestContext.Out.WriteLine(connect);
        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "unauthorized", TimeSpan.FromSeconds(10)), Is.True);
        var shell = await Adb.RunAsync("-s", tablet.Address, "shell", "echo", "hi");
        Assert.That(shell.ExitCode, Is.Not.Zero);
        Assert.That(shell.Stderr, Does.Contain("unauthorized"));
    }

    [Test]
    public async Task Devices_OfflineTablet_ListedAsOffline()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        tablet.SetOffline(true);

        await Adb.RunAsync(TimeSpan.FromSeconds(30), "connect", tablet.Address);

        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "offline", TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task Reboot_Tablet_DisappearsAndComesBack()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var bootsBefore = tablet.BootCount;

        var reboot = await Adb.RunAsync("-s", tablet.Address, "reboot");

        Assert.That(reboot.ExitCode, Is.Zero, reboot.ToString());
        Assert.That(await WaitGoneAsync(tablet), Is.True, "tablet still listed as device after reboot");
        await WaitUntilAsync(() => tablet.BootCount > bootsBefore, TimeSpan.FromSeconds(10));
        await Adb.RunAsync("connect", tablet.Address);
        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "device", TimeSpan.FromSeconds(10)), Is.True);
        var model = await Adb.RunAsync("-s", tablet.Address, "shell", "getprop", "ro.product.model");
        Assert.That(model.Stdout, Is.EqualTo("SM-T510\n"));
    }

    [Test]
    public async Task RebootRecovery_Tablet_ComesBackInRecovery()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);

        await Adb.RunAsync("-s", tablet.Address, "reboot", "recovery");
        await WaitGoneAsync(tablet);
        await WaitUntilAsync(() => tablet.IsPluggedIn, TimeSpan.FromSeconds(10));
        await Adb.RunAsync("connect", tablet.Address);

        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "recovery", TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task RecoveryWipeAfter_TabletInRecovery_WipesAndComesBackAsDevice()
    {
        var options = new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(500), RecoveryWipeAfter = TimeSpan.FromMilliseconds(300) };
        await using var farm = TabletFarm.StartScenario(Scenarios.Donated, 1, options);
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);

        await Adb.RunAsync("-s", tablet.Address, "reboot", "recovery");
        await WaitUntilAsync(() => tablet.BootCount >= 3 && tablet.BootMode == BootMode.Device, TimeSpan.FromSeconds(10));
        await Adb.RunAsync("connect", tablet.Address);

        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "device", TimeSpan.FromSeconds(10)), Is.True);
        var accounts = await Adb.RunAsync("-s", tablet.Address, "shell", "dumpsys", "account");
        Assert.That(accounts.Stdout, Does.Contain("Accounts: 0"));
        var setup = await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "secure", "user_setup_complete");
        Assert.That(setup.Stdout.Trim(), Is.EqualTo("0"));
    }

    [Test]
    public async Task TestHarness_DonatedTablet_WipesUserDataAndKeepsAdb()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Donated, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var before = await Adb.RunAsync("-s", tablet.Address, "shell", "dumpsys", "account");
        Assert.That(before.Stdout, Does.Contain("Accounts: 2"));

        var enable = await Adb.RunAsync("-s", tablet.Address, "shell", "cmd", "testharness", "enable");
        Assert.That(enable.ExitCode, Is.Zero, enable.ToString());
        await WaitGoneAsync(tablet);
        await WaitUntilAsync(() => tablet.IsPluggedIn, TimeSpan.FromSeconds(10));
        await Adb.ConnectAsync(tablet.Address);

        var accounts = await Adb.RunAsync("-s", tablet.Address, "shell", "dumpsys", "account");
        Assert.That(accounts.Stdout, Does.Contain("Accounts: 0"));
        var apps = await Adb.RunAsync("-s", tablet.Address, "shell", "pm", "list", "packages", "-3");
        Assert.That(apps.Stdout, Is.Empty);
        var photos = await Adb.RunAsync("-s", tablet.Address, "shell", "ls", "/sdcard/DCIM/Camera");
        Assert.That(photos.Stdout, Is.Empty);
    }

    [Test]
    public async Task Push_UnpluggedMidTransfer_AdbFailsAndDeviceIsGone()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var local = Path.Combine(WorkDirectory, "unplug.bin");
        await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(10 * 1024 * 1024));
        tablet.UnplugAfterBytes(3 * 1024 * 1024);

        var push = await Adb.RunAsync("-s", tablet.Address, "push", local, "/sdcard/Download/unplug.bin");

        TestContext.Out.WriteLine(push);
        Assert.That(push.ExitCode, Is.Not.Zero);
        // What adb 1.0.41 prints when the cable is pulled during a push.
        Assert.That(push.Stdout + push.Stderr, Does.Contain("adb: error: failed to copy"));
        Assert.That(tablet.IsPluggedIn, Is.False);
        Assert.That(await WaitGoneAsync(tablet), Is.True);
        var ls = await Adb.RunAsync("-s", tablet.Address, "shell", "ls", "/sdcard/Download");
        Assert.That(ls.ExitCode, Is.Not.Zero);
    }

    [Test]
    public async Task Shell_SlowTablet_DelaysEachCommand()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        tablet.SetSlow(TimeSpan.FromMilliseconds(700));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Adb.RunAsync("-s", tablet.Address, "shell", "true");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(700)));
    }

    [Test]
    public async Task StateDirectory_PushedFile_SurvivesRestart()
    {
        var stateDirectory = Path.Combine(WorkDirectory, "state");
        var states = TabletFarm.LoadOrCreate(stateDirectory, 1, Scenarios.ReturnedLoan);
        await using (var farm = TabletFarm.Start(states, FastOptions(stateDirectory)))
        {
            await Adb.ConnectAsync(farm.Tablets[0].Address);
            var write = await Adb.RunAsync("-s", farm.Tablets[0].Address, "shell", "echo kept > /sdcard/Download/kept.txt");
            Assert.That(write.ExitCode, Is.Zero);
            await Adb.RunAsync("disconnect", farm.Tablets[0].Address);
        }

        var reloaded = TabletFarm.LoadOrCreate(stateDirectory, 1, Scenarios.ReturnedLoan);
        await using var again = TabletFarm.Start(reloaded, FastOptions(stateDirectory));
        await Adb.ConnectAsync(again.Tablets[0].Address);
        var cat = await Adb.RunAsync("-s", again.Tablets[0].Address, "shell", "cat", "/sdcard/Download/kept.txt");
        Assert.That(cat.Stdout, Is.EqualTo("kept\n"));
        var users = await Adb.RunAsync("-s", again.Tablets[0].Address, "shell", "pm", "list", "users");
        Assert.That(users.Stdout, Does.Contain("UserInfo{10:Asiakas:10}"));
    }

    private async Task<bool> WaitGoneAsync(SimulatedTablet tablet)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await Adb.StateAsync(tablet.Address) is not "device")
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.That(condition(), Is.True, "condition not reached in time");
    }
}
