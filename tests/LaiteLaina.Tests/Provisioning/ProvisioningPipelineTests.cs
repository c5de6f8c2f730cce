using LaiteLaina.Cli;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;
using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>Whole jobs against simulated tablets through the real adb and scripts.</summary>
[EndToEnd]
public sealed class ProvisioningPipelineTests(Engine engine) : ProvisioningTest(engine)
{
    [Test]
    public async Task Service_EightTabletsPluggedIn_AllEndReadyWithWipeRecordedAndLabel()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 8, FastTablets);
        var tags = new List<string>();
        foreach (var tablet in farm.Tablets)
            tags.Add((await RegisterAsync(tablet)).Tag);
        Options.Connect.AddRange(farm.Tablets.Select(t => t.Address));
        using var service = new ProvisioningWorker(Db, Options, Runner, new AttachedDevices(), NullLogger<ProvisioningWorker>.Instance);

        await service.StartAsync(CancellationToken.None);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(150)
            && (await CountAsync("SELECT count(*) FROM provisioning_jobs") < 8
                || await CountAsync("SELECT count(*) FROM provisioning_jobs WHERE state IN ('Queued', 'Running')") > 0))
            await Task.Delay(250);
        Assert.That(service.ListFromServerStream, Is.True, "the tablets were seen through adb's track-devices stream");
        await service.StopAsync(CancellationToken.None);

        var jobs = await JobStore.ListAsync(Db, all: true);
        Assert.That(jobs, Has.Count.EqualTo(8));
        Assert.That(jobs.Select(j => j.State), Is.All.EqualTo(JobState.Done), string.Join("\n", jobs.Select(Describe)));
        // staff-tablet's test-harness reset: what no shell command undoes is said on the result.
        Assert.That(jobs.Select(j => j.Message), Is.All.Contains("still in Test Harness Mode").And.All.Contains("adb key is trusted for ever"));
        foreach (var tag in tags)
        {
            var device = await DeviceAsync(tag);
            Assert.That(device.Status, Is.EqualTo(DeviceStatus.Ready), tag);
            Assert.That(device.NeedsWipe, Is.False, tag);
            Assert.That(device.LastWipedAt, Is.Not.Null, tag);
        }
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations WHERE level = 'Purge' AND result = 'wiped' AND media_type = 'Flash' AND document_id IS NOT NULL"), Is.EqualTo(8));
        var certificate = (await Service<Sanitisation>().ListAsync(tags[0], null)).Single();
        Assert.That(certificate.Tool, Is.EqualTo("adb + scripts/adb/wipe.sh"));
        Assert.That(certificate.ToolVersion, Does.StartWith("adb 29.0.6"));
        Assert.That((certificate.AndroidVersion, certificate.SecurityPatch, certificate.Encryption), Is.EqualTo(("11", "2023-02-01", "file")));
        Assert.That(certificate.Verification, Does.StartWith("scripts/adb/verify.sh --wipe-only"));
        Assert.That(await CountAsync("SELECT count(*) FROM print_jobs"), Is.EqualTo(8));
        foreach (var tablet in farm.Tablets)
        {
            Assert.That(Shell(tablet, "pm list packages -3"), Does.Contain("package:com.microsoft.teams").And.Contain("package:fi.wilma.mobile"));
            Assert.That(Shell(tablet, "cat /sdcard/Documents/Tama_tabletti.txt"), Does.Contain("This tablet belongs to: ").And.Contain("Return: ").And.Contain("LL-"));
        }
    }

    [Test]
    public async Task Run_DonatedTabletWithAccountAndPhotos_AsksToRemoveAccountThenEndsVerifiedClean()
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateDonated()], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet, "intake");

        var first = await RunAsync(tablet, null);

        Assert.That(first.State, Is.EqualTo(JobState.NeedsPerson), Describe(first));
        Assert.That(first.Step, Is.EqualTo("precheck"));
        Assert.That(first.Instruction, Does.Contain("Google account").And.Contain("remove it first"));
        // The volunteer removes the donor's Google account in Settings, as the instruction says.
        lock (tablet.Sync)
            tablet.State.Accounts.RemoveAll(a => a.Type == "com.google");

        var second = await RetryAsync(first.Id);

        Assert.That(second.State, Is.EqualTo(JobState.Done), Describe(second));
        Assert.That(second.Tag, Is.EqualTo(device.Tag));
        Assert.That(second.Profile, Is.EqualTo("staff-tablet"));
        Assert.That(second.Steps.Single(s => s.Name == "verify-wipe").Message, Does.StartWith("Verified: wipe"));
        Assert.That(Shell(tablet, "dumpsys account"), Does.Contain("Accounts: 0").And.Not.Contains("Account {"));
        Assert.That(Shell(tablet, "find /sdcard/DCIM /sdcard/Download -type f"), Is.Empty);
        Assert.That(Shell(tablet, "pm list packages -3"), Does.Not.Contain("whatsapp").And.Not.Contain("facebook"));
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task Run_ReturnedLoanTablet_RemovesBorrowersUserAndMakesFreshOne()
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateReturnedLoan()], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);

        var job = await RunAsync(tablet, device.Tag);

        Assert.That(job.State, Is.EqualTo(JobState.Done), Describe(job));
        Assert.That(job.Profile, Is.EqualTo("client-loan"), "a secondary user means a loan tablet");
        Assert.That(job.Steps.Single(s => s.Name == "wait").State, Is.EqualTo(StepState.Skipped));
        Assert.That(Shell(tablet, "pm list users"), Does.Contain("Lainaaja").And.Not.Contains("Asiakas"));
        // The profile's settings go to the borrower's fresh user (BorrowerUserTests); the current user, 0, keeps its own.
        Assert.That(Shell(tablet, "settings get system font_scale").Trim(), Is.Not.EqualTo("1.3"));
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations WHERE level = 'Clear'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Run_StartedByItselfWithoutAResponsiblePerson_StopsAtPrecheckBeforeTheWipe()
    {
        Options.Operator = null;
        await using var farm = TabletFarm.Start([Scenarios.CreateReturnedLoan()], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        await ConnectAsync(tablet);

        var started = await ProvisioningActions.StartAsync(Db, tablet.Address, device.Tag, null, ProvisioningActions.Watcher);
        Assert.That(await Runner.ClaimAndRunAsync(started.Id, ProvisioningActions.Watcher, CancellationToken.None), Is.True);
        var job = await JobStore.GetAsync(Db, started.Id);

        Assert.That(job.State, Is.EqualTo(JobState.Failed), Describe(job));
        var precheck = job.Steps.Single(s => s.Name == "precheck");
        Assert.That(precheck.State, Is.EqualTo(StepState.Failed));
        Assert.That(precheck.Message, Does.Contain("the station has no responsible person"));
        Assert.That(job.Steps.Single(s => s.Name == "wipe").State, Is.EqualTo(StepState.Pending), "nothing irreversible was done");
        Assert.That(Shell(tablet, "pm list users"), Does.Contain("Asiakas"), "the borrower's user is still on the tablet");
    }

    [Test]
    public async Task Run_UnpluggedDuringWipe_GoneAndNotReady()
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateReturnedLoan()], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        tablet.SetSlow(TimeSpan.FromMilliseconds(400));
        await ConnectAsync(tablet);
        var job = await ProvisioningActions.StartAsync(Db, tablet.Address, device.Tag, null, Actor);

        var run = Runner.ClaimAndRunAsync(job.Id, Actor, CancellationToken.None);
        var deadline = Stopwatch.StartNew();
        while ((await JobStore.GetAsync(Db, job.Id)).Steps.Single(s => s.Name == "wipe").State != StepState.Running && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        await Task.Delay(500);
        tablet.Unplug();
        await run;

        job = await JobStore.GetAsync(Db, job.Id);
        Assert.That(job.State, Is.EqualTo(JobState.Gone), Describe(job));
        Assert.That(job.Step, Is.EqualTo("wipe"));
        Assert.That(job.Message, Does.Contain("no longer connected").Or.Contain("disconnected").Or.Contain("not connected"));
        var after = await DeviceAsync(device.Tag);
        Assert.That(after.Status, Is.EqualTo(DeviceStatus.Wiping));
        Assert.That(after.NeedsWipe, Is.True);
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations"), Is.Zero);
    }

    [Test]
    public async Task Retry_FailedInstall_ClearErrorThenSucceedsFromThatStep()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        tablet.FailNextInstall("INSTALL_FAILED_INSUFFICIENT_STORAGE");

        var failed = await RunAsync(tablet, device.Tag, "staff-tablet");

        Assert.That(failed.State, Is.EqualTo(JobState.Failed), Describe(failed));
        Assert.That(failed.Step, Is.EqualTo("provision"));
        Assert.That(failed.Message, Does.Contain("com.microsoft.teams").And.Contain("INSTALL_FAILED_INSUFFICIENT_STORAGE"));
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.Not.EqualTo(DeviceStatus.Ready));
        var boots = tablet.BootCount;

        var retried = await RetryAsync(failed.Id);

        Assert.That(retried.State, Is.EqualTo(JobState.Done), Describe(retried));
        Assert.That(retried.Steps.Single(s => s.Name == "provision").Attempts, Is.EqualTo(2));
        Assert.That(retried.Steps.TakeWhile(s => s.Name != "provision").Select(s => s.Attempts), Is.All.EqualTo(1), "steps before the failed one are not run again");
        Assert.That(tablet.BootCount, Is.EqualTo(boots), "the tablet was not wiped a second time");
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task Run_UnauthorizedTablet_PersonMustActWithInstruction()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        tablet.SetUnauthorized(true);

        var job = await RunAsync(tablet, device.Tag);

        Assert.That(job.State, Is.EqualTo(JobState.NeedsPerson), Describe(job));
        Assert.That(job.Step, Is.EqualTo("identify"));
        Assert.That(job.Instruction, Does.Contain("Allow USB debugging?").And.Contain("Always allow from this computer"));
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.EqualTo(DeviceStatus.AwaitingWipe));
    }

    private static TabletState DonatedWithoutGoogleAccount(int index)
    {
        var state = Scenarios.CreateDonated(index);
        state.Accounts.RemoveAll(a => a.Type == "com.google");
        return state;
    }

    [Test]
    public async Task Run_HandoverProfileOnALenovo_TraineePressesTheRecoveryKeysThenProvenCertifiedAndReady()
    {
        // The donor removed their Google account, as precheck asks before any factory reset.
        var state = DonatedWithoutGoogleAccount(5);
        await using var farm = TabletFarm.Start([state], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        var androidId = state.SettingsFor("secure")["android_id"];

        var boots = tablet.BootCount;
        var run = RunAsync(tablet, device.Tag, "donated-handover");
        await ScriptContractTests.WaitForBootAsync(tablet, boots, BootMode.Recovery);
        var waiting = (await JobStore.ListAsync(Db, all: true)).Single();
        // The trainee's fingers, typed as in 'laitelaina simulate': open the menu, wipe data, confirm, reboot.
        foreach (var keys in new[] { "power+volup", "voldown", "voldown", "power", "voldown", "power", "power" })
            SimulatorControl.Run(farm, $"{tablet.Serial} keys {keys}");
        var job = await run;

        Assert.That((waiting.Step, waiting.State), Is.EqualTo(("wait", JobState.Running)).Or.EqualTo(("wipe", JobState.Running)), "the job waits for the person");
        Assert.That(job.State, Is.EqualTo(JobState.Done), Describe(job));
        Assert.That(job.Message, Does.Not.Contain("Test Harness"));
        Assert.That(job.Steps.Single(s => s.Name == "verify-wipe").Message, Does.StartWith("Verified: wipe (guided)"));
        Assert.That(state.SettingsFor("secure")["android_id"], Is.Not.EqualTo(androidId));
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations WHERE level = 'Purge' AND method LIKE 'factory reset by a person%'"), Is.EqualTo(1));
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task Run_LockedTabletWithRecoveryProfile_PersonWipesInRecoveryThenReady()
    {
        var options = new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(800), RecoveryWipeAfter = TimeSpan.FromSeconds(1) };
        await using var farm = TabletFarm.Start([Scenarios.CreateLocked()], options);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        // Locked and with an unknown owner's account: only a recovery wipe by a person gets past it.
        lock (tablet.Sync)
            tablet.State.Accounts.Clear();

        var job = await RunAsync(tablet, device.Tag, "recovery-reset");

        Assert.That(job.State, Is.EqualTo(JobState.Done), Describe(job));
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations WHERE level = 'Purge' AND method LIKE '%recovery%'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Resume_ServiceKilledDuringJob_ShownInterruptedAndFinishedOnResume()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        tablet.SetSlow(TimeSpan.FromMilliseconds(300));
        var log = new System.Text.StringBuilder();
        using var serve = StartServeProcess(tablet, log);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60)
                && await Db.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<string?>(c, "SELECT step FROM provisioning_jobs WHERE state = 'Running'")) is not "provision")
                await Task.Delay(100);
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the service never got to the provision step:\n" + log);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
        tablet.SetSlow(TimeSpan.Zero);
        var job = (await JobStore.ListAsync(Db, all: true)).Single();
        Assert.That(job.State, Is.EqualTo(JobState.Running), "killed: nobody had the chance to write anything");

        using var service = new ProvisioningWorker(Db, Options, Runner, new AttachedDevices(), NullLogger<ProvisioningWorker>.Instance);
        await service.StartAsync(CancellationToken.None);
        await Task.Delay(1000);
        var interrupted = await JobStore.GetAsync(Db, job.Id);
        Assert.That(interrupted.State, Is.EqualTo(JobState.Interrupted), Describe(interrupted));
        Assert.That(interrupted.Steps.Single(s => s.Name == "provision").State, Is.EqualTo(StepState.Interrupted));
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.Not.EqualTo(DeviceStatus.Ready));

        await JobStore.RequeueAsync(Db, job.Id, Actor, resume: true);
        var wait = Stopwatch.StartNew();
        while ((await JobStore.GetAsync(Db, job.Id)).State is JobState.Queued or JobState.Running && wait.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(200);
        await service.StopAsync(CancellationToken.None);

        var resumed = await JobStore.GetAsync(Db, job.Id);
        Assert.That(resumed.State, Is.EqualTo(JobState.Done), Describe(resumed));
        Assert.That(resumed.Steps.Single(s => s.Name == "wipe").Attempts, Is.EqualTo(1), "the wipe done before the kill is not repeated");
        Assert.That((await DeviceAsync(device.Tag)).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task CliRun_DonatedTabletByItsSerial_ProgressLinesAndDone()
    {
        var state = DonatedWithoutGoogleAccount(7);
        await using var farm = TabletFarm.Start([state], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet, "intake");
        var settings = new Dictionary<string, string?>
        {
            ["Provisioning__Adb"] = Options.Adb,
            ["Provisioning__AdbServerPort"] = Options.AdbServerPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Provisioning__AdbHome"] = Options.AdbHome,
            ["Provisioning__ScriptsDirectory"] = Options.ScriptsDirectory,
            ["Provisioning__ApkDirectory"] = Options.ApkDirectory,
        };
        foreach (var (key, value) in settings)
            Environment.SetEnvironmentVariable(key, value);
        try
        {
            var run = await Tests.Cli.CliRun.RunAsync(["provision", "run", tablet.Address, .. DataArgs()]);

            Assert.That(run.ExitCode, Is.Zero, run.Out + run.Error);
            // The display polls every 300 ms, so a step quicker than that may pass unseen; the reboot wait never does.
            Assert.That(run.Out, Does.Contain($"{device.Tag} [running] wait:").And.Contain(": done: "));
            var shown = await Tests.Cli.CliRun.RunAsync(["provision", "list", "--format", "json", .. DataArgs()]);
            Assert.That(shown.Out, Does.Contain("\"state\": \"done\""));
            Assert.That((await DeviceAsync(device.Tag)).Status, Is.EqualTo(DeviceStatus.Ready));
        }
        finally
        {
            foreach (var key in settings.Keys)
                Environment.SetEnvironmentVariable(key, null);
        }
    }

    /// <summary>'laitelaina serve' as its own process over this test's database, watching the one tablet.</summary>
    private Process StartServeProcess(SimulatedTablet tablet, System.Text.StringBuilder log)
    {
        var dll = typeof(CliApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "serve", "--urls", "http://127.0.0.1:0" }.Concat(DataArgs()))
            start.ArgumentList.Add(arg);
        start.Environment["Provisioning__Enabled"] = "true";
        start.Environment["Provisioning__Adb"] = Options.Adb;
        start.Environment["Provisioning__AdbServerPort"] = Options.AdbServerPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Provisioning__AdbHome"] = Options.AdbHome;
        start.Environment["Provisioning__ScriptsDirectory"] = Options.ScriptsDirectory;
        start.Environment["Provisioning__ApkDirectory"] = Options.ApkDirectory;
        start.Environment["Provisioning__PollSeconds"] = "0.2";
        start.Environment["Provisioning__Connect__0"] = tablet.Address;
        start.Environment["Provisioning__Operator"] = Options.Operator;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [Test]
    public async Task Run_UnknownTabletAtASitesStation_IntakePromptBelongsToThatSite()
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateDonated()], FastTablets);
        var tablet = farm.Tablets[0];
        await ConnectAsync(tablet);
        var here = new ServiceSite(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ServiceSite.SettingKey] = "TESTI" }).Build());
        var job = await ProvisioningActions.StartAsync(Db, tablet.Address, null, null, Actor, here, CancellationToken.None);

        Assert.That(await Runner.ClaimAndRunAsync(job.Id, Actor, CancellationToken.None), Is.True);

        var entry = (await JobStore.IntakeAsync(Db, all: false)).Single();
        Assert.That((entry.SerialNumber, entry.SiteCode), Is.EqualTo((tablet.Serial, "TESTI")), "the tablet is on the station of the site that queued its job");
    }
}
