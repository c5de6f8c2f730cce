using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>Jobs whose wipe did not really reset the tablet, and one a trainee resets with the recovery keys: the
/// proof (new android_id, boot_count restarted, canary gone) decides, never the wipe command's exit code.</summary>
[EndToEnd]
public sealed class ResetProofTests(Engine engine) : ProvisioningTest(engine)
{
    [Test]
    public async Task Run_BroadcastResetProfile_FailsAtVerifyWipeAndTheAttemptIsLogged()
    {
        // The reset the issue once suggested. Real Android answers "Broadcast completed" and resets nothing.
        await File.WriteAllTextAsync(Path.Combine(Profiles.Directory, "broadcast-reset.json"), """
            { "description": "A broadcast reset, which no shipped profile may use",
              "wipe": { "method": "custom", "command": "\"$ADB\" -s \"$SERIAL\" shell am broadcast -a android.intent.action.MASTER_CLEAR -p android" },
              "min_battery": 30 }
            """);
        ResetBroadcastExpected = true;
        var mark = ResetBroadcastLog.Count;
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);

        var job = await RunAsync(tablet, device.Tag, "broadcast-reset");

        Assert.That(job.State, Is.EqualTo(JobState.Failed), Describe(job));
        Assert.That(job.Step, Is.EqualTo("verify-wipe"));
        Assert.That(job.Message, Does.Contain("android_id is still").And.Contain("boot_count").And.Contain("canary"));
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations"), Is.Zero);
        Assert.That(ResetBroadcastLog.Since(mark), Has.Count.EqualTo(1).And.Some.StartsWith(tablet.Serial + ": Intent { act=android.intent.action.MASTER_CLEAR"));
        Assert.That(Shell(tablet, "logcat -d"), Does.Contain("requires android.permission.MASTER_CLEAR"));
    }

    [Test]
    public async Task Run_RecoveryProfileTraineePressesKeys_DoneAndProvenByNewAndroidIdAndBootCount()
    {
        var state = Scenarios.CreateLocked();
        state.Accounts.Clear();
        await using var farm = TabletFarm.Start([state], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        var androidId = Shell(tablet, "settings get secure android_id");
        await ConnectAsync(tablet);
        var job = await ProvisioningActions.StartAsync(Db, tablet.Address, device.Tag, "recovery-reset", Actor);

        var run = Runner.ClaimAndRunAsync(job.Id, Actor, CancellationToken.None);
        var deadline = Stopwatch.StartNew();
        while (!(tablet.BootMode == BootMode.Recovery && tablet.Screen() == "No command") && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        Assert.That((await AdbAsync("devices")).Output, Does.Not.Contain(tablet.Address + "\trecovery"), "stock recovery runs no adbd");
        foreach (var keys in new[] { "power+volup", "voldown", "voldown", "power", "voldown", "power", "power" })
            TestContext.Out.WriteLine(SimulatorControl.Run(farm, $"{tablet.Serial} keys {keys}"));
        Assert.That(await run, Is.True);

        job = await JobStore.GetAsync(Db, job.Id);
        Assert.That(job.State, Is.EqualTo(JobState.Done), Describe(job));
        Assert.That(Shell(tablet, "settings get secure android_id"), Is.Not.EqualTo(androidId));
        Assert.That(Shell(tablet, "settings get global boot_count"), Is.EqualTo("1\n"));
        Assert.That(job.Steps.Single(s => s.Name == "verify-wipe").Message, Does.StartWith("Verified: wipe"));
    }
}
