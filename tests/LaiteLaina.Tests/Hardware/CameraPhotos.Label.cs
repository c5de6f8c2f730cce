namespace LaiteLaina.Tests.Hardware;

public static partial class CameraPhotos
{
    /// <summary>The 50.8 × 25.4 mm label of <paramref name="tag"/> at 203 dpi, as a PNG.</summary>
    public static async Task<byte[]> LabelAsync(string tag)
    {
        var tool = ZplRenderer.Find();
        var png = Path.Combine(Path.GetTempPath(), $"laitelaina-camera-{Guid.NewGuid():N}.png");
        try
        {
            var size = new LabelSize(50.8, 25.4);
            var label = new AssetLabel(tag, "Sosiaalitoimi", "tabletti", "Samsung Galaxy Tab A9", "Palauta / Return: palveluneuvonta");
            await ZplRenderer.RenderAsync(tool, ZplLabel.Encode(label, size, 203, 1), size, 203, png);
            return await File.ReadAllBytesAsync(png);
        }
        finally
        {
            File.Delete(png);
        }
    }
}
