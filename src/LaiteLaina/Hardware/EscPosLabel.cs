using System.Text;

namespace LaiteLaina.Hardware;

/// <summary>ESC/POS for receipt-style and label printers: text, GS k Code 128 and GS ( k QR, then a cut, once per copy.</summary>
public static class EscPosLabel
{
    public const byte Esc = 0x1B, Gs = 0x1D, Dle = 0x10, Eot = 0x04;

    public static byte[] Encode(AssetLabel label, LabelSize size, int dpi, int copies) =>
        Encode(LabelLayout.For(label, size, dpi), copies);

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
