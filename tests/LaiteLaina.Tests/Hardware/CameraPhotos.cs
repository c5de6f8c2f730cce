using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// Phone photos for the camera tests, made from a real label: the ZPL the print queue sends, drawn by zpl-renderer-js,
/// then laid on a desk in a large picture with SkiaSharp, turned, blurred and dimmed as a hand-held phone takes it.
/// </summary>
public static class CameraPhotos
{
    /// <summary>The 50.8 × 25.4 mm label of <paramref name="tag"/> at 203 dpi, as a PNG.</summary>
    public static async Task<byte[]> LabelAsync(string tag)
    {
        var tool = ZplRenderer.Find();
        var png = Path.Combine(Path.GetTempPath(), $"laitelaina-camera-{Guid.NewGuid():N}.png");
        try
        {
            var size = new LabelSize(50.8, 25.4);
            var label = new AssetLabel(tag, "Sosiaalitoimi", "tablet · Samsung Galaxy Tab A9", "Palauta / Return: palveluneuvonta");
            await ZplRenderer.RenderAsync(tool, ZplLabel.Encode(label, size, 203, 1), size, 203, png);
            return await File.ReadAllBytesAsync(png);
        }
        finally
        {
            File.Delete(png);
        }
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
