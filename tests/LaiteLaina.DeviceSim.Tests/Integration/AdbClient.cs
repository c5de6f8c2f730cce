using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LaiteLaina.DeviceSim.Tests.Integration;

public sealed record AdbResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>
/// Runs Debian's /usr/bin/adb against a private adb server port, so that tests never touch
/// (or get confused by) another adb server on the machine.
/// </summary>
public sealed class AdbClient
{
    public const string Executable = "/usr/bin/adb";

    public AdbClient(int serverPort)
    {
        ServerPort = serverPort;
        Home = Path.Combine(Path.GetTempPath(), $"laitelaina-adb-home-{serverPort}");
        Directory.CreateDirectory(Home);
    }

    /// <summary>A private HOME keeps the test's adb keys and server log away from the user's ~/.android.</summary>
    public string Home { get; }

    public int ServerPort { get; }

    public static bool IsInstalled => File.Exists(Executable);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<AdbResult> RunAsync(params string[] args) => await RunAsync(TimeSpan.FromSeconds(60), args);

    public Task<AdbResult> RunAsync(TimeSpan timeout, params string[] args) => RunWithInputAsync(timeout, "", args);

    public async Task<AdbResult> RunWithInputAsync(TimeSpan timeout, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ANDROID_ADB_SERVER_PORT"] = ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HOME"] = Home;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("adb did not start");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"adb {string.Join(' ', args)} took longer than {timeout}");
        }
        return new AdbResult(process.ExitCode, await stdout, await stderr);
    }

    public async Task<AdbResult> ConnectAsync(string address)
    {
        var result = await RunAsync("connect", address);
        await WaitForStateAsync(address, "device", TimeSpan.FromSeconds(10));
        return result;
    }

    /// <summary>The state column of <c>adb devices</c> for a serial, or null when it is not listed.</summary>
    public async Task<string?> StateAsync(string serial)
    {
        var devices = await RunAsync("devices");
        foreach (var line in devices.Stdout.Split('\n'))
        {
            var parts = line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == serial)
            {
                return parts[1];
            }
        }
        return null;
    }

    public async Task<bool> WaitForStateAsync(string serial, string? state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await StateAsync(serial) == state)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
