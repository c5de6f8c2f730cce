using LaiteLaina.Tests.Documents;
using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// Brother QL raster for the three DK rolls in every language: the stream has the reference's commands in order with
/// the roll's print information, its lines decoded back give exactly the rendered label, and every symbol on it scans.
/// The 32-byte status: faults, and the wrong roll as a message naming the right one.
/// </summary>
public sealed class BrotherQlTests
{
    private const string Tag = "LL-000123";

    public static IEnumerable<TestCaseData> Rolls() =>
        from media in BrotherMedia.All
        from compress in new[] { true, false }
        select new TestCaseData(media.Name, compress).SetArgDisplayNames(media.Name, compress ? "packbits" : "raw");

    /// <summary>Every roll with its label size configured the other way round (29 × 62 on DK-11209, 54 × 17 on DK-11204,
    /// 29 × 62 on the continuous DK-22205): the layout is made for that shape and printed turned onto the roll.</summary>
    public static IEnumerable<TestCaseData> RollsTurned() =>
        from media in BrotherMedia.All
        select new TestCaseData(media.Name).SetArgDisplayNames(media.Name, "turned");

    /// <summary>The configured label size each roll's profile ships with.</summary>
    internal static LabelSize Configured(BrotherMedia media) => media.DieCut ? new(media.WidthMm, media.LengthMm) : new(62, 29);

    [TestCaseSource(nameof(Rolls))]
    public void Encode_EveryRollAndLanguage_CommandsInOrderLinesDecodeToTheLabelAndSymbolsScan(string roll, bool compress)
    {
        var media = BrotherMedia.Parse("media", roll);
        foreach (var language in LabelLayoutTests.Languages)
        {
            var layout = LabelLayout.For(LabelLayoutTests.LabelIn(language), media.LayoutSize(Configured(media)), 300);
            var commands = BrotherQlReader.Parse(BrotherQlLabel.Encode(layout, media, 1, compress));
            var lines = commands.Count(c => c.Name == "g");
            Assert.Multiple(() =>
            {
                Assert.That(commands.Select(c => c.Name).Where(n => n != "g"), Is.EqualTo(new[]
                {
                    "invalidate", "ESC @", "ESC i a", "ESC i z", "ESC i M", "ESC i A", "ESC i K", "ESC i d", "M", "Control-Z",
                }), language);
                Assert.That(commands[0].Data, Has.Length.EqualTo(400));
                var info = commands.First(c => c.Name == "ESC i z").Data;
                Assert.That(info[..4], Is.EqualTo(new byte[] { 0xCE, media.MediaType, (byte)media.WidthMm, (byte)media.LengthMm }), "valid flags, type, width, length");
                Assert.That(BitConverter.ToInt32(info, 4), Is.EqualTo(lines), "raster number");
                Assert.That(info[8..], Is.EqualTo(new byte[] { 0, 0 }), "first page");
                Assert.That(commands.First(c => c.Name == "ESC i d").Data, Is.EqualTo(media.DieCut ? new byte[] { 0, 0 } : new byte[] { 35, 0 }));
                Assert.That(commands.First(c => c.Name == "M").Data, Is.EqualTo(new[] { (byte)(compress ? 2 : 0) }));
                if (media.DieCut)
                    Assert.That(lines, Is.EqualTo(media.PrintableLines), "a die-cut label's printable length");
                Assert.That(commands.Where(c => c.Name == "g").Select(c => c.Data.Length).Distinct(), Is.EqualTo(new[] { 90 }));
            });
            using var expected = LabelRaster.Render(layout);
            var pages = BrotherQlReader.Pages(commands, media.PrintableDots, media.OffsetPins);
            try
            {
                Assert.That(pages, Has.Count.EqualTo(1));
                Assert.That(pages[0].GetPixelSpan().ToArray(), Is.EqualTo(expected.GetPixelSpan().ToArray()), $"{language}: the printed label is the rendered one");
                foreach (var symbol in layout.Elements.Where(e => e.IsSymbol))
                {
                    using var seen = LabelLayoutTests.AsACameraSees(pages[0], symbol, LabelSize.Dots(1.0, 300));
                    var format = LabelLayoutTests.Format(symbol.Part);
                    Assert.That(Barcodes.Read(seen, format), Is.EqualTo(new[] { (format, Tag) }), $"{language} {roll}: {symbol.Part}");
                }
            }
            finally
            {
                pages.ForEach(p => p.Dispose());
            }
        }
    }

    [TestCaseSource(nameof(RollsTurned))]
    public void Encode_LabelSizeConfiguredTheOtherWay_PrintedTurnedAndEverySymbolScans(string roll)
    {
        var media = BrotherMedia.Parse("media", roll);
        var configured = Configured(media);
        var size = media.LayoutSize(new LabelSize(configured.HeightMm, configured.WidthMm));
        foreach (var language in LabelLayoutTests.Languages)
        {
            var layout = LabelLayout.For(LabelLayoutTests.LabelIn(language), size, BrotherMedia.Dpi);
            var commands = BrotherQlReader.Parse(BrotherQlLabel.Encode(layout, media, 1));
            var pages = BrotherQlReader.Pages(commands, media.PrintableDots, media.OffsetPins);
            using var expected = LabelRaster.Render(layout);
            try
            {
                Assert.That(pages, Has.Count.EqualTo(1));
                // A layout across the roll the other way is turned a quarter clockwise onto it; turning the page back
                // (here with Skia's own rotation) gives the rendered label dot for dot.
                using var page = layout.Width == media.PrintableDots ? pages[0].Copy() : QuarterTurnBack(pages[0]);
                Assert.That((page.Width, page.Height), Is.EqualTo((expected.Width, expected.Height)), $"{language} {roll}: {size}");
                Assert.That(page.GetPixelSpan().ToArray(), Is.EqualTo(expected.GetPixelSpan().ToArray()), $"{language} {roll}: the printed label is the rendered one");
                if (media.DieCut)
                    Assert.That(pages[0].Height, Is.EqualTo(media.PrintableLines), "a die-cut label's printable length");
                foreach (var symbol in layout.Elements.Where(e => e.IsSymbol))
                {
                    using var seen = LabelLayoutTests.AsACameraSees(page, symbol, LabelSize.Dots(1.0, BrotherMedia.Dpi));
                    var format = LabelLayoutTests.Format(symbol.Part);
                    Assert.That(Barcodes.Read(seen, format), Is.EqualTo(new[] { (format, Tag) }), $"{language} {roll}: {symbol.Part}");
                }
            }
            finally
            {
                pages.ForEach(p => p.Dispose());
            }
        }
    }

    private static SKBitmap QuarterTurnBack(SKBitmap page)
    {
        var back = new SKBitmap(new SKImageInfo(page.Height, page.Width, SKColorType.Gray8, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(back);
        canvas.Translate(0, page.Width);
        canvas.RotateDegrees(-90);
        using var image = SKImage.FromBitmap(page);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return back;
    }

    [Test]
    public void Encode_TwoCopies_TwoPagesFormFeedThenControlZ()
    {
        var commands = BrotherQlReader.Parse(BrotherQlLabel.Encode(LabelLayoutTests.LabelIn("fi"), BrotherMedia.Dk11209, new LabelSize(62, 29), 2));
        var infos = commands.Where(c => c.Name == "ESC i z").Select(c => c.Data[8]).ToList();
        Assert.That(infos, Is.EqualTo(new byte[] { 0, 1 }), "starting page, then other pages");
        Assert.That(commands.Where(c => c.Name is "FF" or "Control-Z").Select(c => c.Name), Is.EqualTo(new[] { "FF", "Control-Z" }));
        Assert.That(commands.Count(c => c.Name == "ESC @"), Is.EqualTo(1));
    }

    [Test]
    public void Encode_LabelWiderThanTheRoll_TurnedAQuarter()
    {
        var media = BrotherMedia.Dk22205;
        var size = media.LayoutSize(new LabelSize(101.6, 50.8));
        var layout = LabelLayout.For(LabelLayoutTests.LabelIn("fi"), size, 300);
        Assert.That((layout.Width, layout.Height), Is.EqualTo((1200, media.PrintableDots)), "laid out 101.6 mm along the roll");
        var commands = BrotherQlReader.Parse(BrotherQlLabel.Encode(layout, media, 1));
        using var page = BrotherQlReader.Pages(commands, media.PrintableDots, media.OffsetPins).Single();
        Assert.That((page.Width, page.Height), Is.EqualTo((media.PrintableDots, layout.Width)));
        using var expected = LabelRaster.Render(layout);
        // A quarter clockwise: the label's (x, y) is the page's (height - 1 - y, x).
        var mismatches = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                if (expected.GetPixel(x, y).Red != page.GetPixel(expected.Height - 1 - y, x).Red)
                    mismatches++;
            }
        }
        Assert.That(mismatches, Is.Zero);
    }

    [Test]
    public void PackBits_ReferenceExample_PackedAsTheTiffSpecificationShows()
    {
        byte[] data = [0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22, .. Enumerable.Repeat((byte)0xAA, 10)];
        var packed = BrotherQlLabel.PackBits(data);
        Assert.That(packed, Is.EqualTo(new byte[] { 0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA }));
        var random = new Random(19);
        for (var i = 0; i < 200; i++)
        {
            var line = new byte[90];
            for (var k = 0; k < line.Length; k++)
                line[k] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(k / 10 % 2 == 0 ? 0 : 0xFF);
            Assert.That(BrotherQlReader.Unpack(BrotherQlLabel.PackBits(line)), Is.EqualTo(line));
        }
    }

    /// <summary>A QL-800's answer to ESC i S: no errors, the roll given, "reply to status request", receiving.</summary>
    internal static byte[] Status(int width, byte type, int length, byte error1 = 0, byte error2 = 0)
    {
        var s = new byte[32];
        (s[0], s[1], s[2], s[3], s[4], s[5], s[6]) = (0x80, 0x20, (byte)'B', (byte)'4', (byte)'8', (byte)'0', (byte)'0');
        (s[8], s[9], s[10], s[11], s[17], s[18], s[19]) = (error1, error2, (byte)width, type, (byte)length, 0, 0);
        return s;
    }

    [Test]
    public void Parse_RightRoll_Ready() =>
        Assert.That(BrotherQlStatus.Parse(Status(62, 0x0B, 29), BrotherMedia.Dk11209)!.IsReady, Is.True);

    [TestCase(62, 0x0A, 0, "DK-11209", "Aseta tulostimeen 62 × 29 mm:n tarrarulla (DK-11209)", "Put a 62 × 29 mm label roll (DK-11209) in the printer")]
    [TestCase(17, 0x0B, 54, "DK-11209", "Aseta tulostimeen 62 × 29 mm:n tarrarulla (DK-11209)", "Put a 62 × 29 mm label roll (DK-11209) in the printer")]
    [TestCase(62, 0x0B, 29, "DK-22205", "Aseta tulostimeen 62 mm:n tarrarulla (DK-22205)", "Put a 62 mm label roll (DK-22205) in the printer")]
    [TestCase(62, 0x0B, 29, "DK-11204", "Aseta tulostimeen 17 × 54 mm:n tarrarulla (DK-11204)", "Put a 17 × 54 mm label roll (DK-11204) in the printer")]
    public void Parse_WrongRoll_FaultSaysWhichRollToPutIn(int width, byte type, int length, string roll, string fi, string en)
    {
        var status = BrotherQlStatus.Parse(Status(width, type, length), BrotherMedia.Parse("media", roll))!;
        Assert.That(status.Faults, Is.EqualTo(new[] { "wrong media" }));
        Assert.That(status.Text.Render(CultureInfo.GetCultureInfo("fi")), Is.EqualTo(fi));
        Assert.That(status.Text.Render(CultureInfo.GetCultureInfo("en")), Is.EqualTo(en));
        Assert.That(status.Text.Render(CultureInfo.GetCultureInfo("sv")), Does.StartWith("Sätt i en etikettrulle på"));
    }

    [TestCase((byte)0x01, (byte)0x00, "no media")]
    [TestCase((byte)0x02, (byte)0x00, "end of media")]
    [TestCase((byte)0x04, (byte)0x00, "cutter jam")]
    [TestCase((byte)0x00, (byte)0x10, "cover open")]
    [TestCase((byte)0x00, (byte)0x04, "communication error")]
    [TestCase((byte)0x00, (byte)0x40, "feed error")]
    [TestCase((byte)0x00, (byte)0x80, "error")]
    public void Parse_ErrorBit_ThatFaultInEveryLanguage(byte error1, byte error2, string fault)
    {
        var status = BrotherQlStatus.Parse(Status(62, 0x0B, 29, error1, error2), BrotherMedia.Dk11209)!;
        Assert.That(status.Faults, Is.EqualTo(new[] { fault }));
        Assert.That(PrinterStatus.FaultTexts.ContainsKey(fault), Is.True);
        foreach (var language in new[] { "fi", "sv" })
            Assert.That(status.Text.Render(CultureInfo.GetCultureInfo(language)), Is.Not.EqualTo(status.Text.Render(CultureInfo.GetCultureInfo("en"))), language);
    }

    [Test]
    public void Parse_NoMediaTypeReported_NoMedia() =>
        Assert.That(BrotherQlStatus.Parse(Status(0, 0, 0), BrotherMedia.Dk11209)!.Faults, Is.EqualTo(new[] { "no media" }));

    [Test]
    public void Parse_NotAStatus_Null()
    {
        Assert.That(BrotherQlStatus.Parse(new byte[31]), Is.Null);
        Assert.That(BrotherQlStatus.Parse(new byte[32]), Is.Null);
    }

    [TestCase("ql"), TestCase("brother-ql"), TestCase("Brother-QL")]
    public void Printer_BrotherLanguageAndMedia_Accepted(string language)
    {
        var p = HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "ql", Port = "/dev/usb/lp0", Language = language, Dpi = 300, LabelSize = "62x29", Media = "dk-11209" });
        Assert.That((p.Language, p.Media), Is.EqualTo((LabelLanguage.BrotherQl, BrotherMedia.Dk11209)));
    }

    [Test]
    public void Printer_UnknownMedia_RefusedNamingTheKeyAndTheRolls()
    {
        var e = Assert.Throws<UserError>(() => HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "ql", Port = "/dev/usb/lp0", Language = "ql", Dpi = 300, Media = "DK-9999" }));
        Assert.That(e!.Message, Does.Contain("Printers:0:Media").And.Contain("DK-9999").And.Contain("DK-11209, DK-22205, DK-11204"));
        Assert.That(e.In(CultureInfo.GetCultureInfo("fi")), Does.Contain("Brother-rullan"));
    }

    [Test]
    public void Printer_BrotherAt203Dpi_Refused()
    {
        var e = Assert.Throws<UserError>(() => HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "ql", Port = "/dev/usb/lp0", Language = "ql", Dpi = 203, Media = "DK-11209" }));
        Assert.That(e!.Message, Does.Contain("Printers:0:Dpi").And.Contain("300"));
    }

    [Test]
    public void IsUsbPrinter_UsbClassNodeOrALinkToIt_TrueSerialFalse()
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-usblp-").FullName;
        try
        {
            var link = Path.Combine(dir, "brother-ql");
            File.CreateSymbolicLink(link, "/dev/usb/lp0");
            Assert.Multiple(() =>
            {
                Assert.That(PrinterTransports.IsUsbPrinter("/dev/usb/lp0"), Is.True);
                Assert.That(PrinterTransports.IsUsbPrinter(link), Is.True, "a udev link");
                Assert.That(PrinterTransports.IsUsbPrinter("/dev/ttyUSB0"), Is.False);
                Assert.That(PrinterTransports.IsUsbPrinter(Path.Combine(dir, "labels.bin")), Is.False);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("17x54"), TestCase("54x17")]
    public void Printer_SeventeenMillimetreRollEitherWay_Accepted(string size)
    {
        var p = HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "ql", Port = "/dev/usb/lp0", Language = "ql", Dpi = 300, LabelSize = size, Media = "DK-11204" });
        Assert.That(p.Media, Is.EqualTo(BrotherMedia.Dk11204));
    }

    [Test]
    public void LayoutSize_SeventeenMillimetreRoll_PrintableAreaWithNoMarginOfItsOwn()
    {
        // 165 pins × 566 lines at 300 dpi; the head already stops 1.5 mm short of the sides and 3 mm of the ends.
        var size = BrotherMedia.Dk11204.LayoutSize(new LabelSize(17, 54));
        Assert.That((size.WidthDots(300), size.HeightDots(300), size.MarginMm), Is.EqualTo((165, 566, 0.0)));
    }

    [Test]
    public async Task UsbPrinterTransport_UnpluggedDevice_IoErrorNamingThePath()
    {
        var printer = HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "ql", Port = "/dev/usb/lp9", Language = "ql", Dpi = 300, Media = "DK-11209" });
        var e = Assert.ThrowsAsync<IOException>(async () => await PrinterTransports.OpenAsync(printer, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("/dev/usb/lp9"));
        await Task.CompletedTask;
    }
}
