using System.Globalization;
using LaiteLaina.Storage;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Backups;

/// <summary>A backup on disk: its folder's name (the UTC time it was taken), its folder and its manifest.</summary>
public sealed record BackupEntry(string Name, string Folder, BackupManifest Manifest);

/// <summary>What a restore drill found: the backup, where it was restored, and the fault when there was one.</summary>
public sealed record DrillOutcome(string Name, string Scratch, int Tables, long Rows, Message? Fault)
{
    public Message Say => Fault is null
        ? Msg.BackupDrillOk.With(Name, Scratch, Tables, Rows)
        : Msg.BackupDrillFault.With(Name, Fault);
}

/// <summary>
/// The scheduled backup of a SQLite station: an online copy of the database and of the files the data directory holds
/// beside it, into one folder per run with a manifest, checked by opening the copy, recorded, and thinned out to so
/// many days, weeks and months. Documents (signed agreements, certificates) are rows of the database, so the copy
/// carries them; the files copied are the office's settings, template overrides, profiles, wipe logs and the keys
/// that sign the web sessions. On PostgreSQL the database's own tools make the backups.
/// </summary>
public sealed class BackupService(Database db, DataLocation location, BackupOptions options, BackupStore store, TimeProvider clock,
    ILogger<BackupService> log)
{
    public const string DatabaseFile = "laitelaina.db";
    private const string NameFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const string PartialSuffix = ".partial";

    /// <summary>What the data directory holds besides the database that a restored station needs.</summary>
    public static readonly IReadOnlyList<string> DataEntries = ["appsettings.json", "templates", "profiles", "wipe-logs", "documents", "keys"];

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public string Folder => options.FolderIn(location.DataDirectory);

    public bool Applies => db.Engine == Engine.Sqlite;

    public BackupOptions Options => options;

    /// <summary>The newest good run, for `doctor`, the metrics and the settings page; null before the first or on PostgreSQL.</summary>
    public Task<BackupRun?> LastSuccessAsync(CancellationToken ct = default) => store.LastSuccessAsync(ct);

    /// <summary>The newest run, good or failed; null before the first.</summary>
    public Task<BackupRun?> LastAsync(CancellationToken ct = default) => store.LastAsync(ct);

    public async Task<BackupStatus> StatusAsync(CancellationToken ct = default) =>
        new(Applies, await store.LastAsync(ct), await store.LastSuccessAsync(ct), Options.Time);

    /// <summary>
    /// One backup run. Whatever goes wrong with the folder (full, not writable, a copy that does not check) is a failed
    /// run, recorded with its reason and logged as an error naming the folder; only a database that cannot record it
    /// throws. The copy is written under a ".partial" name and renamed when checked, so a folder without that suffix
    /// is always a whole, checked backup.
    /// </summary>
    public async Task<BackupRun> RunAsync(CancellationToken ct = default)
    {
        if (!Applies)
            throw new UserError(Msg.BackupPostgresOwn, UserErrorKind.Invalid, "database");
        await OneAtATime.WaitAsync(ct);
        try
        {
            var started = clock.GetUtcNow();
            var folder = Folder;
            var name = started.ToString(NameFormat, CultureInfo.InvariantCulture);
            var partial = Path.Combine(folder, name + PartialSuffix);
            try
            {
                Directory.CreateDirectory(folder);
                RemovePartials(folder);
                Directory.CreateDirectory(partial);
                var tables = await Backup.SnapshotAsync(db, Path.Combine(partial, DatabaseFile), ct);
                CopyDataFiles(location.DataDirectory, partial, folder);
                var manifest = new BackupManifest(1, started, Migrator.Latest, tables, await BackupManifest.DescribeAsync(partial, ct));
                await manifest.WriteAsync(partial, ct);
                if (await FaultAsync(partial, manifest, ct) is { } fault)
                    throw new UserError(fault, UserErrorKind.Invalid, "backup");
                var final = Path.Combine(folder, name);
                for (var n = 2; Directory.Exists(final); n++)
                    final = Path.Combine(folder, $"{name}-{n}");
                Directory.Move(partial, final);
                var run = await store.AddAsync(started, clock.GetUtcNow(), final, BackupRun.Ok, manifest.Bytes, manifest.Rows, null, ct);
                log.LogInformation("Backup written and checked: {Folder} ({Bytes} bytes, {Rows} rows).", final, manifest.Bytes, manifest.Rows);
                Prune(folder);
                return run;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or UserError { Field: "backup" or "file" })
            {
                TryDelete(partial);
                var problem = Explain(e, folder);
                log.LogError("Backup into {Folder} failed: {Reason}", folder, problem.Render(MessageCatalog.English));
                return await store.AddAsync(started, clock.GetUtcNow(), folder, BackupRun.Failed, 0, 0, problem, ct);
            }
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>The finished backups in the folder, newest first.</summary>
    public async Task<IReadOnlyList<BackupEntry>> ListAsync(CancellationToken ct = default)
    {
        var folder = Folder;
        if (!Directory.Exists(folder))
            return [];
        var entries = new List<BackupEntry>();
        foreach (var dir in Directory.EnumerateDirectories(folder).Where(d => TakenAt(Path.GetFileName(d)) is not null))
        {
            if (await BackupManifest.ReadAsync(dir, ct) is { } manifest)
                entries.Add(new BackupEntry(Path.GetFileName(dir), dir, manifest));
        }
        return [.. entries.OrderByDescending(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The restore drill: copies the newest backup into <paramref name="scratch"/> (an empty folder, never the data
    /// directory or inside it), proves each file by its SHA-256, opens the restored database read-only and compares its
    /// integrity and its rows with the manifest. A fault is the outcome, not an exception: finding one is the drill's job.
    /// </summary>
    public async Task<DrillOutcome> DrillAsync(string scratch, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(scratch);
        var data = Path.GetFullPath(location.DataDirectory);
        if (Inside(target, data) || Inside(data, target))
            throw UserError.Invalid("scratch", scratch, Msg.BackupScratchIsData.With(data));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() || File.Exists(target))
            throw UserError.Invalid("scratch", scratch, Msg.BackupScratchNotEmpty);
        if (await ListAsync(ct) is not [var latest, ..])
            throw new UserError(Msg.BackupNone.With(Folder), UserErrorKind.NotFound, "backup");
        Directory.CreateDirectory(target);
        foreach (var file in latest.Manifest.Files)
        {
            var from = Path.Combine(latest.Folder, file.Path);
            if (!File.Exists(from))
                return new DrillOutcome(latest.Name, target, 0, 0, Msg.BackupFileChanged.With(file.Path));
            var to = Path.Combine(target, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
        var fault = await FaultAsync(target, latest.Manifest, ct);
        return new DrillOutcome(latest.Name, target, latest.Manifest.Tables.Count, latest.Manifest.Rows, fault);
    }

    /// <summary>The first way the run in <paramref name="folder"/> differs from <paramref name="manifest"/>; null when it agrees.</summary>
    private static async Task<Message?> FaultAsync(string folder, BackupManifest manifest, CancellationToken ct)
    {
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(folder, file.Path);
            if (!File.Exists(path) || await BackupManifest.HashAsync(path, ct) != file.Sha256)
                return Msg.BackupFileChanged.With(file.Path);
        }
        IReadOnlyDictionary<string, long> counted;
        try
        {
            counted = await Backup.CheckAsync(Path.Combine(folder, DatabaseFile), ct);
        }
        catch (UserError e)
        {
            return e.Text;
        }
        foreach (var (table, rows) in manifest.Tables)
        {
            var found = counted.GetValueOrDefault(table, -1);
            if (found != rows)
                return Msg.BackupCountMismatch.With(table, Math.Max(found, 0), rows);
        }
        if (counted.Keys.FirstOrDefault(t => !manifest.Tables.ContainsKey(t)) is { } extra)
            return Msg.BackupCountMismatch.With(extra, counted[extra], 0);
        return null;
    }

    /// <summary>Keeps the newest backup of each of the last <see cref="BackupOptions.KeepDaily"/> days, <see
    /// cref="BackupOptions.KeepWeekly"/> ISO weeks and <see cref="BackupOptions.KeepMonthly"/> months; removes the rest.</summary>
    private void Prune(string folder)
    {
        var runs = Directory.EnumerateDirectories(folder)
            .Select(d => (Dir: d, At: TakenAt(Path.GetFileName(d))))
            .Where(r => r.At is not null && File.Exists(Path.Combine(r.Dir, BackupManifest.FileName)))
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Dir, StringComparer.Ordinal)
            .ToList();
        var keep = Keep(runs.Select(r => r.At!.Value).ToList(), options.KeepDaily, options.KeepWeekly, options.KeepMonthly);
        for (var i = 0; i < runs.Count; i++)
        {
            if (keep.Contains(i))
                continue;
            log.LogInformation("Backup {Folder} is older than the backups kept; removed.", runs[i].Dir);
            Directory.Delete(runs[i].Dir, recursive: true);
        }
    }

    /// <summary>Which of <paramref name="newestFirst"/> to keep (by index): the newest of each distinct day, ISO week and
    /// month, up to the given number of each. The newest backup is always kept.</summary>
    public static IReadOnlySet<int> Keep(IReadOnlyList<DateTimeOffset> newestFirst, int daily, int weekly, int monthly)
    {
        var keep = new HashSet<int>();
        if (newestFirst.Count > 0)
            keep.Add(0);
        void Take(Func<DateTimeOffset, string> period, int count)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < newestFirst.Count && seen.Count < count; i++)
            {
                if (seen.Add(period(newestFirst[i])))
                    keep.Add(i);
            }
        }
        Take(t => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), daily);
        Take(t => $"{ISOWeek.GetYear(t.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(t.UtcDateTime)}", weekly);
        Take(t => t.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), monthly);
        return keep;
    }

    /// <summary>When the run of that folder name was taken; null for a folder that is not a finished run.</summary>
    private static DateTimeOffset? TakenAt(string name)
    {
        var stem = name.Length > 16 && name[16] == '-' ? name[..16] : name;
        return DateTimeOffset.TryParseExact(stem, NameFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;
    }

    private static void CopyDataFiles(string data, string into, string backupFolder)
    {
        foreach (var entry in DataEntries)
        {
            var from = Path.Combine(data, entry);
            if (File.Exists(from))
                File.Copy(from, Path.Combine(into, entry));
            else if (Directory.Exists(from) && !Inside(backupFolder, from))
            {
                foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                {
                    var to = Path.Combine(into, Path.GetRelativePath(data, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Copy(file, to);
                }
            }
        }
    }

    /// <summary>Removes what a run cut short (power cut, service killed) left behind.</summary>
    private static void RemovePartials(string folder)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder, "*" + PartialSuffix))
            TryDelete(dir);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What cannot be removed now is removed by the next run's RemovePartials.
        }
    }

    private static bool Inside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private const int NoSpace = 28, ReadOnlyFileSystem = 30;

    /// <summary>The reason in words an administrator acts on: full, not writable, or what the check found.</summary>
    private static Message Explain(Exception e, string folder)
    {
        if (e is UserError user)
            return Msg.BackupFailed.With(folder, user.Text);
        if (Full(e, folder))
            return Msg.BackupDiskFull.With(folder);
        if (e is UnauthorizedAccessException or SqliteException { SqliteErrorCode: 8 or 14 or 23 } || e is IOException && (e.HResult & 0xFFFF) == ReadOnlyFileSystem)
            return Msg.BackupFolderUnwritable.With(folder);
        return Msg.BackupFailed.With(folder, e.Message);
    }

    private static bool Full(Exception e, string folder)
    {
        if (e is SqliteException { SqliteErrorCode: 13 } || e is IOException && (e.HResult & 0xFFFF) == NoSpace)
            return true;
        try
        {
            // SQLite reports a write that ran out of room as a plain I/O error on some file systems; the disk says more.
            return new DriveInfo(folder).AvailableFreeSpace < 64 * 1024;
        }
        catch (Exception d) when (d is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>What the settings page shows of the backups: whether this station makes them, the last run and the last good one.</summary>
/// <param name="At">The nightly backup's local time, so that "no backup yet" can say when the first one comes.</param>
public sealed record BackupStatus(bool Applies, BackupRun? Last, BackupRun? LastSuccess, TimeOnly At);
