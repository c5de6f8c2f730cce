using SkiaSharp;
using ZXing;

namespace LaiteLaina.Documents;

/// <summary>One code read from a picture: its text and symbology in the words a serial scanner's frame uses.</summary>
public sealed record ReadCode(string Text, BarcodeFormat Format)
{
    /// <summary>The symbology as a serial scanner's frame names it, so the scans log and
    /// the events read the same whichever reader saw the code.</summary>
    public string Symbology => Format switch
    {
        BarcodeFormat.QR_CODE => "qr",
        BarcodeFormat.CODE_128 => "code-128",
        BarcodeFormat.DATA_MATRIX => "data-matrix",
        BarcodeFormat.EAN_13 => "ean-upc",
        _ => Format.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// Reads barcodes from a phone photo or a camera frame with ZXing.Net, in memory: the picture is decoded into a
/// grey bitmap, read, and dropped; nothing is written anywhere. Large photos are shrunk first (JPEG shrinks while it
/// decodes, which is the cheap part), and read again larger only when the small pass finds nothing. At most
/// <see cref="Parallel"/> pictures are read at once and each within <see cref="TimeLimit"/> (a box's: <see cref="TimeLimitAll"/>), so a flood of uploads or a
/// pathological picture cannot take the desk's service with it.
/// </summary>
public sealed class CodeReader : IDisposable
{
    /// <summary>A 12-megapixel phone JPEG is 3–8 MB; a larger upload is refused before it is read.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>Pictures larger than this (in pixels) are refused after the header is read, before the pixels are.</summary>
    public const long MaxPixels = 64_000_000;

    public const int Parallel = 2;

    /// <summary>How long a person waits for one code (a scan), and for every code of a box, which is read band by band.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(3), TimeLimitAll = TimeSpan.FromSeconds(8);

    /// <summary>The longest side of the first pass: enough for a 25 mm label held at arm's length in a 12 MP photo.</summary>
    private const int FirstPass = 1600;

    /// <summary>The longest side of the second pass, for a small code far away in a large photo.</summary>
    private const int SecondPass = 3200;

    public static readonly BarcodeFormat[] Formats = [BarcodeFormat.QR_CODE, BarcodeFormat.DATA_MATRIX, BarcodeFormat.CODE_128, BarcodeFormat.EAN_13];

    private readonly SemaphoreSlim slots = new(Parallel);

    public void Dispose() => slots.Dispose();

    /// <summary>How many codes a picture shows (0 when none), for a caller that only asks whether to send it on.</summary>
    /// <remarks>A caller awaiting this instead of <see cref="ReadAsync"/> names no ZXing type: the minimal API's handlers
    /// are read at start, and one whose state machine held a list of <see cref="ReadCode"/> loaded ZXing then.</remarks>
    public async Task<int> CountAsync(byte[] picture, CancellationToken ct)
    {
        try
        {
            return (await ReadAsync(picture, all: false, ct)).Count;
        }
        catch (UserError e) when (e.Code == Msg.CameraNoCode.Id)
        {
            return 0;
        }
    }

    /// <summary>The codes in <paramref name="picture"/>, best first (2-D codes before linear ones): every code when
    /// <paramref name="all"/> (a device's box carries several), else the first one found.</summary>
    /// <exception cref="UserError">Not a picture, too large, or no code found in time.</exception>
    public async Task<IReadOnlyList<ReadCode>> ReadAsync(byte[] picture, bool all, CancellationToken ct)
    {
        if (picture.Length > MaxBytes)
            throw TooLarge(picture.Length);
        await slots.WaitAsync(ct);
        // ZXing.Net cannot be cancelled: past the limit the person gets an answer, and the read finishes on its own
        // thread, holding its slot until then so that such pictures cannot pile up.
        var read = Task.Run(() => Read(picture, all), CancellationToken.None);
        _ = read.ContinueWith(_ => slots.Release(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            return await read.WaitAsync(all ? TimeLimitAll : TimeLimit, ct);
        }
        catch (TimeoutException)
        {
            throw new UserError(Msg.CameraNoCode, UserErrorKind.Invalid, "photo");
        }
    }

    /// <summary>The same, on this thread and without a time limit: for tests and the benchmark.</summary>
    public static IReadOnlyList<ReadCode> Read(byte[] picture, bool all)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(picture))
            ?? throw new UserError(Msg.CameraNotAPicture, UserErrorKind.Invalid, "photo");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > MaxPixels)
            throw new UserError(Msg.CameraTooManyPixels.With(width, height), UserErrorKind.Invalid, "photo");
        var found = ReadAt(codec, FirstPass, all);
        if (found.Count == 0 && Math.Max(width, height) > FirstPass)
            found = ReadAt(codec, SecondPass, all);
        return found.Count > 0 ? found : throw new UserError(Msg.CameraNoCode, UserErrorKind.Invalid, "photo");
    }

    public static UserError TooLarge(long bytes) =>
        new(Msg.CameraTooLarge.With(Megabytes(bytes), Megabytes(MaxBytes)), UserErrorKind.Invalid, "photo");

    private static decimal Megabytes(long bytes) => Math.Round(bytes / 1048576m, 1);

    private static List<ReadCode> ReadAt(SKCodec codec, int longest, bool all)
    {
        using var bitmap = Grey(codec, longest);
        var source = Luminance(bitmap);
        if (!all)
            return Reader(Formats).Decode(source) is { } one ? [new ReadCode(one.Text, one.BarcodeFormat)] : [];
        // Every code, top to bottom as a person reads a box (its first IMEI above its second). One format at a time: the
        // multiple-code reader cuts the picture around the first code it finds and can miss one beside it; and the
        // linear codes again in overlapping bands, since a box stacks several and each band holds one or two.
        var found = new List<(ReadCode Code, float Y)>();
        void Add(Result r, int top)
        {
            var code = new ReadCode(r.Text, r.BarcodeFormat);
            if (!found.Any(f => f.Code == code))
                found.Add((code, top + (r.ResultPoints.Length > 0 ? r.ResultPoints.Average(p => p.Y) : 0)));
        }
        foreach (var format in Formats)
        {
            foreach (var r in Reader([format]).DecodeMultiple(source) ?? [])
                Add(r, 0);
        }
        var band = Math.Max(1, bitmap.Height / 8);
        var linear = Reader([BarcodeFormat.CODE_128, BarcodeFormat.EAN_13]);
        for (var top = 0; top + band <= bitmap.Height; top += band / 2)
        {
            foreach (var r in linear.DecodeMultiple(source.crop(0, top, bitmap.Width, band)) ?? [])
                Add(r, top);
        }
        return found.OrderBy(f => f.Y).Select(f => f.Code).ToList();
    }

    private static BarcodeReaderGeneric Reader(BarcodeFormat[] formats) => new()
    {
        // A label photographed sideways or upside down: ZXing turns the picture when the first look finds nothing.
        AutoRotate = true,
        Options = { PossibleFormats = formats, TryHarder = true, TryInverted = true },
    };

    /// <summary>The picture as one grey byte a pixel, its longest side at most <paramref name="longest"/>.</summary>
    private static SKBitmap Grey(SKCodec codec, int longest)
    {
        var info = codec.Info;
        // The codec's own scaling (JPEG: by eighths, while decoding) gets close; a resize does the rest.
        var size = codec.GetScaledDimensions(Math.Min(1f, longest / (float)Math.Max(info.Width, info.Height)));
        using var decoded = Decode(codec, size, SKColorType.Gray8) ?? Decode(codec, size, SKColorType.Rgba8888)
            ?? throw new UserError(Msg.CameraNotAPicture, UserErrorKind.Invalid, "photo");
        using var grey = decoded.ColorType == SKColorType.Gray8 ? null : decoded.Copy(SKColorType.Gray8);
        var source = grey ?? decoded;
        var (width, height) = Fit(source.Width, source.Height, longest);
        return width == source.Width && height == source.Height
            ? source.Copy()
            : source.Resize(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
    }

    /// <summary>The pixels in <paramref name="type"/>, or null when the codec cannot give them so (a palette PNG in grey).</summary>
    private static SKBitmap? Decode(SKCodec codec, SKSizeI size, SKColorType type)
    {
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, type, type == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Premul));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) is SKCodecResult.Success or SKCodecResult.IncompleteInput)
            return bitmap;
        bitmap.Dispose();
        return null;
    }

    private static (int Width, int Height) Fit(int width, int height, int longest)
    {
        var scale = Math.Min(1.0, longest / (double)Math.Max(width, height));
        return scale >= 1 ? (width, height) : (Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)));
    }

    /// <summary>The adapter ZXing.Net lacks for SkiaSharp: a grey bitmap's bytes are the luminance ZXing reads.</summary>
    public static LuminanceSource Luminance(SKBitmap grey)
    {
        if (grey.ColorType != SKColorType.Gray8)
            throw new ArgumentException("a Gray8 bitmap", nameof(grey));
        // Rows may be padded: copy row by row into a tight array.
        var bytes = new byte[grey.Width * grey.Height];
        var pixels = grey.GetPixelSpan();
        for (var y = 0; y < grey.Height; y++)
            pixels.Slice(y * grey.RowBytes, grey.Width).CopyTo(bytes.AsSpan(y * grey.Width));
        return new RGBLuminanceSource(bytes, grey.Width, grey.Height, RGBLuminanceSource.BitmapFormat.Gray8);
    }
}
