using LaiteLaina.Cli;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>'laitelaina simulate' as its own process, driven through Debian's real adb and stopped with a signal.</summary>
[EndToEnd]
[TestFixture]
[NonParallelizable]
public sealed class SimulateCommandTests
{
    private PrivateAdbServer adb = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => adb = await PrivateAdbServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (adb is not null)
            await adb.StopAsync();
    }

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task Simulate_Signal_StateSavedWithWhatAdbWrote(string signal)
    {
        var stateDir = Directory.CreateTempSubdirectory("laitelaina-simstate-").FullName;
        // Through env(1) with SIGINT back at its default: a test run started in the background by a non-interactive shell
        // (as CI scripts do) hands its children SIGINT ignored, and a program rightly keeps a signal its starter ignored.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", typeof(CliApp).Assembly.Location, "simulate", "-n", "1", "--scenario", Scenarios.Clean, "--state", stateDir })
            start.ArgumentList.Add(arg);
        using var simulator = Process.Start(start)!;
        try
        {
            var first = await simulator.StandardOutput.ReadLineAsync() ?? "";
            var address = first.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            Assert.That(address, Does.StartWith("127.0.0.1:"), first);
            await AdbScripts.AdbAsync(adb.Options, ["connect", address], CancellationToken.None);
            var write = await AdbScripts.AdbAsync(adb.Options, ["-s", address, "shell", "echo kept > /sdcard/Download/kept.txt && settings put system font_scale 1.3"], CancellationToken.None);
            Assert.That(write.ExitCode, Is.Zero, write.Output);
            await AdbScripts.AdbAsync(adb.Options, ["disconnect", address], CancellationToken.None);

            using (var kill = Process.Start("kill", ["-" + signal, simulator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await simulator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var saved = TabletState.LoadAll(stateDir).Single();
            Assert.That(saved.Files, Does.ContainKey("/sdcard/Download/kept.txt"));
            Assert.That(saved.SettingsFor("system")["font_scale"], Is.EqualTo("1.3"));
        }
        finally
        {
            if (!simulator.HasExited)
                simulator.Kill(entireProcessTree: true);
            Directory.Delete(stateDir, recursive: true);
        }
    }
}
