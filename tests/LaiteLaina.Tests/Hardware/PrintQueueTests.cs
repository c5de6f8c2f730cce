namespace LaiteLaina.Tests.Hardware;

/// <summary>The persistent print queue on both engines, printing to a file, and to a fake Zebra on a pty.</summary>
public sealed class PrintQueueTests(Engine engine) : DatabaseTest(engine)
{
    private static readonly PrintQueueSettings Fast = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(400), 0, null);

    private string labels = null!;

    [SetUp]
    public async Task AddDevicesAsync()
    {
        labels = Path.Combine(Scratch, "labels.zpl");
        var inventory = new InventoryService(Db);
        for (var i = 0; i < 3; i++)
            await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A8" }, "test");
    }

    private HardwareSettings Settings(PrintQueueSettings? queue = null, params PrinterSettings[] printers) =>
        new([], printers.Length > 0 ? printers : [FilePrinter()], queue ?? Fast);

    private PrinterSettings FilePrinter(string name = "desk") =>
        HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = name, Port = labels, Language = "zpl" });

    private static PrintQueueWorker Worker(PrintQueue queue, HardwareSettings hardware) =>
        new(queue, hardware, new HardwareStatus(hardware), NullLogger<PrintQueueWorker>.Instance);

    private static async Task DrainAsync(PrintQueue queue, PrintQueueWorker worker, HardwareSettings hardware, string workerId = "w1")
    {
        while (await queue.ClaimAsync(hardware.Printers.Select(p => p.Name).ToList(), workerId) is { } job)
            await worker.PrintAsync(job, CancellationToken.None);
    }

    /// <summary>The job once the worker has said why it holds it (its last error), not yet printed nor given up.</summary>
    private static async Task<PrintJob> WaitingAsync(PrintQueue queue, long id)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while ((await queue.GetAsync(id)).LastError is null && DateTime.UtcNow < until)
            await Task.Delay(20);
        var waiting = await queue.GetAsync(id);
        Assert.That(waiting.State, Is.AnyOf(PrintJobState.Queued, PrintJobState.Printing));
        return waiting;
    }

    private static async Task<PrintJob> WaitForAsync(PrintQueue queue, long id, PrintJobState state, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            var job = await queue.GetAsync(id);
            if (job.State == state)
                return job;
            if (DateTime.UtcNow > until)
                Assert.Fail($"job {id} is {job.State} ({job.LastError}), expected {state}");
            await Task.Delay(20);
        }
    }

    private static int LabelsIn(string file) => File.Exists(file) ? Encoding.UTF8.GetString(File.ReadAllBytes(file)).Split("^XZ").Length - 1 : 0;

    [Test]
    public async Task Enqueue_FilePrinter_PrintedOnceWithTheLabelBytes()
    {
        var hardware = Settings();
        var queue = new PrintQueue(Db, hardware);
        var job = await queue.EnqueueAsync("ll-000002", 2, null, "test");
        Assert.That((job.State, job.Tag, job.Printer, job.Copies, job.Language), Is.EqualTo((PrintJobState.Queued, "LL-000002", "desk", 2, LabelLanguage.Zpl)));
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        var printed = await queue.GetAsync(job.Id);
        Assert.That((printed.State, printed.Attempts, printed.PrintedAt), Is.EqualTo((PrintJobState.Printed, 1, printed.PrintedAt)));
        Assert.That(printed.PrintedAt, Is.Not.Null);
        var zpl = await File.ReadAllTextAsync(labels);
        Assert.That(zpl, Does.Contain("^FH^FDLL-000002^FS").And.Contain("^PQ2,0,1,Y").And.Contain("tabletti · Samsung Tab A8"));
        // The organisation owns the device, not the product: the owner line that 0005 stored as "LaiteLaina" is gone.
        Assert.That(zpl, Does.Contain("^FDSosiaali- ja työllisyyspalvelut^FS").And.Not.Contain("LaiteLaina"));
    }

    [Test]
    public async Task Enqueue_EpsonTmL90Profile_RasterThroughTheSameQueueOnePaperACopyEachTheTag()
    {
        var options = new PrinterOptions { Name = "epson", Port = labels };
        var profile = HardwareSettings.Profile("epson-tm-l90-58x30-203dpi", "Printer", "Printers:0:Profile");
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(profile, options);
        var hardware = Settings(null, HardwareSettings.Printer("Printers:0", options));
        var queue = new PrintQueue(Db, hardware);
        var job = await queue.EnqueueAsync("LL-000003", 2, null, "test");
        Assert.That(job.Language, Is.EqualTo(LabelLanguage.EscPos));
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        Assert.That((await queue.GetAsync(job.Id)).State, Is.EqualTo(PrintJobState.Printed));
        var papers = EscPosPeer.Decode(await File.ReadAllBytesAsync(labels));
        Assert.That(papers, Has.Count.EqualTo(2), "two copies, each cut off");
        foreach (var paper in papers)
        {
            using var image = paper.Image;
            Assert.That((image.Width, image.Height), Is.EqualTo((384, 240)), "48 × 30 mm at 203 dpi");
            Assert.That(Barcodes.Read(image, ZXing.BarcodeFormat.QR_CODE, ZXing.BarcodeFormat.DATA_MATRIX, ZXing.BarcodeFormat.CODE_128).Select(c => c.Text),
                Is.Not.Empty.And.All.EqualTo("LL-000003"));
        }
    }

    [Test]
    public async Task Enqueue_UnknownTagOrPrinter_UserError()
    {
        var queue = new PrintQueue(Db, Settings());
        Assert.That(Assert.ThrowsAsync<UserError>(() => queue.EnqueueAsync("LL-999999", 1, null, "t"))!.Message, Is.EqualTo("device 'LL-999999' was not found."));
        Assert.That(Assert.ThrowsAsync<UserError>(() => queue.EnqueueAsync("LL-000001", 1, "attic", "t"))!.Message, Is.EqualTo("printer 'attic' is not valid: use one of desk."));
        Assert.That(Assert.ThrowsAsync<UserError>(() => queue.EnqueueAsync("LL-000001", 0, null, "t"))!.Message, Does.StartWith("copies '0' is not valid"));
    }

    [Test]
    public async Task Restart_JobLeftPrinting_RequeuedAndPrintedOnce()
    {
        var hardware = Settings();
        var first = new PrintQueue(Db, hardware);
        var job = await first.EnqueueAsync("LL-000001", 1, null, "test");
        // The first service claims the job and dies before printing it.
        Assert.That((await first.ClaimAsync(["desk"], "crashed"))!.Id, Is.EqualTo(job.Id));

        var second = new PrintQueue(Db, hardware);
        using var worker = Worker(second, hardware);
        await worker.StartAsync(CancellationToken.None);
        await WaitForAsync(second, job.Id, PrintJobState.Printed, TimeSpan.FromSeconds(5));
        await worker.StopAsync(CancellationToken.None);
        Assert.That(LabelsIn(labels), Is.EqualTo(1));
    }

    [Test]
    public async Task Claim_TwoWorkersOnOneDatabase_EachJobPrintedExactlyOnce()
    {
        var hardware = Settings();
        var queue = new PrintQueue(Db, hardware);
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
            ids.Add((await queue.EnqueueAsync($"LL-00000{1 + i % 3}", 1, null, "test")).Id);
        var a = new PrintQueue(Db, hardware);
        var b = new PrintQueue(Db, hardware);
        await Task.WhenAll(
            Task.Run(() => DrainAsync(a, Worker(a, hardware), hardware, "a")),
            Task.Run(() => DrainAsync(b, Worker(b, hardware), hardware, "b")));
        var jobs = await queue.ListAsync();
        Assert.That(jobs.Select(j => (j.State, j.Attempts)), Is.All.EqualTo((PrintJobState.Printed, 1)));
        Assert.That(LabelsIn(labels), Is.EqualTo(12));
    }

    [Test]
    public async Task Cancel_QueuedJob_NeverPrinted()
    {
        var hardware = Settings();
        var queue = new PrintQueue(Db, hardware);
        var job = await queue.EnqueueAsync("LL-000001", 1, null, "test");
        Assert.That((await queue.CancelAsync(job.Id, "test")).State, Is.EqualTo(PrintJobState.Cancelled));
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        Assert.That(File.Exists(labels), Is.False);
        var again = Assert.ThrowsAsync<UserError>(() => queue.CancelAsync(job.Id, "test"));
        Assert.That(again!.Message, Is.EqualTo($"print job {job.Id} is cancelled; only a queued or failed job can be cancelled."));
    }

    [Test]
    public async Task Reprint_PrintedJob_NewJobPrintsAgain()
    {
        var hardware = Settings();
        var queue = new PrintQueue(Db, hardware);
        var job = await queue.EnqueueAsync("LL-000003", 1, null, "test");
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        var again = await queue.ReprintAsync(job.Id, "test");
        Assert.That((again.ReprintOf, again.State, again.Tag), Is.EqualTo((job.Id, PrintJobState.Queued, "LL-000003")));
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        Assert.That(LabelsIn(labels), Is.EqualTo(2));
    }

    [Test]
    public async Task Print_PrinterNoLongerConfigured_FailedWithReason()
    {
        var queue = new PrintQueue(Db, Settings(null, FilePrinter("old")));
        var job = await queue.EnqueueAsync("LL-000001", 1, "old", "test");
        var now = Settings(null, FilePrinter("new"));
        var claimed = await queue.ClaimAsync(["old"], "w");
        await Worker(new PrintQueue(Db, now), now).PrintAsync(claimed!, CancellationToken.None);
        var failed = await queue.GetAsync(job.Id);
        Assert.That((failed.State, failed.LastError), Is.EqualTo((PrintJobState.Failed, "printer 'old' is no longer configured")));
    }

    [Test]
    public async Task Print_PrinterRefusesAndAttemptsUsedUp_FailedWithReason()
    {
        var refusing = HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "desk", Port = "tcp://127.0.0.1:9", StatusTimeoutMs = 300 });
        var hardware = Settings(Fast with { MaxAttempts = 2 }, refusing);
        var queue = new PrintQueue(Db, hardware);
        var job = await queue.EnqueueAsync("LL-000001", 1, null, "test");
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        var waiting = await queue.GetAsync(job.Id);
        Assert.That((waiting.State, waiting.Attempts), Is.EqualTo((PrintJobState.Queued, 1)));
        Assert.That(waiting.NextAttemptAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddMilliseconds(-50)));
        await Task.Delay(200);
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        var failed = await queue.GetAsync(job.Id);
        Assert.That(failed.State, Is.EqualTo(PrintJobState.Failed));
        Assert.That(failed.LastError, Does.Contain("127.0.0.1:9").And.EndWith("(gave up after 2 attempts)"));
    }

    [Test]
    public async Task Print_ZebraOnPtyPaperOutThenReady_WaitsThenPrintsOnce()
    {
        await using var pty = await SocatPair.StartAsync(Scratch);
        await using var zebra = new FakeZebra(pty.OpenDevice());
        zebra.PaperOut = true;
        var printer = HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "zebra", Port = pty.Host, Language = "zpl", StatusTimeoutMs = 400 });
        var hardware = Settings(null, printer);
        var queue = new PrintQueue(Db, hardware);
        using var worker = Worker(queue, hardware);
        await worker.StartAsync(CancellationToken.None);
        var job = await queue.EnqueueAsync("LL-000002", 1, "zebra", "test");

        var waiting = await WaitingAsync(queue, job.Id);
        Assert.That(waiting.LastError, Is.EqualTo("paper out"));
        Assert.That(zebra.Labels, Is.Zero, "nothing may be sent to a printer without paper");

        zebra.PaperOut = false;
        await WaitForAsync(queue, job.Id, PrintJobState.Printed, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        await worker.StopAsync(CancellationToken.None);
        Assert.That(zebra.Labels, Is.EqualTo(1));
        Assert.That(zebra.Received, Does.Contain("^FH^FDLL-000002^FS"));
        Assert.That(zebra.StatusRequests, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Print_BrotherWrongRollThenRightRoll_WaitsSayingWhichRollThenPrintsOnce()
    {
        await using var brother = new FakeBrother { Roll = (62, 0x0A, 0) };
        var printer = HardwareSettings.Printer("Printers:0", new PrinterOptions { Profile = null, Name = "ql", Port = brother.Port, Language = "brother-ql", Dpi = 300, LabelSize = "62x29", Media = "DK-11209", StatusTimeoutMs = 1000 });
        var hardware = Settings(null, printer);
        var queue = new PrintQueue(Db, hardware);
        using var worker = Worker(queue, hardware);
        await worker.StartAsync(CancellationToken.None);
        var job = await queue.EnqueueAsync("LL-000002", 1, "ql", "test");
        Assert.That(job.Language, Is.EqualTo(LabelLanguage.BrotherQl));

        var waiting = await WaitingAsync(queue, job.Id);
        Assert.That(waiting.LastError, Is.EqualTo("Put a 62 × 29 mm label roll (DK-11209) in the printer"));
        Assert.That(StoredText.Render(waiting.StoredLastError, CultureInfo.GetCultureInfo("fi")), Is.EqualTo("Aseta tulostimeen 62 × 29 mm:n tarrarulla (DK-11209)"));
        Assert.That(BrotherQlReader.Parse(brother.Received).Count(c => c.Name == "g"), Is.Zero, "no label on the wrong roll");

        brother.Roll = (62, 0x0B, 29);
        await WaitForAsync(queue, job.Id, PrintJobState.Printed, TimeSpan.FromSeconds(10));
        await worker.StopAsync(CancellationToken.None);
        var commands = BrotherQlReader.Parse(brother.Received);
        var pages = BrotherQlReader.Pages(commands, BrotherMedia.Dk11209.PrintableDots, BrotherMedia.Dk11209.OffsetPins);
        try
        {
            Assert.That(pages, Has.Count.EqualTo(1));
            // Two pixels a dot, as a camera sees it at least: ZXing finds no Data Matrix with modules of 3 pixels.
            using var seen = pages[0].Resize(new SkiaSharp.SKImageInfo(pages[0].Width * 2, pages[0].Height * 2, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque),
                new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Nearest));
            Assert.That(Barcodes.Read(seen, ZXing.BarcodeFormat.QR_CODE, ZXing.BarcodeFormat.DATA_MATRIX).Select(c => c.Text), Does.Contain("LL-000002"));
            Assert.That(brother.StatusRequests, Is.GreaterThanOrEqualTo(2));
        }
        finally
        {
            pages.ForEach(p => p.Dispose());
        }
    }

    [Test]
    public async Task Print_ZebraSilent_NoAnswerIsAFaultAndJobWaits()
    {
        await using var pty = await SocatPair.StartAsync(Scratch);
        await using var zebra = new FakeZebra(pty.OpenDevice()) { Silent = true };
        var printer = HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "zebra", Port = pty.Host, StatusTimeoutMs = 200 });
        var hardware = Settings(null, printer);
        var queue = new PrintQueue(Db, hardware);
        var job = await queue.EnqueueAsync("LL-000002", 1, "zebra", "test");
        await DrainAsync(queue, Worker(queue, hardware), hardware);
        var waiting = await queue.GetAsync(job.Id);
        Assert.That(waiting.State, Is.EqualTo(PrintJobState.Queued));
        Assert.That(waiting.LastError, Does.StartWith("no status answer within 0.2 s"));
        Assert.That(zebra.Labels, Is.Zero);
    }
}

/// <summary>The printer's end of a pty: answers ~HS with paper out or all clear, and keeps everything else it is sent.</summary>
public sealed class FakeZebra : IAsyncDisposable
{
    private readonly FileStream port;
    private readonly Thread reader;
    private readonly StringBuilder received = new();
    private volatile bool stopped;

    public FakeZebra(FileStream port)
    {
        this.port = port;
        reader = new Thread(Read) { IsBackground = true };
        reader.Start();
    }

    private volatile bool paperOut;
    private int statusRequests;

    public bool PaperOut { get => paperOut; set => paperOut = value; }
    public bool Silent { get; init; }
    public int StatusRequests => Volatile.Read(ref statusRequests);

    public string Received
    {
        get
        {
            lock (received)
                return received.ToString();
        }
    }

    public int Labels => Received.Split("^XZ").Length - 1;

    private void Read()
    {
        var buffer = new byte[4096];
        while (!stopped)
        {
            int n;
            try
            {
                n = port.Read(buffer, 0, buffer.Length);
            }
            catch (IOException)
            {
                return;
            }
            if (n <= 0)
                return;
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            var requests = text.Split("~HS").Length - 1;
            lock (received)
                received.Append(text.Replace("~HS", "", StringComparison.Ordinal));
            for (var i = 0; i < requests; i++)
            {
                Interlocked.Increment(ref statusRequests);
                if (Silent)
                    continue;
                var reply = PrinterStatusTests.HostStatus(paperOut: PaperOut);
                // Split in two, as a real serial line delivers it.
                port.Write(reply, 0, 20);
                port.Flush();
                Thread.Sleep(5);
                port.Write(reply, 20, reply.Length - 20);
                port.Flush();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopped = true;
        await port.DisposeAsync();
    }
}
