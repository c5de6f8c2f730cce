using LaiteLaina.Tests.Documents;
using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// The raster every bitmap printer gets: every supported size at every dpi in every language is pure black and white,
/// puts no dot outside the union of the layout's boxes, draws each symbol at exactly the layout's module size, and
/// every symbol decodes back to the tag with ZXing.Net.
/// </summary>
public sealed class LabelRasterTests
{
    private const string Tag = "LL-000123";

    [TestCaseSource(typeof(LabelLayoutTests), nameof(LabelLayoutTests.SizesAndDpis))]
    public void Render_EverySizeDpiAndLanguage_BlackOnlyInsideBoxesAndEverySymbolDecodes(double w, double h, int dpi) =>
        AssertBlackOnlyInsideBoxesAndDecodes(new LabelSize(w, h), dpi);

    [TestCaseSource(typeof(LabelLayoutTests), nameof(LabelLayoutTests.BrotherRolls))]
    public void Render_EveryBrotherRollBothWaysAndLanguage_BlackOnlyInsideBoxesAndEverySymbolDecodes(string roll, bool turned) =>
        AssertBlackOnlyInsideBoxesAndDecodes(LabelLayoutTests.BrotherSize(roll, turned), BrotherMedia.Dpi);

    private static void AssertBlackOnlyInsideBoxesAndDecodes(LabelSize size, int dpi)
    {
        foreach (var language in LabelLayoutTests.Languages)
        {
            var layout = LabelLayout.For(LabelLayoutTests.LabelIn(language), size, dpi);
            using var image = LabelRaster.Render(layout);
            Assert.Multiple(() =>
            {
                Assert.That((image.Width, image.Height), Is.EqualTo((layout.Width, layout.Height)), $"{language}: one pixel a dot");
                var (grey, outside, inkPerElement) = Survey(image, layout);
                Assert.That(grey, Is.Zero, $"{language}: pixels neither black nor white");
                Assert.That(outside, Is.Empty, $"{language}: black outside every element's box (first few)");
                foreach (var e in layout.Elements)
                    Assert.That(inkPerElement[e], Is.GreaterThan(0), $"{language}: {e.Part} '{e.Text}' is drawn");
                foreach (var symbol in layout.Elements.Where(e => e.IsSymbol))
                {
                    var modules = LabelRaster.Modules(symbol);
                    Assert.That(modules.Width * symbol.Module, Is.EqualTo(symbol.Box.Width), $"{language}: {symbol.Part} as wide as the layout sized it");
                    using var seen = LabelLayoutTests.AsACameraSees(image, symbol, LabelSize.Dots(1.0, dpi));
                    var format = LabelLayoutTests.Format(symbol.Part);
                    Assert.That(Barcodes.Read(seen, format), Is.EqualTo(new[] { (format, Tag) }), $"{language}: {symbol.Part} is the tag");
                }
            });
        }
    }

    [Test]
    public void PackRows_KnownDots_LeftmostInTheHighBitBlackIsOne()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(10, 2, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.White);
        bitmap.SetPixel(0, 0, SKColors.Black);
        bitmap.SetPixel(9, 0, SKColors.Black);
        bitmap.SetPixel(7, 1, SKColors.Black);
        Assert.That(LabelRaster.PackRows(bitmap), Is.EqualTo(new byte[] { 0x80, 0x40, 0x01, 0x00 }));
    }

    /// <summary>Grey pixels, black pixels outside every box (up to five), and how many black pixels each element has.</summary>
    private static (int Grey, List<(int X, int Y)> Outside, Dictionary<LabelElement, int> Ink) Survey(SKBitmap image, LabelLayout layout)
    {
        var (grey, outside) = (0, new List<(int, int)>());
        var ink = layout.Elements.ToDictionary(e => e, _ => 0);
        var pixels = image.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = pixels[y * image.RowBytes + x];
                if (p is not (0 or 255))
                    grey++;
                if (p == 255)
                    continue;
                var inside = false;
                foreach (var e in layout.Elements)
                {
                    if (x >= e.Box.X && x < e.Box.Right && y >= e.Box.Y && y < e.Box.Bottom)
                    {
                        ink[e]++;
                        inside = true;
                    }
                }
                if (!inside && outside.Count < 5)
                    outside.Add((x, y));
            }
        }
        return (grey, outside, ink);
    }
}
