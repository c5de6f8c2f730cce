using Microsoft.Data.Sqlite;

namespace LaiteLaina.Tests.Backups;

/// <summary>`laitelaina backup now | list | drill` on a real data directory, in the reader's language.</summary>
public sealed class BackupCommandTests
{
    private string dir = null!;
    private string scratch = null!;

    private static readonly Dictionary<string, string> Finnish = new() { ["LANG"] = "fi_FI.UTF-8" };

    private Task<CliResult> Run(params string[] args) => CliRun.RunAsync(Finnish, [.. args, "--data", dir]);

    [SetUp]
    public async Task CreateOfficeAsync()
    {
        dir = Directory.CreateTempSubdirectory("laitelaina-backups-").FullName;
        scratch = Path.Combine(Path.GetTempPath(), "laitelaina-drill-" + Guid.NewGuid().ToString("N"));
        Assert.That((await Run("init")).ExitCode, Is.Zero);
        await Run("device", "add", "--kind", "tablet");
        await Run("device", "add", "--kind", "laptop");
    }

    [TearDown]
    public void RemoveFolders()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
        if (Directory.Exists(scratch))
            Directory.Delete(scratch, true);
    }

    [Test]
    public async Task BackupNowListDrill_AfterWrites_DrillSaysOkInFinnish()
    {
        var now = await Run("backup", "now");
        Assert.That(now.ExitCode, Is.Zero, now.Error);
        Assert.That(now.Out, Does.StartWith("Varmuuskopio ").And.Contain("kirjoitettu ja tarkistettu"));
        await Run("device", "add", "--kind", "phone");

        var list = await Run("backup", "list", "--format", "json");
        Assert.That(list.ExitCode, Is.Zero, list.Error);
        var backups = JsonDocument.Parse(list.Out).RootElement;
        Assert.That(backups.GetArrayLength(), Is.EqualTo(1));

        var drill = await Run("backup", "drill", scratch);
        Assert.That(drill.ExitCode, Is.Zero, drill.Error);
        Assert.That(drill.Out, Does.StartWith("Palautusharjoitus onnistui"));
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(scratch, "laitelaina.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await c.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT count(*) FROM devices"), Is.EqualTo(2), "the drill restored what the backup held");
    }

    [Test]
    public async Task BackupDrill_IntoTheDataDirectory_RefusedInFinnishAndNothingTouched()
    {
        Assert.That((await Run("backup", "now")).ExitCode, Is.Zero);
        var live = Path.Combine(dir, DataLocation.DatabaseFileName);
        var before = File.GetLastWriteTimeUtc(live);
        var drill = await Run("backup", "drill", dir);
        Assert.That(drill.ExitCode, Is.EqualTo(1));
        Assert.That(drill.Error, Does.Contain("harjoitus ei koskaan palauta datakansioon"));
        Assert.That(File.GetLastWriteTimeUtc(live), Is.EqualTo(before));
    }

    [Test]
    public async Task BackupDrill_NoBackupYet_SaysSoInFinnish()
    {
        var drill = await Run("backup", "drill", scratch);
        Assert.That(drill.ExitCode, Is.EqualTo(1));
        Assert.That(drill.Error, Does.Contain("ei ole vielä yhtään varmuuskopiota"));
    }
}
