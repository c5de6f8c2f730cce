using System.Diagnostics;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// A real pty pair from socat: the service opens <see cref="Host"/>, the test plays the device on <see cref="Device"/>.
/// Stopping socat is an unplug (the links vanish, reads fail); starting it again on the same paths is a replug.
/// </summary>
public sealed class SocatPair : IAsyncDisposable
{
    private Process? process;

    private SocatPair(string dir)
    {
        Device = Path.Combine(dir, "device");
        Host = Path.Combine(dir, "host");
    }

    public string Device { get; }
    public string Host { get; }

    public static async Task<SocatPair> StartAsync(string dir)
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "socat"))))
            Assert.Ignore("socat not installed: apt-get install socat");
        var pair = new SocatPair(dir);
        await pair.PlugAsync();
        return pair;
    }

    public async Task PlugAsync()
    {
        var start = new ProcessStartInfo("socat") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-d", "-d", $"pty,raw,echo=0,link={Device}", $"pty,raw,echo=0,link={Host}" })
            start.ArgumentList.Add(a);
        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!(File.Exists(Device) && File.Exists(Host)))
        {
            if (DateTime.UtcNow > until)
                Assert.Fail("socat did not create the pty links within 5 s");
            await Task.Delay(10);
        }
    }

    /// <summary>SIGTERM, so socat removes its links as a by-id link disappears when a USB device is pulled.</summary>
    public async Task UnplugAsync()
    {
        if (process is null)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await process.WaitForExitAsync(wait.Token);
        process.Dispose();
        process = null;
    }

    /// <summary>The device end, unbuffered: each Write is one write() on the pty.</summary>
    public FileStream OpenDevice() => new(Device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 0);

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
    }
}
