using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// Phone photos for the camera tests and the decode benchmark (linked into LaiteLaina.HardwareBench): a label or a
/// box laid on a desk in a large picture with SkiaSharp, turned, blurred and dimmed as a hand-held phone takes it.
/// </summary>
public static partial class CameraPhotos
{
    /// <summary>A device box's back label: <paramref name="codes"/> one under another, as ZXing.Net's writer draws them, as a PNG.</summary>
    public static byte[] BoxLabel(params (ZXing.BarcodeFormat Format, string Text)[] codes)
    {
        const int width = 900, row = 190;
        using var surface = SKSurface.Create(new SKImageInfo(width, row * codes.Length + 40, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < codes.Length; i++)
        {
            var writer = new ZXing.BarcodeWriterPixelData
            {
                Format = codes[i].Format,
                // A 2-D symbol square, a linear one across the label.
                Options = new ZXing.Common.EncodingOptions
                {
                    Width = codes[i].Format is ZXing.BarcodeFormat.QR_CODE or ZXing.BarcodeFormat.DATA_MATRIX ? row - 50 : width - 100,
                    Height = row - 50, Margin = codes[i].Format is ZXing.BarcodeFormat.QR_CODE or ZXing.BarcodeFormat.DATA_MATRIX ? 2 : 10, PureBarcode = true,
                },
            };
            var pixels = writer.Write(codes[i].Text);
            using var bitmap = new SKBitmap(new SKImageInfo(pixels.Width, pixels.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
            System.Runtime.InteropServices.Marshal.Copy(pixels.Pixels, 0, bitmap.GetPixels(), pixels.Pixels.Length);
            using var symbol = SKImage.FromBitmap(bitmap);
            surface.Canvas.DrawImage(symbol, 50, 20 + i * row, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// A JPEG of <paramref name="width"/> × <paramref name="height"/> with <paramref name="picture"/> (a label) on a
    /// wooden-brown desk, turned by <paramref name="degrees"/>, its width <paramref name="share"/> of the photo's,
    /// blurred by <paramref name="blur"/> pixels of the photo and in dim light; null picture: the desk alone.
    /// </summary>
    public static byte[] Photo(byte[]? picture, int width, int height, float degrees = 0, float share = 0.3f, float blur = 0, int quality = 88, bool noise = false)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(128, 104, 80));
        // The desk's grain, so that the picture is not an empty field the reader dismisses at once.
        var random = new Random(7);
        using (var grain = new SKPaint { Color = new SKColor(110, 90, 70), StrokeWidth = Math.Max(1, height / 600f) })
        {
            for (var i = 0; i < 200; i++)
            {
                var y = random.Next(height);
                canvas.DrawLine(0, y, width, y + random.Next(-height / 20, height / 20), grain);
            }
        }
        if (noise)
        {
            // A sensor's noise: what makes a real 12-megapixel JPEG several megabytes.
            using var shader = SKShader.CreatePerlinNoiseTurbulence(0.9f, 0.9f, 1, 3);
            using var speckle = new SKPaint { Shader = shader, Color = SKColors.White.WithAlpha(60), BlendMode = SKBlendMode.SoftLight };
            canvas.DrawRect(0, 0, width, height, speckle);
        }
        if (picture is not null)
        {
            using var label = SKImage.FromEncodedData(picture);
            var scale = share * width / label.Width;
            canvas.Save();
            canvas.Translate(width / 2f, height / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Scale(scale);
            // Dim light: white paper reads as light grey, black as dark grey.
            using var paint = new SKPaint
            {
                ImageFilter = blur > 0 ? SKImageFilter.CreateBlur(blur / scale, blur / scale) : null,
                ColorFilter = SKColorFilter.CreateColorMatrix(
                [
                    0.7f, 0, 0, 0, 0.12f,
                    0, 0.7f, 0, 0, 0.12f,
                    0, 0, 0.7f, 0, 0.12f,
                    0, 0, 0, 1, 0,
                ]),
            };
            canvas.DrawImage(label, SKRect.Create(-label.Width / 2f, -label.Height / 2f, label.Width, label.Height),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
            canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
