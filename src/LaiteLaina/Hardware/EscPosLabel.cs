using System.Text;

namespace LaiteLaina.Hardware;

/// <summary>
/// ESC/POS for Epson TM receipt and label printers, once per copy: either the label drawn as a raster bit image
/// (GS v 0, in bands) or text mode (lines, GS k Code 128 and GS ( k QR); each copy ends with a feed and a cut.
/// Command forms from Epson's ESC/POS reference.
/// </summary>
public static class EscPosLabel
{
    public const byte Esc = 0x1B, Gs = 0x1D, Dle = 0x10, Eot = 0x04;

    /// <summary>Dot rows per GS v 0. Epson allows up to 4095 (TM-T90 sheet; 2303 on some models) but advises smaller
    /// images for graphics on the TM-L90 (120-400 rows per command, so the head need not wait for data): 240 rows is
    /// 30 mm at 203 dpi and inside every model's limit.</summary>
    public const int BandRows = 240;

    public static byte[] Encode(AssetLabel label, LabelSize size, int dpi, int copies, EscPosRendering rendering = EscPosRendering.Text)
    {
        var layout = LabelLayout.For(label, size, dpi);
        return UsesRaster(layout, rendering) ? EncodeRaster(layout, copies) : Encode(layout, copies);
    }

    /// <summary>Raster when asked, or when the layout has a Data Matrix, which text mode cannot print.</summary>
    public static bool UsesRaster(LabelLayout layout, EscPosRendering rendering) =>
        rendering == EscPosRendering.Raster || (rendering == EscPosRendering.Auto && layout[LabelPart.DataMatrix] is not null);

    /// <summary>
    /// The layout drawn by <see cref="LabelRaster.Render"/> and sent as GS v 0 m xL xH yL yH d1...dk in bands of
    /// <see cref="BandRows"/> rows: m = 0 (normal density, one dot a pixel), x = bytes a row, y = rows, the data row after
    /// row, leftmost dot in the most significant bit, 1 = print. Each band feeds the paper by its height, so the bands
    /// join without a gap. Then GS V 66 0: feed to the cutter and cut.
    /// </summary>
    public static byte[] EncodeRaster(LabelLayout layout, int copies)
    {
        using var bitmap = LabelRaster.Render(layout);
        var rows = LabelRaster.PackRows(bitmap);
        var stride = (bitmap.Width + 7) / 8;
        var bands = (bitmap.Height + BandRows - 1) / BandRows;
        var one = new byte[2 + bands * 8 + rows.Length + 4];
        var at = 0;
        one[at++] = Esc;
        one[at++] = (byte)'@';
        for (var top = 0; top < bitmap.Height; top += BandRows)
        {
            var height = Math.Min(BandRows, bitmap.Height - top);
            one[at++] = Gs;
            one[at++] = (byte)'v';
            one[at++] = (byte)'0';
            one[at++] = 0;
            one[at++] = (byte)(stride & 0xFF);
            one[at++] = (byte)(stride >> 8);
            one[at++] = (byte)(height & 0xFF);
            one[at++] = (byte)(height >> 8);
            rows.AsSpan(top * stride, height * stride).CopyTo(one.AsSpan(at));
            at += height * stride;
        }
        one[at++] = Gs;
        one[at++] = (byte)'V';
        one[at++] = 66;
        one[at] = 0;
        var all = new byte[one.Length * copies];
        for (var i = 0; i < copies; i++)
            one.CopyTo(all, i * one.Length);
        return all;
    }

    /// <summary>The layout's elements top to bottom, as far as text mode can follow it: lines where it has text, Code 128
    /// only where the layout found room for it, and a QR code at the module size the layout chose for its 2-D symbol
    /// (receipt printers read no Data Matrix command).</summary>
    public static byte[] Encode(LabelLayout layout, int copies)
    {
        var one = new List<byte>();
        one.AddRange([Esc, (byte)'@']);
        // Code page 16 (WPC1252) prints ä, ö and å; text is sent as Latin-1, which matches 1252 for those letters.
        one.AddRange([Esc, (byte)'t', 16]);
        foreach (var e in layout.Elements.OrderBy(e => e.Box.Y).ThenBy(e => e.Box.X))
        {
            switch (e.Part)
            {
                case LabelPart.Code128:
                    // Height in dots, module width 2-6, no human-readable text (the tag is a line of its own), code set B.
                    one.AddRange([Gs, (byte)'h', (byte)Math.Clamp(e.Box.Height, 1, 255)]);
                    one.AddRange([Gs, (byte)'w', (byte)Math.Clamp(e.Module, 2, 6)]);
                    one.AddRange([Gs, (byte)'H', 0]);
                    var code = Encoding.ASCII.GetBytes("{B" + Ascii(e.Text));
                    one.AddRange([Gs, (byte)'k', 73, (byte)code.Length]);
                    one.AddRange(code);
                    one.Add((byte)'\n');
                    break;
                case LabelPart.QrCode or LabelPart.DataMatrix:
                    // QR: model 2, module size, error correction M (49), store, print.
                    Qr(one, 65, [50, 0]);
                    Qr(one, 67, [(byte)Math.Clamp(e.Module, 1, 16)]);
                    Qr(one, 69, [49]);
                    Qr(one, 80, [48, .. Encoding.ASCII.GetBytes(Ascii(e.Text))]);
                    Qr(one, 81, [48]);
                    one.Add((byte)'\n');
                    break;
                case LabelPart.Owner:
                    one.AddRange([Esc, (byte)'!', 0x08]); // emphasised
                    Line(one, e.Text);
                    one.AddRange([Esc, (byte)'!', 0x00]);
                    break;
                default:
                    Line(one, e.Text);
                    break;
            }
        }
        one.AddRange([Gs, (byte)'V', 66, 0]); // feed to the cutter and cut
        var all = new List<byte>(one.Count * copies);
        for (var i = 0; i < copies; i++)
            all.AddRange(one);
        return all.ToArray();
    }

    /// <summary>GS ( k pL pH cn fn [parameters], cn = 49 ('1') for QR.</summary>
    private static void Qr(List<byte> bytes, byte function, byte[] parameters)
    {
        var length = parameters.Length + 2;
        bytes.AddRange([Gs, (byte)'(', (byte)'k', (byte)(length & 0xFF), (byte)(length >> 8), 49, function]);
        bytes.AddRange(parameters);
    }

    private static void Line(List<byte> bytes, string text)
    {
        // Control characters in data would be read as commands.
        var clean = new string(text.Select(c => c < ' ' || c == 0x7F ? ' ' : c).ToArray());
        bytes.AddRange(Encoding.Latin1.GetBytes(clean));
        bytes.Add((byte)'\n');
    }

    private static string Ascii(string text) => new(text.Select(c => c is >= ' ' and < (char)0x7F ? c : '?').ToArray());
}
