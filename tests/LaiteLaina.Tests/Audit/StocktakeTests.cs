using LaiteLaina.Audit;
using LaiteLaina.Tests.Hardware;

namespace LaiteLaina.Tests.Audit;

/// <summary>
/// Stocktakes on each engine. KESKUS / Kaappi holds LL-000001..3 (ready) and LL-000005 (on loan); LL-000004 is
/// registered at KYLA. The shelves hold 1, 2 and 4 and an unregistered label LL-999999, plus a shop barcode.
/// </summary>
public sealed class StocktakeTests(Engine engine) : DatabaseTest(engine)
{
    private StocktakeService stocktakes = null!;
    private InventoryService inventory = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        var sites = new SiteService(Db);
        await sites.AddAsync("KESKUS", "Keskusta", null, "t");
        await sites.AddLocationAsync("KESKUS", "Kaappi", "t");
        await sites.AddAsync("KYLA", "Kylätalo", null, "t");
        inventory = new InventoryService(Db);
        for (var i = 1; i <= 5; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput
            {
                Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "S" + i, Site = i == 4 ? "KYLA" : "KESKUS", Location = i == 4 ? null : "Kaappi",
            }, "t");
            await inventory.ReadyAsync(d.Tag, "t");
        }
        var staff = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff" }, "t");
        await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000005", Borrower = staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Kind = "staff",
            Due = DateTime.Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, "t");
        stocktakes = Service<StocktakeService>();
    }

    private static void AssertFindings(StocktakeResult r)
    {
        string[] Tags(StocktakeFinding f) => [.. r.Of(f).Select(i => i.Tag)];
        Assert.Multiple(() =>
        {
            Assert.That(Tags(StocktakeFinding.Found), Is.EqualTo(new[] { "LL-000001", "LL-000002" }));
            Assert.That(Tags(StocktakeFinding.Missing), Is.EqualTo(new[] { "LL-000003" }));
            Assert.That(Tags(StocktakeFinding.Misplaced), Is.EqualTo(new[] { "LL-000004" }));
            Assert.That(r.Of(StocktakeFinding.Misplaced).Single().RegisteredAt, Is.EqualTo("KYLA"));
            Assert.That(Tags(StocktakeFinding.Unknown), Is.EqualTo(new[] { "LL-999999" }));
            Assert.That(Tags(StocktakeFinding.OnLoan), Is.EqualTo(new[] { "LL-000005" }));
            Assert.That(r.Stocktake.OtherCodes, Is.EqualTo(1));
        });
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="times"/> times at once: the message id of each refusal, "" for each success, sorted.</summary>
    internal static async Task<string[]> AtOnceAsync(int times, Func<Task> action) =>
        [.. (await Task.WhenAll(Enumerable.Range(0, times).Select(_ => Task.Run(async () =>
        {
            try
            {
                await action();
                return "";
            }
            catch (UserError e)
            {
                return e.Code;
            }
        })))).Order(StringComparer.Ordinal)];

    [Test]
    public async Task CloseAsync_ClosedFromFiveDesksAtOnce_ClosedOnceWithOneReport()
    {
        var t = await stocktakes.StartAsync("keskus", "kaappi", null, "maija");
        await stocktakes.ScanAsync(t.Reference, "LL-000001", "maija");
        // Every other desk is told it is closed already, not that the database refused a duplicate report.
        Assert.That(await AtOnceAsync(5, () => stocktakes.CloseAsync(t.Reference, "maija")), Is.EqualTo(new[] { "", "stocktake.already-closed", "stocktake.already-closed", "stocktake.already-closed", "stocktake.already-closed" }));
        var (documents, closes) = await Db.ReadAsync(async c => (
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM documents WHERE subject_type = 'stocktake' AND subject_id = @Id", new { t.Id }),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'stocktake.close'")));
        Assert.That((documents, closes), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task ScanAsync_ShelvesScanned_FindsMissingMisplacedUnknownAndOnLoan()
    {
        var t = await stocktakes.StartAsync("keskus", "kaappi", null, "maija");
        foreach (var code in new[] { "LL-000001", "ll-000002", "LL-000002", "LL-000004", "LL-999999", "6417182001234" })
            await stocktakes.ScanAsync(t.Reference, code, "maija");

        AssertFindings(await stocktakes.ResultAsync(t.Reference));
        var codes = await Db.ReadAsync(c => c.QueryAsync<string>("SELECT code FROM stocktake_scans"));
        Assert.That(codes, Does.Not.Contain("6417182001234"), "a code that is not a tag could be someone's card: it is counted, never stored");
    }

    [Test]
    public async Task StocktakeMode_TagsThroughSerialPty_FindsMissingMisplacedUnknown()
    {
        var t = await stocktakes.StartAsync("KESKUS", "Kaappi", "desk", "maija");
        await using var pty = await SocatPair.StartAsync(Scratch);
        var scanner = HardwareSettings.Scanner("Scanners:0", new ScannerOptions { Name = "desk", Port = pty.Host, Mode = "stocktake", DuplicateWindowMs = 200 });
        var status = new HardwareStatus(new HardwareSettings([scanner], [], PrintQueueSettings.Default));
        var events = new ScanEvents();
        using var subscription = events.Subscribe();
        var processorLog = new ListLogger<ScanProcessor>();
        var listenerLog = new ListLogger<ScannerWorker>();
        var processor = new ScanProcessor(Db, [.. ScanProcessor.Defaults(), new StocktakeScanAction(stocktakes)], events, processorLog);
        using var listener = new ScannerWorker(scanner, processor, status, listenerLog);
        await listener.StartAsync(CancellationToken.None);
        var types = new List<ScanEventKind>();
        try
        {
            foreach (var e in await pty.ScanAsync(status, "desk", subscription.Reader,
                         ["LL-000001", "LL-000002", "LL-000004", "LL-999999", "6417182001234"], TimeSpan.Zero,
                         () => listenerLog.Everything.Concat(processorLog.Everything)))
            {
                types.Add(e.Type);
                if (e.Type == ScanEventKind.StocktakeOtherCode)
                    Assert.That(e.Code, Is.Null, "an unknown barcode is not echoed");
            }
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }

        Assert.That(types, Is.EqualTo(new[] { ScanEventKind.StocktakeFound, ScanEventKind.StocktakeFound, ScanEventKind.StocktakeMisplaced, ScanEventKind.StocktakeUnknown, ScanEventKind.StocktakeOtherCode }));
        AssertFindings(await stocktakes.ResultAsync(t.Reference));
    }

    [Test]
    public async Task MarkMissingLostAsync_StocktakeStillOpen_RefusedAndNothingLost()
    {
        var t = await stocktakes.StartAsync("KESKUS", null, null, "maija");
        await stocktakes.ScanAsync(t.Reference, "LL-000001", "maija");

        var refused = Assert.ThrowsAsync<UserError>(() => stocktakes.MarkMissingLostAsync(t.Reference, "maija"));

        Assert.That(refused!.Code, Is.EqualTo("stocktake.not-closed"));
        Assert.That(refused.In(CultureInfo.GetCultureInfo("fi"), true), Does.StartWith($"Päätä inventaario {t.Reference} ensin."));
        var (lost, rows) = await Db.ReadAsync(async c => (
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE status = 'Lost'"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action IN ('stocktake.mark-lost', 'device.lost')")));
        Assert.That((lost, rows), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task CloseAsync_ThenMarkMissingLost_PdfKeptAndMissingDeviceLost()
    {
        var t = await stocktakes.StartAsync("KESKUS", null, null, "maija");
        await stocktakes.ScanAsync(t.Reference, "LL-000001", "maija");

        var (closed, document) = await stocktakes.CloseAsync(t.Reference, "maija");
        var lost = await stocktakes.MarkMissingLostAsync(t.Reference, "maija");

        var pdf = await new LaiteLaina.Documents.DocumentStore(Db).GetAsync(document.Id);
        var text = PdfTools.PdfToText(pdf.Content);
        var status3 = (await inventory.GetAsync("LL-000003")).Status;
        var status5 = (await inventory.GetAsync("LL-000005")).Status;
        Assert.Multiple(() =>
        {
            Assert.That(closed.State, Is.EqualTo(StocktakeState.Closed));
            Assert.That((pdf.Kind, pdf.SubjectType, pdf.SubjectKey), Is.EqualTo(("stocktake-report", "stocktake", t.Reference)));
            Assert.That(text, Does.Contain("Missing").And.Contain("LL-000003").And.Contain(t.Reference));
            Assert.That(text, Does.Not.Contain("Pekka"), "a device on loan is listed without its borrower");
            Assert.That(lost, Is.EqualTo(new[] { "LL-000002", "LL-000003" }));
            Assert.That(status3, Is.EqualTo(DeviceStatus.Lost));
            Assert.That(status5, Is.EqualTo(DeviceStatus.OnLoan));
            Assert.ThrowsAsync<UserError>(() => stocktakes.ScanAsync(t.Reference, "LL-000002", "maija"));
        });
    }

    [Test]
    public async Task StartAsync_ScannerAlreadyCounting_Refused()
    {
        await stocktakes.StartAsync("KESKUS", null, "desk", "maija");

        var e = Assert.ThrowsAsync<UserError>(() => stocktakes.StartAsync("KYLA", null, "desk", "maija"));
        Assert.That(e!.Message, Does.Contain("scanner 'desk' is already counting stocktake ST-"));
    }
}
