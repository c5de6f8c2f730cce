using Microsoft.Data.Sqlite;

namespace LaiteLaina.Tests.Cli;

public sealed class CliTests(Engine engine) : DatabaseTest(engine)
{
    private Task<CliResult> Run(params string[] args) => CliRun.RunAsync([.. args, .. DataArgs()]);

    [Test]
    public async Task Init_RunTwice_SecondSaysUpToDate()
    {
        var first = await Run("init");
        var second = await Run("init");
        Assert.That((first.ExitCode, second.ExitCode), Is.EqualTo((0, 0)));
        Assert.That(second.Out, Does.Contain("up to date"));
    }

    [Test]
    public async Task DeviceAdd_ValidDevice_PrintsOnlyTheNewTag()
    {
        var result = await Run("device", "add", "--kind", "tablet", "--make", "Samsung", "--serial", "R9X");
        Assert.That((result.ExitCode, result.Out.Trim(), result.Error), Is.EqualTo((0, "LL-000001", "")));
    }

    [Test]
    public async Task DeviceAddAndLoanOut_AccessoryOptionRepeated_EachValueOneItemCommaKept()
    {
        const string charger = "USB-C-laturi 25 W ja 1,5 m kaapeli";
        await Run("device", "add", "--kind", "tablet", "--accessory", charger, "--accessory", "suojakotelo");
        await Run("device", "add", "--kind", "tablet", "--accessories", "laturi, kotelo 1,5 mm");
        await Run("device", "ready", "LL-000001");
        await Run("borrower", "add", "Pekka Perhetyö", "--kind", "staff");

        var lent = await Run("loan", "out", "LL-000001", "--borrower", "1", "--kind", "staff", "--due", "1.1.2099",
            "--accessory", charger, "--accessory", "suojakotelo");

        Assert.That(lent.ExitCode, Is.Zero, lent.Error);
        var inventory = new InventoryService(Db);
        Assert.That(AccessoryList.Split((await inventory.GetAsync("LL-000001")).Accessories), Is.EqualTo(new[] { charger, "suojakotelo" }));
        Assert.That(AccessoryList.Split((await inventory.GetAsync("LL-000002")).Accessories), Is.EqualTo(new[] { "laturi", "kotelo 1,5 mm" }),
            "the older one-line option parts items at a comma and a space only");
        var loan = JsonDocument.Parse((await Run("loan", "show", "LL-000001", "--format", "json")).Out).RootElement;
        Assert.That(loan.GetProperty("accessories").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { charger, "suojakotelo" }));
    }

    [Test]
    public async Task DeviceAdd_UnknownKind_ExitOneWithOneLineNamingFieldValueAndAllowed()
    {
        var result = await Run("device", "add", "--kind", "spaceship");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Error, Does.Contain("kind 'spaceship' is not valid").And.Contain("tablet, phone, laptop"));
        Assert.That((await Run("device", "list", "--format", "json")).Out.Trim(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task DeviceAdd_UnknownKindWithLanguageFi_OneLineInFinnish()
    {
        var result = await Run("device", "add", "--kind", "spaceship", "--language", "fi");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error.TrimEnd(), Does.StartWith("error: Tarkista tyyppi: 'spaceship' ei kelpaa – käytä jotakin näistä: tablet, phone, laptop"));
    }

    [Test]
    public async Task DeviceShow_UnknownTagWithLangSvFi_OneLineInSwedish()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["LANG"] = "sv_FI.UTF-8" }, ["device", "show", "LL-424242", .. DataArgs()]);
        Assert.That((result.ExitCode, result.Error.TrimEnd()), Is.EqualTo((1, "error: Hittades inte: enhet 'LL-424242'.")));
    }

    [TestCase("C", "fi_FI.UTF-8")]
    [TestCase("", "")]
    public async Task DeviceShow_UnknownTagWithLcAllOverLang_EnglishLine(string lcAll, string lang)
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["LC_ALL"] = lcAll, ["LANG"] = lang }, ["device", "show", "LL-424242", .. DataArgs()]);
        Assert.That(result.Error.TrimEnd(), Is.EqualTo("error: device 'LL-424242' was not found."));
    }

    [Test]
    public async Task DeviceShow_LanguageOptionOverEnvironment_OptionWins()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["LANG"] = "sv_FI.UTF-8" }, ["device", "show", "LL-424242", "--language", "fi", .. DataArgs()]);
        Assert.That(result.Error.TrimEnd(), Is.EqualTo("error: Ei löytynyt: laite 'LL-424242'."));
    }

    [Test]
    public async Task Command_Misspelt_ExitTwo()
    {
        var result = await Run("device", "lsit");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("lsit"));
    }

    [Test]
    public async Task DeviceReady_OnLoanDevice_ExitOneWithReturnFirst()
    {
        await Run("device", "add", "--kind", "tablet");
        await Run("device", "ready", "LL-000001");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'OnLoan'", transaction: tx));
        var result = await Run("device", "ready", "LL-000001");
        Assert.That((result.ExitCode, result.Error.Trim()), Is.EqualTo((1, "error: LL-000001 is on loan; return it before marking it ready.")));
    }

    [Test]
    public async Task DeviceShow_UnknownTag_ExitOne()
    {
        var result = await Run("device", "show", "LL-424242");
        Assert.That((result.ExitCode, result.Error.Trim()), Is.EqualTo((1, "error: device 'LL-424242' was not found.")));
    }

    [TestCase("json")]
    [TestCase("csv")]
    [TestCase("table")]
    public async Task DeviceList_EachFormat_CarriesTheDevices(string format)
    {
        await Run("site", "add", "KESKUS", "Keskustan toimisto");
        await Run("device", "add", "--kind", "laptop", "--make", "Lenovo", "--model", "ThinkPad T480", "--site", "KESKUS");
        await Run("device", "add", "--kind", "tablet", "--make", "Apple", "--model", "iPad Ääkkönen");
        var result = await Run("device", "list", "--format", format);
        Assert.That(result.ExitCode, Is.Zero);
        switch (format)
        {
            case "json":
                var items = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
                Assert.That(items.Select(i => i.GetProperty("tag").GetString()), Is.EqualTo(new[] { "LL-000002", "LL-000001" }));
                Assert.That(items[1].GetProperty("kind").GetString(), Is.EqualTo("laptop"));
                break;
            case "csv":
                var lines = result.Out.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
                Assert.That(lines[0], Does.StartWith("tag,kind,make,model"));
                Assert.That(lines[2], Does.StartWith("LL-000001,laptop,Lenovo,ThinkPad T480"));
                break;
            default:
                Assert.That(result.Out, Does.Contain("LL-000001").And.Contain("iPad Ääkkönen").And.Contain("KESKUS"));
                break;
        }
    }

    [Test]
    public async Task History_AfterChanges_ShowsWhoDidWhat()
    {
        await Run("device", "add", "--kind", "tablet", "--as", "maija");
        await Run("device", "ready", "LL-000001", "--as", "pekka");
        var result = await Run("history", "LL-000001", "--format", "csv");
        Assert.That(result.Out, Does.Contain("cli:maija,device.add").And.Contain("cli:pekka,device.ready,status: intake → ready"));
    }

    [Test]
    public async Task PointAdd_WithDevices_ShowListsTheKit()
    {
        await Run("site", "add", "KESKUS", "Keskus");
        await Run("site", "add-location", "KESKUS", "Aula");
        await Run("device", "add", "--kind", "desktop", "--acquisition", "leased", "--lease-end", "31.1.2027", "--lease-paid-by", "Tietohallinto");
        await Run("device", "add", "--kind", "monitor");
        var added = await Run("point", "add", "Aulan asiakaspiste", "--site", "KESKUS", "--location", "Aula", "--device", "LL-000001", "--device", "LL-000002");
        Assert.That((added.ExitCode, added.Out.Trim()), Is.EqualTo((0, "CP-001")), added.Error);
        var shown = await Run("point", "show", "CP-001");
        Assert.That(shown.Out, Does.Contain("LL-000001").And.Contain("lease ends 2027-01-31").And.Contain("LL-000002"));
    }

    [Test]
    public async Task Demo_EmptyThenAgain_FillsOnce()
    {
        var first = await Run("demo");
        var second = await Run("demo");
        Assert.That(first.Out, Does.Contain("17 devices"));
        Assert.That(second.Out, Does.Contain("already has devices"));
        var tablets = JsonDocument.Parse((await Run("device", "list", "--kind", "tablet", "--format", "json")).Out).RootElement;
        Assert.That(tablets.GetArrayLength(), Is.EqualTo(10), "the demo tablets, the iPads, the bought ones and the donated one ready for handover");
        Assert.That((await Run("point", "list")).Out, Does.Contain("Aulan asiakaspiste"));
        var open = JsonDocument.Parse((await Run("loan", "list", "--format", "json")).Out).RootElement;
        // Two clients' loans overdue (by days and by months) and a colleague's due today; a fourth is back, awaiting its wipe.
        Assert.That(open.EnumerateArray().Select(l => l.GetProperty("kind").GetString()), Is.EquivalentTo(new[] { "client", "client", "staff" }));
    }

    [Test]
    public async Task BackupRestore_SqliteWhileOpen_BringsBackTheCopy()
    {
        if (Engine != Engine.Sqlite)
        {
            var refused = await Run("backup", Path.Combine(Scratch, "b.db"));
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Error, Does.Contain("pg_dump"));
            return;
        }
        await Run("device", "add", "--kind", "tablet");
        var file = Path.Combine(Scratch, "backups", "b.db");
        // A reader holds the database open during the backup, as the running service would.
        await using (var open = await Db.OpenAsync())
        await using (var tx = await open.BeginTransactionAsync())
        {
            await open.ExecuteScalarAsync<long>("SELECT count(*) FROM devices", transaction: tx);
            Assert.That((await Run("backup", file)).ExitCode, Is.Zero);
        }
        await Run("device", "add", "--kind", "laptop");
        Assert.That((await Run("backup", file)).Error, Does.Contain("already exists"));
        var restored = await Run("restore", file, "--as", "ville");
        Assert.That(restored.ExitCode, Is.Zero, restored.Error);
        var list = JsonDocument.Parse((await Run("device", "list", "--format", "json")).Out).RootElement;
        Assert.That(list.GetArrayLength(), Is.EqualTo(1));
        var (actor, key) = await Db.ReadAsync(c => c.QuerySingleAsync<(string, string)>(
            "SELECT actor, record_key FROM audit_log WHERE action = 'database.restore'"));
        Assert.That((actor, key), Is.EqualTo(("cli:ville", "b.db")), "the restored database's log says who restored it and from which file");
    }

    [Test]
    public async Task Restore_FileThatIsNotABackup_RefusedAndNothingChanged()
    {
        await Run("device", "add", "--kind", "tablet");
        var junk = Path.Combine(Scratch, "junk.db");
        await File.WriteAllTextAsync(junk, "this is not a database at all, just some text that is long enough....................................");
        var result = await Run("restore", junk);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(Engine == Engine.Sqlite ? "not a LaiteLaina backup" : "pg_restore"));
        Assert.That(JsonDocument.Parse((await Run("device", "list", "--format", "json")).Out).RootElement.GetArrayLength(), Is.EqualTo(1));
    }
}

/// <summary>Databases that are not what they should be; SQLite only, since they are about the file.</summary>
public sealed class BadDatabaseTests
{
    private string dir = null!;

    [SetUp]
    public void CreateFolder() => dir = Directory.CreateTempSubdirectory("laitelaina-bad-").FullName;

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }

    [Test]
    public async Task AnyCommand_NoDatabaseYet_TellsToRunInit()
    {
        var result = await CliRun.RunAsync("device", "list", "--data", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("create it first").And.Contain("hint: laitelaina init"));
        Assert.That(File.Exists(Path.Combine(dir, DataLocation.DatabaseFileName)), Is.False, "a mistyped --data must not leave an empty database behind");
    }

    [Test]
    public async Task AnyCommand_FileIsNotSqlite_SaysSo()
    {
        await File.WriteAllBytesAsync(Path.Combine(dir, DataLocation.DatabaseFileName), Enumerable.Repeat((byte)'x', 4096).ToArray());
        var result = await CliRun.RunAsync("device", "list", "--data", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("is not a LaiteLaina database"));
    }

    [Test]
    public async Task Init_SqliteOfAnotherProgram_RefusedAndLeftAlone()
    {
        var file = Path.Combine(dir, DataLocation.DatabaseFileName);
        await using (var c = new SqliteConnection("Data Source=" + file))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("CREATE TABLE recipes (name TEXT)");
        }
        var result = await CliRun.RunAsync("init", "--data", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("not a LaiteLaina database"));
        await using var check = new SqliteConnection("Data Source=" + file);
        await check.OpenAsync();
        Assert.That(await check.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master"), Is.EqualTo(1));
    }

    [Test]
    public async Task DeviceAdd_DatabaseLockedByAnotherWriter_ExitOneSaysLocked()
    {
        Assert.That((await CliRun.RunAsync("init", "--data", dir)).ExitCode, Is.Zero);
        await using var holder = new SqliteConnection($"Data Source={Path.Combine(dir, DataLocation.DatabaseFileName)};Pooling=False");
        await holder.OpenAsync();
        await holder.ExecuteAsync("BEGIN EXCLUSIVE");
        var result = await CliRun.RunAsync("device", "add", "--kind", "tablet", "--data", dir);
        await holder.ExecuteAsync("ROLLBACK");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("stayed busy with another change").And.Contain("nothing was changed"));
    }
}
