using LaiteLaina.DeviceSim.State;
using LaiteLaina.DeviceSim.Userland;

namespace LaiteLaina.DeviceSim.Tests.Userland;

[TestFixture]
public sealed class ShellParserTests
{
    [Test]
    public void Parse_QuotesChainsAndRedirects_SplitAsMkshDoes()
    {
        var pipelines = ShellParser.Parse("echo 'a b' \"c $X\" > /f && ls | grep x; false || echo $?", v => v == "X" ? "d" : "7").ToList();

        Assert.That(pipelines, Has.Count.EqualTo(4));
        Assert.That(pipelines[0].Commands[0].Words, Is.EqualTo((string[])["echo", "a b", "c d"]));
        Assert.That(pipelines[0].Commands[0].StdoutFile, Is.EqualTo("/f"));
        Assert.That(pipelines[0].Chain, Is.EqualTo("&&"));
        Assert.That(pipelines[1].Commands.Select(c => c.Words[0]), Is.EqualTo((string[])["ls", "grep"]));
        Assert.That(pipelines[3].Commands[0].Words, Is.EqualTo((string[])["echo", "7"]));
    }
}

[TestFixture]
public sealed class UserlandTests
{
    private TabletFarm _farm = null!;

    [SetUp]
    public void Start() => _farm = TabletFarm.Start([Scenarios.CreateReturnedLoan(), Scenarios.CreateDonated()]);

    [TearDown]
    public async Task Stop() => await _farm.StopAsync();

    private string Run(string line, int tablet = 0) => System.Text.Encoding.UTF8.GetString(AndroidShell.Run(_farm.Tablets[tablet], line).Stdout);

    [Test]
    public void Run_StatusAfterEachCommand_IsTheOneBeforeIt()
    {
        var output = Run("cat /nope 2>&1; echo \"a $?\"; true; echo \"b $?\"; false || echo \"c $?\"");

        Assert.That(output, Is.EqualTo("cat: /nope: No such file or directory\na 1\nb 0\nc 1\n"));
    }

    [Test]
    public void Find_TypeF_ListsFilesUnderEachPath()
    {
        var found = Run("find /sdcard/DCIM /sdcard/Download -type f", tablet: 1).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(found, Has.Length.EqualTo(6));
        Assert.That(found, Has.Some.StartsWith("/sdcard/DCIM/Camera/IMG_"));
        Assert.That(found, Has.Member("/sdcard/Download/Sähkölasku_03_2023.pdf"));
    }

    [Test]
    public void LockSettingsVerify_PinOrNone_FailsOnlyWithPin()
    {
        Assert.That(Run("cmd lock_settings verify"), Is.EqualTo("Lock credential verified successfully\n"));
        _farm.Tablets[0].SetLockScreen(LockScreenKind.Pin);

        var locked = AndroidShell.Run(_farm.Tablets[0], "locksettings verify");

        Assert.That(locked.ExitCode, Is.EqualTo(255));
        Assert.That(System.Text.Encoding.UTF8.GetString(locked.Stdout), Does.Contain("didn't match"));
    }

    [Test]
    public void PmListUsers_ReturnedLoan_ShowsOwnerAndClient()
    {
        Assert.That(Run("pm list users"), Is.EqualTo("Users:\n\tUserInfo{0:Owner:13} running\n\tUserInfo{10:Asiakas:10} running\n"));
    }

    [Test]
    public void PmListPackages_ClientAppsOnUser10_OnlyListedForThatUser()
    {
        Assert.That(Run("pm list packages -3"), Is.Empty);
        Assert.That(Run("pm list packages -3 --user 10"), Does.Contain("package:fi.kela.asiointi\n"));
    }

    [Test]
    public void PmRemoveUser_ClientUser_RemovesTheirAppsAndAccount()
    {
        Assert.That(Run("pm remove-user 10"), Is.EqualTo("Success: removed user\n"));
        Assert.That(Run("pm list users"), Does.Not.Contain("10:"));
        Assert.That(Run("dumpsys account"), Does.Not.Contain("asiakas"));
        Assert.That(Run("pm list packages -3 --user 10"), Is.Empty);
        var again = AndroidShell.Run(_farm.Tablets[0], "pm remove-user 10");
        Assert.That(System.Text.Encoding.UTF8.GetString(again.Stderr), Is.EqualTo("Error: couldn't remove user id 10\n"));
        Assert.That(again.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void PmListPackagesF_Donated_PrintsApkPathAndName()
    {
        Assert.That(Run("pm list packages -3 -f", 1), Does.Contain("package:/data/app/com.whatsapp-1/base.apk=com.whatsapp\n"));
    }

    [Test]
    public void DpmSetDeviceOwner_WithAccounts_FailsWithFrameworkMessage()
    {
        var result = AndroidShell.Run(_farm.Tablets[1], "dpm set-device-owner com.whatsapp/.Admin");

        Assert.That(result.ExitCode, Is.EqualTo(255));
        Assert.That(System.Text.Encoding.UTF8.GetString(result.Stderr), Does.Contain("Not allowed to set the device owner because there are already some accounts on the device"));
    }

    [Test]
    public void SettingsPutGet_SecureKey_RoundTrips()
    {
        Run("settings put secure user_setup_complete 0");
        Assert.That(Run("settings get secure user_setup_complete"), Is.EqualTo("0\n"));
        Assert.That(Run("settings get global no_such_key"), Is.EqualTo("null\n"));
    }

    [Test]
    public void DumpsysBattery_LowBattery_ShowsLevel()
    {
        _farm.Tablets[0].SetBatteryLevel(4);
        var battery = Run("dumpsys battery");
        Assert.That(battery, Does.StartWith("Current Battery Service state:\n  AC powered: false\n"));
        Assert.That(battery, Does.Contain("  level: 4\n"));
    }

    [Test]
    public void Getprop_NoArgument_ListsBracketedPairs()
    {
        Assert.That(Run("getprop"), Does.Contain("[ro.crypto.type]: [file]\n").And.Contain("[ro.build.version.release]: [13]\n"));
    }

    [Test]
    public void WmDensity_Override_ShowsBoth()
    {
        Run("wm density 200");
        Assert.That(Run("wm density"), Is.EqualTo("Physical density: 179\nOverride density: 200\n"));
    }

    [Test]
    public void FileCommands_MkdirEchoCatRm_WorkOnVirtualFiles()
    {
        Assert.That(Run("mkdir /sdcard/x && echo hi > /sdcard/x/a.txt && cat /storage/emulated/0/x/a.txt"), Is.EqualTo("hi\n"));
        var missing = AndroidShell.Run(_farm.Tablets[0], "rm /sdcard/x/b.txt");
        Assert.That((missing.ExitCode, System.Text.Encoding.UTF8.GetString(missing.Stderr)), Is.EqualTo((1, "rm: /sdcard/x/b.txt: No such file or directory\n")));
        Assert.That(Run("rm -r /sdcard/x; ls /sdcard"), Does.Not.Contain("x\n"));
    }

    [Test]
    public void AmBroadcast_Action_PrintsIntentAndResult()
    {
        Assert.That(Run("am broadcast -a fi.laitelaina.PING"), Is.EqualTo("Broadcasting: Intent { act=fi.laitelaina.PING flg=0x400000 }\nBroadcast completed: result=0\n"));
    }

    [Test]
    public void ApkInspector_CreatedApk_NamesItsPackage()
    {
        Assert.That(ApkInspector.PackageName(ApkInspector.Create("fi.example.app")), Is.EqualTo("fi.example.app"));
        Assert.That(ApkInspector.PackageName([1, 2, 3]), Is.Null);
    }
}

[TestFixture]
public sealed class StateTests
{
    [TestCaseSource(typeof(Scenarios), nameof(Scenarios.Names))]
    public void Scenario_SavedAndLoaded_KeepsEverything(string name)
    {
        var state = Scenarios.Create(name);
        var directory = Directory.CreateTempSubdirectory("laitelaina-state-").FullName;
        try
        {
            state.Save(directory);
            var loaded = TabletState.Load(Path.Combine(directory, state.FileName));
            Assert.That(loaded.ToJson(), Is.EqualTo(state.ToJson()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void LoadOrCreate_EmptyDirectory_CreatesDistinctSerials()
    {
        var states = TabletFarm.LoadOrCreate(null, 16, Scenarios.Donated);
        Assert.That(states.Select(s => s.Serial).Distinct().Count(), Is.EqualTo(16));
    }
}
