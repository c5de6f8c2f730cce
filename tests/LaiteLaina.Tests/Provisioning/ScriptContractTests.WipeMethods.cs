using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>The wipe methods by what they really do (#18 point 1), run by hand as a volunteer would: a guided reset done
/// with a trainee's key presses, test harness set back after provisioning, and a user reset only where several users work.</summary>
public sealed partial class ScriptContractTests
{
    /// <summary>Waits until the simulated tablet has booted once more since <paramref name="bootsBefore"/>, into
    /// <paramref name="mode"/> (adb cannot tell: stock recovery runs no adbd); returns its boot count then.</summary>
    internal static async Task<int> WaitForBootAsync(SimulatedTablet tablet, int bootsBefore, BootMode mode)
    {
        var deadline = Stopwatch.StartNew();
        while ((tablet.BootCount <= bootsBefore || tablet.BootMode != mode) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(50);
        Assert.That((tablet.BootMode, tablet.BootCount > bootsBefore), Is.EqualTo((mode, true)));
        return tablet.BootCount;
    }

    /// <summary>What a trainee types into 'laitelaina simulate' for one tablet; returns the screens it answered.</summary>
    private static List<string> PressKeys(TabletFarm farm, params string[] keys) =>
        keys.Select(key => SimulatorControl.Run(farm, $"{farm.Tablets[0].Serial} keys {key}")).ToList();

    /// <summary>The recovery menu's wipe, as the guides tell it: open the menu, down twice to "Wipe data/factory reset",
    /// power; down to "Factory data reset", power; then power on "Reboot system now".</summary>
    private static readonly string[] RecoveryWipeKeys = ["power+volup", "voldown", "voldown", "power", "voldown", "power", "power"];

    [TestCase(Scenarios.SamsungOneUi6, "omistaja@example.fi")]
    [TestCase(Scenarios.Donated, null)]
    [TestCase(Scenarios.Android9, null)]
    [TestCase(Scenarios.Android15, null)]
    public async Task WipeWaitVerify_GuidedResetWithTheTraineesKeys_ProvenByNewAndroidIdAndBootCount(string scenario, string? reactivationAccount)
    {
        var state = Scenarios.Create(scenario, 60);
        // The donor removed their Google account first, as precheck asks; a Samsung account's Reactivation Lock stays.
        state.Accounts.RemoveAll(a => a.Type == "com.google");
        await using var farm = await ConnectedAsync(state);
        var tablet = farm.Tablets[0];
        var profile = Profile("donated-handover");

        var boots = tablet.BootCount;
        var wipe = await ScriptAsync("wipe.sh", tablet.Address, profile);
        AssertContract(wipe, 0, "ok");
        Assert.That(wipe.Contract, Has.Some.Contains("act=\"On the tablet: with the volume keys"));
        boots = await WaitForBootAsync(tablet, boots, BootMode.Recovery);
        var screens = PressKeys(farm, RecoveryWipeKeys);
        Assert.That(screens[3], Does.StartWith("Wipe all user data?"));
        Assert.That(screens[5], Does.StartWith("Data wipe complete."));
        if (reactivationAccount is not null)
        {
            // Reactivation Lock holds the tablet at setup, without adb, until the person signs in with that account.
            await WaitForBootAsync(tablet, boots, BootMode.Device);
            Assert.That(tablet.Screen(), Does.StartWith("Setup:"));
            Assert.That(SimulatorControl.Run(farm, $"{tablet.Serial} sign-in {reactivationAccount}"), Does.StartWith("Signed in"));
        }
        AssertProof(await WaitAndVerifyWipeAsync(tablet.Address, profile), reset: true);
    }

    [Test]
    public async Task WipeWaitVerify_GuidedResetWhereThePersonOnlyRestarted_NotAcceptedAsReset()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateAndroid15(61));
        var tablet = farm.Tablets[0];
        var profile = Profile("donated-handover");

        var boots = tablet.BootCount;
        AssertContract(await ScriptAsync("wipe.sh", tablet.Address, profile), 0, "ok");
        await WaitForBootAsync(tablet, boots, BootMode.Recovery);
        // The menu opens on "Reboot system now": power right away restarts without wiping.
        PressKeys(farm, "power+volup", "power");
        AssertProof(await WaitAndVerifyWipeAsync(tablet.Address, profile), reset: false);
    }

    [Test]
    public async Task Wipe_TestHarnessProfileForAHandoverRunByHand_FailedBeforeTheTabletIsTouched()
    {
        var profile = Path.Combine(profiles, "gift-testharness.json");
        await File.WriteAllTextAsync(profile, """{ "destination": "handover", "wipe": { "method": "testharness" } }""");
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(62));
        var androidId = farm.Tablets[0].State.SettingsFor("secure")["android_id"];

        var wipe = await ScriptAsync("wipe.sh", farm.Tablets[0].Address, profile);

        AssertContract(wipe, 1, "failed");
        Assert.That(wipe.Last, Does.Contain("Test Harness Mode").And.Contain("guided"));
        Assert.That((farm.Tablets[0].State.TestHarnessEnabled, farm.Tablets[0].State.SettingsFor("secure")["android_id"]), Is.EqualTo((false, androidId)));
    }

    [Test]
    public async Task ProvisionVerify_AfterTestHarness_AutomaticUpdatesAndInstallChecksBackOnAndVerified()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateAndroid15(63));
        var tablet = farm.Tablets[0];
        var card = Path.Combine(profiles, "card-63.txt");
        await File.WriteAllTextAsync(card, "Tämä tabletti kuuluu: Testi\n");
        var apks = Directory.CreateTempSubdirectory("laitelaina-apks-").FullName;
        DemoTablets.WriteDemoApks(new ProvisioningProfiles(profiles), apks);
        var profile = Profile("staff-tablet");

        await WipeAndWaitAsync(tablet.Address, profile);
        Assert.That(tablet.State.SettingsFor("global")["ota_disable_automatic_update"], Is.EqualTo("1"), "Test Harness Mode turned automatic updates off");
        var provision = await ScriptAsync("provision.sh", tablet.Address, profile, "--card", card, "--apk-dir", apks);
        var verify = await ScriptAsync("verify.sh", tablet.Address, profile, "--card", card);
        // Someone turns automatic updates off again: verify notices.
        tablet.State.SettingsFor("global")["ota_disable_automatic_update"] = "1";
        var again = await ScriptAsync("verify.sh", tablet.Address, profile, "--card", card);
        Directory.Delete(apks, recursive: true);

        AssertContract(provision, 0, "ok");
        Assert.That(provision.Contract, Has.Some.Contains("Turned automatic updates and install checks back on"));
        AssertContract(verify, 0, "ok");
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=undo:ota_disable_automatic_update result=ok"));
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=undo:verifier_verify_adb_installs result=ok"));
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=undo:stay_on_while_plugged_in result=ok"));
        AssertContract(again, 1, "failed");
        Assert.That(again.Contract, Has.Some.StartsWith("LL check=undo:ota_disable_automatic_update result=failed"));
    }

    [Test]
    public async Task Wipe_UserResetOnAModelWithOneUser_ActBeforeAnythingIsRemoved()
    {
        // A model that keeps AOSP's default of one user, with the last user's download.
        var state = Scenarios.CreateAndroid15(64);
        state.MaxUsers = 1;
        state.Files["/sdcard/Download/Kela_päätös.pdf"] = VirtualFile.Generated(61_950);
        await using var farm = await ConnectedAsync(state);
        var tablet = farm.Tablets[0];

        var wipe = await ScriptAsync("wipe.sh", tablet.Address, Profile("client-loan"));

        AssertContract(wipe, 3, "act");
        Assert.That(wipe.Last, Does.Contain("supports only one user (pm get-max-users: 1)").And.Contain("guided factory reset"));
        Assert.That(tablet.State.Users.Select(u => u.Id), Is.EqualTo(new[] { 0 }), "no user made or removed");
        Assert.That(tablet.State.Files.Keys, Has.Member("/sdcard/Download/Kela_päätös.pdf"), "shared storage untouched");
    }
}
