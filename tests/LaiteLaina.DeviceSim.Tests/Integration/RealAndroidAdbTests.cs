using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Tests.Integration;

/// <summary>What real Android answers, through Debian's adb: exit codes and stderr as the scripts see them.</summary>
[TestFixture]
public sealed class RealAndroidAdbTests : AdbFixture
{
    [Test]
    public async Task Settings_UserOption_BorrowersSettingsOnlyTheirsAndUnknownUserRefused()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.ReturnedLoan, 1, FastOptions());
        var address = farm.Tablets[0].Address;
        await Adb.ConnectAsync(address);

        var put = await Adb.RunAsync("-s", address, "shell", "settings", "--user", "10", "put", "system", "font_scale", "1.3");
        var borrower = await Adb.RunAsync("-s", address, "shell", "settings", "get", "--user", "10", "system", "font_scale");
        var owner = await Adb.RunAsync("-s", address, "shell", "settings", "get", "system", "font_scale");
        var unknown = await Adb.RunAsync("-s", address, "shell", "settings", "--user", "11", "get", "system", "font_scale");

        Assert.That(put.ExitCode, Is.Zero, put.ToString());
        Assert.That(borrower.Stdout, Is.EqualTo("1.3\n"));
        Assert.That(owner.Stdout, Is.EqualTo("null\n"), "without --user the foreground user, 0, whose setting is untouched");
        Assert.That((unknown.ExitCode, unknown.Stderr), Is.EqualTo((255, "Invalid user: 11\n")));
    }

    [Test]
    public async Task Broadcast_MasterClearAndBootCompleted_SuccessThatResetsNothingAndSecurityException()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);

        var reset = await Adb.RunAsync("-s", tablet.Address, "shell", "am", "broadcast", "-a", "android.intent.action.MASTER_CLEAR");
        var boot = await Adb.RunAsync("-s", tablet.Address, "shell", "am", "broadcast", "-a", "android.intent.action.BOOT_COMPLETED");

        Assert.That((reset.ExitCode, reset.Stdout), Is.EqualTo((0, "Broadcasting: Intent { act=android.intent.action.MASTER_CLEAR flg=0x400000 }\nBroadcast completed: result=0\n")));
        Assert.That(tablet.State.ResetBroadcasts, Has.Count.EqualTo(1));
        Assert.That(tablet.IsPluggedIn, Is.True, "nothing happens: no reboot");
        Assert.That(boot.ExitCode, Is.EqualTo(255));
        Assert.That(boot.Stderr, Does.Contain("java.lang.SecurityException: Permission Denial: not allowed to send broadcast android.intent.action.BOOT_COMPLETED from pid="));
    }

    [Test]
    public async Task TestHarness_Enable_NewAndroidIdBootCountOneAndItsSettings()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        await Adb.ConnectAsync(tablet.Address);
        var androidId = (await Adb.RunAsync("-s", tablet.Address, "shell", "settings", "get", "secure", "android_id")).Stdout;

        await Adb.RunAsync("-s", tablet.Address, "shell", "cmd", "testharness", "enable");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((tablet.IsPluggedIn && tablet.BootCount < 2) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        while (!tablet.IsPluggedIn && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await Adb.ConnectAsync(tablet.Address);

        var read = await Adb.RunAsync("-s", tablet.Address, "shell",
            "settings get secure android_id; settings get global boot_count; getprop persist.sys.test_harness; settings get global adb_allowed_connection_time; settings get global ota_disable_automatic_update; settings get global verifier_verify_adb_installs");
        var lines = read.Stdout.Split('\n');
        Assert.That(lines[0] + "\n", Is.Not.EqualTo(androidId));
        Assert.That(lines[1..6], Is.EqualTo((string[])["1", "1", "0", "1", "0"]));
    }
}
