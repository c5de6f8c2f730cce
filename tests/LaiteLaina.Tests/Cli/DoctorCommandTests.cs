using Dapper;
using LaiteLaina.Cli;
using System.Net.Sockets;
using LaiteLaina.Tests.Hardware;

namespace LaiteLaina.Tests.Cli;

/// <summary>`laitelaina doctor` over real parts: socat ptys as serial ports, a fake Zebra answering ~HS on one, a real
/// adb server, a tmpfs as a nearly full disk, the database of each engine.</summary>
public sealed class DoctorCommandTests(Engine engine) : DatabaseTest(engine)
{
    private readonly List<Process> adbServers = [];

    [TearDown]
    public void StopAdbServers()
    {
        foreach (var server in adbServers)
        {
            if (!server.HasExited)
                server.Kill(entireProcessTree: true);
            server.Dispose();
        }
        // NUnit keeps one instance of the class for all its tests.
        adbServers.Clear();
    }

    private async Task<CliResult> DoctorAsync(string settings, params string[] extra)
    {
        await File.WriteAllTextAsync(Path.Combine(Scratch, "appsettings.json"), settings);
        string[] data = Engine == Engine.Sqlite ? ["--data", Scratch] : ["--data", Scratch, "--database", Db.ConnectionString];
        return await CliRun.RunAsync(["doctor", .. data, .. extra]);
    }

    internal static string Line(CliResult result, string check) =>
        result.Out.Split('\n').FirstOrDefault(l => l.Contains(check + ":", StringComparison.Ordinal)) ?? $"(no {check} line in:\n{result.Out})";

    internal const string NoProvisioning = """{ "Provisioning": { "Enabled": false } }""";

    [Test]
    public async Task Doctor_StationInOrder_OkLinesAndExitZero()
    {
        await using var pty = await SocatPair.StartAsync(Scratch);
        var result = await DoctorAsync($$"""{ "Scanners": [ { "Name": "desk", "Port": "{{pty.Host}}" } ], "Provisioning": { "Enabled": false } }""");
        Assert.That(result.ExitCode, Is.Zero, result.Out + result.Error);
        Assert.That(Line(result, "serial port"), Does.StartWith("ok").And.Contain($"desk: port {pty.Host} is there and can be read and written"));
        Assert.That(Line(result, "database"), Does.StartWith("ok").And.Contain($"schema version {Migrator.Latest}"));
        Assert.That(Line(result, "adb"), Does.StartWith("ok").And.Contain("provisioning is turned off"));
        Assert.That(Line(result, "disk space"), Does.StartWith("ok"));
        Assert.That(Line(result, "sites"), Does.StartWith("ok").And.Contain("every site code follows the rule"));
        // This machine may or may not have systemd's timedatectl: either way a line, never a fault.
        Assert.That(Line(result, "clock"), Does.StartWith("ok").Or.StartWith("warning"));
        Assert.That(result.Out, Does.Not.Contain("FAULT"));
    }

    [Test]
    public async Task Doctor_BeforeAndAfterTheFirstBackup_WarningThenOkWithItsAge()
    {
        var before = await DoctorAsync(NoProvisioning);
        if (Engine == Engine.Postgres)
        {
            // PostgreSQL's own backups are not visible to the service: no line rather than a guess.
            Assert.That(before.Out, Does.Not.Contain("backup:"));
            return;
        }
        Assert.That(Line(before, "backup"), Does.StartWith("warning").And.Contain("no backup has been made yet"));
        Assert.That((await CliRun.RunAsync(["backup", "now", "--data", Scratch])).ExitCode, Is.Zero);
        var after = await DoctorAsync(NoProvisioning);
        Assert.That(Line(after, "backup"), Does.StartWith("ok").And.Contain("the newest backup is 0 hours old"));
    }

    [Test]
    public async Task Doctor_SiteCodesSavedBeforeTheRule_WarningNamesThemAndExitStaysZero()
    {
        // Codes as an older version saved them: the rule now refuses both, the sites themselves still work.
        foreach (var code in new[] { "ITÄ", "hki 2" })
            await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES (@code, @code, @now)",
                new { code, now = DateTimeOffset.UtcNow }, tx));
        var result = await DoctorAsync(NoProvisioning);
        Assert.That(result.ExitCode, Is.Zero, result.Out + result.Error);
        Assert.That(Line(result, "sites"), Does.StartWith("warning").And.Contain("site codes ITÄ, hki 2 were saved before the rule")
            .And.Contain("rename them on the sites page"));
    }

    [Test]
    public async Task Doctor_PortMissingInFinnish_FaultSaysWhatToDoAndExitOne()
    {
        // Under /dev, where a serial port is; a path elsewhere is a file the print queue writes to.
        var port = "/dev/ttyLAITELAINA9";
        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["LANG"] = "fi_FI.UTF-8" },
            await WriteSettingsAsync($$"""{ "Scanners": [ { "Name": "desk", "Port": "{{port}}" } ], "Provisioning": { "Enabled": false } }"""));
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
        Assert.That(result.Out, Does.Contain($"VIKA      sarjaportti: desk: porttia {port} ei ole. Kytke laite"));
        Assert.That(result.Error, Does.Contain("Vikoja löytyi 1 tarkistuksessa."));
        Assert.That(result.Out + result.Error, Does.Not.Contain("does not exist").And.Not.Contain(" fault"));
    }

    [Test]
    public async Task Doctor_PortTheServiceUserMayNotOpen_FaultNamesTheGroupToAdd()
    {
        await using var pty = await SocatPair.StartAsync(Scratch);
        // As on a station: the port belongs to group dialout, 0660, and the user asked about is not in it.
        var device = new FileInfo(pty.Host).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        await RunAsync("chgrp", "dialout", device);
        await RunAsync("chmod", "0660", device);
        var result = await DoctorAsync($$"""{ "Scanners": [ { "Name": "desk", "Port": "{{pty.Host}}" } ], "Provisioning": { "Enabled": false } }""", "--user", "nobody");
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
        Assert.That(Line(result, "serial port"), Does.StartWith("FAULT").And.Contain(
            $"desk: user nobody may not read and write port {pty.Host}; add the user to group dialout (sudo adduser nobody dialout)"));
        var root = await DoctorAsync($$"""{ "Scanners": [ { "Name": "desk", "Port": "{{pty.Host}}" } ], "Provisioning": { "Enabled": false } }""", "--user", "root");
        Assert.That(Line(root, "serial port"), Does.StartWith("ok"));
    }

    [Test]
    public async Task Doctor_UnknownUser_RefusedNamingTheFieldAndChangesNothing()
    {
        var result = await DoctorAsync(NoProvisioning, "--user", "no-such-user-here");
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
        Assert.That(result.Out, Is.Empty);
        Assert.That(result.Error, Does.Contain("no-such-user-here").And.Contain("the name of a user on this computer"));
    }

    [Test]
    public async Task Doctor_PrinterAnswersPaperOut_FaultWithThePrintersWords()
    {
        await using var pty = await SocatPair.StartAsync(Scratch);
        await using var zebra = new FakeZebra(pty.OpenDevice()) { PaperOut = true };
        var settings = $$"""{ "Printers": [ { "Name": "zebra", "Port": "{{pty.Host}}", "Language": "zpl", "StatusTimeoutMs": 1000 } ], "Provisioning": { "Enabled": false } }""";
        var result = await DoctorAsync(settings);
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed), result.Out);
        Assert.That(Line(result, "printer"), Does.StartWith("FAULT").And.Contain("zebra:").And.Contain("paper"));
        Assert.That(zebra.StatusRequests, Is.EqualTo(1));
        Assert.That(zebra.Labels, Is.Zero, "the doctor asks, it never prints");
        zebra.PaperOut = false;
        var ready = await DoctorAsync(settings);
        Assert.That(Line(ready, "printer"), Does.StartWith("ok").And.Contain("zebra answers:"));
    }

    [Test]
    public async Task Doctor_NetworkPrinterNotListening_FaultUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = await DoctorAsync($$"""{ "Printers": [ { "Name": "net", "Port": "tcp://127.0.0.1:{{port}}" } ], "Provisioning": { "Enabled": false } }""");
        Assert.That(Line(result, "printer"), Does.StartWith("FAULT").And.Contain("net:"));
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
    }

    [Test]
    public async Task Doctor_AdbServerRunningThenStopped_OkWithVersionThenWarning()
    {
        if (Doctor.FindProgram("adb") is null)
            Assert.Ignore("adb not installed: scripts/setup.sh --tests installs it");
        var port = FreePort();
        var settings = $$"""{ "Provisioning": { "AdbServerPort": {{port}} } }""";
        using var on = new ProvisioningOn();
        var down = await DoctorAsync(settings);
        Assert.That(Line(down, "adb"), Does.StartWith("warning").And.Contain($"no adb server answers on port {port}"));
        Assert.That(down.ExitCode, Is.Zero, down.Out);

        var server = Process.Start(new ProcessStartInfo("adb", ["-P", port.ToString(CultureInfo.InvariantCulture), "server", "nodaemon"])
            { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        adbServers.Add(server);
        for (var i = 0; i < 100 && await Doctor.AdbServerVersionAsync(port, CancellationToken.None) is null; i++)
            await Task.Delay(100);
        var up = await DoctorAsync(settings);
        Assert.That(Line(up, "adb"), Does.StartWith("ok").And.Contain($"its server answers on port {port} (protocol version "));
    }

    [Test]
    public async Task Doctor_NoAdbOnPath_FaultSaysInstallOrTurnOff()
    {
        using var on = new ProvisioningOn();
        var result = await DoctorAsync("""{ "Provisioning": { "Adb": "/nonexistent/adb" } }""");
        Assert.That(Line(result, "adb"), Does.StartWith("FAULT").And.Contain("/nonexistent/adb was not found; install it (sudo apt-get install adb), or set Provisioning:Enabled to false"));
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
    }

    [Test]
    public async Task Doctor_DatabaseUnreachable_FaultAndNothingCreated()
    {
        if (Engine == Engine.Sqlite)
        {
            File.Delete(Db.SqliteFile!);
            var result = await DoctorAsync(NoProvisioning);
            Assert.That(Line(result, "database"), Does.StartWith("FAULT").And.Contain("no LaiteLaina database at"));
            Assert.That(File.Exists(Db.SqliteFile!), Is.False, "the doctor must not create an empty database");
            Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
            return;
        }
        var closed = FreePort();
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(Db.ConnectionString) { Port = closed, Timeout = 2 }.ToString();
        await File.WriteAllTextAsync(Path.Combine(Scratch, "appsettings.json"), NoProvisioning);
        var pg = await CliRun.RunAsync("doctor", "--data", Scratch, "--database", unreachable);
        Assert.That(Line(pg, "database"), Does.StartWith("FAULT").And.Contain("cannot be reached"));
        Assert.That(pg.Out, Does.Not.Contain("Password"));
        Assert.That(pg.ExitCode, Is.EqualTo(CliApp.Failed));
    }

    [TestCase("yes", DoctorLevel.Ok)]
    [TestCase("no", DoctorLevel.Warning)]
    [TestCase(null, DoctorLevel.Warning)]
    public void Clock_TimedatectlAnswer_Level(string? answer, DoctorLevel level) =>
        Assert.That(Doctor.Clock(answer, DateTimeOffset.UnixEpoch).Level, Is.EqualTo(level));

    [TestCase(null, DoctorLevel.Warning)]
    [TestCase(5.0, DoctorLevel.Ok)]
    [TestCase(40.0, DoctorLevel.Fault)]
    public void Backup_HoursSinceLast_Level(double? hoursAgo, DoctorLevel level)
    {
        var now = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        Assert.That(Doctor.Backup(hoursAgo is { } h ? now.AddHours(-h) : null, now).Level, Is.EqualTo(level));
    }

    private async Task<string[]> WriteSettingsAsync(string settings)
    {
        await File.WriteAllTextAsync(Path.Combine(Scratch, "appsettings.json"), settings);
        return Engine == Engine.Sqlite ? ["doctor", "--data", Scratch] : ["doctor", "--data", Scratch, "--database", Db.ConnectionString];
    }

    /// <summary>Provisioning as a station has it (the test run turns it off: see <see cref="ProvisioningOffByDefault"/>).</summary>
    private sealed class ProvisioningOn : IDisposable
    {
        public ProvisioningOn() => Environment.SetEnvironmentVariable("Provisioning__Enabled", "true");

        public void Dispose() => Environment.SetEnvironmentVariable("Provisioning__Enabled", "false");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task<int> RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}

/// <summary>The disk check reads the data directory's file system, whatever the database engine: run once, not per engine.</summary>
public sealed class DoctorDiskTests
{
    [Test]
    public async Task Doctor_DataOnANearlyFullDisk_WarningBelowOneGigabyte()
    {
        var small = Directory.CreateTempSubdirectory("laitelaina-tmpfs-").FullName;
        if (await DoctorCommandTests.RunAsync("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small) != 0)
            Assert.Ignore("mounting a tmpfs needs root (CAP_SYS_ADMIN); this run has not");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(small, "appsettings.json"), DoctorCommandTests.NoProvisioning);
            var result = await CliRun.RunAsync("doctor", "--data", small);
            Assert.That(DoctorCommandTests.Line(result, "disk space"), Does.StartWith("warning").And.Contain($"only 0 GB free for {small}; below 1 GB"));
        }
        finally
        {
            await DoctorCommandTests.RunAsync("umount", small);
            Directory.Delete(small);
        }
    }
}
