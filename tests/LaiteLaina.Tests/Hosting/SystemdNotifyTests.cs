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
        var port = FreePort();
        using var socket = NotifySocket(dir);
        using var service = StartService(dir, port);
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

    /// <summary>
    /// What an office that does not use a part must not carry in memory all day: PostgreSQL's driver on SQLite, the
    /// organisation sign-in when it is not configured, the barcode reader before a photo, the simulator and the CLI's
    /// table writer. Each was loaded at start by a method that merely named one of its types.
    /// </summary>
    [Test]
    public async Task Serve_SqliteWithoutOrganisationSignIn_OptionalAssembliesNotLoaded()
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-assemblies-").FullName;
        using var socket = NotifySocket(dir);
        using var service = StartService(dir, FreePort());
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            Assert.That(await ReceiveAsync(socket, TimeSpan.FromMinutes(2)), Does.Contain("READY=1"));
            var mapped = File.ReadLines($"/proc/{service.Id}/maps").Select(l => Path.GetFileName(l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()))
                .Where(f => f.EndsWith(".dll", StringComparison.Ordinal)).ToHashSet();
            Assert.That(mapped, Does.Contain("laitelaina.dll").And.Contain("Microsoft.Data.Sqlite.dll"), "the maps were read from the service");
            Assert.That(mapped, Does.Not.Contain("Npgsql.dll").And.Not.Contain("Microsoft.AspNetCore.Authentication.OpenIdConnect.dll")
                .And.Not.Contain("zxing.dll").And.Not.Contain("LaiteLaina.DeviceSim.dll").And.Not.Contain("Spectre.Console.dll"));
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The datagram socket systemd would listen on for the service's notifications, in <paramref name="dir"/>.</summary>
    private static Socket NotifySocket(string dir)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(dir, "notify")));
        return socket;
    }

    /// <summary>`laitelaina serve` as systemd starts it, its data in <paramref name="dir"/> on SQLite.</summary>
    private static Process StartService(string dir, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(dir, "data") })
            start.ArgumentList.Add(arg);
        start.Environment["NOTIFY_SOCKET"] = Path.Combine(dir, "notify");
        start.Environment["INVOCATION_ID"] = "0123456789abcdef0123456789abcdef";
        start.Environment.Remove("LAITELAINA_DATABASE");
        foreach (var oidc in start.Environment.Keys.Where(k => k.StartsWith("Oidc__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(oidc);
        return Process.Start(start)!;
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
