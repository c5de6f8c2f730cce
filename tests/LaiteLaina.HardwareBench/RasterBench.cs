using System.Diagnostics;
using System.Globalization;
using LaiteLaina.Hardware;

namespace LaiteLaina.HardwareBench;

/// <summary>
/// Raster label time per label on the one thread the script pins: the layout (<see cref="LabelLayout.For"/>), the
/// bitmap (<see cref="LabelRaster.Render"/>) and the ESC/POS bytes (GS v 0 bands, <see cref="EscPosLabel.EncodeRaster"/>)
/// for many different labels. Writes each label's ZPL to DIR so that zpl-renderer-js draws the very same labels.
/// Usage: LaiteLaina.HardwareBench raster DIR [labels=400]; prints one line per size: name, p50, p95 (ms), bytes a label.
/// </summary>
public static class RasterBench
{
    private static readonly (string Name, LabelSize Size, int Dpi)[] Printers =
    [
        ("tm-l90-48x30-203dpi", new LabelSize(48, 30), 203),
        ("tm-m30-72x30-203dpi", new LabelSize(72, 30), 203),
        ("dk11209-62x29-300dpi", new LabelSize(62, 29), 300),
    ];

    private static readonly string[] Kinds = ["tabletti", "kannettava", "surfplatta", "laptop"];
    private static readonly string[] Models = ["Samsung Galaxy Tab A8", "Lenovo ThinkPad L14 Gen 4", "Apple iPad 10.2", "HP ProBook 450 G9"];

    public static void Run(string dir, int labels)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, size, dpi) in Printers)
        {
            var all = Enumerable.Range(0, labels).Select(i => new AssetLabel(
                string.Create(CultureInfo.InvariantCulture, $"LL-{100000 + i * 37:D6}"), i % 2 == 0 ? "Sosiaali- ja työllisyyspalvelut" : "Keravan kaupunki",
                Kinds[i % Kinds.Length], Models[i % Models.Length], "Palauta: palveluneuvonta, Kauppakatu 1")).ToList();
            EscPosLabel.EncodeRaster(LabelLayout.For(all[0], size, dpi), 1); // warm-up: fonts, encoders, JIT
            var times = new List<double>(labels);
            long bytes = 0;
            foreach (var label in all)
            {
                var start = Stopwatch.GetTimestamp();
                var escpos = EscPosLabel.EncodeRaster(LabelLayout.For(label, size, dpi), 1);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                bytes += escpos.Length;
            }
            File.WriteAllBytes(Path.Combine(dir, name + ".zpl"), all.SelectMany(l => ZplLabel.Encode(l, size, dpi, 1)).ToArray());
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {size.WidthMm} {size.HeightMm} {Math.Round(dpi / 25.4)} {times[times.Count / 2]:F2} {times[(int)(times.Count * 0.95)]:F2} {bytes / labels}"));
        }
    }
}
