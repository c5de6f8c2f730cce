using System.Text;
using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>What an ESC/POS printer would put on one piece of paper between two cuts: the raster image printed (one
/// pixel a dot, black = printed) and the text lines sent in text mode.</summary>
public sealed record EscPosPaper(SKBitmap Image, IReadOnlyList<string> Lines, int CodeTable);

/// <summary>
/// A test-side reader of ESC/POS byte streams, written from Epson's ESC/POS reference and sharing no code with the
/// encoder: ESC @ (initialise), ESC t n (code table), ESC ! n (print mode), GS v 0 m xL xH yL yH d1…dk (raster bit image,
/// k = (xL + xH × 256) × (yL + yH × 256), the leftmost dot in the most significant bit; m = 1/49 doubles the width,
/// 2/50 the height, 3/51 both), GS h / GS w / GS H (bar code settings), GS k m n d1…dn (Code 128), GS ( k pL pH …
/// (2-D symbols), GS V m [n] (cut; m = 65, 66 take n), DLE EOT n, LF and printable text. Anything else fails the
/// test: a byte the encoder sent that a printer would misread.
/// </summary>
public static class EscPosPeer
{
    public static List<EscPosPaper> Decode(ReadOnlySpan<byte> stream)
    {
        var papers = new List<EscPosPaper>();
        var rows = new List<bool[]>();
        var lines = new List<string>();
        var line = new StringBuilder();
        var table = 0;
        var i = 0;
        while (i < stream.Length)
        {
            var b = stream[i];
            switch (b)
            {
                case 0x1B when At(stream, i + 1) == '@':
                    table = 0; // the printer's power-on state; a later ESC t chooses again
                    i += 2;
                    break;
                case 0x1B when At(stream, i + 1) == 't':
                    table = Need(stream, i + 2);
                    i += 3;
                    break;
                case 0x1B when At(stream, i + 1) == '!':
                    i += 3;
                    break;
                case 0x1D when At(stream, i + 1) == 'v' && At(stream, i + 2) == '0':
                    i = Raster(stream, i, rows);
                    break;
                case 0x1D when At(stream, i + 1) is 'h' or 'w' or 'H':
                    i += 3;
                    break;
                case 0x1D when At(stream, i + 1) == 'k':
                    // Function B (m ≥ 65): m n d1…dn.
                    Assert.That(Need(stream, i + 2), Is.GreaterThanOrEqualTo(65), "GS k in function B form");
                    i += 4 + Need(stream, i + 3);
                    break;
                case 0x1D when At(stream, i + 1) == '(' && At(stream, i + 2) == 'k':
                    i += 5 + Need(stream, i + 3) + 256 * Need(stream, i + 4);
                    break;
                case 0x1D when At(stream, i + 1) == 'V':
                    var m = Need(stream, i + 2);
                    i += m is 65 or 66 ? 4 : 3;
                    if (line.Length > 0)
                        lines.Add(line.ToString());
                    papers.Add(new EscPosPaper(Image(rows), lines, table));
                    (rows, lines) = ([], []);
                    line.Clear();
                    break;
                case 0x10 when At(stream, i + 1) == 0x04:
                    i += 3;
                    break;
                case (byte)'\n':
                    lines.Add(line.ToString());
                    line.Clear();
                    i++;
                    break;
                case >= 0x20 and not 0x7F:
                    // Code page 16 is WPC1252, which matches Latin-1 for every letter a label holds.
                    line.Append(table == 16 ? Encoding.Latin1.GetString([b]) : ((char)b).ToString());
                    i++;
                    break;
                default:
                    Assert.Fail($"byte 0x{b:X2} at {i} is no command this reader knows");
                    break;
            }
        }
        Assert.That(rows, Is.Empty, "raster rows after the last cut are never printed");
        return papers;
    }

    private static int Raster(ReadOnlySpan<byte> s, int i, List<bool[]> rows)
    {
        var m = Need(s, i + 3);
        Assert.That(m is (>= 0 and <= 3) or (>= 48 and <= 51), $"GS v 0 mode {m}");
        var width = Need(s, i + 4) + 256 * Need(s, i + 5);
        var height = Need(s, i + 6) + 256 * Need(s, i + 7);
        Assert.That(width, Is.GreaterThan(0));
        Assert.That(height, Is.InRange(1, 4095), "rows a GS v 0 may carry (Epson)");
        var data = i + 8;
        Assert.That(s.Length, Is.GreaterThanOrEqualTo(data + width * height), "GS v 0 data cut short");
        var (wide, tall) = ((m & 1) != 0 ? 2 : 1, (m & 2) != 0 ? 2 : 1);
        for (var y = 0; y < height; y++)
        {
            var row = new bool[width * 8 * wide];
            for (var x = 0; x < width * 8; x++)
            {
                var on = (s[data + y * width + x / 8] & (0x80 >> (x % 8))) != 0;
                for (var k = 0; k < wide; k++)
                    row[x * wide + k] = on;
            }
            for (var k = 0; k < tall; k++)
                rows.Add(row);
        }
        return data + width * height;
    }

    private static SKBitmap Image(List<bool[]> rows)
    {
        var width = rows.Count == 0 ? 1 : rows.Max(r => r.Length);
        var bitmap = new SKBitmap(new SKImageInfo(width, Math.Max(1, rows.Count), SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = new byte[bitmap.RowBytes * bitmap.Height];
        Array.Fill(pixels, (byte)255);
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                if (rows[y][x])
                    pixels[y * bitmap.RowBytes + x] = 0;
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    private static int At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : -1;

    private static int Need(ReadOnlySpan<byte> s, int i)
    {
        Assert.That(i, Is.LessThan(s.Length), "command cut short");
        return s[i];
    }
}
