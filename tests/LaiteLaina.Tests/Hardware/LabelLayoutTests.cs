using LaiteLaina.Inventory;
using System.Globalization;
using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// Every supported label size at every dpi in every language: the layout keeps elements and quiet zones apart, the
/// ZPL rendered by an independent renderer (zpl-renderer-js) puts ink only inside the layout's boxes, and every
/// symbol decodes back to the tag (ZXing.Net in process; zbarimg for one size a dpi). Every supported size works at
/// every dpi; a smaller one is refused.
/// </summary>
public sealed class LabelLayoutTests
{
    private const string Tag = "LL-000123";

    /// <summary>Labels as an office in each language prints them, with a long model name and a long owner line.</summary>
    internal static AssetLabel LabelIn(string language) => language switch
    {
        "sv" => new(Tag, "Social- och sysselsättningstjänsterna", DocumentWords.Kind(DeviceKind.PrinterScanner, "sv"), "Samsung Galaxy Tab A8 (SM-X200)", "Återlämnas till: servicerådgivningen, Handelsgatan 1"),
        "en" => new(Tag, "Social and Employment Services", DocumentWords.Kind(DeviceKind.Laptop, "en"), "Lenovo ThinkPad L14 Gen 4 (21H1)", "Return to: the service desk, Kauppakatu 1"),
        _ => new(Tag, "Sosiaali- ja työllisyyspalvelut", DocumentWords.Kind(DeviceKind.Tablet, "fi"), "Samsung Galaxy Tab A8 (SM-X200)", "Palauta: palveluneuvonta, Kauppakatu 1"),
    };

    internal static readonly string[] Languages = ["fi", "sv", "en"];

    public static IEnumerable<TestCaseData> SizesAndDpis() =>
        from size in LabelLayout.Supported
        from dpi in LabelLayout.Dpis
        select new TestCaseData(size.WidthMm, size.HeightMm, dpi).SetArgDisplayNames($"{size}", $"{dpi}dpi");

    /// <summary>What a Brother QL lays out on each die-cut roll at its profile's size and turned (54 × 17 on a 17 mm
    /// roll, 29 × 62 on a 62 mm one): the printable area at 300 dpi, with only the margin the head's unprintable edge
    /// does not already leave.</summary>
    public static IEnumerable<TestCaseData> BrotherRolls() =>
        from media in BrotherMedia.All.Where(m => m.DieCut)
        from turned in new[] { false, true }
        select new TestCaseData(media.Name, turned).SetArgDisplayNames(media.Name, turned ? "turned" : "as-shipped");

    internal static LabelSize BrotherSize(string roll, bool turned)
    {
        var media = BrotherMedia.Parse("media", roll);
        var configured = BrotherQlTests.Configured(media);
        return media.LayoutSize(turned ? new LabelSize(configured.HeightMm, configured.WidthMm) : configured);
    }

    [TestCaseSource(nameof(SizesAndDpis))]
    public void For_EverySizeDpiAndLanguage_ElementsApartInsideTheLabel(double w, double h, int dpi) =>
        AssertApartInsideTheMargins(new LabelSize(w, h), dpi);

    [TestCaseSource(nameof(BrotherRolls))]
    public void For_EveryBrotherRollBothWaysAndLanguage_ElementsApartInsideThePrintableArea(string roll, bool turned)
    {
        var size = BrotherSize(roll, turned);
        Assert.That(size.MarginMm, Is.LessThan(LabelSize.EdgeMm), "the head's unprintable edge is part of the margin");
        AssertApartInsideTheMargins(size, BrotherMedia.Dpi);
    }

    private static void AssertApartInsideTheMargins(LabelSize size, int dpi)
    {
        foreach (var language in Languages)
        {
            var layout = LabelLayout.For(LabelIn(language), size, dpi);
            var label = new LabelBox(0, 0, layout.Width, layout.Height);
            var margin = LabelSize.Dots(size.MarginMm, dpi);
            var content = new LabelBox(margin, margin, layout.Width - 2 * margin, layout.Height - 2 * margin);
            var minText = (int)Math.Ceiling(LabelLayout.MinTextMm * dpi / 25.4);
            Assert.Multiple(() =>
            {
                foreach (var e in layout.Elements)
                {
                    Assert.That(content.Contains(e.Box), $"{language}: {e.Part} {e.Box} inside the margins {content}");
                    Assert.That(label.Contains(e.Outer), $"{language}: {e.Part} with its quiet zone {e.Outer} on the label");
                    if (!e.IsSymbol)
                        Assert.That(e.Font, Is.GreaterThanOrEqualTo(minText), $"{language}: {e.Part} at least 2 mm high");
                    foreach (var other in layout.Elements.Where(o => o != e))
                        Assert.That(e.Outer.Overlaps(other.Outer), Is.False, $"{language}: {e.Part} {e.Outer} overlaps {other.Part} {other.Outer}");
                }
                var parts = layout.Elements.Select(e => e.Part).ToList();
                Assert.That(parts, Does.Contain(LabelPart.Owner).And.Contain(LabelPart.Tag).And.Contain(LabelPart.ReturnTo).And.Contain(LabelPart.Device));
                Assert.That(parts.Contains(LabelPart.DataMatrix) || (parts.Contains(LabelPart.QrCode) && parts.Contains(LabelPart.Code128)), $"{language}: a Data Matrix, or QR and Code 128");
                var device = string.Join(' ', layout.Elements.Where(e => e.Part == LabelPart.Device).Select(e => e.Text));
                Assert.That(device, Does.StartWith(LabelIn(language).Kind), "the kind in the label's language");
            });
        }
    }

    /// <summary>Every size × dpi rendered by zpl-renderer-js in one node process, the first time a case asks: one
    /// process a case spent most of the test's time starting node and loading the renderer.</summary>
    private static readonly Lazy<Task<string>> Rendered = new(RenderEverySizeAsync);

    private static string Name(LabelSize size, int dpi) => $"{size}-{dpi}";

    private static async Task<string> RenderEverySizeAsync()
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-labels-").FullName;
        var jobs = from size in LabelLayout.Supported
                   from dpi in LabelLayout.Dpis
                   let layouts = Languages.Select(language => LabelLayout.For(LabelIn(language), size, dpi)).ToList()
                   // One stream of three labels, as a print run sends them: nothing one label sets may move the next one's fields.
                   select new ZplRenderer.Job(Name(size, dpi), layouts.SelectMany(l => ZplLabel.Encode(l, 1)).ToArray(), layouts[0].Width, layouts[0].Height, dpi);
        await ZplRenderer.RenderBatchAsync(ZplRenderer.Find(), jobs, dir);
        return dir;
    }

    [OneTimeTearDown]
    public void DeleteRenderedLabels()
    {
        if (Rendered.IsValueCreated && Rendered.Value.IsCompletedSuccessfully)
            Directory.Delete(Rendered.Value.Result, recursive: true);
    }

    [TestCaseSource(nameof(SizesAndDpis))]
    public async Task ZplEncode_EverySizeDpiAndLanguage_RenderedInkInsideBoxesAndEverySymbolDecodes(double w, double h, int dpi)
    {
        var size = new LabelSize(w, h);
        ZplRenderer.Find();
        var layouts = Languages.Select(language => LabelLayout.For(LabelIn(language), size, dpi)).ToList();
        var dir = await Rendered.Value;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < layouts.Count; i++)
            {
                using var image = SKBitmap.Decode(Path.Combine(dir, $"{Name(size, dpi)}-{i}.png"));
                var stray = InkOutside(image, layouts[i]);
                Assert.That(stray, Is.Empty, $"{Languages[i]}: ink outside every element's box (first few)");
                foreach (var symbol in layouts[i].Elements.Where(e => e.IsSymbol))
                {
                    using var seen = AsACameraSees(image, symbol, LabelSize.Dots(1.0, dpi));
                    Assert.That(Barcodes.Read(seen, Format(symbol.Part)), Is.EqualTo(new[] { (Format(symbol.Part), Tag) }),
                        $"{Languages[i]}: {symbol.Part} is the tag");
                }
            }
        });
    }

    /// <summary>
    /// Each raster printer language, encoded and read back by its test-side peer into the paper a printer would
    /// produce. The Brother QL peer joins here as one more entry, ["brother-ql"] = its encoder then its reader.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<LabelLayout, SKBitmap>> RasterPeers = new Dictionary<string, Func<LabelLayout, SKBitmap>>
    {
        ["escpos"] = layout => EscPosPeer.Decode(EscPosLabel.EncodeRaster(layout, 1)).Single().Image,
    };

    public static IEnumerable<TestCaseData> RasterPeersSizesAndDpis() =>
        from peer in RasterPeers.Keys
        from size in LabelLayout.Supported
        from dpi in LabelLayout.Dpis
        select new TestCaseData(peer, size.WidthMm, size.HeightMm, dpi).SetArgDisplayNames(peer, $"{size}", $"{dpi}dpi");

    [TestCaseSource(nameof(RasterPeersSizesAndDpis))]
    public void RasterEncode_EverySizeDpiAndLanguage_PeerReadsInkInsideBoxesAndEverySymbolDecodes(string peer, double w, double h, int dpi)
    {
        var size = new LabelSize(w, h);
        Assert.Multiple(() =>
        {
            foreach (var language in Languages)
            {
                var layout = LabelLayout.For(LabelIn(language), size, dpi);
                using var image = RasterPeers[peer](layout);
                // A raster row is whole bytes: the paper may be up to 7 dots wider than the label, never narrower.
                Assert.That((image.Width - layout.Width, image.Height), Is.EqualTo(((8 - layout.Width % 8) % 8, layout.Height)), $"{language}: paper size");
                Assert.That(InkOutside(image, layout), Is.Empty, $"{language}: ink outside every element's box (first few)");
                foreach (var symbol in layout.Elements.Where(e => e.IsSymbol))
                {
                    using var seen = AsACameraSees(image, symbol, LabelSize.Dots(1.0, dpi));
                    Assert.That(Barcodes.Read(seen, Format(symbol.Part)), Is.EqualTo(new[] { (Format(symbol.Part), Tag) }),
                        $"{language}: {symbol.Part} is the tag");
                }
            }
        });
    }

    [TestCase(152), TestCase(180), TestCase(203), TestCase(300), TestCase(600)]
    public void For_NoRoomForAReadableSymbol_RefusedNamingTheSmallestSizeThatWorks(int dpi)
    {
        // 30 × 12 mm: a Data Matrix of 14 × 14 modules at 0.25 mm needs 4 mm, but owner and return lines of 2 mm with
        // their margins leave less between them.
        var e = Assert.Throws<UserError>(() => LabelLayout.For(LabelIn("fi"), new LabelSize(30, 12), dpi));
        Assert.That(e!.In(CultureInfo.GetCultureInfo("fi")), Is.EqualTo(
            $"Tarkista tarran koko: '30x12' ei kelpaa – {dpi} dpi:n tarkkuudella näin pienen tarran koodeja ei voi lukea; käytä kokoa 40x20 tai suurempaa."));
        Assert.That(e.In(CultureInfo.GetCultureInfo("sv")), Does.Contain($"med {dpi} dpi går koderna på en så liten etikett inte att läsa; använd 40x20 eller större"));
        Assert.That(LabelLayout.TryFor(LabelIn("fi"), new LabelSize(40, 20), dpi), Is.Not.Null, "the size named works");
    }

    [Test]
    public void For_TagTooLongForTheLabel_RefusedWhenPrinting()
    {
        var e = Assert.Throws<UserError>(() => ZplLabel.Encode(LabelIn("en") with { Tag = "KERAVA-SOSIAALITOIMI-TABLETIT-000012345" }, new LabelSize(40, 20), 152, 1));
        Assert.That(e!.Message, Does.Contain("'40x20'").And.Contain("at 152 dpi"));
    }

    /// <summary>zbarimg, a second decoder, on the whole label with nothing cut out: one size a dpi with QR and Code 128
    /// (zbar reads no Data Matrix). These are the peer checks for the in-process ZXing.Net reads above.</summary>
    [TestCase(152), TestCase(180), TestCase(203), TestCase(300), TestCase(600)]
    public async Task ZplEncode_OneSizeADpi_ZbarimgReadsQrAndCode128(int dpi)
    {
        var tool = ZplRenderer.Find();
        var layout = LabelLayout.Supported.Select(s => LabelLayout.For(LabelIn("fi"), s, dpi)).First(l => l[LabelPart.QrCode] is not null);
        var dir = Directory.CreateTempSubdirectory("laitelaina-zbar-").FullName;
        try
        {
            var png = Path.Combine(dir, "label.png");
            await ZplRenderer.RenderAsync(tool, ZplLabel.Encode(layout, 1), layout.Width, layout.Height, dpi, png);
            using var image = SKBitmap.Decode(png);
            Assert.That(Barcodes.Zbar(image), Is.EquivalentTo(new[] { $"QR-Code:{Tag}", $"CODE-128:{Tag}" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static ZXing.BarcodeFormat Format(LabelPart part) => part switch
    {
        LabelPart.QrCode => ZXing.BarcodeFormat.QR_CODE,
        LabelPart.DataMatrix => ZXing.BarcodeFormat.DATA_MATRIX,
        _ => ZXing.BarcodeFormat.CODE_128,
    };

    /// <summary>
    /// The symbol with its quiet zone and a millimetre of its neighbours around it, each dot as 2 × 2 pixels: what a
    /// phone camera aimed at that code sees at least. ZXing's Data Matrix detector searches outwards from the middle of
    /// the image and finds no symbol whose modules are under about 6 pixels (zxing-cpp neither).
    /// </summary>
    internal static SKBitmap AsACameraSees(SKBitmap image, LabelElement symbol, int around)
    {
        var o = symbol.Outer;
        var area = SKRectI.Intersect(new SKRectI(o.X - around, o.Y - around, o.Right + around, o.Bottom + around), new SKRectI(0, 0, image.Width, image.Height));
        using var crop = new SKBitmap(area.Width, area.Height);
        image.ExtractSubset(crop, area);
        return crop.Resize(new SKImageInfo(area.Width * 2, area.Height * 2), new SKSamplingOptions(SKFilterMode.Nearest));
    }

    /// <summary>Dark pixels outside every element's box (up to five of them), with a pixel's grace for anti-aliased text.</summary>
    private static List<(int X, int Y)> InkOutside(SKBitmap image, LabelLayout layout)
    {
        var boxes = layout.Elements.Select(e => e.IsSymbol ? e.Box : new LabelBox(e.Box.X - 1, e.Box.Y - 1, e.Box.Width + 2, e.Box.Height + 2)).ToList();
        var stray = new List<(int, int)>();
        for (var y = 0; y < image.Height && stray.Count < 5; y++)
        {
            for (var x = 0; x < image.Width && stray.Count < 5; x++)
            {
                var c = image.GetPixel(x, y);
                if ((c.Red + c.Green + c.Blue) / 3 < 128 && c.Alpha > 128 && !boxes.Any(b => x >= b.X && x < b.Right && y >= b.Y && y < b.Bottom))
                    stray.Add((x, y));
            }
        }
        return stray;
    }
}
