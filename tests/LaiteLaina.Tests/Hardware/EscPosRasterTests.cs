using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>ESC/POS raster labels (GS v 0) checked byte for byte and through <see cref="EscPosPeer"/>, which reads the
/// stream back into the paper a printer would produce.</summary>
public sealed class EscPosRasterTests
{
    private static readonly AssetLabel Label = new("LL-000123", "Sosiaali- ja työllisyyspalvelut", "tabletti", "Samsung Galaxy Tab A8", "Palauta: palveluneuvonta");

    [Test]
    public void EncodeRaster_TmL90Label_InitOneBandFeedAndCut()
    {
        var layout = LabelLayout.For(Label, new LabelSize(48, 30), 203);
        var bytes = EscPosLabel.EncodeRaster(layout, 1);
        // 384 dots = 48 bytes a row, 240 rows: one band, 48 × 240 data bytes.
        Assert.That((layout.Width, layout.Height), Is.EqualTo((384, 240)));
        Assert.That(bytes[..10], Is.EqualTo(new byte[] { 0x1B, (byte)'@', 0x1D, (byte)'v', (byte)'0', 0, 48, 0, 240, 0 }));
        Assert.That(bytes.Length, Is.EqualTo(2 + 8 + 48 * 240 + 4));
        Assert.That(bytes[^4..], Is.EqualTo(new byte[] { 0x1D, (byte)'V', 66, 0 }));
    }

    [Test]
    public void EncodeRaster_TallLabel_BandsOfAtMost240RowsThatAddUp()
    {
        var layout = LabelLayout.For(Label, new LabelSize(101.6, 50.8), 300);
        var bytes = EscPosLabel.EncodeRaster(layout, 1);
        var heights = new List<int>();
        for (var i = bytes.AsSpan().IndexOf("\u001Dv0"u8); i >= 0 && i < bytes.Length - 4;)
        {
            var (x, y) = (bytes[i + 4] + 256 * bytes[i + 5], bytes[i + 6] + 256 * bytes[i + 7]);
            Assert.That(x, Is.EqualTo((layout.Width + 7) / 8));
            heights.Add(y);
            i += 8 + x * y;
            if (bytes[i] != 0x1D || bytes[i + 1] != 'v')
                break;
        }
        Assert.That(heights, Has.All.InRange(1, EscPosLabel.BandRows));
        Assert.That(heights.Sum(), Is.EqualTo(layout.Height));
        Assert.That(heights, Has.Count.EqualTo((layout.Height + EscPosLabel.BandRows - 1) / EscPosLabel.BandRows));
    }

    [Test]
    public void EncodeRaster_ReadBackByThePeer_DotForDotTheRenderedLabelOnePaperACopy()
    {
        var layout = LabelLayout.For(Label, new LabelSize(72, 30), 203);
        var papers = EscPosPeer.Decode(EscPosLabel.EncodeRaster(layout, 2));
        using var expected = LabelRaster.Render(layout);
        Assert.That(papers, Has.Count.EqualTo(2), "one cut a copy");
        foreach (var paper in papers)
        {
            using var image = paper.Image;
            // 72 mm is 575 dots at 203 dpi; a raster row is whole bytes, so the paper is 576 dots wide, the last one white.
            Assert.That((image.Width, image.Height), Is.EqualTo(((expected.Width + 7) / 8 * 8, expected.Height)));
            var differ = 0;
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                    differ += image.GetPixel(x, y).Red != (x < expected.Width ? expected.GetPixel(x, y).Red : 255) ? 1 : 0;
            }
            Assert.That(differ, Is.Zero, "dots that differ from LabelRaster.Render");
            Assert.That(paper.Lines, Is.Empty, "a raster label sends no text");
        }
    }

    [Test]
    public void Encode_AutoWithDataMatrix_RasterAutoWithQrText()
    {
        var narrow = LabelLayout.For(Label, new LabelSize(17, 54), 203);
        var wide = LabelLayout.For(Label, new LabelSize(72, 30), 203);
        Assert.That(narrow[LabelPart.DataMatrix], Is.Not.Null, "the narrow label has a Data Matrix");
        Assert.That(wide[LabelPart.QrCode], Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(EscPosLabel.UsesRaster(narrow, EscPosRendering.Auto), Is.True);
            Assert.That(EscPosLabel.UsesRaster(wide, EscPosRendering.Auto), Is.False);
            Assert.That(EscPosLabel.UsesRaster(wide, EscPosRendering.Raster), Is.True);
            Assert.That(EscPosLabel.Encode(Label, new LabelSize(17, 54), 203, 1, EscPosRendering.Auto),
                Is.EqualTo(EscPosLabel.EncodeRaster(narrow, 1)));
            var text = EscPosPeer.Decode(EscPosLabel.Encode(Label, new LabelSize(72, 30), 203, 1, EscPosRendering.Auto)).Single();
            Assert.That(text.Lines, Does.Contain("LL-000123").And.Contain("Sosiaali- ja työllisyyspalvelut"), "text mode, read back in code page 16");
            Assert.That(text.CodeTable, Is.EqualTo(16));
        });
    }

    /// <summary>The peer checks for ESC/POS raster: zbar reads the QR code and the Code 128 of a TM-m30 label, zxing-cpp
    /// the Data Matrix of a narrow one (zbar reads no Data Matrix); neither shares code with ZXing.Net.</summary>
    [Test]
    public void EncodeRaster_ReadBackByThePeer_ZbarAndZxingCppReadTheTag()
    {
        var wide = LabelLayout.For(Label, new LabelSize(72, 30), 203);
        using var wideImage = Enlarged(EscPosPeer.Decode(EscPosLabel.EncodeRaster(wide, 1)).Single().Image);
        Assert.That(Barcodes.Zbar(wideImage), Is.EquivalentTo(new[] { "QR-Code:LL-000123", "CODE-128:LL-000123" }));

        var narrow = LabelLayout.For(Label, new LabelSize(17, 54), 300);
        using var paper = EscPosPeer.Decode(EscPosLabel.EncodeRaster(narrow, 1)).Single().Image;
        // zxing-cpp's Data Matrix detector, like ZXing.Net's, looks from the middle of the picture: aimed at the symbol.
        using var narrowImage = Enlarged(LabelLayoutTests.AsACameraSees(paper, narrow[LabelPart.DataMatrix]!, LabelSize.Dots(1.0, 300)));
        var png = Path.Combine(Path.GetTempPath(), $"laitelaina-escpos-{Guid.NewGuid():N}.png");
        try
        {
            using (var file = File.Create(png))
                narrowImage.Encode(file, SKEncodedImageFormat.Png, 100);
            Assert.That(Barcodes.ZxingCpp(png, "DataMatrix"), Is.EqualTo("LL-000123"));
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary>Each dot as 2 × 2 pixels with white around it, as a camera at a hand's length sees at least.</summary>
    private static SKBitmap Enlarged(SKBitmap paper)
    {
        using (paper)
        {
            var big = new SKBitmap(new SKImageInfo(paper.Width * 2 + 40, paper.Height * 2 + 40, SKColorType.Gray8, SKAlphaType.Opaque));
            using var canvas = new SKCanvas(big);
            canvas.Clear(SKColors.White);
            using var image = SKImage.FromBitmap(paper);
            canvas.DrawImage(image, new SKRect(20, 20, 20 + paper.Width * 2, 20 + paper.Height * 2), new SKSamplingOptions(SKFilterMode.Nearest));
            return big;
        }
    }
}
