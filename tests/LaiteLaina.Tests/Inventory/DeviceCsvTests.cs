namespace LaiteLaina.Tests.Inventory;

public sealed class DeviceCsvTests(Engine engine) : DatabaseTest(engine)
{
    static DeviceCsvTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [SetUp]
    public async Task AddSiteAndDonorAsync()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskustan sosiaalitoimisto", null, "test");
        await new DonorService(Db).AddAsync("Hyvä Yritys Oy", null, null, null, "test");
    }

    [Test]
    public async Task ImportDevices_SemicolonWindows1252_KeepsFinnishLetters()
    {
        var file = Write("excel.csv", Encoding.GetEncoding(1252),
            "laji;merkki;malli;sarjanumero;hankintatapa;lahjoittaja;huomiot\r\n" +
            "tablet;Lenovo;Tab M10;HA-1;donated;Hyvä Yritys Oy;Säilytys: kaappi Ö\r\n");

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var d = (await Devices())[0];
        Assert.Multiple(() =>
        {
            Assert.That(d.DonorName, Is.EqualTo("Hyvä Yritys Oy"));
            Assert.That(d.Notes, Is.EqualTo("Säilytys: kaappi Ö"));
            Assert.That(d.Acquisition, Is.EqualTo(Acquisition.Donated));
        });
    }

    [Test]
    public async Task ImportDevices_Utf8BomComma_Imports()
    {
        var file = Write("bom.csv", new UTF8Encoding(true),
            "Kind,Make,Model,Serial_Number,Cost\nlaptop,Dell,Latitude 5440,DL-1,\"1 299,50\"\nphone,Nokia,G21,NK-1,\n");

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Out, Does.Contain("Imported 2 devices (LL-000001 … LL-000002)."));
        var devices = await Devices();
        Assert.That(devices.Select(d => (d.Kind, d.SerialNumber, d.CostCents)),
            Is.EqualTo(new[] { (DeviceKind.Laptop, "DL-1", (long?)129950), (DeviceKind.Phone, "NK-1", null) }));
    }

    [Test]
    public async Task ImportDevices_FinnishHeadersAndValues_MapsEveryField()
    {
        await new SiteService(Db).AddLocationAsync("KESKUS", "Aula", "test");
        var file = Write("fi.csv", new UTF8Encoding(false),
            "Laji;Valmistaja;Malli;Sarjanumero;Käyttöjärjestelmä;Versio;Kunto;Toimipiste;Sijainti;Hankintatapa;Hankintapäivä;Hinta;Toimittaja;Leasing päättyy;Maksaja;Lisävarusteet\n" +
            "kannettava;HP;ProBook;HP-9;Windows;11;hyvä;KESKUS;Aula;leasing;14.3.2025;899,00;Atea;31.3.2028;Sosiaalitoimi;laturi\n");

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var d = (await Devices())[0];
        Assert.Multiple(() =>
        {
            Assert.That(d.Kind, Is.EqualTo(DeviceKind.Laptop));
            Assert.That((d.Make, d.Model, d.SerialNumber, d.Os, d.OsVersion), Is.EqualTo(("HP", "ProBook", "HP-9", "Windows", "11")));
            Assert.That((d.SiteCode, d.LocationName), Is.EqualTo(("KESKUS", "Aula")));
            Assert.That(d.Acquisition, Is.EqualTo(Acquisition.Leased));
            Assert.That((d.AcquiredOn, d.LeaseEnd), Is.EqualTo((new DateOnly(2025, 3, 14), new DateOnly(2028, 3, 31))));
            Assert.That(d.CostCents, Is.EqualTo(89900));
            Assert.That((d.Supplier, d.LeasePaidBy, d.Accessories), Is.EqualTo(("Atea", "Sosiaalitoimi", "laturi")));
        });
    }

    [Test]
    public async Task ImportDevices_UnknownHeader_RefusedWithAllowedNames()
    {
        var file = Write("unknown.csv", new UTF8Encoding(false), "kind;colour\ntablet;red\n");

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("column 'colour' is not a device field; the columns are kind, make, model, serial_number"));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task ImportDevices_NoKindColumn_Refused()
    {
        var result = await ImportAsync(Write("nokind.csv", new UTF8Encoding(false), "make;model\nApple;iPad\n"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("there is no kind column (laji)"));
    }

    [Test]
    public async Task ImportDevices_TwoBadRows_ReportsBothAndImportsNothing()
    {
        var before = await CountAsync();
        var file = Write("bad.csv", new UTF8Encoding(false),
            "kind;make;serial_number;cost;acquired_on\n" +
            "tablet;Apple;A-1;100;2024-01-01\n" +
            "tablet;Apple;A-2;-5;2024-01-01\n" +
            "tablet;Apple;A-3;100;2024-01-01\n" +
            "tablet;Apple;A-4;100;31.2.2024\n");

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("line 3, column cost: cost '-5' is not valid: a cost cannot be negative."));
        Assert.That(result.Error, Does.Contain("line 5, column acquired_on: acquired-on '31.2.2024' is not valid"));
        Assert.That(result.Error, Does.Contain("has 2 bad rows; nothing was imported"));
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ImportDevices_IdentityCodeControlOrOverLongCell_EachRefusedNamingItsColumnAndNothingImported()
    {
        var before = await CountAsync();
        var file = Write("edge.csv", new UTF8Encoding(false),
            "laji;merkki;malli;huomiot\n" +
            "tablet;Samsung;Tab A9;\n" +
            $"tablet;Samsung;Tab {LaiteLaina.Tests.Kernel.BadText.FullWidth("131052-308T")};\n" +
            "tablet;Sam\fsung;Tab A9;\n" +
            $"tablet;{new string('x', 201)};Tab A9;\n" +
            "tablet;Samsung;Tab A9;\"rivi\n\u202Erivi\"\n");

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("line 3, column malli: model contains something shaped like a personal identity code"));
            Assert.That(result.Error, Does.Contain("line 4, column merkki: make 'Sam\\u000Csung' contains an invisible control character (U+000C)"));
            Assert.That(result.Error, Does.Contain("line 5, column merkki: make 'xxxxxxxxxx").And.Contain("…' is 201 characters long; at most 200 are allowed"));
            Assert.That(result.Error, Does.Contain("line 6, column huomiot: notes 'rivi\\n\\u202Erivi' contains an invisible character (U+202E) that changes the direction of the text"));
            Assert.That(result.Error.IndexOf('\u202E', StringComparison.Ordinal), Is.EqualTo(-1));
        });
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ImportDevices_SkipBad_ImportsGoodRowsAndListsSkipped()
    {
        var file = Write("skip.csv", new UTF8Encoding(false),
            "kind;make;serial_number\ntablet;Apple;A-1\nspaceship;Apple;A-2\nphone;Apple;A-3\n");

        var result = await ImportAsync(file, "--skip-bad");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error, Does.Contain("line 3, column kind: kind 'spaceship' is not valid"));
        Assert.That(result.Out, Does.Contain("Imported 2 devices").And.Contain("Skipped 1 bad row"));
        Assert.That((await Devices()).Select(d => d.SerialNumber), Is.EqualTo(new List<string> { "A-1", "A-3" }));
    }

    [Test]
    public async Task ImportDevices_DuplicateSerialInFile_ReportsBothLines()
    {
        var file = Write("dup.csv", new UTF8Encoding(false), "kind;make;serial_number\ntablet;Apple;A-1\ntablet;APPLE;A-1\ntablet;Samsung;A-1\n");

        var refused = await ImportAsync(file);
        var allowed = await ImportAsync(file, "--allow-duplicate-serial");

        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Error, Does.Contain("line 3, column serial_number: serial-number 'A-1' is already registered for Apple on line 2 of this file"));
        Assert.That(refused.Error, Does.Not.Contain("line 4"), "another make may share a serial number");
        Assert.That(allowed.ExitCode, Is.Zero, allowed.Error);
        Assert.That(await CountAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task ImportDevices_SerialAlreadyRegistered_NamesTheTag()
    {
        await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Apple", SerialNumber = "A-1" }, "test");

        var result = await ImportAsync(Write("again.csv", new UTF8Encoding(false), "kind;make;serial_number\ntablet;Apple;A-1\n"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("line 2, column serial_number: serial-number 'A-1' is already registered for Apple as LL-000001"));
    }

    [Test]
    public async Task ImportDevices_SerialWithoutMakeAlreadyRegistered_NamesTheTag()
    {
        await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "phone", SerialNumber = "N-1" }, "test");

        var result = await ImportAsync(Write("nomake.csv", new UTF8Encoding(false), "kind;serial_number\nphone;N-2\nphone;N-1\n"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("line 3, column serial_number: serial-number 'N-1' is already registered for a device without make as LL-000001"));
    }

    [Test]
    public async Task ImportDevices_BrokenEncoding_Refused()
    {
        var file = Path.Combine(Scratch, "utf16.csv");
        await File.WriteAllBytesAsync(file, Encoding.Unicode.GetBytes("kind;make\ntablet;Apple\n"));

        var result = await ImportAsync(file);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("is not a text file in UTF-8 or Windows-1252: byte 0x00 on line 1 (UTF-16 without a byte order mark"));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task ImportDevices_BadRowAfterManyGoodOnes_RollsBackEverythingIncludingTags()
    {
        var lines = string.Join("\n", Enumerable.Range(0, 500).Select(i => $"tablet;G-{i}")) + "\ntablet;G-500;-5\n";
        var result = await ImportAsync(Write("late.csv", new UTF8Encoding(false), "kind;serial_number;cost\n" + lines));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error + result.Out, Does.Contain("line 502, column cost"));
        Assert.That(await CountAsync(), Is.Zero);
        var added = await CliRun.RunAsync([.. DataArgs(), "device", "add", "--kind", "tablet"]);
        Assert.That(added.Out.Trim(), Is.EqualTo("LL-000001"), "the rolled-back import must not use up tags");
    }

    [Test]
    public async Task ImportDevices_ThousandsOfRows_EveryRowAuditedAndFoundBySerial()
    {
        var indexes = await IndexesAsync();
        var rows = 3000;
        var lines = string.Join("\n", Enumerable.Range(0, rows).Select(i => $"tablet;Lenovo;L-{i};KESKUS"));

        var result = await ImportAsync(Write("large.csv", new UTF8Encoding(false), "kind;make;serial_number;site\n" + lines));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(await CountAsync(), Is.EqualTo(rows));
        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'device.import'"), Is.EqualTo(rows));
        Assert.That(await IndexesAsync(), Is.EqualTo(indexes));
        Assert.That((await new InventoryService(Db).ListAsync(new DeviceFilter { Search = $"L-{rows - 1}" })).Items.Single().Tag,
            Is.EqualTo($"LL-{rows:D6}"));
        if (Engine == Engine.Sqlite)
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA cache_size"), Is.EqualTo(-2000), "the import's page cache must not stay on a pooled connection");
    }

    [Test]
    public async Task ImportDevices_ThousandsOfRowsLastSerialAlreadyRegistered_NothingImported()
    {
        Assert.That((await ImportAsync(Write("first.csv", new UTF8Encoding(false), "kind;make;serial_number\ntablet;Lenovo;L-X\n"))).ExitCode, Is.Zero);
        var indexes = await IndexesAsync();
        var lines = string.Join("\n", Enumerable.Range(0, 3000).Select(i => $"tablet;Lenovo;L-{i}")) + "\ntablet;lenovo;L-X\n";

        var result = await ImportAsync(Write("large.csv", new UTF8Encoding(false), "kind;make;serial_number\n" + lines));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error + result.Out, Does.Contain("line 3002, column serial_number").And.Contain("as LL-000001"));
        Assert.That(await CountAsync(), Is.EqualTo(1));
        Assert.That(await IndexesAsync(), Is.EqualTo(indexes));
    }

    [Test]
    public async Task ImportDevices_EveryImport_WritesOneAuditRowPerDevice()
    {
        await ImportAsync(Write("audit.csv", new UTF8Encoding(false), "kind;serial_number\ntablet;A-1\nphone;A-2\n"));

        var history = await new InventoryService(Db).HistoryAsync("LL-000002");

        Assert.That(history.Select(h => h.Action), Is.EqualTo(new List<string> { "device.import" }));
        Assert.That(history[0].AfterJson, Does.Contain("\"serialNumber\":\"A-2\""));
    }

    [Test]
    public async Task ExportDevices_ThenImport_RoundTripsEveryField()
    {
        var original = Write("original.csv", new UTF8Encoding(false),
            "kind;make;model;serial_number;imei;os;os_version;condition;site;acquisition;acquired_on;cost;donor;notes;accessories\n" +
            "tablet;Samsung;Tab A8;S-1;490154203237518;Android;14;fair;KESKUS;donated;2024-05-02;0,50;Hyvä Yritys Oy;\"=SUM(A1)\nrivi 2; \"\"lainattu\"\"\";laturi\n" +
            "laptop;Dell;5440;D-1;;Windows;11;new;KESKUS;purchased;1.2.2025;1299,90;;;\n");
        Assert.That((await ImportAsync(original)).ExitCode, Is.Zero);
        var exported = Path.Combine(Scratch, "export.csv");

        var export = await CliRun.RunAsync([.. DataArgs(), "export", "devices", "--output", exported]);
        var reimport = await ImportAsync(exported, "--allow-duplicate-serial");

        Assert.That(export.Out, Does.Contain("Exported 2 devices"));
        Assert.That(reimport.ExitCode, Is.Zero, reimport.Error);
        Assert.That(reimport.Error, Does.Contain("column tag, status ignored"));
        Assert.That((await File.ReadAllBytesAsync(exported))[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var devices = await Devices();
        Assert.That(devices, Has.Count.EqualTo(4));
        foreach (var (first, again) in devices.Take(2).Zip(devices.Skip(2)))
            Assert.That(again with { Id = 0, Tag = "", CreatedAt = default, UpdatedAt = default },
                Is.EqualTo(first with { Id = 0, Tag = "", CreatedAt = default, UpdatedAt = default }));
        Assert.That(devices[0].Notes, Is.EqualTo("=SUM(A1)\nrivi 2; \"lainattu\""));
    }

    [Test]
    public async Task ExportDevices_ThenImport_AccessoriesOneALineInTheQuotedFieldNeverSplitAtComma()
    {
        // The CSV rule (README): the accessories are one field, quoted, with a line per item; a comma is part of its item.
        var original = Write("accessories.csv", new UTF8Encoding(false),
            "kind;serial_number;accessories\ntablet;S-1;\"USB-C-laturi 25 W ja 1,5 m kaapeli\r\nsuojakotelo\"\n");
        Assert.That((await ImportAsync(original)).ExitCode, Is.Zero);
        var exported = Path.Combine(Scratch, "export.csv");

        await CliRun.RunAsync([.. DataArgs(), "export", "devices", "--output", exported]);
        var reimport = await ImportAsync(exported, "--allow-duplicate-serial");

        Assert.That(reimport.ExitCode, Is.Zero, reimport.Error);
        Assert.That(await File.ReadAllTextAsync(exported), Does.Contain("\"USB-C-laturi 25 W ja 1,5 m kaapeli\nsuojakotelo\""));
        Assert.That((await Devices()).Select(d => AccessoryList.Split(d.Accessories)),
            Is.EqualTo(new[] { new[] { "USB-C-laturi 25 W ja 1,5 m kaapeli", "suojakotelo" }, new[] { "USB-C-laturi 25 W ja 1,5 m kaapeli", "suojakotelo" } }));
    }

    [Test]
    public async Task ExportDevices_StatusFilterToStdout_WritesHeaderAndMatchingRows()
    {
        await ImportAsync(Write("two.csv", new UTF8Encoding(false), "kind;serial_number\ntablet;A-1\nphone;A-2\n"));
        await new InventoryService(Db).SetStatusAsync("LL-000002", "lost", null, "test");

        var result = await CliRun.RunAsync([.. DataArgs(), "export", "devices", "--status", "lost", "--delimiter", ","]);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var lines = result.Out.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines[0], Does.StartWith("tag,status,kind,make,model,serial_number"));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new List<string> { "LL-000002" }));
    }

    private string Write(string name, Encoding encoding, string text)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllText(path, text, encoding);
        return path;
    }

    private Task<CliResult> ImportAsync(string file, params string[] options) =>
        CliRun.RunAsync([.. DataArgs(), "import", "devices", file, .. options]);

    private async Task<IReadOnlyList<Device>> Devices()
    {
        await using var c = await Db.OpenAsync();
        var page = await DeviceStore.ListAsync(c, null, null, null, null, null, 1, 500);
        return page.Items.Reverse().ToList();
    }

    private async Task<IReadOnlyList<string>> IndexesAsync()
    {
        await using var c = await Db.OpenAsync();
        var sql = Engine == Engine.Sqlite
            ? "SELECT name || ': ' || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('devices', 'audit_log') ORDER BY name"
            : "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename IN ('devices', 'audit_log') ORDER BY indexname";
        return (await c.QueryAsync<string>(sql)).AsList();
    }

    private async Task<long> CountAsync()
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM devices");
    }
}

/// <summary>Reading the file alone, without a database.</summary>
public sealed class DeviceCsvParsingTests
{
    [Test]
    public void Rows_TabDelimitedWithQuotedNewline_GivesStartLines()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("kind\tnotes\ntablet\t\"two\nlines\"\n\n\t\nphone\tx\n"));

        var csv = DeviceCsv.Open(stream, "tab.csv");
        var rows = csv.Rows().ToList();

        Assert.That(csv.Delimiter, Is.EqualTo("\t"));
        Assert.That(rows.Select(r => (r.Line, r.Input?.Kind)), Is.EqualTo(new[] { (2, "tablet"), (6, "phone") }));
    }

    [Test]
    public void Open_InvalidUtf8_ReadsAsWindows1252()
    {
        using var stream = new MemoryStream([.. "kind;make\ntablet;"u8, 0xC4, 0xE4, (byte)'\n']);

        var csv = DeviceCsv.Open(stream, "ansi.csv");

        Assert.That(csv.Encoding.CodePage, Is.EqualTo(1252));
        Assert.That(csv.Rows().Single().Input!.Make, Is.EqualTo("Ää"));
    }

    [Test]
    public void Open_Utf8SequenceAcrossBlockBoundary_StaysUtf8()
    {
        // 'ä' is two bytes in UTF-8; put its first byte at the end of the 64 KiB scan block.
        var padding = new string('x', (1 << 16) - "kind;notes\ntablet;".Length - 1);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("kind;notes\ntablet;" + padding + "ä\n"));

        var csv = DeviceCsv.Open(stream, "long.csv");

        Assert.That(csv.Encoding.CodePage, Is.EqualTo(65001));
    }
}
