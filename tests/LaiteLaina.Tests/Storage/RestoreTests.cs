using System.Text.Json;
using LaiteLaina.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Tests.Storage;

/// <summary>
/// A restore is checked on a copy before the live database is touched, and keeps what it replaced. SQLite only:
/// PostgreSQL is restored with pg_restore. Each test starts with an office of two devices and a good backup of it.
/// </summary>
public sealed class RestoreTests
{
    private string dir = null!;
    private string backup = null!;

    private Task<CliResult> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", dir]);

    private string Live => Path.Combine(dir, DataLocation.DatabaseFileName);

    [SetUp]
    public async Task CreateOfficeAsync()
    {
        dir = Directory.CreateTempSubdirectory("laitelaina-restore-").FullName;
        Assert.That((await Run("init")).ExitCode, Is.Zero);
        await Run("device", "add", "--kind", "tablet");
        await Run("device", "add", "--kind", "laptop");
        backup = Path.Combine(dir, "good.db");
        Assert.That((await Run("backup", backup)).ExitCode, Is.Zero);
        await Run("device", "add", "--kind", "phone");
    }

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }

    private async Task<int> DeviceCountAsync()
    {
        var list = await Run("device", "list", "--format", "json");
        Assert.That(list.ExitCode, Is.Zero, list.Error);
        return JsonDocument.Parse(list.Out).RootElement.GetArrayLength();
    }

    private static async Task ChangeAsync(string file, string sql)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await c.OpenAsync();
        await c.ExecuteAsync(sql);
    }

    private string[] Replaced() => Directory.GetFiles(dir, "laitelaina-replaced-*.db");

    /// <summary>The restore is refused with one line, and the office goes on exactly as before with nothing kept.</summary>
    private async Task AssertRefusedAsync(string file, string expected)
    {
        var result = await Run("restore", file);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Out);
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), result.Error);
        Assert.That(result.Error, Does.Contain(expected));
        Assert.That(await DeviceCountAsync(), Is.EqualTo(3), "the live database is untouched");
        Assert.That(Replaced(), Is.Empty);
        Assert.That(Directory.GetFiles(dir, ".restore-*"), Is.Empty, "the checked copy is removed");
        var again = await Run("restore", backup);
        Assert.That(again.ExitCode, Is.Zero, "a good backup can still be restored afterwards: " + again.Error);
    }

    /// <summary>A copy of the good backup, changed by <paramref name="sql"/>, is refused naming what is wrong.</summary>
    private async Task RefuseChangedAsync(string sql, string expected)
    {
        var copy = Path.Combine(dir, "changed.db");
        File.Copy(backup, copy);
        await ChangeAsync(copy, sql);
        await AssertRefusedAsync(copy, expected);
    }

    [Test]
    public async Task Restore_OtherDatabaseWithSchemaVersion_RefusedAndLiveUntouched()
    {
        // The attack of the report: any SQLite file with a schema_version table used to be copied over the live one.
        var other = Path.Combine(dir, "other.db");
        await ChangeAsync(other, """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
            WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 9)
            INSERT INTO schema_version SELECT v, 'x', '2026-01-01' FROM n;
            CREATE TABLE recipes (name TEXT);
            """);
        await AssertRefusedAsync(other, "is not valid");
    }

    [Test]
    public Task Restore_TableOfTheBackupDropped_RefusedNamingTheTable() =>
        RefuseChangedAsync("PRAGMA foreign_keys = OFF; DROP TABLE reservations;", "lacks table reservations");

    [Test]
    public Task Restore_ColumnAddedByHand_RefusedNamingTheColumn() =>
        RefuseChangedAsync("ALTER TABLE sites ADD COLUMN favourite_colour TEXT;", "holds column sites.favourite_colour TEXT");

    [Test]
    public Task Restore_ExtraTable_Refused() =>
        RefuseChangedAsync("CREATE TABLE recipes (name TEXT);", "holds table recipes");

    [Test]
    public Task Restore_RowPointingNowhere_RefusedNamingTheTable() =>
        RefuseChangedAsync("PRAGMA foreign_keys = OFF; INSERT INTO locations (site_id, name) VALUES (999, 'Aula');", "rows in table locations refer to rows that are not in the backup");

    [Test]
    public Task Restore_MigrationsWithAGap_Refused() =>
        RefuseChangedAsync("DELETE FROM schema_version WHERE version = 3;", "not a LaiteLaina backup");

    [Test]
    public async Task Restore_DamagedPages_RefusedAsDamaged()
    {
        var copy = Path.Combine(dir, "damaged.db");
        File.Copy(backup, copy);
        // Overwrite the middle of the file, past the header, where the tables' pages are.
        await using (var f = new FileStream(copy, FileMode.Open))
        {
            f.Position = f.Length / 2;
            f.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }
        await AssertRefusedAsync(copy, "damaged");
    }

    [Test]
    public async Task Restore_TextFile_RefusedAsNotABackup() =>
        await AssertRefusedAsync(await WriteAsync("notes.db", new string('x', 5000)), "not a LaiteLaina backup");

    [Test]
    public async Task Restore_GoodBackup_KeepsTheReplacedDatabaseAndCanBeUndone()
    {
        var result = await Run("restore", backup, "--as", "ville");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(await DeviceCountAsync(), Is.EqualTo(2));
        var kept = Replaced().Single();
        Assert.That(Path.GetFileName(kept), Does.Match(@"^laitelaina-replaced-\d{8}-\d{6}\.db$"));
        Assert.That(result.Out, Does.Contain(kept), "the restore says where the replaced database is kept");

        var undo = await Run("restore", kept);
        Assert.That(undo.ExitCode, Is.Zero, undo.Error);
        Assert.That(await DeviceCountAsync(), Is.EqualTo(3), "restoring the kept file brings the replaced database back");
        Assert.That(Replaced(), Has.Length.EqualTo(2), "the undo keeps what it replaced too");
        var actions = await ScalarAsync(Live, "SELECT count(*) FROM audit_log WHERE action = 'database.restore'");
        Assert.That(actions, Is.EqualTo(1), "the kept database's log holds its own history, and the undo's own row");
    }

    [Test]
    public async Task Restore_LiveDatabaseBroken_GoodBackupStillRestores()
    {
        await ChangeAsync(Live, "PRAGMA foreign_keys = OFF; DROP TABLE devices;");
        Assert.That((await Run("device", "list")).ExitCode, Is.EqualTo(1));
        var result = await Run("restore", backup);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(await DeviceCountAsync(), Is.EqualTo(2));
        Assert.That(Replaced(), Has.Length.EqualTo(1), "even a broken database is kept");
    }

    [Test]
    public async Task Restore_LiveFileNotADatabase_ReplacedAndItsBytesKept()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(dir, DataLocation.DatabaseFileName + "*"))
            File.Delete(f);
        await File.WriteAllTextAsync(Live, new string('x', 5000));
        var result = await Run("restore", backup);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(await DeviceCountAsync(), Is.EqualTo(2));
        Assert.That(await File.ReadAllTextAsync(Replaced().Single()), Is.EqualTo(new string('x', 5000)));
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var file = Path.Combine(dir, name);
        await File.WriteAllTextAsync(file, text);
        return file;
    }

    private static async Task<long> ScalarAsync(string file, string sql)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await c.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }
}
