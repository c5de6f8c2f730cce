using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LaiteLaina.Backups;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Provisioning;
using LaiteLaina.Storage;

namespace LaiteLaina;

public enum DoctorLevel { Ok, Warning, Fault }

/// <summary>One line of `laitelaina doctor`: what was checked, how it stands and, unless all is well, what to do.</summary>
public sealed record DoctorFinding(DoctorLevel Level, Msg Check, Message Text);

/// <summary>
/// Checks a station as an administrator would by hand: the serial ports of the configured scanners and printers and
/// whether the service's user may open them, adb and its server, each printer's status answer, the database, the
/// free space beside it, the clock and the last backup. It only looks: nothing is created, migrated or printed.
/// </summary>
public sealed class Doctor(HardwareSettings hardware, ProvisioningOptions provisioning, Database db, DataLocation location,
    TimeProvider clock, BackupService backups)
{
    /// <summary>Below this the nightly backup and a busy day's documents may no longer fit.</summary>
    public const long LowDiskBytes = 1_000_000_000;

    /// <summary>A nightly backup with a day's slack.</summary>
    public static readonly TimeSpan BackupMaxAge = TimeSpan.FromHours(36);

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The read and write bits of one of a mode's owner, group or other triplets.</summary>
    private const int ReadWrite = 6;

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(string user, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        var ports = hardware.Scanners.Select(s => (s.Name, s.Port))
            .Concat(hardware.Printers.Select(p => (p.Name, p.Port)))
            .Where(p => PrinterTransports.IsDevice(p.Port)).ToList();
        foreach (var (name, port) in ports)
            findings.Add(await SerialPortAsync(name, port, user, ct));
        if (ports.Count == 0)
            findings.Add(new(DoctorLevel.Ok, Msg.DoctorCheckSerial, Msg.DoctorSerialNone));
        findings.Add(await AdbAsync(ct));
        foreach (var printer in hardware.Printers)
            findings.Add(await PrinterAsync(printer, ct));
        var database = await DatabaseAsync(ct);
        findings.Add(database);
        if (database.Level == DoctorLevel.Ok)
            findings.Add(Sites((await new SiteService(db).NamesAsync(ct)).Select(s => s.Code)));
        findings.Add(Disk(location.DataDirectory));
        findings.Add(Clock(await RunToolAsync("timedatectl", ["show", "-p", "NTPSynchronized", "--value"], ct), clock.GetLocalNow()));
        // PostgreSQL is backed up by the database's own tools, whose runs this service cannot see; and a database that
        // is not there or not migrated has no record of backups to read.
        if (backups.Applies && database.Level == DoctorLevel.Ok)
            findings.Add(Backup((await backups.LastSuccessAsync(ct))?.FinishedAt, clock.GetUtcNow()));
        return findings;
    }

    /// <summary>The numeric user and group ids of <paramref name="user"/>, or a refusal naming it.</summary>
    public static async Task<(int Uid, IReadOnlySet<int> Groups)> UserIdsAsync(string user, CancellationToken ct)
    {
        var uid = await RunToolAsync("id", ["-u", user], ct);
        var groups = await RunToolAsync("id", ["-G", user], ct);
        if (uid is null || groups is null)
            throw UserError.Invalid("user", user, Msg.DoctorUserAllowed);
        return (int.Parse(uid, CultureInfo.InvariantCulture),
            groups.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(g => int.Parse(g, CultureInfo.InvariantCulture)).ToHashSet());
    }

    /// <summary>Whether <paramref name="user"/> may read and write the device, by the owner, group and mode bits as the
    /// kernel applies them (owner bits for the owner, else group bits for a member, else the others' bits), so that
    /// root can ask on behalf of the service user.</summary>
    public static async Task<DoctorFinding> SerialPortAsync(string name, string port, string user, CancellationToken ct)
    {
        if (!File.Exists(port))
            return new(DoctorLevel.Fault, Msg.DoctorCheckSerial, Msg.DoctorPortMissing.With(name, port));
        var (uid, groups) = await UserIdsAsync(user, ct);
        var stat = (await RunToolAsync("stat", ["-L", "-c", "%u %g %G %a", port], ct))?.Split(' ');
        if (stat is not { Length: 4 })
            return new(DoctorLevel.Warning, Msg.DoctorCheckSerial, Msg.DoctorPortUnknown.With(name, port));
        var owner = int.Parse(stat[0], CultureInfo.InvariantCulture);
        var group = int.Parse(stat[1], CultureInfo.InvariantCulture);
        var mode = Convert.ToInt32(stat[3], 8);
        var bits = uid == owner ? mode >> 6 : groups.Contains(group) ? mode >> 3 : mode;
        return uid == 0 || (bits & ReadWrite) == ReadWrite
            ? new(DoctorLevel.Ok, Msg.DoctorCheckSerial, Msg.DoctorPortOk.With(name, port))
            : new(DoctorLevel.Fault, Msg.DoctorCheckSerial, Msg.DoctorPortDenied.With(name, port, user, stat[2]));
    }

    /// <summary>adb on the PATH (or where Provisioning:Adb says) and its server answering host:version on its port.</summary>
    public async Task<DoctorFinding> AdbAsync(CancellationToken ct)
    {
        if (!provisioning.Enabled)
            return new(DoctorLevel.Ok, Msg.DoctorCheckAdb, Msg.DoctorAdbNotNeeded);
        if (FindProgram(provisioning.Adb) is not { } adb)
            return new(DoctorLevel.Fault, Msg.DoctorCheckAdb, Msg.DoctorAdbMissing.With(provisioning.Adb));
        var port = AdbServer.PortOf(provisioning);
        return await AdbServerVersionAsync(port, ct) is { } version
            ? new(DoctorLevel.Ok, Msg.DoctorCheckAdb, Msg.DoctorAdbOk.With(adb, port, version))
            : new(DoctorLevel.Warning, Msg.DoctorCheckAdb, Msg.DoctorAdbServerDown.With(adb, port));
    }

    /// <summary>The adb server's protocol version, asked as the adb client does: a 4-hex-digit length, "host:version",
    /// then OKAY and the version as a length-prefixed hex number (AOSP packages/modules/adb/SERVICES.TXT). Null when
    /// nothing answers on the port.</summary>
    public static async Task<int?> AdbServerVersionAsync(int port, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ToolTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, limit.Token);
            var stream = client.GetStream();
            const string Request = "host:version";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{Request.Length:x4}{Request}"), limit.Token);
            var reply = new byte[12];
            await stream.ReadExactlyAsync(reply, limit.Token);
            var text = Encoding.ASCII.GetString(reply);
            return text.StartsWith("OKAY", StringComparison.Ordinal)
                   && int.TryParse(text.AsSpan(8, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var version)
                ? version : null;
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>The printer's own status answer (~HS for ZPL, DLE EOT for ESC/POS), as the print queue asks it before a job.</summary>
    public static async Task<DoctorFinding> PrinterAsync(PrinterSettings printer, CancellationToken ct)
    {
        try
        {
            await using var transport = await PrinterTransports.OpenAsync(printer, ct);
            if (!transport.CanReport)
                return new(DoctorLevel.Ok, Msg.DoctorCheckPrinter, Msg.DoctorPrinterNoStatus.With(printer.Name, printer.Port));
            var state = await PrintQueueWorker.AskAsync(transport, printer, ct);
            return state.IsReady
                ? new(DoctorLevel.Ok, Msg.DoctorCheckPrinter, Msg.DoctorPrinterAnswers.With(printer.Name, state.Text))
                : new(DoctorLevel.Fault, Msg.DoctorCheckPrinter, Msg.DoctorPrinterProblem.With(printer.Name, state.Text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException or SocketException)
        {
            return new(DoctorLevel.Fault, Msg.DoctorCheckPrinter, Msg.DoctorPrinterProblem.With(printer.Name, Msg.PrinterUnreachable.With(e.Message)));
        }
    }

    public async Task<DoctorFinding> DatabaseAsync(CancellationToken ct)
    {
        var health = await DatabaseHealth.CheckAsync(db, ct);
        return health.Problem is { } problem
            ? new(DoctorLevel.Fault, Msg.DoctorCheckDatabase, problem)
            : new(DoctorLevel.Ok, Msg.DoctorCheckDatabase, Msg.DoctorDatabaseOk.With(db.Display, health.Version));
    }

    /// <summary>Free space of the file system that holds <paramref name="directory"/> (or its nearest existing parent,
    /// before the first start has made it).</summary>
    public static DoctorFinding Disk(string directory)
    {
        var existing = new DirectoryInfo(directory);
        while (!existing.Exists && existing.Parent is not null)
            existing = existing.Parent;
        var free = new DriveInfo(existing.FullName).AvailableFreeSpace;
        var gigabytes = Math.Round(free / 1e9, 1);
        return free < LowDiskBytes
            ? new(DoctorLevel.Warning, Msg.DoctorCheckDisk, Msg.DoctorDiskLow.With(gigabytes, directory))
            : new(DoctorLevel.Ok, Msg.DoctorCheckDisk, Msg.DoctorDiskOk.With(gigabytes, directory));
    }

    /// <summary>From timedatectl's NTPSynchronized (yes or no); null where there is no timedatectl or no systemd to ask.</summary>
    public static DoctorFinding Clock(string? ntpSynchronized, DateTimeOffset now) => ntpSynchronized switch
    {
        "yes" => new(DoctorLevel.Ok, Msg.DoctorCheckClock, Msg.DoctorClockOk),
        "no" => new(DoctorLevel.Warning, Msg.DoctorCheckClock, Msg.DoctorClockNotSynchronised),
        _ => new(DoctorLevel.Warning, Msg.DoctorCheckClock, Msg.DoctorClockUnknown.With(now.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))),
    };

    /// <summary>Site codes saved before the rule (#20) still work, but a label, an address or a setting may mangle
    /// them: the administrator hears which, and where to rename them.</summary>
    public static DoctorFinding Sites(IEnumerable<string> codes)
    {
        var old = codes.Where(code => !SiteCode.Follows(code)).ToList();
        return old.Count == 0
            ? new(DoctorLevel.Ok, Msg.DoctorCheckSites, Msg.DoctorSitesOk)
            : new(DoctorLevel.Warning, Msg.DoctorCheckSites, Msg.DoctorSitesOld.With(string.Join(", ", old)));
    }

    public static DoctorFinding Backup(DateTimeOffset? last, DateTimeOffset now)
    {
        // A station installed today has had no night yet: worth saying, not a fault.
        if (last is not { } at)
            return new(DoctorLevel.Warning, Msg.DoctorCheckBackup, Msg.DoctorBackupNever);
        var hours = (int)Math.Floor((now - at).TotalHours);
        return now - at > BackupMaxAge
            ? new(DoctorLevel.Fault, Msg.DoctorCheckBackup, Msg.DoctorBackupOld.With(hours))
            : new(DoctorLevel.Ok, Msg.DoctorCheckBackup, Msg.DoctorBackupOk.With(hours));
    }

    /// <summary>The full path of <paramref name="program"/> as the shell would find it, or null.</summary>
    public static string? FindProgram(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>A tool's first line of output, or null when it is missing, fails or hangs.</summary>
    private static async Task<string?> RunToolAsync(string tool, string[] args, CancellationToken ct)
    {
        if (FindProgram(tool) is not { } path)
            return null;
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ToolTimeout);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            _ = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? (await output).Split('\n')[0].Trim() : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
