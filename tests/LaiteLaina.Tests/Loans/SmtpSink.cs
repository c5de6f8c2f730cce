using System.Net.Sockets;
using MimeKit;

namespace LaiteLaina.Tests.Loans;

/// <summary>
/// A real SMTP server for a test: Debian's aiosmtpd (tests/tools/smtp-sink/smtp_sink.py) on a free port of 127.0.0.1,
/// writing each accepted message to a folder, read back here with MimeKit. scripts/setup.sh --tests installs
/// python3-aiosmtpd; without it the test is skipped with that reason.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process process;

    public int Port { get; }
    public string Folder { get; }

    private SmtpSink(Process process, int port, string folder)
    {
        this.process = process;
        Port = port;
        Folder = folder;
    }

    /// <summary>The system's Python, where Debian installs aiosmtpd (a pyenv shim on PATH would not see it).</summary>
    private const string Python = "/usr/bin/python3";

    private static string Script => Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../tools/smtp-sink/smtp_sink.py"));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<SmtpSink> StartAsync(string folder, int? port = null)
    {
        if (!File.Exists(Python) || Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true }) is not { } probe
            || !probe.WaitForExit(30_000) || probe.ExitCode != 0)
        {
            Assert.Ignore("python3-aiosmtpd is not installed (scripts/setup.sh --tests installs it); the reminder e-mail tests need a real SMTP server.");
        }
        Directory.CreateDirectory(folder);
        var p = port ?? FreePort();
        var process = Process.Start(new ProcessStartInfo(Python, [Script, p.ToString(CultureInfo.InvariantCulture), folder])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (ready != "ready")
            Assert.Fail($"the SMTP sink did not start: {await process.StandardError.ReadToEndAsync()}");
        return new SmtpSink(process, p, folder);
    }

    /// <summary>Every message received so far. The server has written a message before it answers 250, so what the
    /// client was told was sent is here.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.EnumerateFiles(Folder, "*.eml").Select(f => MimeMessage.Load(f)).ToList();

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000))
                process.Kill(entireProcessTree: true);
        }
        finally
        {
            process.Dispose();
        }
    }
}
