namespace LaiteLaina.Tests.Documents;

/// <summary>Debian command-line tools used as independent oracles (poppler-utils), and the page rasterised for the barcode readers.</summary>
public static class PdfTools
{
    public static string PdfToText(byte[] pdf, bool raw = false) =>
        OnFile(pdf, file => raw ? Run("pdftotext", "poppler-utils", "-raw", "-enc", "UTF-8", file, "-") : Run("pdftotext", "poppler-utils", "-enc", "UTF-8", file, "-"));

    /// <summary>Runs qpdf (strict about the cross-reference table, unlike the readers) on the PDF and returns its output.</summary>
    public static string Qpdf(byte[] pdf, params string[] args) => OnFile(pdf, file => Run("qpdf", "qpdf", [.. args, file]));

    /// <summary>pdffonts' table: one line per font, with whether it is embedded.</summary>
    public static string PdfFonts(byte[] pdf) => OnFile(pdf, file => Run("pdffonts", "poppler-utils", file));

    /// <summary>pdfinfo's answer, with the XMP metadata (<c>-meta</c>) when asked.</summary>
    public static string PdfInfo(byte[] pdf, bool meta = false) =>
        OnFile(pdf, file => meta ? Run("pdfinfo", "poppler-utils", "-meta", file) : Run("pdfinfo", "poppler-utils", file));

    private static T OnFile<T>(byte[] pdf, Func<string, T> tool)
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-pdf-").FullName;
        try
        {
            var file = Path.Combine(dir, "doc.pdf");
            File.WriteAllBytes(file, pdf);
            return tool(file);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static int PageCount(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    /// <summary>Rasterises page <paramref name="page"/> at 150 dpi and returns the text of its QR code, read with ZXing.Net
    /// in process (empty when there is none).</summary>
    public static string DecodeQr(byte[] pdf, int page) =>
        OnPage(pdf, page, 150, png =>
        {
            using var image = SkiaSharp.SKBitmap.Decode(png);
            return Hardware.Barcodes.Read(image, ZXing.BarcodeFormat.QR_CODE).Select(c => c.Text).FirstOrDefault() ?? "";
        });

    /// <summary>The same with zxing-cpp's ZXingReader, an independent decoder in its own process: the peer check.</summary>
    public static string DecodeQrWithZxingCpp(byte[] pdf, int page) =>
        OnPage(pdf, page, 150, png => Hardware.Barcodes.ZxingCpp(png, "QRCode"));

    /// <summary>Rasterises page <paramref name="page"/> at <paramref name="dpi"/> and decodes every QR code and Code 128 on it.</summary>
    public static List<(ZXing.BarcodeFormat Format, string Text)> DecodeBarcodes(byte[] pdf, int page, int dpi = 300) =>
        OnPage(pdf, page, dpi, png =>
        {
            using var decoded = SkiaSharp.SKBitmap.Decode(png);
            return Hardware.Barcodes.Read(decoded, ZXing.BarcodeFormat.QR_CODE, ZXing.BarcodeFormat.CODE_128);
        });

    /// <summary>pdftoppm (poppler-utils) draws one page in grey; the PDF has no rasteriser in process here.</summary>
    private static T OnPage<T>(byte[] pdf, int page, int dpi, Func<string, T> read) => OnFile(pdf, file =>
    {
        var png = Path.Combine(Path.GetDirectoryName(file)!, "page");
        Run("pdftoppm", "poppler-utils", "-r", dpi.ToString(), "-png", "-gray", "-f", page.ToString(), "-l", page.ToString(), "-singlefile", file, png);
        return read(png + ".png");
    });

    private static string Run(string tool, string package, params string[] args) => Hardware.Barcodes.RunTool(tool, package, args);
}
