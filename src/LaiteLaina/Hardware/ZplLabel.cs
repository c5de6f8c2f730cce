using System.Globalization;
using System.Text;

namespace LaiteLaina.Hardware;

/// <summary>ZPL II for Zebra printers: UTF-8 text (^CI28), Code 128 with automatic subsets, QR model 2, Data Matrix
/// ECC 200, each drawn where <see cref="LabelLayout"/> put it.</summary>
public static class ZplLabel
{
    public static byte[] Encode(AssetLabel label, LabelSize size, int dpi, int copies) =>
        Encode(LabelLayout.For(label, size, dpi), copies);

    public static byte[] Encode(LabelLayout layout, int copies)
    {
        var sb = new StringBuilder();
        sb.Append("^XA^CI28");
        sb.Append(Inv($"^PW{layout.Width}^LL{layout.Height}^LH0,0"));
        foreach (var e in layout.Elements)
        {
            var (x, y) = (e.Box.X, e.Box.Y);
            // Every field at an absolute origin and every symbol after its own ^BY: nothing depends on what an earlier
            // field (or an earlier label in the same run) left behind.
            switch (e.Part)
            {
                case LabelPart.QrCode:
                    // ^BY's height is what zpl-renderer-js drops a QR code by; a Zebra drops it by about the same.
                    sb.Append(Inv($"^FO{x},{y - LabelLayout.QrDrop}^BY{e.Module},3,{LabelLayout.QrDrop}^BQN,2,{e.Module}"));
                    Field(sb, "MA," + e.Text);
                    break;
                case LabelPart.DataMatrix:
                    sb.Append(Inv($"^FO{x},{y}^BY{e.Module},3,{e.Box.Height}^BXN,{e.Module},200"));
                    Field(sb, e.Text);
                    break;
                case LabelPart.Code128:
                    // No interpretation line: the tag is a text element of its own, placed by the layout.
                    sb.Append(Inv($"^FO{x},{y}^BY{e.Module},3,{e.Box.Height}^BCN,{e.Box.Height},N,N,N,A"));
                    Field(sb, e.Text);
                    break;
                default:
                    sb.Append(Inv($"^FO{x},{e.TextTop}^A0N,{e.Font},{e.Font}"));
                    Field(sb, e.Text);
                    break;
            }
        }
        sb.Append(Inv($"^PQ{copies},0,1,Y^XZ"));
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>^FH makes _ the hex escape, so ^ and ~ in data cannot start a command.</summary>
    private static void Field(StringBuilder sb, string data) =>
        sb.Append("^FH^FD").Append(Escape(data)).Append("^FS");

    public static string Escape(string data)
    {
        var sb = new StringBuilder(data.Length);
        foreach (var ch in data)
        {
            sb.Append(ch switch
            {
                '^' => "_5E",
                '~' => "_7E",
                '_' => "_5F",
                // A control character has no place on a label and could confuse the printer's parser.
                < ' ' => " ",
                _ => ch.ToString(),
            });
        }
        return sb.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
