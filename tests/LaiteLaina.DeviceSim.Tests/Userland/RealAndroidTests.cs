using LaiteLaina.DeviceSim.State;
using LaiteLaina.DeviceSim.Userland;

namespace LaiteLaina.DeviceSim.Tests.Userland;

/// <summary>What real Android does and refuses, each with its source in scripts/adb/README.md ("Sources").</summary>
[TestFixture]
public sealed class RealAndroidTests
{
    private TabletFarm _farm = null!;

    [SetUp]
    public void Start() => _farm = TabletFarm.Start([Scenarios.CreateReturnedLoan(), Scenarios.CreateDonated()]);

    [TearDown]
    public async Task Stop() => await _farm.StopAsync();

    private string Run(string line, int tablet = 0) => Text(AndroidShell.Run(_farm.Tablets[tablet], line).Stdout);

    private ShellResult Shell(string line, int tablet = 0) => AndroidShell.Run(_farm.Tablets[tablet], line);

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    [TestCase("android.intent.action.MASTER_CLEAR")]
    [TestCase("android.intent.action.FACTORY_RESET")]
    public void AmBroadcast_ResetAction_CompletesChangesNothingAndIsLogged(string action)
    {
        var before = Run("settings get secure android_id", 1);

        var result = Shell($"am broadcast -a {action} -p android", 1);

        Assert.That(Text(result.Stdout), Is.EqualTo($"Broadcasting: Intent {{ act={action} flg=0x400000 pkg=android }}\nBroadcast completed: result=0\n"));
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(Run("settings get secure android_id", 1), Is.EqualTo(before));
        Assert.That(Run("dumpsys account", 1), Does.Contain("Accounts: 2"));
        Assert.That(_farm.Tablets[1].State.ResetBroadcasts, Has.Count.EqualTo(1));
        Assert.That(Run("logcat -d", 1), Does.Contain("requires android.permission.MASTER_CLEAR due to receiver android/com.android.server.MasterClearReceiver"));
    }

    [Test]
    public void AmBroadcast_ProtectedAction_SecurityExceptionOnStderrExit255()
    {
        var result = Shell("am broadcast -a android.intent.action.BOOT_COMPLETED");

        Assert.That(Text(result.Stdout), Is.EqualTo("Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 }\n"));
        Assert.That(Text(result.Stderr), Does.StartWith("\nException occurred while executing 'broadcast':\njava.lang.SecurityException: Permission Denial: not allowed to send broadcast android.intent.action.BOOT_COMPLETED from pid=")
            .And.Contain(", uid=2000\n\tat "));
        Assert.That(result.ExitCode, Is.EqualTo(255));
        Assert.That(_farm.Tablets[0].State.ResetBroadcasts, Is.Empty);
    }

    [Test]
    public void Settings_UserOption_SystemAndSecurePerUserGlobalShared()
    {
        Run("settings put system font_scale 1.3 --user 10");
        Run("settings --user 10 put global device_name LL-1");

        Assert.That(Run("settings get --user 10 system font_scale"), Is.EqualTo("1.3\n"));
        Assert.That(Run("settings get system font_scale"), Is.EqualTo("null\n"), "without --user: the foreground user, 0");
        Assert.That(Run("settings get global device_name"), Is.EqualTo("LL-1\n"));
        Assert.That(Run("settings get secure android_id --user 10"), Is.Not.EqualTo(Run("settings get secure android_id")));
        Run("am switch-user 10");
        Assert.That(Run("settings get system font_scale"), Is.EqualTo("1.3\n"), "without --user: the foreground user, now 10");
    }

    [Test]
    public void Settings_UnknownUser_InvalidUserOnStderrExit255()
    {
        var result = Shell("settings --user 11 get system font_scale");

        Assert.That(Text(result.Stderr), Is.EqualTo("Invalid user: 11\n"));
        Assert.That(result.ExitCode, Is.EqualTo(255));
    }

    [Test]
    public void PmCreateUser_ModelWithOneUser_MaxUsersSaysSoAndCreateRefused()
    {
        var tablet = _farm.Tablets[1];
        tablet.State.MaxUsers = 1;

        var max = Run("pm get-max-users", 1);
        var create = Shell("pm create-user Lainaaja", 1);

        Assert.That(max, Is.EqualTo("Maximum supported users: 1\n"));
        Assert.That((Text(create.Stderr), create.ExitCode), Is.EqualTo(("Error: couldn't create User.\n", 1)));
        Assert.That(tablet.State.Users.Select(u => u.Id), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void SharedStorage_UserNotStarted_AbsentUntilAmStartUser()
    {
        var created = Run("pm create-user Lainaaja");
        var id = created.Trim()["Success: created user id ".Length..];

        var before = Shell($"mkdir -p /storage/emulated/{id}/Documents");
        Run($"echo kortti > /storage/emulated/{id}/Documents/a.txt");
        Assert.That(before.ExitCode, Is.Not.Zero, "vold has made no emulated volume for a user that has not started");
        Assert.That(Shell($"ls /storage/emulated/{id}/Documents/a.txt").ExitCode, Is.Not.Zero);

        Assert.That(Run($"am start-user -w {id}"), Is.EqualTo("Success: user started\n"));
        Run($"mkdir -p /storage/emulated/{id}/Documents && echo kortti > /storage/emulated/{id}/Documents/a.txt");
        Assert.That(Run($"cat /storage/emulated/{id}/Documents/a.txt"), Is.EqualTo("kortti\n"));
        Assert.That(Shell("ls /sdcard/Documents/a.txt").ExitCode, Is.Not.Zero, "user 0's storage is another");
    }

    [Test]
    public void PmCreateUser_AfterRemove_NewIdUntilReboot()
    {
        Run("pm remove-user 10");

        Assert.That(Run("pm create-user Lainaaja"), Is.EqualTo("Success: created user id 11\n"), "10 was removed since the last boot");
        Run("pm remove-user 11");
        _farm.Tablets[0].State.RemovedUserIdsSinceBoot.Clear(); // what a boot does
        Assert.That(Run("pm create-user Lainaaja"), Is.EqualTo("Success: created user id 10\n"));
    }

    [Test]
    public void Storage_RemovedUser_TheirSharedStorageGoesUser0Stays()
    {
        Run("mkdir -p /storage/emulated/10/Download && echo x > /storage/emulated/10/Download/a.txt && echo y > /sdcard/Download/b.txt");

        Run("pm remove-user 10");

        Assert.That(Shell("ls /storage/emulated/10/Download").ExitCode, Is.Not.Zero);
        Assert.That(Run("cat /storage/emulated/0/Download/b.txt"), Is.EqualTo("y\n"));
    }

    [Test]
    public void TestHarness_LockScreen_RefusedOnStderrExit2()
    {
        _farm.Tablets[1].SetLockScreen(LockScreenKind.Pin);

        var result = Shell("cmd testharness enable", 1);

        Assert.That(Text(result.Stderr), Is.EqualTo("Test Harness Mode cannot be enabled if there is a lock screen\n"));
        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void TestHarness_NoPersistentDataBlock_FailedExit1()
    {
        _farm.Tablets[1].State.FrpPartition = "";

        var result = Shell("cmd testharness enable", 1);

        Assert.That(Text(result.Stderr), Is.EqualTo("Failed to enable Test Harness Mode\n"));
        Assert.That(result.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void FactoryReset_TestHarness_AppliesItsSetupNewAndroidIdNoBootCount()
    {
        var state = _farm.Tablets[0].State;
        var before = state.SettingsFor("secure")["android_id"];

        SystemCommands.FactoryReset(state, ResetKind.TestHarness);

        Assert.That(Run("settings get secure android_id"), Is.Not.EqualTo(before + "\n").And.Match("^[0-9a-f]{1,16}\n$"));
        Assert.That(Run("settings get global boot_count"), Is.EqualTo("null\n"), "the first boot writes 1");
        Assert.That(Run("getprop persist.sys.test_harness"), Is.EqualTo("1\n"));
        foreach (var (key, value) in new[] { ("adb_allowed_connection_time", "0"), ("development_settings_enabled", "1"), ("ota_disable_automatic_update", "1"),
                     ("verifier_verify_adb_installs", "0"), ("stay_on_while_plugged_in", "15"), ("device_provisioned", "1") })
        {
            Assert.That(Run("settings get global " + key), Is.EqualTo(value + "\n"), key);
        }
        Assert.That(Run("settings get secure user_setup_complete"), Is.EqualTo("1\n"));
        Assert.That(Run("locksettings get-disabled"), Is.EqualTo("true\n"));
        Assert.That(state.MasterSync, Is.False);
        Assert.That(Shell("setprop persist.sys.test_harness 0").ExitCode, Is.Not.Zero, "only a factory reset clears it");
        Assert.That(Run("locksettings set-disabled false"), Is.EqualTo("Lock screen disabled set to false\n"));
    }

    [Test]
    public void FactoryReset_RecoveryWithGoogleAccount_FrpHoldsItSettingsResetDoesNot()
    {
        var donated = _farm.Tablets[1].State;
        var samsung = Scenarios.CreateClean();
        samsung.Accounts.Add(new AccountEntry("someone@example.fi", "com.osp.app.signin"));

        SystemCommands.FactoryReset(donated, ResetKind.Recovery);
        SystemCommands.FactoryReset(samsung, ResetKind.Settings);

        Assert.That(donated.FrpLockedTo, Is.EqualTo("matti.meikalainen.1958@gmail.com"));
        Assert.That(samsung.FrpLockedTo, Is.EqualTo("someone@example.fi"), "Settings' reset does not lift Reactivation Lock");
        var clean = Scenarios.CreateDonated();
        SystemCommands.FactoryReset(clean, ResetKind.Settings);
        Assert.That(clean.FrpLockedTo, Is.Null, "Settings wipes the persistent data block first");
    }

    [TestCase(Scenarios.SamsungOneUi6, "14", true)]
    [TestCase(Scenarios.Android15, "15", false)]
    public void FactoryReset_ModelFamilyScenario_ReactivationLockOnlyWithSamsungAccount(string scenario, string release, bool held)
    {
        var state = Scenarios.Create(scenario);

        SystemCommands.FactoryReset(state, ResetKind.Settings);

        Assert.That(state.AndroidVersion, Is.EqualTo(release));
        Assert.That(state.FrpLockedTo is not null, Is.EqualTo(held));
    }
}
