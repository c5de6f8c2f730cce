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
    public async Task RebootRecovery_RetailTablet_GoneFromAdbDevices()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);

        await Adb.RunAsync("-s", tablet.Address, "reboot", "recovery");
        await WaitGoneAsync(tablet);
        await WaitUntilAsync(() => tablet.BootMode == BootMode.Recovery && tablet.BootCount >= 2, TimeSpan.FromSeconds(10));
        var connect = await Adb.RunAsync("connect", tablet.Address);

        Assert.That(connect.Stdout + connect.Stderr, Does.Contain("failed to connect").Or.Contain("Connection refused"));
        Assert.That(await Adb.StateAsync(tablet.Address), Is.Not.EqualTo("recovery").And.Not.EqualTo("device"));
        Assert.That(tablet.Screen(), Is.EqualTo("No command"));
    }

    [Test]
    public async Task RebootRecovery_DebuggableBuild_ComesBackInRecovery()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(1500), DebuggableRecovery = true });
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);

        await Adb.RunAsync("-s", tablet.Address, "reboot", "recovery");
        await WaitGoneAsync(tablet);
        await WaitUntilAsync(() => tablet.IsPluggedIn, TimeSpan.FromSeconds(10));
        await Adb.RunAsync("connect", tablet.Address);

        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "recovery", TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task PressKeys_WipeFromRecoveryMenu_BackWithNewAndroidIdAndBootCountOne()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var androidId = (await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "secure", "android_id")).Stdout;
        await Adb.RunAsync("-s", tablet.Address, "reboot", "recovery");
        await WaitUntilAsync(() => tablet.BootMode == BootMode.Recovery && tablet.BootCount >= 2, TimeSpan.FromSeconds(10));

        // Hold power, press volume up; down twice to "Wipe data/factory reset"; confirm; then "Reboot system now".
        foreach (var keys in new[] { "power+volup", "voldown", "voldown", "power", "voldown", "power" })
            TestContext.Out.WriteLine(SimulatorControl.Run(farm, $"{tablet.Serial} keys {keys}"));
        Assert.That(tablet.Screen(), Does.Contain("> Reboot system now"));
        SimulatorControl.Run(farm, $"{tablet.Serial} keys power");
        await WaitUntilAsync(() => tablet.IsPluggedIn, TimeSpan.FromSeconds(10));
        await Adb.ConnectAsync(tablet.Address);

        Assert.That((await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "secure", "android_id")).Stdout, Is.Not.EqualTo(androidId));
        Assert.That((await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "global", "boot_count")).Stdout, Is.EqualTo("1\n"));
    }

    [Test]
    public async Task Reboot_Tablet_BootCountUpAndAndroidIdKept()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var androidId = (await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "secure", "android_id")).Stdout;

        await Adb.RunAsync("-s", tablet.Address, "reboot");
        await WaitGoneAsync(tablet);
        await WaitUntilAsync(() => tablet.IsPluggedIn, TimeSpan.FromSeconds(10));
        await Adb.ConnectAsync(tablet.Address);

        Assert.That((await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "secure", "android_id")).Stdout, Is.EqualTo(androidId));
        Assert.That((await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "global", "boot_count")).Stdout, Is.EqualTo("38\n"));
    }

    [Test]
    public async Task RecoveryWipeAfter_GoogleAccountLeft_FrpHoldsTabletUntilSignIn()
    {
        var options = new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(500), RecoveryWipeAfter = TimeSpan.FromMilliseconds(300) };
        await using var farm = TabletFarm.StartScenario(Scenarios.Donated, 1, options);
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);

        await Adb.RunAsync("-s", tablet.Address, "reboot", "recovery");
        await WaitUntilAsync(() => tablet.BootCount >= 3 && tablet.BootMode == BootMode.Device, TimeSpan.FromSeconds(10));

        Assert.That(tablet.IsPluggedIn, Is.False, "setup wizard held by factory reset protection: USB debugging is off");
        Assert.That(tablet.Screen(), Does.Contain("sign in with a Google or Samsung account"));
        Assert.That(SimulatorControl.Run(farm, $"{tablet.Serial} sign-in someone.else@gmail.com"), Does.Contain("not the account"));
        Assert.That(SimulatorControl.Run(farm, $"{tablet.Serial} sign-in matti.meikalainen.1958@gmail.com"), Does.StartWith("Signed in"));
        await Adb.RunAsync("connect", tablet.Address);
        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "device", TimeSpan.FromSeconds(10)), Is.True);
        var accounts = await Adb.RunAsync("-s", tablet.Address, "shell", "dumpsys", "account");
        Assert.That(accounts.Stdout, Does.Contain("Accounts: 0"));
    }

    [Test]
    public async Task RecoveryWipeAfter_NoAccount_WipesAndComesBackAsDevice()
    {
        var options = new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(500), RecoveryWipeAfter = TimeSpan.FromMilliseconds(300) };
        var state = Scenarios.CreateDonated();
        state.Accounts.RemoveAll(a => a.Type == "com.google");
        await using var farm = TabletFarm.Start([state], options);
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
    public async Task Connect_KeyIdleEightDays_UnauthorizedUntilAllowedOnUnlockedScreen()
    {
        var clock = new SimulatedClock();
        var state = Scenarios.CreateClean();
        state.LockScreen = LockScreenKind.Pin;
        await using var farm = TabletFarm.Start([state], new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(1500), Clock = clock });
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        await Adb.RunAsync("disconnect", tablet.Address);

        SimulatorControl.Run(farm, "clock 8");
        await Adb.RunAsync("connect", tablet.Address);

        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "unauthorized", TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(SimulatorControl.Run(farm, $"{tablet.Serial} allow"), Is.EqualTo("Unlock the screen first"));
        SimulatorControl.Run(farm, $"{tablet.Serial} unlock");
        Assert.That(SimulatorControl.Run(farm, $"{tablet.Serial} allow"), Does.StartWith("Allowed"));
        await Adb.RunAsync("disconnect", tablet.Address);
        await Adb.RunAsync("connect", tablet.Address);
        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "device", TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task Connect_KeyIdleEightDaysAfterTestHarness_StillAuthorised()
    {
        var state = Scenarios.CreateClean();
        state.SettingsFor("global")["adb_allowed_connection_time"] = "0";
        await using var farm = TabletFarm.Start([state], FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        await Adb.RunAsync("disconnect", tablet.Address);

        farm.Clock.Advance(TimeSpan.FromDays(8));
        await Adb.RunAsync("connect", tablet.Address);

        Assert.That(await Adb.WaitForStateAsync(tablet.Address, "device", TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task TestHarness_DonatedTablet_WipesUserDataAndKeepsAdb()
    {
        var state = Scenarios.CreateDonated();
        // Its Google account would leave factory reset protection behind (see the FRP test).
        state.Accounts.RemoveAll(a => a.Type == "com.google");
        await using var farm = TabletFarm.Start([state], FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var before = await Adb.RunAsync("-s", tablet.Address, "shell", "dumpsys", "account");
        Assert.That(before.Stdout, Does.Contain("Accounts: 1"));

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
