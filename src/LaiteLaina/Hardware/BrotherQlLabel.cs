using System.Buffers.Binary;
using SkiaSharp;

namespace LaiteLaina.Hardware;

/// <summary>
/// A Brother DK roll that QL-700/800 printers take, with its printable area at 300 dpi as Brother's raster command
/// reference tables it: <see cref="PrintableDots"/> across the 720-pin head (starting <see cref="OffsetPins"/> pins in
/// from pin 0) and, for a die-cut label, <see cref="PrintableLines"/> raster lines along the feed.
/// </summary>
public sealed record BrotherMedia(string Name, bool DieCut, int WidthMm, int LengthMm, int PrintableDots, int PrintableLines, int OffsetPins)
{
    public const int Dpi = 300;

    public static readonly BrotherMedia Dk11209 = new("DK-11209", true, 62, 29, 696, 271, 12);
    public static readonly BrotherMedia Dk22205 = new("DK-22205", false, 62, 0, 696, 0, 12);
    public static readonly BrotherMedia Dk11204 = new("DK-11204", true, 17, 54, 165, 566, 0);

    public static IReadOnlyList<BrotherMedia> All { get; } = [Dk11209, Dk22205, Dk11204];

    /// <summary>0Bh die-cut labels, 0Ah continuous length tape (ESC i z and the status's media type).</summary>
    public byte MediaType => DieCut ? (byte)0x0B : (byte)0x0A;

    /// <summary>The roll as a person asks for it: "62 × 29" for die-cut labels, "62" for a continuous roll (millimetres).</summary>
    public string Roll => DieCut ? $"{WidthMm} × {LengthMm}" : $"{WidthMm}";

    public static BrotherMedia Parse(string field, string? text) =>
        All.FirstOrDefault(m => string.Equals(m.Name.Replace("-", ""), (text ?? "").Trim().Replace("-", "").Replace(" ", ""), StringComparison.OrdinalIgnoreCase))
        ?? throw UserError.Invalid(field, text ?? "", Msg.HardwareMedia.With(string.Join(", ", All.Select(m => m.Name))));

    /// <summary>
    /// What the layout is made for: the printable area, not the paper (the head does not reach the paper's edges, and a
    /// die-cut label takes exactly <see cref="PrintableLines"/> lines). A continuous roll is cut to the configured
    /// label's length. A configured size whose long side is across (54 × 17 on a 17 mm roll) is laid out so and turned.
    /// </summary>
    public LabelSize LayoutSize(LabelSize configured)
    {
        var across = Mm(PrintableDots);
        if (!DieCut)
        {
            // A continuous roll: the configured side that fits the roll goes across, the other along the feed.
            var fits = configured.WidthMm <= WidthMm;
            return fits ? new LabelSize(across, configured.HeightMm) : new LabelSize(configured.WidthMm, across);
        }
        var along = Mm(PrintableLines);
        // The head stops about 1.5 mm short of a die-cut label's sides and 3 mm short of its ends, so the white the
        // layout needs around its ink is already paper: its own margin is only what that edge falls short of 1 mm.
        // This is what lets DK-11204's 14 mm print the tag at 2 mm (147 dots of 165).
        var edge = Math.Min(WidthMm - across, LengthMm - along) / 2;
        var margin = Math.Max(0, LabelSize.EdgeMm - edge);
        var turned = configured.WidthMm > configured.HeightMm != across > along;
        return turned ? new LabelSize(along, across, margin) : new LabelSize(across, along, margin);
    }

    private static double Mm(int dots) => dots * 25.4 / Dpi;
}

/// <summary>
/// Brother QL raster (QL-700/800 class, 720 pins at 300 dpi): the label as bitmap lines, following Brother's "QL
/// Series Command Reference": invalidate, initialise, raster mode, and per page print information, auto cut, cut
/// every label, cut at end, feed margin, PackBits compression, 90-byte raster lines, and print (FF between pages,
/// Control-Z after the last). A raster line's first byte is pin 0, which prints at the label's right edge seen from
/// the printed side: each line is the label's row mirrored, shifted by the media's offset.
/// </summary>
public static class BrotherQlLabel
{
    public const byte Esc = 0x1B;

    /// <summary>720 pins: 90 bytes a raster line, whatever the roll.</summary>
    public const int LineBytes = 90;

    /// <summary>QL-800 class: 200 bytes of NUL clear whatever a broken transfer left in the printer's buffer (the
    /// QL-820NWB's reference asks for 400 on a network; 400 is harmless on a QL-800, so all get 400).</summary>
    public const int InvalidateBytes = 400;

    /// <summary>Feed before and after a continuous label, in dots (3 mm), the reference's default; die-cut needs none.</summary>
    public const int ContinuousMargin = 35;

    public static byte[] Encode(AssetLabel label, BrotherMedia media, LabelSize configured, int copies, bool compress = true) =>
        Encode(LabelLayout.For(label, media.LayoutSize(configured), BrotherMedia.Dpi), media, copies, compress);

    public static byte[] Encode(LabelLayout layout, BrotherMedia media, int copies, bool compress = true)
    {
        using var drawn = LabelRaster.Render(layout);
        // A layout made the other way round (LayoutSize: 54 × 17 on a 17 mm roll, 29 × 62 on a 62 mm one) has the
        // head's width as its height: it goes onto the roll a quarter turn.
        using var turned = drawn.Width != media.PrintableDots && drawn.Height == media.PrintableDots ? Turn(drawn) : null;
        var image = turned ?? drawn;
        if (image.Width != media.PrintableDots || (media.DieCut && image.Height != media.PrintableLines))
            throw new ArgumentException($"a {image.Width} × {image.Height} dot label does not fit {media.Name} ({media.PrintableDots} × {media.PrintableLines})", nameof(layout));
        var lines = Lines(image, media);
        var bytes = new List<byte>(InvalidateBytes + copies * (40 + lines.Count * (LineBytes + 3)));
        bytes.AddRange(new byte[InvalidateBytes]);
        bytes.AddRange([Esc, (byte)'@']);
        bytes.AddRange([Esc, (byte)'i', (byte)'a', 1]); // raster mode (the QL-800 also speaks ESC/P and P-touch Template)
        var count = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, lines.Count);
        for (var page = 0; page < copies; page++)
        {
            // Valid: media type, width, length, print quality first, printer recovery always on.
            bytes.AddRange([Esc, (byte)'i', (byte)'z', 0x02 | 0x04 | 0x08 | 0x40 | 0x80, media.MediaType, (byte)media.WidthMm, (byte)media.LengthMm]);
            bytes.AddRange(count);
            bytes.AddRange([(byte)(page == 0 ? 0 : 1), 0]);
            bytes.AddRange([Esc, (byte)'i', (byte)'M', 0x40]); // auto cut
            bytes.AddRange([Esc, (byte)'i', (byte)'A', 1]); // cut every label
            bytes.AddRange([Esc, (byte)'i', (byte)'K', 0x08]); // cut at end
            var margin = media.DieCut ? 0 : ContinuousMargin;
            bytes.AddRange([Esc, (byte)'i', (byte)'d', (byte)(margin & 0xFF), (byte)(margin >> 8)]);
            bytes.AddRange([(byte)'M', (byte)(compress ? 0x02 : 0x00)]);
            foreach (var line in lines)
            {
                if (compress && line.AsSpan().IndexOfAnyExcept((byte)0) < 0)
                {
                    bytes.Add((byte)'Z'); // a blank line, one byte instead of 93
                    continue;
                }
                var data = compress ? PackBits(line) : line;
                bytes.AddRange([(byte)'g', 0x00, (byte)data.Length]);
                bytes.AddRange(data);
            }
            bytes.Add(page == copies - 1 ? (byte)0x1A : (byte)0x0C);
        }
        return bytes.ToArray();
    }

    /// <summary>Each row of the label as a 90-byte head line: label column x at pin offset + (width - 1 - x).</summary>
    public static List<byte[]> Lines(SKBitmap image, BrotherMedia media)
    {
        // SKBitmap's sizes are native calls: read once (see LabelRaster.PackRows).
        var (width, height) = (image.Width, image.Height);
        var stride = (width + 7) / 8;
        var rows = LabelRaster.PackRows(image);
        var lines = new List<byte[]>(height);
        for (var y = 0; y < height; y++)
        {
            var line = new byte[LineBytes];
            var row = rows.AsSpan(y * stride, stride);
            for (var x = 0; x < width; x++)
            {
                if ((row[x >> 3] & (0x80 >> (x & 7))) == 0)
                    continue;
                var pin = media.OffsetPins + width - 1 - x;
                line[pin >> 3] |= (byte)(0x80 >> (pin & 7));
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>TIFF PackBits: a header n of 0..127 is followed by n + 1 literal bytes, one of -1..-127 by a byte
    /// repeated 1 - n times. Runs of three or more repeat; shorter runs stay in the literals.</summary>
    public static byte[] PackBits(ReadOnlySpan<byte> data)
    {
        var packed = new List<byte>(data.Length + data.Length / 128 + 1);
        var i = 0;
        while (i < data.Length)
        {
            var run = 1;
            while (i + run < data.Length && run < 128 && data[i + run] == data[i])
                run++;
            if (run >= 3)
            {
                packed.Add((byte)(1 - run));
                packed.Add(data[i]);
                i += run;
                continue;
            }
            var start = i;
            while (i < data.Length && i - start < 128)
            {
                if (i + 2 < data.Length && data[i] == data[i + 1] && data[i] == data[i + 2])
                    break;
                i++;
            }
            packed.Add((byte)(i - start - 1));
            for (var k = start; k < i; k++)
                packed.Add(data[k]);
        }
        return packed.ToArray();
    }

    /// <summary>A quarter turn clockwise: the label's top edge goes to the right, along the head.</summary>
    private static SKBitmap Turn(SKBitmap image)
    {
        var turned = new SKBitmap(new SKImageInfo(image.Height, image.Width, SKColorType.Gray8, SKAlphaType.Opaque));
        ReadOnlySpan<byte> from = image.GetPixelSpan();
        var to = turned.GetPixelSpan();
        var (width, height, fromRow, toRow) = (image.Width, image.Height, image.RowBytes, turned.RowBytes);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                to[x * toRow + (height - 1 - y)] = from[y * fromRow + x];
        }
        return turned;
    }
}

/// <summary>
/// ESC i S and its 32-byte answer: 80h, 20h, ... error information 1 and 2 at offsets 8 and 9, media width (mm) at 10,
/// media type at 11, media length (mm) at 17, status type at 18, phase at 19, notification at 22.
/// </summary>
public static class BrotherQlStatus
{
    /// <summary>Invalidate and initialise first, so that an answer comes even after a transfer broken off half-way.</summary>
    public static readonly byte[] Request = [.. new byte[BrotherQlLabel.InvalidateBytes], BrotherQlLabel.Esc, (byte)'@', BrotherQlLabel.Esc, (byte)'i', (byte)'S'];

    public const int Length = 32;

    public static bool IsComplete(ReadOnlySpan<byte> reply) => reply.Length >= Length;

    /// <summary>The printer's faults; with <paramref name="media"/>, also a roll other than the one this printer's
    /// labels are made for, which the person at the desk fixes by changing the roll (the job waits for it).</summary>
    public static PrinterStatus? Parse(ReadOnlySpan<byte> reply, BrotherMedia? media = null)
    {
        // A notification may come before the answer: the answer is the last whole 32 bytes that start 80h 20h.
        var at = reply.Length - Length;
        while (at >= 0 && !(reply[at] == 0x80 && reply[at + 1] == 0x20))
            at--;
        if (at < 0)
            return null;
        var s = reply.Slice(at, Length);
        var (e1, e2) = (s[8], s[9]);
        var faults = new List<string>();
        Flag(e1, 0x01, "no media");
        Flag(e1, 0x02, "end of media");
        Flag(e1, 0x04, "cutter jam");
        Flag(e1, 0x80, "error"); // fan motor
        Flag(e2, 0x01, "wrong media");
        Flag(e2, 0x02, "buffer full");
        Flag(e2, 0x04, "communication error");
        Flag(e2, 0x08, "error"); // image error
        Flag(e2, 0x10, "cover open");
        Flag(e2, 0x40, "feed error");
        Flag(e2, 0x80, "error"); // system error
        var (width, type, length) = (s[10], s[11] & 0x0F, s[17]);
        if (media is not null && !faults.Contains("no media"))
        {
            if (type == 0)
                faults.Add("no media");
            else if (width != media.WidthMm || type != media.MediaType || (media.DieCut && length != media.LengthMm))
                faults.Add("wrong media");
        }
        faults = faults.Distinct().ToList();
        return media is not null && faults.Contains("wrong media")
            ? new PrinterStatus(faults, Msg.PrinterWrongRoll.With(media.Roll, media.Name))
            : new PrinterStatus(faults);

        void Flag(byte value, byte mask, string fault)
        {
            if ((value & mask) != 0)
                faults.Add(fault);
        }
    }
}
