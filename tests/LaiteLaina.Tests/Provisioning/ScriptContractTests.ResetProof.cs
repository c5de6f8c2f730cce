using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>The proof of a reset in wipe.sh and verify.sh, run by hand as a volunteer would.</summary>
public sealed partial class ScriptContractTests
{
    /// <summary>wipe.sh and wait.sh with a profile that restarts the tablet, both expected to end ok.</summary>
    private async Task WipeAndWaitAsync(string serial, string profile)
    {
        AssertContract(await ScriptAsync("wipe.sh", serial, profile), 0, "ok");
        AssertContract(await ScriptAsync("wait.sh", serial, "30"), 0, "ok");
    }

    /// <summary>wait.sh until the tablet is back, then verify.sh --wipe-only.</summary>
    private async Task<Run> WaitAndVerifyWipeAsync(string serial, string profile)
    {
        AssertContract(await ScriptAsync("wait.sh", serial, "30"), 0, "ok");
        return await ScriptAsync("verify.sh", serial, profile, "--wipe-only");
    }

    /// <summary>The proof of a reset of a scenario tablet (37 boots before): all three checks pass after a reset, and all
    /// three fail after a mere restart.</summary>
    private static void AssertProof(Run verify, bool reset)
    {
        if (reset)
        {
            AssertContract(verify, 0, "ok");
            Assert.That(verify.Contract, Has.Some.StartsWith("LL check=android_id result=ok message=\"New android_id"));
            Assert.That(verify.Contract, Has.Some.StartsWith("LL check=boot_count result=ok message=\"boot_count restarted (37 before, 1 now)"));
            Assert.That(verify.Contract, Has.Some.StartsWith("LL check=canary result=ok"));
        }
        else
        {
            AssertContract(verify, 1, "failed");
            Assert.That(verify.Contract, Has.Some.StartsWith("LL check=android_id result=failed"));
            Assert.That(verify.Contract, Has.Some.StartsWith("LL check=boot_count result=failed message=\"boot_count is 38 (it was 37)"));
            Assert.That(verify.Contract, Has.Some.StartsWith("LL check=canary result=failed"));
        }
    }

    [Test]
    public async Task WipeWaitVerify_TestHarness_ProvenByNewAndroidIdBootCountAndCanary()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(48));
        var serial = farm.Tablets[0].Address;

        AssertContract(await ScriptAsync("wipe.sh", serial, Profile("staff-tablet")), 0, "ok");
        var verify = await WaitAndVerifyWipeAsync(serial, Profile("staff-tablet"));

        AssertProof(verify, reset: true);
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=crypto result=ok message=\"ro.crypto.type=file"));
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=files result=ok"));
    }

    [Test]
    public async Task WipeWaitVerify_WipeThatOnlyReboots_NotAcceptedAsReset()
    {
        var profile = Path.Combine(profiles, "reboot-only.json");
        await File.WriteAllTextAsync(profile, """{ "wipe": { "method": "custom", "command": "\"$ADB\" -s \"$SERIAL\" reboot" }, "min_battery": 30 }""");
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(49));
        var serial = farm.Tablets[0].Address;

        AssertContract(await ScriptAsync("wipe.sh", serial, profile), 0, "ok");
        // A custom wipe is not waited for by wipe.sh; here it is only a restart, so wait until it came back.
        var deadline = Stopwatch.StartNew();
        while (farm.Tablets[0].BootCount < 2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        var verify = await WaitAndVerifyWipeAsync(serial, profile);

        AssertProof(verify, reset: false);
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=accounts result=ok"), "everything else looks wiped: only the proof tells");
    }

    [Test]
    public async Task Verify_NoRecordFromBeforeTheWipe_FailedCannotProve()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(50));

        var verify = await ScriptAsync("verify.sh", farm.Tablets[0].Address, Profile("staff-tablet"), "--wipe-only");

        AssertContract(verify, 1, "failed");
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=proof result=failed"));
    }

    [Test]
    public async Task Verify_PhotosLeftInPicturesAndAndroidMedia_FilesFailed()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(51));
        var serial = farm.Tablets[0].Address;
        await WipeAndWaitAsync(serial, Profile("staff-tablet"));
        await AdbScripts.AdbAsync(adb.Options, ["-s", serial, "shell", "mkdir -p /sdcard/Android/media/com.whatsapp && echo x > /sdcard/Android/media/com.whatsapp/voice.opus && echo y > /sdcard/Pictures/a.jpg"], CancellationToken.None);

        var verify = await ScriptAsync("verify.sh", serial, Profile("staff-tablet"), "--wipe-only");

        AssertContract(verify, 1, "failed");
        Assert.That(verify.Contract, Has.Some.StartsWith("LL check=files result=failed message=\"2 file(s) left in shared storage"));
    }
}
