using LaiteLaina.Documents;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace LaiteLaina.Hardware;

/// <summary>
/// A <see cref="LabelLayout"/> drawn dot for dot, for printers that take a bitmap (Brother QL raster, ESC/POS
/// GS v 0): pure black on white, no grey anywhere, since a thermal head has none and a threshold would move edges.
/// Symbols come from ZXing.Net's encoders and are drawn module by module at exactly the layout's module size; text uses
/// the product's embedded sans and is shrunk until its ink fits its box. Nothing is drawn outside an element's box.
/// </summary>
public static class LabelRaster
{
    /// <summary>The layout as a Gray8 bitmap <see cref="LabelLayout.Width"/> × <see cref="LabelLayout.Height"/> dots,
    /// every pixel 0 (black) or 255 (white).</summary>
    public static SKBitmap Render(LabelLayout layout)
    {
        var bitmap = new SKBitmap(new SKImageInfo(layout.Width, layout.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Fill };
            foreach (var e in layout.Elements)
            {
                if (e.IsSymbol)
                    Symbol(canvas, ink, e);
                else
                    Text(canvas, ink, e);
            }
        }
        return bitmap;
    }

    /// <summary>
    /// The bitmap as 1-bit rows, top row first, each <c>(Width + 7) / 8</c> bytes: the leftmost dot in the most
    /// significant bit, 1 = black. Both raster printer languages take their lines in this form.
    /// </summary>
    public static byte[] PackRows(SKBitmap bitmap)
    {
        var grey = bitmap.ColorType == SKColorType.Gray8 ? bitmap : bitmap.Copy(SKColorType.Gray8);
        try
        {
            // SKBitmap's Width, Height and RowBytes each cross into native code: read them once, not once a dot.
            var (width, height, rowBytes) = (grey.Width, grey.Height, grey.RowBytes);
            var stride = (width + 7) / 8;
            var rows = new byte[stride * height];
            ReadOnlySpan<byte> pixels = grey.GetPixelSpan();
            for (var y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * rowBytes, width);
                var packed = rows.AsSpan(y * stride, stride);
                for (var x = 0; x < width; x++)
                {
                    if (row[x] < 128)
                        packed[x >> 3] |= (byte)(0x80 >> (x & 7));
                }
            }
            return rows;
        }
        finally
        {
            if (!ReferenceEquals(grey, bitmap))
                grey.Dispose();
        }
    }

    /// <summary>The symbol's modules as ZXing.Net encodes them: no margin (the layout keeps the quiet zone), QR at
    /// level M and Data Matrix square in ASCII encodation as <see cref="Symbols"/> counts them, Code 128 in its
    /// shortest encoding.</summary>
    public static BitMatrix Modules(LabelElement symbol)
    {
        var hints = new Dictionary<EncodeHintType, object> { [EncodeHintType.MARGIN] = 0 };
        var format = symbol.Part switch
        {
            LabelPart.QrCode => BarcodeFormat.QR_CODE,
            LabelPart.DataMatrix => BarcodeFormat.DATA_MATRIX,
            LabelPart.Code128 => BarcodeFormat.CODE_128,
            _ => throw new ArgumentException("not a symbol", nameof(symbol)),
        };
        if (format == BarcodeFormat.QR_CODE)
            hints[EncodeHintType.ERROR_CORRECTION] = ZXing.QrCode.Internal.ErrorCorrectionLevel.M;
        if (format == BarcodeFormat.DATA_MATRIX)
        {
            hints[EncodeHintType.DATA_MATRIX_SHAPE] = ZXing.Datamatrix.Encoder.SymbolShapeHint.FORCE_SQUARE;
            hints[EncodeHintType.DATA_MATRIX_DEFAULT_ENCODATION] = ZXing.Datamatrix.Encoder.Encodation.ASCII;
        }
        if (format == BarcodeFormat.CODE_128)
            hints[EncodeHintType.CODE128_COMPACT] = true;
        // Width and height 0: the smallest matrix, one cell a module (Code 128: one row, drawn as tall as its box).
        return new MultiFormatWriter().encode(symbol.Text, format, 0, 0, hints);
    }

    private static void Symbol(SKCanvas canvas, SKPaint ink, LabelElement e)
    {
        var matrix = Modules(e);
        var linear = e.Part == LabelPart.Code128;
        var rows = linear ? 1 : matrix.Height;
        // A symbol smaller than its box (an encoder that found a shorter encoding) is centred in it; one larger than
        // its box would be a layout error, and is cut to the box rather than printed over its neighbours.
        var left = e.Box.X + Math.Max(0, (e.Box.Width - matrix.Width * e.Module) / 2);
        var top = linear ? e.Box.Y : e.Box.Y + Math.Max(0, (e.Box.Height - rows * e.Module) / 2);
        canvas.Save();
        canvas.ClipRect(new SKRect(e.Box.X, e.Box.Y, e.Box.Right, e.Box.Bottom));
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < matrix.Width; x++)
            {
                if (!matrix[x, y])
                    continue;
                // Runs of dark modules as one rectangle: fewer draws, and the same dots.
                var run = 1;
                while (x + run < matrix.Width && matrix[x + run, y])
                    run++;
                var height = linear ? e.Box.Height : e.Module;
                canvas.DrawRect(SKRect.Create(left + x * e.Module, top + y * e.Module, run * e.Module, height), ink);
                x += run - 1;
            }
        }
        canvas.Restore();
    }

    /// <summary>The line in the embedded sans (bold for the owner and the tag), its em the layout's font height with the
    /// baseline where the descenders end at the box's bottom, shrunk until its ink lies inside the box.</summary>
    private static void Text(SKCanvas canvas, SKPaint ink, LabelElement e)
    {
        var style = e.Part is LabelPart.Owner or LabelPart.Tag ? TextStyle.Bold : TextStyle.Regular;
        var box = SKRect.Create(e.Box.X, e.Box.Y, e.Box.Width, e.Box.Height);
        for (var size = (float)Math.Max(e.Font, 1); size >= 1; size -= 0.5f)
        {
            using var font = new SKFont(PdfLayout.Typeface(style), size) { Edging = SKFontEdging.Alias, Hinting = SKFontHinting.Full, Subpixel = false };
            var width = font.MeasureText(e.Text, out var bounds, ink);
            var baseline = (float)Math.Floor(e.Box.Bottom - font.Metrics.Descent);
            // Ink bounds are relative to the origin; a dot is a pixel, so a dot of slack on each side of the rounding.
            var x = e.Box.X - (float)Math.Floor(Math.Min(0, bounds.Left));
            var inked = new SKRect(x + bounds.Left, baseline + bounds.Top, x + bounds.Right, baseline + bounds.Bottom);
            if (width > 0 && inked.Left >= box.Left && inked.Right <= box.Right - 1 && inked.Top >= box.Top && inked.Bottom <= box.Bottom - 1)
            {
                canvas.Save();
                canvas.ClipRect(box);
                canvas.DrawText(e.Text, x, baseline, SKTextAlign.Left, font, ink);
                canvas.Restore();
                return;
            }
        }
    }
}
