using System.Net.Sockets;
using System.Security.Cryptography;
using LaiteLaina.DeviceSim.State;
using LaiteLaina.DeviceSim.Userland;

namespace LaiteLaina.DeviceSim.Tests.Integration;

/// <summary>Everything the issue lists under "Tests through the real client", with Debian's adb.</summary>
[TestFixture]
public sealed class AdbClientTests : AdbFixture
{
    private TabletFarm _farm = null!;

    [OneTimeSetUp]
    public void StartFarm() => _farm = TabletFarm.Start(
        [Scenarios.CreateClean(0), Scenarios.CreateDonated(1), Scenarios.CreateLocked(2), Scenarios.CreateAndroid9(3)],
        FastOptions());

    [OneTimeTearDown]
    public async Task StopFarm()
    {
        if (_farm is not null)
        {
            await _farm.StopAsync();
        }
    }

    private async Task<SimulatedTablet> ConnectedAsync(int index)
    {
        var tablet = _farm.Tablets[index];
        if (await Adb.StateAsync(tablet.Address) != "device")
        {
            await Adb.ConnectAsync(tablet.Address);
        }
        return tablet;
    }

    private Task<AdbResult> ShellAsync(SimulatedTablet tablet, params string[] command) =>
        Adb.RunAsync(["-s", tablet.Address, "shell", .. command]);

    [Test]
    public async Task Connect_EveryTablet_PrintsConnected()
    {
        foreach (var tablet in _farm.Tablets)
        {
            var result = await Adb.RunAsync("connect", tablet.Address);
            Assert.That(result.Stdout, Does.Contain("connected to " + tablet.Address), result.ToString());
        }
    }

    [Test]
    public async Task DevicesL_ConnectedTablets_ListModelProductDeviceAndState()
    {
        var clean = await ConnectedAsync(0);
        var donated = await ConnectedAsync(1);
        var result = await Adb.RunAsync("devices", "-l");
        Assert.That(result.Stdout, Does.StartWith("List of devices attached\n"));
        Assert.That(result.Stdout, Does.Match($@"{clean.Address}\s+device product:gta3xlwifixx model:SM_T510 device:gta3xlwifi transport_id:\d+"));
        Assert.That(result.Stdout, Does.Match($@"{donated.Address}\s+device product:TB-X605F model:Lenovo_TB_X605F device:X605F transport_id:\d+"));
    }

    [Test]
    public async Task ShellGetprop_ProductModel_PrintsModel()
    {
        var tablet = await ConnectedAsync(1);
        var result = await ShellAsync(tablet, "getprop", "ro.product.model");
        Assert.That(result.Stdout, Is.EqualTo("Lenovo TB-X605F\n"), result.ToString());
    }

    [Test]
    public async Task Shell_False_ExitsWithOne()
    {
        var tablet = await ConnectedAsync(0);
        var result = await ShellAsync(tablet, "false");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
    }

    [Test]
    public async Task Shell_UnknownCommand_AnswersLikeMkshWith127()
    {
        var tablet = await ConnectedAsync(0);
        var result = await ShellAsync(tablet, "foo");
        Assert.That(result.ExitCode, Is.EqualTo(127));
        Assert.That(result.Stderr, Is.EqualTo("/system/bin/sh: foo: inaccessible or not found\n"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Shell_StdoutAndStderr_StaySeparate()
    {
        var tablet = await ConnectedAsync(0);
        var result = await ShellAsync(tablet, "echo out; cat /nope; echo done");
        Assert.That(result.Stdout, Is.EqualTo("out\ndone\n"));
        Assert.That(result.Stderr, Is.EqualTo("cat: /nope: No such file or directory\n"));
        Assert.That(result.ExitCode, Is.Zero);
    }

    [Test]
    public async Task LegacyShell_NoShellProtocol_PrintsOutput()
    {
        var tablet = await ConnectedAsync(0);
        var result = await Adb.RunAsync("-s", tablet.Address, "shell", "-x", "echo", "legacy");
        Assert.That(result.Stdout, Is.EqualTo("legacy\n"), result.ToString());
    }

    [Test]
    public async Task Shell_NoCommandWithPipedInput_RunsEachLine()
    {
        var tablet = await ConnectedAsync(0);
        var result = await Adb.RunWithInputAsync(TimeSpan.FromSeconds(20), "echo one\ngetprop ro.product.brand\n", "-s", tablet.Address, "shell");
        Assert.That(result.Stdout, Is.EqualTo("one\nsamsung\n"), result.ToString());
    }

    [Test]
    public async Task PushPull_TenMegabytes_RoundTripsByteForByte()
    {
        var tablet = await ConnectedAsync(0);
        var local = Path.Combine(WorkDirectory, "ten.bin");
        var back = Path.Combine(WorkDirectory, "ten.back");
        var data = RandomNumberGenerator.GetBytes(10 * 1024 * 1024 + 123);
        await File.WriteAllBytesAsync(local, data);

        var push = await Adb.RunAsync("-s", tablet.Address, "push", local, "/sdcard/Download/ten.bin");
        Assert.That(push.ExitCode, Is.Zero, push.ToString());
        var pull = await Adb.RunAsync("-s", tablet.Address, "pull", "/sdcard/Download/ten.bin", back);
        Assert.That(pull.ExitCode, Is.Zero, pull.ToString());

        Assert.That(await File.ReadAllBytesAsync(back), Is.EqualTo(data));
        var ls = await ShellAsync(tablet, "ls", "/sdcard/Download");
        Assert.That(ls.Stdout, Does.Contain("ten.bin\n"));
    }

    [Test]
    public async Task Pull_MissingFile_FailsWithDeviceMessage()
    {
        var tablet = await ConnectedAsync(0);
        var result = await Adb.RunAsync("-s", tablet.Address, "pull", "/sdcard/nothing.jpg", Path.Combine(WorkDirectory, "x"));
        Assert.That(result.ExitCode, Is.Not.Zero);
        // adb 1.0.41 prints sync errors on stdout when it is not a terminal.
        Assert.That(result.Stdout + result.Stderr, Does.Contain("No such file or directory"), result.ToString());
    }

    [Test]
    public async Task Install_TestApk_PrintsSuccessAndListsPackage()
    {
        var tablet = await ConnectedAsync(0);
        var apk = Path.Combine(WorkDirectory, "test.apk");
        await File.WriteAllBytesAsync(apk, ApkInspector.Create("fi.laitelaina.testapp", paddingBytes: 300_000));

        var install = await Adb.RunAsync("-s", tablet.Address, "install", "-r", apk);
        Assert.That(install.Stdout, Does.Contain("Success"), install.ToString());
        Assert.That(install.ExitCode, Is.Zero);

        var packages = await ShellAsync(tablet, "pm", "list", "packages", "-3");
        Assert.That(packages.Stdout, Does.Contain("package:fi.laitelaina.testapp\n"));
    }

    [Test]
    public async Task Install_FailNextInstall_PrintsFailureReason()
    {
        var tablet = await ConnectedAsync(0);
        var apk = Path.Combine(WorkDirectory, "big.apk");
        await File.WriteAllBytesAsync(apk, ApkInspector.Create("fi.laitelaina.big"));
        tablet.FailNextInstall();

        var install = await Adb.RunAsync("-s", tablet.Address, "install", apk);

        Assert.That(install.ExitCode, Is.Not.Zero);
        Assert.That(install.Stdout + install.Stderr, Does.Contain("Failure [INSTALL_FAILED_INSUFFICIENT_STORAGE]"));
        var packages = await ShellAsync(tablet, "pm", "list", "packages", "-3");
        Assert.That(packages.Stdout, Does.Not.Contain("fi.laitelaina.big"));
    }

    [Test]
    public async Task TestHarness_LockedTablet_Refuses()
    {
        var tablet = await ConnectedAsync(2);
        var result = await ShellAsync(tablet, "cmd", "testharness", "enable");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Is.EqualTo("Test Harness Mode cannot be enabled if there is a lock screen\n"));
    }

    [Test]
    public async Task TestHarness_Android9_IsUnknownService()
    {
        var tablet = await ConnectedAsync(3);
        var result = await ShellAsync(tablet, "cmd", "testharness", "enable");
        Assert.That(result.ExitCode, Is.EqualTo(20));
        Assert.That(result.Stderr, Is.EqualTo("cmd: Can't find service: testharness\n"));
    }

    [Test]
    public async Task ExecOut_Cat_StreamsRawBytes()
    {
        var tablet = await ConnectedAsync(1);
        var result = await Adb.RunAsync("-s", tablet.Address, "exec-out", "ls /sdcard/DCIM/Camera | wc -l");
        Assert.That(result.Stdout, Is.EqualTo("5\n"), result.ToString());
    }

    [Test]
    public async Task Listener_GarbageConnection_IsDroppedAndOthersStillServed()
    {
        var tablet = await ConnectedAsync(0);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", tablet.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[48].Select((_, i) => (byte)(i * 7)).ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.That(read, Is.Zero, "a bad header must close the connection");
        }
        var result = await ShellAsync(tablet, "echo", "still here");
        Assert.That(result.Stdout, Is.EqualTo("still here\n"));
    }
}
