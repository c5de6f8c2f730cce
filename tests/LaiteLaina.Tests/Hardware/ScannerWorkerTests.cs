using System.Threading.Channels;

namespace LaiteLaina.Tests.Hardware;

/// <summary>The scanner listener on real ttys: socat pty pairs driven from the scanner's end.</summary>
[Parallelizable(ParallelScope.None)]
public sealed class ScannerWorkerTests
{
    private static Database db = null!;
    private string dir = null!;
    private SocatPair pty = null!;
    private ScannerWorker? listener;
    private ScanEvents events = null!;
    private HardwareStatus status = null!;
    private ScanEvents.Subscription subscription = null!;

    [OneTimeSetUp]
    public static async Task CreateDatabaseAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("laitelaina-scan-").FullName, "scan.db");
        db = Database.Sqlite(file);
        await Migrator.MigrateAsync(db);
        await new InventoryService(db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A8" }, "test");
    }

    [SetUp]
    public async Task PlugAsync()
    {
        dir = Directory.CreateTempSubdirectory("laitelaina-pty-").FullName;
        pty = await SocatPair.StartAsync(dir);
    }

    [TearDown]
    public async Task UnplugAsync()
    {
        subscription?.Dispose();
        if (listener is not null)
        {
            var stop = Stopwatch.StartNew();
            await listener.StopAsync(CancellationToken.None);
            Assert.That(stop.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "stopping must not hang on the port");
            Assert.That(listener.AbandonedCloses, Is.Zero, "a close that hung left a thread behind");
            listener.Dispose();
            listener = null;
        }
        await pty.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    private async Task StartAsync(Action<ScannerOptions>? configure = null)
    {
        var options = new ScannerOptions { Name = "desk", Port = pty.Host, Terminator = "CR", AimIds = true, DuplicateWindowMs = 800, MaxLength = 32 };
        configure?.Invoke(options);
        var scanner = HardwareSettings.Scanner("Scanners:0", options);
        status = new HardwareStatus(new HardwareSettings([scanner], [], PrintQueueSettings.Default));
        events = new ScanEvents();
        subscription = events.Subscribe();
        var processor = new ScanProcessor(db, ScanProcessor.Defaults(), events, NullLogger<ScanProcessor>.Instance);
        listener = new ScannerWorker(scanner, processor, status, NullLogger<ScannerWorker>.Instance);
        await listener.StartAsync(CancellationToken.None);
        await WaitForAsync(PortState.Connected, TimeSpan.FromSeconds(10));
    }

    private async Task WaitForAsync(PortState state, TimeSpan limit)
    {
        var until = Stopwatch.StartNew();
        while (status.Scanner("desk").State != state)
        {
            if (until.Elapsed > limit)
                Assert.Fail($"scanner stayed {status.Scanner("desk").State} ({status.Scanner("desk").Reason}), expected {state}");
            await Task.Delay(10);
        }
    }

    private static async Task SendAsync(FileStream device, params string[] pieces)
    {
        foreach (var piece in pieces)
        {
            device.Write(Encoding.Latin1.GetBytes(piece));
            await Task.Delay(15);
        }
    }

    private async Task<ScanEvent> NextAsync(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        try
        {
            return await subscription.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no scan event arrived in time");
            throw;
        }
    }

    private async Task AssertNoMoreAsync()
    {
        await Task.Delay(300);
        Assert.That(subscription.Reader.TryRead(out var extra), Is.False, () => "unexpected event " + extra?.Type + " " + extra?.Code);
    }

    [TestCase("CR", "\r")]
    [TestCase("LF", "\n")]
    [TestCase("CR LF", "\r\n")]
    [TestCase("Tab", "\t")]
    public async Task Scan_FragmentsWithEachTerminator_DeviceScanned(string terminator, string end)
    {
        await StartAsync(o => o.Terminator = terminator);
        await using var device = pty.OpenDevice();
        await SendAsync(device, "]C", "0LL-00", "0001" + end[..1], end[1..]);
        var e = await NextAsync();
        Assert.That((e.Type, e.Code, e.Symbology, e.Device?.Tag, e.Device?.Model), Is.EqualTo((ScanEventKind.DeviceScanned, "LL-000001", "code-128", "LL-000001", "Tab A8")));
        Assert.That(status.Scanner("desk").LastScanAt, Is.Not.Null);
    }

    [Test]
    public async Task Scan_NoTerminatorQuietGap_FramedByTimeout()
    {
        await StartAsync(o => { o.Terminator = "None"; o.InterByteTimeoutMs = 80; });
        await using var device = pty.OpenDevice();
        await SendAsync(device, "]Q1LL-0", "00001");
        Assert.That((await NextAsync()).Symbology, Is.EqualTo("qr"));
    }

    [Test]
    public async Task Scan_UnknownCode_UnknownCodeEventWithText()
    {
        await StartAsync();
        await using var device = pty.OpenDevice();
        await SendAsync(device, "]E06417182000014\r");
        var e = await NextAsync();
        Assert.That((e.Type, e.Code, e.Device), Is.EqualTo((ScanEventKind.UnknownCode, "6417182000014", (ScanCard?)null)));
        Assert.That(events.Recent().Single().Code, Is.EqualTo("6417182000014"));
    }

    [Test]
    public async Task Scan_DuplicateWithinWindow_Suppressed()
    {
        await StartAsync();
        await using var device = pty.OpenDevice();
        await SendAsync(device, "LL-000001\rLL-000001\r", "LL-000001\r", "OTHER-1\r");
        Assert.That((await NextAsync()).Code, Is.EqualTo("LL-000001"));
        Assert.That((await NextAsync()).Code, Is.EqualTo("OTHER-1"));
        await AssertNoMoreAsync();
    }

    [Test]
    public async Task Scan_GarbageAndOverlongLine_DroppedAndListenerKeepsGoing()
    {
        await StartAsync();
        await using var device = pty.OpenDevice();
        device.Write([0x01, 0xFF, 0xFE, 0x80, (byte)'\r']);
        await SendAsync(device, new string('9', 100) + "\r", "LL-000001\r");
        Assert.That((await NextAsync()).Code, Is.EqualTo("LL-000001"));
        await AssertNoMoreAsync();
        Assert.That(status.Scanner("desk").Dropped, Is.EqualTo(2));
        Assert.That(status.Scanner("desk").State, Is.EqualTo(PortState.Connected));
    }

    [Test]
    public async Task Scan_UnplugThenReplug_NextScanHandledWithinFiveSeconds()
    {
        await StartAsync();
        await using (var device = pty.OpenDevice())
            await SendAsync(device, "LL-000001\r");
        Assert.That((await NextAsync()).Type, Is.EqualTo(ScanEventKind.DeviceScanned));

        await pty.UnplugAsync();
        await WaitForAsync(PortState.WaitingForDevice, TimeSpan.FromSeconds(2));

        await pty.PlugAsync();
        var replugged = Stopwatch.StartNew();
        await using (var device = pty.OpenDevice())
        {
            // The scanner is back and is scanned at once; the listener must reopen and catch this one.
            await WaitForAsync(PortState.Connected, TimeSpan.FromSeconds(5));
            await SendAsync(device, "OTHER-2\r");
            var e = await NextAsync(TimeSpan.FromSeconds(5) - replugged.Elapsed);
            Assert.That(e.Code, Is.EqualTo("OTHER-2"));
        }
        Assert.That(replugged.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(listener!.Opens, Is.EqualTo(2));
        Assert.That(listener.AbandonedCloses, Is.Zero);
    }

    [Test]
    public async Task Scan_DeviceAbsentAtStart_WaitsThenConnects()
    {
        await pty.UnplugAsync();
        var options = new ScannerOptions { Name = "desk", Port = pty.Host };
        var scanner = HardwareSettings.Scanner("Scanners:0", options);
        status = new HardwareStatus(new HardwareSettings([scanner], [], PrintQueueSettings.Default));
        events = new ScanEvents();
        subscription = events.Subscribe();
        listener = new ScannerWorker(scanner, new ScanProcessor(db, ScanProcessor.Defaults(), events, NullLogger<ScanProcessor>.Instance),
            status, NullLogger<ScannerWorker>.Instance);
        await listener.StartAsync(CancellationToken.None);
        await WaitForAsync(PortState.WaitingForDevice, TimeSpan.FromSeconds(2));
        await pty.PlugAsync();
        await WaitForAsync(PortState.Connected, TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Scan_ReturnMode_PublishesModeUnavailable()
    {
        await StartAsync(o => o.Mode = "return");
        await using var device = pty.OpenDevice();
        await SendAsync(device, "LL-000001\r");
        var e = await NextAsync();
        Assert.That((e.Type, e.Mode, e.Device?.Tag), Is.EqualTo((ScanEventKind.ModeUnavailable, ScanMode.Return, "LL-000001")));
        Assert.That(e.Message, Is.EqualTo("mode return: not available until loans are built"));
    }

    [Test]
    public async Task Scan_StaffBadgeInCheckoutMode_RecognisedButNotRepeated()
    {
        await StartAsync(o => o.Mode = "staff-checkout");
        await using var device = pty.OpenDevice();
        await SendAsync(device, "STAFF-1234\r");
        var e = await NextAsync();
        Assert.That((e.Type, e.Code), Is.EqualTo((ScanEventKind.ModeUnavailable, (string?)null)));
        Assert.That(e.Message, Does.StartWith("staff badge read; mode staff-checkout: not available until loans are built"));
    }
}
