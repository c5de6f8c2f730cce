namespace LaiteLaina.Tests.Hardware;

public sealed class LabelEncoderTests
{
    private static readonly AssetLabel Label = new("LL-000123", "Sosiaalitoimi ^Kylä~", "tabletti", "Samsung Galaxy Tab A8", "Palauta / Return: palveluneuvonta");
    private static readonly LabelSize Small = new(50.8, 25.4);
    private static readonly LabelSize Brother = new(62, 29);

    [TestCase(50.8, 25.4, 203, 406, 203)]
    [TestCase(62, 29, 300, 732, 343)]
    [TestCase(50.8, 25.4, 300, 600, 300)]
    public void Dots_MillimetresAtDpi_Rounded(double w, double h, int dpi, int dotsW, int dotsH)
    {
        var size = new LabelSize(w, h);
        Assert.That((size.WidthDots(dpi), size.HeightDots(dpi)), Is.EqualTo((dotsW, dotsH)));
    }

    [Test]
    public void ZplEncode_SmallLabel_HasFrameSizeUtf8AndCopies()
    {
        var zpl = Encoding.UTF8.GetString(ZplLabel.Encode(Label, Small, 203, 2));
        Assert.That(zpl, Does.StartWith("^XA^CI28^PW406^LL203^LH0,0"));
        Assert.That(zpl, Does.EndWith("^PQ2,0,1,Y^XZ"));
        Assert.That(zpl, Does.Contain("^BCN,").And.Contain(",N,N,N,A^FH^FDLL-000123^FS"));
        Assert.That(zpl, Does.Contain("^BQN,2,").And.Contain("^FH^FDMA,LL-000123^FS"));
    }

    [Test]
    public void ZplEncode_CaretTildeUnderscoreInData_HexEscaped()
    {
        var zpl = Encoding.UTF8.GetString(ZplLabel.Encode(Label with { Organisation = "A^B~C_D" }, Small, 203, 1));
        Assert.That(zpl, Does.Contain("^FH^FDA_5EB_7EC_5FD^FS"));
        Assert.That(ZplLabel.Escape("Kylä\r\n"), Is.EqualTo("Kylä  "));
    }

    [Test]
    public void ZplEncode_FinnishText_Utf8Bytes()
    {
        var bytes = ZplLabel.Encode(Label, Small, 203, 1);
        Assert.That(Encoding.UTF8.GetString(bytes), Does.Contain("Kylä"));
        Assert.That(bytes.AsSpan().IndexOf("Kyl\u00e4"u8), Is.GreaterThan(0));
    }

    [Test]
    public void EscPosEncode_OneCopy_CommandLayoutByteForByte()
    {
        var label = Label with { Organisation = "Org", Kind = "tabletti", Model = "", ReturnTo = "Ret" };
        var bytes = EscPosLabel.Encode(label, Brother, 300, 1);
        var l = LabelLayout.For(label, Brother, 300);
        var bars = l[LabelPart.Code128]!;
        // In the layout's order top to bottom: owner, bars, QR code (beside the bars, lower), tag, kind, return line.
        byte[] expected =
        [
            0x1B, (byte)'@', 0x1B, (byte)'t', 16, 0x1B, (byte)'!', 0x08, .. "Org\n"u8, 0x1B, (byte)'!', 0x00,
            0x1D, (byte)'h', (byte)bars.Box.Height, 0x1D, (byte)'w', (byte)bars.Module, 0x1D, (byte)'H', 0,
            0x1D, (byte)'k', 73, 11, .. "{BLL-000123"u8, (byte)'\n',
            0x1D, (byte)'(', (byte)'k', 4, 0, 49, 65, 50, 0,
            0x1D, (byte)'(', (byte)'k', 3, 0, 49, 67, (byte)l[LabelPart.QrCode]!.Module,
            0x1D, (byte)'(', (byte)'k', 3, 0, 49, 69, 49,
            0x1D, (byte)'(', (byte)'k', 12, 0, 49, 80, 48, .. "LL-000123"u8,
            0x1D, (byte)'(', (byte)'k', 3, 0, 49, 81, 48, (byte)'\n',
            .. "LL-000123\n"u8, .. "tabletti\n"u8, .. "Ret\n"u8, 0x1D, (byte)'V', 66, 0,
        ];
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [Test]
    public void EscPosEncode_ThreeCopies_RepeatsTheLabel()
    {
        var one = EscPosLabel.Encode(Label, Small, 203, 1);
        var three = EscPosLabel.Encode(Label, Small, 203, 3);
        Assert.That(three, Is.EqualTo(one.Concat(one).Concat(one).ToArray()));
        Assert.That(one.AsSpan().IndexOf(Encoding.Latin1.GetBytes("Kylä")), Is.GreaterThan(0), "Latin-1 for code page 1252");
    }

    [TestCase(50.8, 25.4, 203)]
    [TestCase(62, 29, 300)]
    [TestCase(62, 29, 203)]
    [TestCase(50.8, 25.4, 300)]
    public async Task ZplEncode_RenderedAndDecoded_BothBarcodesAreTheTag(double w, double h, int dpi)
    {
        var tool = ZplRenderer.Find();
        var size = new LabelSize(w, h);
        var png = Path.Combine(Path.GetTempPath(), $"laitelaina-label-{Guid.NewGuid():N}.png");
        try
        {
            await ZplRenderer.RenderAsync(tool, ZplLabel.Encode(Label, size, dpi, 1), size, dpi, png);
            using var image = SkiaSharp.SKBitmap.Decode(png);
            Assert.That(Barcodes.Read(image, ZXing.BarcodeFormat.CODE_128, ZXing.BarcodeFormat.QR_CODE),
                Is.EqualTo(new[] { (ZXing.BarcodeFormat.CODE_128, "LL-000123"), (ZXing.BarcodeFormat.QR_CODE, "LL-000123") }));
        }
        finally
        {
            File.Delete(png);
        }
    }
}

/// <summary>zpl-renderer-js (npm, tests/tools/zpl-render) draws the label; <see cref="Barcodes"/> reads the barcodes back.</summary>
public static class ZplRenderer
{
    public static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "LaiteLaina.sln")))
            dir = Path.GetDirectoryName(dir);
        var tool = Path.Combine(dir ?? ".", "tests", "tools", "zpl-render");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "zpl-renderer-js")))
            Assert.Ignore($"zpl-renderer-js is not installed: run 'npm ci --prefix {Path.Combine("tests", "tools", "zpl-render")}'.");
        if (!OnPath("node"))
            Assert.Ignore("node is missing: apt-get install nodejs");
        return tool;
    }

    /// <summary>Renders at exactly <paramref name="width"/> × <paramref name="height"/> dots, one pixel a dot.</summary>
    public static Task RenderAsync(string tool, byte[] zpl, int width, int height, int dpi, string png) =>
        RenderAsync(tool, zpl, Paper(width, height, dpi), dpi, png);

    public static async Task RenderAsync(string tool, byte[] zpl, LabelSize size, int dpi, string png)
    {
        var (code, _, error) = await RunAsync("node", [Path.Combine(tool, "render.js"), Invariant(size.WidthMm), Invariant(size.HeightMm), Invariant(Dpmm(dpi)), png], zpl);
        Assert.That(code, Is.Zero, error);
    }

    /// <summary>One ZPL stream to render in a batch, written as <see cref="Name"/>.png (or Name-0.png, Name-1.png, …).</summary>
    public sealed record Job(string Name, byte[] Zpl, int Width, int Height, int Dpi);

    /// <summary>Every job in one node process: starting node and the renderer's WebAssembly costs more than a label.</summary>
    public static async Task RenderBatchAsync(string tool, IEnumerable<Job> jobs, string dir)
    {
        var list = jobs.Select(j =>
        {
            var paper = Paper(j.Width, j.Height, j.Dpi);
            return new { name = j.Name, widthMm = paper.WidthMm, heightMm = paper.HeightMm, dpmm = Dpmm(j.Dpi), zpl = System.Text.Encoding.UTF8.GetString(j.Zpl) };
        });
        var (code, _, error) = await RunAsync("node", [Path.Combine(tool, "render.js"), "--batch", dir], System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(list));
        Assert.That(code, Is.Zero, error);
    }

    /// <summary>Zebra's nominal dots per millimetre (203 dpi is "8 dpmm", 300 is "12"); a fractional value makes the
    /// renderer resample the image, which smears QR modules.</summary>
    private static double Dpmm(int dpi) => Math.Round(dpi / 25.4);

    private static LabelSize Paper(int width, int height, int dpi) => new(width / Dpmm(dpi), height / Dpmm(dpi));

    private static string Invariant(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int Code, string Out, string Error)> RunAsync(string file, string[] args, byte[]? input)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        if (input is not null)
            await p.StandardInput.BaseStream.WriteAsync(input);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await output, await error);
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));
}
