using System.Diagnostics;
using System.Globalization;
using LaiteLaina.Hardware;

namespace LaiteLaina.HardwareBench;

/// <summary>
/// Raster label time per label on the one thread the script pins: the layout (<see cref="LabelLayout.For"/>), the
/// bitmap (<see cref="LabelRaster.Render"/>) and the ESC/POS bytes (GS v 0 bands, <see cref="EscPosLabel.EncodeRaster"/>)
/// for many different labels; for the Brother roll, its raster commands (<see cref="BrotherQlLabel.Encode(AssetLabel, BrotherMedia, LabelSize, int, bool)"/>)
/// instead of ESC/POS. Writes each label's ZPL to DIR so that zpl-renderer-js draws the very same labels.
/// Usage: LaiteLaina.HardwareBench raster DIR [labels=400]; prints one line per size: name, p50, p95 (ms), bytes a label.
/// </summary>
public static class RasterBench
{
    private static readonly (string Name, LabelSize Size, int Dpi, Func<AssetLabel, byte[]> Encode)[] Printers =
    [
        ("tm-l90-48x30-203dpi", new LabelSize(48, 30), 203, l => EscPosLabel.EncodeRaster(LabelLayout.For(l, new LabelSize(48, 30), 203), 1)),
        ("tm-m30-72x30-203dpi", new LabelSize(72, 30), 203, l => EscPosLabel.EncodeRaster(LabelLayout.For(l, new LabelSize(72, 30), 203), 1)),
        ("dk11209-62x29-300dpi", BrotherMedia.Dk11209.LayoutSize(new LabelSize(62, 29)), BrotherMedia.Dpi,
            l => BrotherQlLabel.Encode(l, BrotherMedia.Dk11209, new LabelSize(62, 29), 1)),
    ];

    private static readonly string[] Kinds = ["tabletti", "kannettava", "surfplatta", "laptop"];
    private static readonly string[] Models = ["Samsung Galaxy Tab A8", "Lenovo ThinkPad L14 Gen 4", "Apple iPad 10.2", "HP ProBook 450 G9"];

    public static void Run(string dir, int labels)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, size, dpi, encode) in Printers)
        {
            var all = Enumerable.Range(0, labels).Select(i => new AssetLabel(
                string.Create(CultureInfo.InvariantCulture, $"LL-{100000 + i * 37:D6}"), i % 2 == 0 ? "Sosiaali- ja työllisyyspalvelut" : "Keravan kaupunki",
                Kinds[i % Kinds.Length], Models[i % Models.Length], "Palauta: palveluneuvonta, Kauppakatu 1")).ToList();
            encode(all[0]); // warm-up: fonts, encoders, JIT
            var times = new List<double>(labels);
            long bytes = 0;
            foreach (var label in all)
            {
                var start = Stopwatch.GetTimestamp();
                var printed = encode(label);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                bytes += printed.Length;
            }
            File.WriteAllBytes(Path.Combine(dir, name + ".zpl"), all.SelectMany(l => ZplLabel.Encode(l, size, dpi, 1)).ToArray());
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {size.WidthMm} {size.HeightMm} {Math.Round(dpi / 25.4)} {times[times.Count / 2]:F2} {times[(int)(times.Count * 0.95)]:F2} {bytes / labels}"));
        }
    }
}
