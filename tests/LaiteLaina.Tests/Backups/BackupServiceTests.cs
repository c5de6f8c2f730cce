using LaiteLaina.Backups;
using LaiteLaina.Tests.Audit;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.Tests.Backups;

/// <summary>
/// The scheduled backup on real SQLite files: copied while a writer keeps writing, checked against its manifest,
/// thinned out, restored by the drill; a full or read-only folder is a failed run that is recorded and logged, not a
/// crash. SQLite only: on PostgreSQL the backups are pg_dump's and WAL archiving's (README), see
/// <see cref="BackupServicePostgresTests"/>.
/// </summary>
[TestFixture(Engine.Sqlite)]
public sealed class BackupServiceTests(Engine engine) : DatabaseTest(engine)
{
    private readonly ListLogger<BackupService> log = new();

    private BackupService Backups(BackupOptions? options = null, TimeProvider? clock = null) =>
        new(Db, new DataLocation(Scratch, null), options ?? new BackupOptions(), new BackupStore(Db), clock ?? TimeProvider.System, log);

    private Task AddDonorsAsync(int count) => Db.WriteAsync(async (c, tx) =>
    {
        for (var i = 0; i < count; i++)
            await c.ExecuteAsync("INSERT INTO donors (name, kind, created_at) VALUES (@name, 'company', @at)",
                new { name = $"Donor {i} " + new string('x', 200), at = DateTimeOffset.UtcNow }, tx);
    });

    private Task<long> DonorsAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM donors"));

    [Test]
    public async Task RunAsync_WritesDuringTheCopy_CopyMatchesItsManifest()
    {
        await AddDonorsAsync(20000);
        File.WriteAllText(Path.Combine(Scratch, "appsettings.json"), "{}");
        Directory.CreateDirectory(Path.Combine(Scratch, "templates"));
        File.WriteAllText(Path.Combine(Scratch, "templates", "agreement.fi.md"), "# Sopimus");
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await AddDonorsAsync(1);
                written++;
            }
        });
        var before = await DonorsAsync();
        var run = await Backups().RunAsync();
        var afterRun = await DonorsAsync();
        await stop.CancelAsync();
        await writer;

        Assert.That(run.State, Is.EqualTo(BackupRun.Ok), run.Why?.ToString());
        Assert.That(written, Is.GreaterThan(0), "the writer never wrote");
        var manifest = (await BackupManifest.ReadAsync(run.Folder, default))!;
        Assert.That(manifest.Tables["donors"], Is.InRange(before, afterRun));
        var copied = await Backup.CheckAsync(Path.Combine(run.Folder, BackupService.DatabaseFile));
        Assert.That(copied, Is.EqualTo(manifest.Tables));
        Assert.That(manifest.Files.Select(f => f.Path), Is.SupersetOf(new[] { "laitelaina.db", "appsettings.json", "templates/agreement.fi.md" }));
        Assert.That(await Backups().LastSuccessAsync(), Has.Property(nameof(BackupRun.Folder)).EqualTo(run.Folder));
    }

    [Test]
    public async Task DrillAsync_AfterABackup_RestoresIntoScratchAndCountsMatch()
    {
        await AddDonorsAsync(50);
        var run = await Backups().RunAsync();
        await AddDonorsAsync(5);
        var scratch = Path.Combine(Path.GetTempPath(), "laitelaina-drill-" + Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = await Backups().DrillAsync(scratch);
            Assert.That(outcome.Fault, Is.Null, outcome.Say.ToString());
            Assert.That(outcome.Name, Is.EqualTo(Path.GetFileName(run.Folder)));
            Assert.That(outcome.Say.Render(CultureInfo.GetCultureInfo("fi")), Does.StartWith("Palautusharjoitus onnistui"));
            var restored = await Backup.CheckAsync(Path.Combine(scratch, BackupService.DatabaseFile));
            Assert.That(restored["donors"], Is.EqualTo(50));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(scratch, true);
        }
    }

    [Test]
    public async Task DrillAsync_ManifestSaysOtherCount_FaultNamesTheTable()
    {
        await AddDonorsAsync(3);
        var run = await Backups().RunAsync();
        var manifestFile = Path.Combine(run.Folder, BackupManifest.FileName);
        File.WriteAllText(manifestFile, Regex.Replace(File.ReadAllText(manifestFile), "\"donors\": 3", "\"donors\": 4"));
        var scratch = Path.Combine(Scratch, "..", "drill-" + Guid.NewGuid().ToString("N"));
        var outcome = await Backups().DrillAsync(scratch);
        Assert.That(outcome.Fault?.ToString(), Is.EqualTo("table donors holds 3 rows in the copy, but the manifest says 4"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(scratch, true);
    }

    [Test]
    public async Task DrillAsync_ScratchIsTheDataDirectory_RefusedAndLiveUntouched()
    {
        await AddDonorsAsync(2);
        await Backups().RunAsync();
        var live = Path.Combine(Scratch, DataLocation.DatabaseFileName);
        var hash = await BackupManifest.HashAsync(live, default);
        foreach (var scratch in new[] { Scratch, Path.Combine(Scratch, "drill") })
        {
            var e = Assert.ThrowsAsync<UserError>(() => Backups().DrillAsync(scratch));
            Assert.That(e!.Code, Is.EqualTo("value.invalid"));
            Assert.That(e.Message, Does.Contain("never restores into the data directory"));
        }
        Assert.That(await BackupManifest.HashAsync(live, default), Is.EqualTo(hash));
        Assert.That(await DonorsAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task RunAsync_MoreNightsThanKept_OnlyTheKeptRemain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 1, 30, 0, TimeSpan.Zero));
        var backups = Backups(new BackupOptions { KeepDaily = 3, KeepWeekly = 0, KeepMonthly = 0 }, clock);
        var runs = new List<BackupRun>();
        for (var night = 0; night < 5; night++)
        {
            runs.Add(await backups.RunAsync());
            clock.Advance(TimeSpan.FromDays(1));
        }
        var kept = (await backups.ListAsync()).Select(b => b.Folder).ToList();
        Assert.That(kept, Is.EqualTo(runs.Skip(2).Reverse().Select(r => r.Folder)));
    }

    [Test]
    public async Task RunAsync_FullDisk_FailedRunRecordedAndLogged()
    {
        await AddDonorsAsync(5000);
        var folder = MountTmpfs("size=64k");
        try
        {
            var backups = Backups(new BackupOptions { Folder = folder });
            var run = await backups.RunAsync();
            Assert.That(run.State, Is.EqualTo(BackupRun.Failed));
            Assert.That(run.Why?.Id, Is.EqualTo(Msg.BackupDiskFull));
            Assert.That(run.Why!.Render(CultureInfo.GetCultureInfo("sv")), Does.StartWith($"säkerhetskopiemappen {folder} är full"));
            Assert.That(log.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal)),
                Has.One.Contains(folder).And.Contains("is full"));
            Assert.That(Directory.EnumerateFileSystemEntries(folder), Is.Empty, "the cut-short copy was left behind");
            Assert.That(await backups.LastAsync(), Has.Property(nameof(BackupRun.State)).EqualTo(BackupRun.Failed));
            Assert.That(await backups.LastSuccessAsync(), Is.Null);
            await AddDonorsAsync(1);
            Assert.That(await DonorsAsync(), Is.EqualTo(5001), "the live database stopped taking writes");
        }
        finally
        {
            Unmount(folder);
        }
    }

    [Test]
    public async Task RunAsync_ReadOnlyFolder_FailedRunSaysNotWritable()
    {
        var folder = MountTmpfs("ro,size=1m");
        try
        {
            var run = await Backups(new BackupOptions { Folder = folder }).RunAsync();
            Assert.That(run.State, Is.EqualTo(BackupRun.Failed));
            Assert.That(run.Why?.Id, Is.EqualTo(Msg.BackupFolderUnwritable), run.Why?.ToString());
            Assert.That(run.Why!.Render(CultureInfo.GetCultureInfo("fi")), Does.Contain(folder));
        }
        finally
        {
            Unmount(folder);
        }
    }

    /// <summary>A tmpfs of its own, so that "full" and "read-only" are real file-system answers, not simulated ones.</summary>
    private static string MountTmpfs(string options)
    {
        var folder = Directory.CreateTempSubdirectory("laitelaina-tmpfs-").FullName;
        if (Environment.UserName != "root")
            Assert.Ignore("mounting a small tmpfs needs root (CI and the developers' machines run as root)");
        using var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", options, "tmpfs", folder]) { RedirectStandardError = true })!;
        mount.WaitForExit();
        if (mount.ExitCode != 0)
            Assert.Ignore("this machine refused to mount a tmpfs: " + mount.StandardError.ReadToEnd());
        return folder;
    }

    private static void Unmount(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var umount = Process.Start("umount", [folder]);
        umount.WaitForExit();
        Directory.Delete(folder);
    }
}

/// <summary>On PostgreSQL the service makes no backups (the database's own tools do) and says so.</summary>
[TestFixture(Engine.Postgres)]
public sealed class BackupServicePostgresTests(Engine engine) : DatabaseTest(engine)
{
    [Test]
    public void RunAsync_Postgres_RefusedAsTheDatabasesOwn()
    {
        var e = Assert.ThrowsAsync<UserError>(() => Service<BackupService>().RunAsync());
        Assert.That(e!.Code, Is.EqualTo("backup.postgres-own"));
        Assert.That(Service<BackupService>().Applies, Is.False);
    }
}

public sealed class BackupKeepTests
{
    [Test]
    public void Keep_ANightlyRunForTwoYears_SevenDaysFourWeeksTwelveMonths()
    {
        var newest = new DateTimeOffset(2026, 12, 7, 2, 30, 0, TimeSpan.Zero);
        var nights = Enumerable.Range(0, 730).Select(d => newest.AddDays(-d)).ToList();
        var kept = BackupService.Keep(nights, 7, 4, 12).Order().Select(i => nights[i]).ToList();
        Assert.That(kept.Take(7), Is.EqualTo(nights.Take(7)), "the last seven nights");
        // Newest of each ISO week and each month; the days, weeks and months overlap where they coincide.
        Assert.That(kept.Select(k => k.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Distinct().Count(), Is.EqualTo(12));
        Assert.That(kept.Count, Is.InRange(12, 7 + 4 + 12));
        Assert.That(kept.Min(), Is.GreaterThan(newest.AddMonths(-12)));
    }

    [Test]
    public void Keep_NothingToKeep_StillKeepsTheNewest()
    {
        var nights = new[] { DateTimeOffset.UnixEpoch.AddDays(2), DateTimeOffset.UnixEpoch.AddDays(1) };
        Assert.That(BackupService.Keep(nights, 0, 0, 0), Is.EquivalentTo(new[] { 0 }));
    }
}
