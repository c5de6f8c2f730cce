using System.Diagnostics;
using System.Globalization;
using LaiteLaina.Documents;
using LaiteLaina.Tests.Hardware;

namespace LaiteLaina.HardwareBench;

/// <summary>
/// Decode time of a phone camera's pictures with the product's reader (<see cref="CodeReader.Read"/>: the JPEG decoded
/// and shrunk, then ZXing.Net), on the one thread the script pins: a 12-megapixel photo of a label held at arm's length
/// (turned 12°, blurred) and a 1280×720 frame of the live camera. Writes the pictures to DIR so that zxing-cpp reads the
/// very same files. Usage: LaiteLaina.HardwareBench decode DIR [runs=25]; prints one line per picture: name, p50, p90 (ms).
/// </summary>
public static class DecodeBench
{
    public static void Run(string dir, int runs)
    {
        Directory.CreateDirectory(dir);
        // A label as the printer makes it, drawn here by ZXing's writer: its QR code and its Code 128, one under the other.
        var label = CameraPhotos.BoxLabel((ZXing.BarcodeFormat.QR_CODE, "LL-000123"), (ZXing.BarcodeFormat.CODE_128, "LL-000123"));
        var pictures = new[]
        {
            ("photo-12mp", CameraPhotos.Photo(label, 4000, 3000, degrees: 12, share: 0.25f, blur: 1.5f, quality: 92, noise: true)),
            ("frame-1280x720", CameraPhotos.Photo(label, 1280, 720, degrees: 2, share: 0.4f, blur: 0.8f, quality: 85)),
        };
        foreach (var (name, bytes) in pictures)
        {
            File.WriteAllBytes(Path.Combine(dir, name + ".jpg"), bytes);
            var first = CodeReader.Read(bytes, all: false); // warm-up, and a check that it reads at all
            if (first[0].Text != "LL-000123")
                throw new InvalidOperationException($"{name}: read {first[0].Text}");
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                CodeReader.Read(bytes, all: false);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {bytes.Length} {times[times.Count / 2]:0.0} {times[(int)(times.Count * 0.9)]:0.0}"));
        }
    }
}
