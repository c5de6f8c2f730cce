using SkiaSharp;
using ZXing;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// Reads barcodes back from rendered labels and PDF pages. <see cref="Read"/> is ZXing.Net in process (what most tests
/// need: the text of a symbol); <see cref="Zbar"/> and <see cref="ZxingCpp"/> are independent decoders in their own
/// processes, kept for the peer checks that a second reader agrees.
/// </summary>
public static class Barcodes
{
    /// <summary>Decodes every code of the given formats in <paramref name="image"/> with ZXing.Net, through the product's
    /// SkiaSharp adapter (ZXing.Net has no SkiaSharp binding here).</summary>
    public static List<(BarcodeFormat Format, string Text)> Read(SKBitmap image, params BarcodeFormat[] formats)
    {
        using var grey = image.ColorType == SKColorType.Gray8 ? image.Copy() : image.Copy(SKColorType.Gray8);
        var source = LaiteLaina.Documents.CodeReader.Luminance(grey);
        // One format at a time: the multiple-code reader cuts the image around the first code it finds and can miss a
        // second one beside it.
        return formats
            .Select(format => new BarcodeReaderGeneric { AutoRotate = false, Options = { PossibleFormats = [format], TryHarder = true } }.Decode(source))
            .Where(result => result is not null)
            .Select(result => (result!.BarcodeFormat, result.Text)).ToList();
    }

    /// <summary>zbar (zbar-tools), a decoder that shares no code with ZXing: its lines, such as "QR-Code:LL-000123" and
    /// "CODE-128:LL-000123". It reads no Data Matrix.</summary>
    public static List<string> Zbar(SKBitmap image) =>
        OnPng(image, png => RunTool("zbarimg", "zbar-tools", "-q", png)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>zxing-cpp's command-line reader (zxing-cpp-tools), the C++ port, for one format: the text it read.</summary>
    public static string ZxingCpp(string png, string format) =>
        RunTool("ZXingReader", "zxing-cpp-tools", "-format", format, "-bytes", png).Trim();

    private static T OnPng<T>(SKBitmap image, Func<string, T> tool)
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-codes-").FullName;
        try
        {
            var png = Path.Combine(dir, "image.png");
            using (var file = File.Create(png))
                image.Encode(file, SKEncodedImageFormat.Png, 100);
            return tool(png);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs a Debian command-line tool and returns what it printed; the test is ignored, naming the package,
    /// when the tool is not installed (scripts/setup.sh --tests installs them all).</summary>
    public static string RunTool(string tool, string package, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore($"{tool} is not installed: apt-get install {package} (scripts/setup.sh --tests)");
            throw; // not reached
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            // zbarimg exits 4 when it found no code: the caller's assertion on the (empty) output says more than this would.
            Assert.That(process.ExitCode, Is.Zero.Or.EqualTo(tool == "zbarimg" ? 4 : 0), $"{tool} failed: {error.Result}");
            return output.Result;
        }
    }
}
