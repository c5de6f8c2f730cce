using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>Each script of scripts/adb run by hand with bash, as a volunteer would: exit codes and progress lines.</summary>
[EndToEnd]
[TestFixture]
[NonParallelizable]
public sealed partial class ScriptContractTests
{
    private PrivateAdbServer adb = null!;
    private string profiles = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        adb = await PrivateAdbServer.StartAsync();
        profiles = Directory.CreateTempSubdirectory("laitelaina-profiles-").FullName;
        var store = new ProvisioningProfiles(profiles);
        store.EnsureDefaults();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (adb is not null)
            await adb.StopAsync();
        if (profiles is not null)
            Directory.Delete(profiles, recursive: true);
    }

    private string Profile(string name) => Path.Combine(profiles, name + ".json");

    private sealed record Run(int ExitCode, string[] Lines)
    {
        public string[] Contract => Lines.Where(l => l.StartsWith("LL ", StringComparison.Ordinal)).ToArray();
        public string Last => Contract[^1];
        public override string ToString() => $"exit {ExitCode}\n{string.Join("\n", Lines)}";
    }

    private async Task<Run> ScriptAsync(string script, params string[] args)
    {
        var start = AdbScripts.Start(adb.Options, "bash", [Path.Combine(PrivateAdbServer.Scripts, script), .. args]);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<TabletFarm> ConnectedAsync(TabletState state)
    {
        var farm = TabletFarm.Start([state], new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(800) });
        await AdbScripts.AdbAsync(adb.Options, ["connect", farm.Tablets[0].Address], CancellationToken.None);
        for (var i = 0; i < 50 && !(await AdbScripts.AdbAsync(adb.Options, ["devices"], CancellationToken.None)).Output.Contains(farm.Tablets[0].Address + "\tdevice", StringComparison.Ordinal); i++)
            await Task.Delay(100);
        return farm;
    }

    [GeneratedRegex("""^LL (step=[a-z-]+ progress=\d{1,3} message="(\\.|[^"\\])*"( act="(\\.|[^"\\])*")?|fact=[a-z_]+ value="(\\.|[^"\\])*"|check=[a-z:._-]+ result=(ok|failed) message="(\\.|[^"\\])*"|result=(ok|act|gone|failed|usage) message="(\\.|[^"\\])*")$""")]
    private static partial Regex ContractLine();

    private static void AssertContract(Run run, int exitCode, string result)
    {
        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
        Assert.That(run.Contract, Is.Not.Empty, run.ToString());
        Assert.That(run.Contract, Has.All.Matches(ContractLine()), run.ToString());
        Assert.That(run.Last, Does.StartWith($"LL result={result} "), run.ToString());
        Assert.That(run.Contract.Count(l => l.StartsWith("LL result=", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [TestCase("identify.sh")]
    [TestCase("precheck.sh")]
    [TestCase("wipe.sh")]
    [TestCase("wait.sh")]
    [TestCase("provision.sh")]
    [TestCase("verify.sh")]
    public async Task Script_NoArguments_UsageExit2(string script)
    {
        AssertContract(await ScriptAsync(script), 2, "usage");
    }

    [Test]
    public async Task Identify_CleanTablet_FactsAndOk()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(40));

        var run = await ScriptAsync("identify.sh", farm.Tablets[0].Address);

        AssertContract(run, 0, "ok");
        Assert.That(run.Contract, Has.Some.EqualTo($"LL fact=serial value=\"{farm.Tablets[0].Serial}\""));
        Assert.That(run.Contract, Has.Some.EqualTo("LL fact=android_version value=\"11\""));
        Assert.That(run.Contract, Has.Some.EqualTo("LL fact=encryption value=\"file\""));
        Assert.That(run.Contract, Has.Some.StartsWith("LL step=identify progress="));
    }

    [Test]
    public async Task Identify_NoSuchTablet_GoneExit4()
    {
        AssertContract(await ScriptAsync("identify.sh", "127.0.0.1:9"), 4, "gone");
    }

    [Test]
    public async Task Identify_UnauthorizedTablet_ActExit3WithInstruction()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1);
        farm.Tablets[0].SetUnauthorized(true);
        await AdbScripts.AdbAsync(adb.Options, ["connect", farm.Tablets[0].Address], CancellationToken.None);

        var run = await ScriptAsync("identify.sh", farm.Tablets[0].Address);

        AssertContract(run, 3, "act");
        Assert.That(run.Last, Does.Contain("Allow USB debugging?"));
    }

    [Test]
    public async Task Precheck_LowBattery_ActExit3()
    {
        var state = Scenarios.CreateClean(41);
        state.Battery.Level = 12;
        await using var farm = await ConnectedAsync(state);

        var run = await ScriptAsync("precheck.sh", farm.Tablets[0].Address, Profile("staff-tablet"));

        AssertContract(run, 3, "act");
        Assert.That(run.Last, Does.Contain("12 %").And.Contain("Charge"));
    }

    [Test]
    public async Task Precheck_LockScreenWithTestHarness_ActExit3()
    {
        var state = Scenarios.CreateLocked(42);
        state.Accounts.Clear();
        await using var farm = await ConnectedAsync(state);

        var run = await ScriptAsync("precheck.sh", farm.Tablets[0].Address, Profile("staff-tablet"));

        AssertContract(run, 3, "act");
        Assert.That(run.Last, Does.Contain("screen lock").And.Contain("recovery"));
    }

    [Test]
    public async Task Precheck_Android9WithTestHarness_ActExit3()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateAndroid9(43));

        var run = await ScriptAsync("precheck.sh", farm.Tablets[0].Address, Profile("staff-tablet"));

        AssertContract(run, 3, "act");
        Assert.That(run.Last, Does.Contain("Android 9").And.Contain("Android 10"));
    }

    [Test]
    public async Task Verify_DonatedTabletNotWiped_FailedExit1WithChecks()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateDonated(44));

        var run = await ScriptAsync("verify.sh", farm.Tablets[0].Address, Profile("staff-tablet"), "--wipe-only");

        AssertContract(run, 1, "failed");
        Assert.That(run.Contract, Has.Some.StartsWith("LL check=accounts result=failed"));
        Assert.That(run.Contract, Has.Some.StartsWith("LL check=files result=failed"));
        Assert.That(run.Contract, Has.Some.StartsWith("LL check=users result=ok"));
    }

    [Test]
    public async Task WipeWaitVerify_ByHandWithTestHarness_OkAndClean()
    {
        var state = Scenarios.CreateDonated(45);
        state.Accounts.RemoveAll(a => a.Type == "com.google");
        await using var farm = await ConnectedAsync(state);
        var serial = farm.Tablets[0].Address;

        AssertContract(await ScriptAsync("wipe.sh", serial, Profile("staff-tablet")), 0, "ok");
        AssertContract(await ScriptAsync("wait.sh", serial, "30"), 0, "ok");
        AssertContract(await ScriptAsync("verify.sh", serial, Profile("staff-tablet"), "--wipe-only"), 0, "ok");
    }

    [Test]
    public async Task Provision_MissingApk_FailedExit1NamingTheFile()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(46));
        var card = Path.Combine(profiles, "card.txt");
        await File.WriteAllTextAsync(card, "Tämä tabletti kuuluu: Testi\n");
        var empty = Directory.CreateTempSubdirectory("laitelaina-apks-").FullName;

        var run = await ScriptAsync("provision.sh", farm.Tablets[0].Address, Profile("staff-tablet"), "--card", card, "--apk-dir", empty);

        AssertContract(run, 1, "failed");
        Assert.That(run.Last, Does.Contain("teams.apk").And.Contain(empty));
        Directory.Delete(empty);
    }
}
