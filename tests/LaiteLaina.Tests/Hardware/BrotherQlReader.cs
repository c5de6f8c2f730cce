using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>One command of a Brother QL raster stream: its name as the reference writes it and its parameter bytes
/// (a raster line's data decompressed to its 90 bytes).</summary>
public sealed record BrotherCommand(string Name, byte[] Data);

/// <summary>
/// The test side's reader of Brother QL raster, written from the command reference alone (not from the encoder): splits
/// a stream into commands, decompresses PackBits lines, and turns the raster lines of each page back into an image as
/// the label is printed, undoing the head's mirror and the media's pin offset.
/// </summary>
public static class BrotherQlReader
{
    public static List<BrotherCommand> Parse(byte[] s)
    {
        var commands = new List<BrotherCommand>();
        var compressed = false;
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] == 0x00)
            {
                var start = i;
                while (i < s.Length && s[i] == 0x00)
                    i++;
                commands.Add(new("invalidate", new byte[i - start]));
                continue;
            }
            switch (s[i])
            {
                case 0x1B when s[i + 1] == (byte)'@':
                    Add("ESC @", 2, 0);
                    break;
                case 0x1B when s[i + 1] == (byte)'i':
                    var (name, length) = (char)s[i + 2] switch
                    {
                        'a' => ("ESC i a", 1), 'z' => ("ESC i z", 10), 'M' => ("ESC i M", 1), 'A' => ("ESC i A", 1),
                        'K' => ("ESC i K", 1), 'd' => ("ESC i d", 2), 'S' => ("ESC i S", 0), '!' => ("ESC i !", 1),
                        'U' => ("ESC i U", 15),
                        var c => throw new FormatException($"unknown command ESC i {c} at {i}"),
                    };
                    Add(name, 3, length);
                    break;
                case (byte)'M':
                    compressed = s[i + 1] == 0x02;
                    Add("M", 1, 1);
                    break;
                case (byte)'Z':
                    commands.Add(new("g", new byte[90]));
                    i++;
                    break;
                case (byte)'g' or (byte)'G':
                    var n = s[i + 2] + (s[i] == (byte)'G' ? s[i + 3] * 256 : 0);
                    var header = s[i] == (byte)'G' ? 4 : 3;
                    var data = s.AsSpan(i + header, n).ToArray();
                    commands.Add(new("g", compressed ? Unpack(data) : data));
                    i += header + n;
                    break;
                case 0x0C:
                    Add("FF", 1, 0);
                    break;
                case 0x1A:
                    Add("Control-Z", 1, 0);
                    break;
                default:
                    throw new FormatException($"unknown byte {s[i]:X2} at {i}");
            }
        }
        return commands;

        void Add(string name, int header, int length)
        {
            commands.Add(new(name, s.AsSpan(i + header, length).ToArray()));
            i += header + length;
        }
    }

    /// <summary>TIFF PackBits, as the reference describes it.</summary>
    public static byte[] Unpack(byte[] packed)
    {
        var output = new List<byte>();
        for (var i = 0; i < packed.Length;)
        {
            var n = (sbyte)packed[i++];
            if (n >= 0)
            {
                output.AddRange(packed.AsSpan(i, n + 1));
                i += n + 1;
            }
            else if (n != -128)
            {
                output.AddRange(Enumerable.Repeat(packed[i++], 1 - n));
            }
        }
        return output.ToArray();
    }

    /// <summary>Each page's raster lines as the printed label, <paramref name="width"/> dots across starting
    /// <paramref name="offset"/> pins in: pin p at column width - 1 - (p - offset). Black is 0, white 255.</summary>
    public static List<SKBitmap> Pages(IReadOnlyList<BrotherCommand> commands, int width, int offset)
    {
        var pages = new List<SKBitmap>();
        var lines = new List<byte[]>();
        foreach (var c in commands)
        {
            if (c.Name == "g")
            {
                lines.Add(c.Data);
                continue;
            }
            if (c.Name is not ("FF" or "Control-Z"))
                continue;
            var page = new SKBitmap(new SKImageInfo(width, lines.Count, SKColorType.Gray8, SKAlphaType.Opaque));
            page.Erase(SKColors.White);
            var pixels = page.GetPixelSpan();
            for (var y = 0; y < lines.Count; y++)
            {
                for (var pin = 0; pin < 720; pin++)
                {
                    if ((lines[y][pin / 8] & (0x80 >> (pin % 8))) == 0)
                        continue;
                    var x = width - 1 - (pin - offset);
                    if (x < 0 || x >= width)
                        throw new FormatException($"line {y}: pin {pin} is outside the printable area");
                    pixels[y * page.RowBytes + x] = 0;
                }
            }
            pages.Add(page);
            lines.Clear();
        }
        return pages;
    }
}
