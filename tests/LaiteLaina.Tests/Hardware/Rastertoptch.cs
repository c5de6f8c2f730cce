using System.Buffers.Binary;
using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// The independent peer for Brother QL raster: Debian's CUPS driver for Brother label printers (printer-driver-ptouch,
/// filter <c>rastertoptch</c>, written from its authors' own reading of the printers, not from our encoder). The label's
/// bitmap goes in as a CUPS Raster page; what the filter writes to the printer comes back.
/// </summary>
public static class Rastertoptch
{
    public const string Filter = "/usr/lib/cups/filter/rastertoptch";

    /// <summary>
    /// The job options the QL-800 PPD that the package generates (<c>/usr/lib/cups/driver/ptouch cat
    /// ptouch:0/ppd/ptouch-driver/Brother-QL-800-ptouch-ql.ppd</c>) hands to the filter through foomatic-rip: its fixed
    /// printer settings (QL, 90 bytes a line, right-aligned, status notification off, transfer mode 1, label preamble,
    /// software mirror) and its defaults, with "cut every 1 label" chosen as our encoder does. The PPD ships
    /// uncompressed lines (PixelXfer=ULP); RLE is the filter's own default and what our PackBits stream is compared with.
    /// A continuous roll takes the PPD's "extra margin 3 mm" (Margin=8.50 pt), our encoder's feed margin.
    /// </summary>
    public static string Options(BrotherMedia media, bool compress) =>
        "PrintQuality=High PrintDensity=0 AutoCut noChainPrinting CutLabel=1 "
        + (media.DieCut ? "Margin=0 MediaType=Labels " : "Margin=8.50 MediaType=Tape ")
        + "Align=Right BytesPerLine=90 " + (compress ? "PixelXfer=RLE " : "PixelXfer=ULP ")
        + "QL StatusNotification=1 TransferMode=1 LabelPreamble SoftwareMirror";

    /// <summary>Runs the filter on <paramref name="image"/> as one page for <paramref name="media"/> and returns its
    /// output; the test is ignored when the driver is not installed (scripts/setup.sh --tests installs it).</summary>
    public static byte[] Print(SKBitmap image, BrotherMedia media, bool compress)
    {
        if (!File.Exists(Filter))
            Assert.Ignore($"{Filter} is missing: apt-get install printer-driver-ptouch (scripts/setup.sh --tests)");
        var info = new ProcessStartInfo(Filter)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.ArgumentList.Add(Options(media, compress));
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        using (var input = process.StandardInput.BaseStream)
            input.Write(CupsRaster.Page(image, media));
        copy.Wait();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"rastertoptch failed: {error.Result}");
        return output.ToArray();
    }
}

/// <summary>
/// CUPS Raster version 3 (uncompressed), as the CUPS Raster format's specification describes it: the sync word "RaS3"
/// (big-endian header fields follow it), one 1796-byte cups_page_header2_t per page, then cupsBytesPerLine ×
/// cupsHeight bytes of pixels. One page, 300 × 300 dpi, 1 bit per pixel, colour space K (3), so black is 1.
/// </summary>
public static class CupsRaster
{
    public const int HeaderBytes = 1796;

    public static byte[] Page(SKBitmap image, BrotherMedia media)
    {
        var stride = (image.Width + 7) / 8;
        var bytes = new byte[4 + HeaderBytes + stride * image.Height];
        "RaS3"u8.CopyTo(bytes);
        var h = bytes.AsSpan(4, HeaderBytes);
        // PageSize is the paper in points, as the ptouch PPD names it (62 mm = 176 pt; a die-cut label's length, a
        // continuous label's cut length). The filter takes the roll's width and label length for ESC i z from it.
        var paperWide = 176;
        var paperLong = media.DieCut ? (int)Math.Round(media.LengthMm * 72 / 25.4) : (int)Math.Round(image.Height * 72.0 / BrotherMedia.Dpi);
        // The printable area's right edge, cupsImagingBBox[2]: the filter leaves PageSize - that many points blank from
        // pin 0 ("Align=Right"). Brother's raster reference tables 12 blank pins (a 12-pin offset) for 62 mm rolls, so
        // the area ends 12 dots = 2.88 pt before the paper. A real CUPS job through the ptouch PPD would carry the PPD's
        // ImageableArea instead (right edge 171.68 pt, 18 dots): the filter assumes the paper's edge at pin 0, so such a
        // job prints 6 dots (0.5 mm) further in than Brother's table (pins 18-713, not 12-707). Our encoder follows Brother's
        // table; the comparison gives the filter Brother's margin and checks everything else.
        var imagingRight = paperWide - media.OffsetPins * 72f / BrotherMedia.Dpi;
        Text(h, 128, media.DieCut ? "labels" : "roll"); // MediaType: the filter reads "labels" or "roll"
        U32(h, 276, BrotherMedia.Dpi); // HWResolution
        U32(h, 280, BrotherMedia.Dpi);
        U32(h, 292, paperWide); // ImagingBoundingBox (whole points)
        U32(h, 296, paperLong);
        U32(h, 340, 1); // NumCopies
        U32(h, 352, paperWide); // PageSize
        U32(h, 356, paperLong);
        U32(h, 372, image.Width); // cupsWidth
        U32(h, 376, image.Height); // cupsHeight
        U32(h, 384, 1); // cupsBitsPerColor
        U32(h, 388, 1); // cupsBitsPerPixel
        U32(h, 392, stride); // cupsBytesPerLine
        U32(h, 400, 3); // cupsColorSpace: CUPS_CSPACE_K
        U32(h, 420, 1); // cupsNumColors
        F32(h, 424, 1); // cupsBorderlessScalingFactor
        F32(h, 428, paperWide); // cupsPageSize
        F32(h, 432, paperLong);
        F32(h, 444, imagingRight); // cupsImagingBBox: left 0, bottom 0, right, top
        F32(h, 448, paperLong);
        var pixels = image.GetPixelSpan();
        var rows = bytes.AsSpan(4 + HeaderBytes);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (pixels[y * image.RowBytes + x] < 128)
                    rows[y * stride + x / 8] |= (byte)(0x80 >> (x % 8));
            }
        }
        return bytes;
    }

    private static void U32(Span<byte> header, int at, int value) => BinaryPrimitives.WriteUInt32BigEndian(header[at..], (uint)value);

    private static void F32(Span<byte> header, int at, float value) => BinaryPrimitives.WriteSingleBigEndian(header[at..], value);

    private static void Text(Span<byte> header, int at, string value) => System.Text.Encoding.ASCII.GetBytes(value).CopyTo(header[at..]);
}
