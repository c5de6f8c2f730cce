using LaiteLaina.Cli;
using System.Net.Sockets;

namespace LaiteLaina.Tests.Hosting;

/// <summary>
/// `laitelaina serve` as systemd starts a Type=notify unit: NOTIFY_SOCKET names a datagram socket the test listens on,
/// INVOCATION_ID marks the run as systemd's. READY=1 must come only once the web server answers and the database is
/// migrated (systemctl start returns on it), STOPPING=1 on SIGTERM, and the log lines are JSON for the journal.
/// </summary>
[EndToEnd]
[NonParallelizable]
public sealed class SystemdNotifyTests
{
    [Test]
    public async Task Serve_NotifySocket_ReadyOnlyWhenServingAndMigratedThenStoppingOnSigterm()
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-notify-").FullName;
        var socketPath = Path.Combine(dir, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(dir, "data") })
            start.ArgumentList.Add(arg);
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment["INVOCATION_ID"] = "0123456789abcdef0123456789abcdef";
        start.Environment.Remove("LAITELAINA_DATABASE");
        using var service = Process.Start(start)!;
        var stdout = new List<string>();
        service.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (stdout) stdout.Add(line); };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            var ready = await ReceiveAsync(socket, TimeSpan.FromMinutes(2));
            Assert.That(ready, Does.Contain("READY=1"));
            // At the moment READY=1 arrives the service already answers and its database is at this program's schema.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var readyz = await http.GetAsync("/readyz");
            Assert.That(readyz.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await readyz.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schemaVersion").GetInt32(), Is.EqualTo(Migrator.Latest));

            using (var kill = Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            Assert.That(await ReceiveAsync(socket, TimeSpan.FromSeconds(30)), Does.Contain("STOPPING=1"));
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await service.WaitForExitAsync(exit.Token);
        }
        finally
        {
            if (!service.HasExited)
                service.Kill(entireProcessTree: true);
        }
        List<string> lines;
        lock (stdout)
            lines = [.. stdout];
        var logs = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(logs, Is.Not.Empty, string.Join('\n', lines));
        Assert.That(logs, Has.All.Matches<JsonElement>(l => l.TryGetProperty("LogLevel", out _) && l.TryGetProperty("Category", out _) && l.TryGetProperty("Message", out _)));
        Assert.That(logs.Select(l => l.GetProperty("Message").GetString()), Has.Some.Contains("Application started"));
        Directory.Delete(dir, recursive: true);
    }

    [TestCase("INVOCATION_ID", true)]
    [TestCase("JOURNAL_STREAM", true)]
    [TestCase("TERM", false)]
    public void RunsUnderSystemd_Environment_Detected(string variable, bool expected) =>
        Assert.That(Program.RunsUnderSystemd(v => v == variable ? "8:12345" : null), Is.EqualTo(expected));

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(timeout);
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
