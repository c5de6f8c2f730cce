using System.Globalization;
using System.Text;

namespace LaiteLaina.Hardware;

/// <summary>ZPL II for Zebra printers: UTF-8 text (^CI28), Code 128 with automatic subsets, QR model 2.</summary>
public static class ZplLabel
{
    public static byte[] Encode(AssetLabel label, LabelSize size, int dpi, int copies)
    {
        var l = LabelLayout.For(size, dpi);
        var sb = new StringBuilder();
        sb.Append("^XA^CI28");
        sb.Append(Inv($"^PW{l.Width}^LL{l.Height}^LH0,0"));
        // QR first: model 2, error correction M, automatic data mode ("MA," in the data). Placed before any ^BY
        // because renderers differ on whether ^BY's bar height moves a QR code down.
        sb.Append(Inv($"^FO{l.QrLeft},{l.QrTop}^BQN,2,{l.QrMagnification}"));
        Field(sb, "MA," + label.Tag);
        Text(sb, l.Margin, l.Margin, l.TitleHeight, l.TextWidth, label.Organisation);
        sb.Append(Inv($"^FO{l.Margin},{l.BarcodeTop}^BY{l.ModuleWidth},3,{l.BarcodeHeight}^BCN,{l.BarcodeHeight},Y,N,N,A"));
        Field(sb, label.Tag);
        Text(sb, l.Margin, l.KindTop, l.LineHeight, l.TextWidth, label.KindAndModel);
        Text(sb, l.Margin, l.ReturnTop, l.LineHeight, l.Width - 2 * l.Margin, label.ReturnTo);
        sb.Append(Inv($"^PQ{copies},0,1,Y^XZ"));
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Text(StringBuilder sb, int x, int y, int height, int width, string text)
    {
        var font = LabelLayout.FontFor(text, height, width);
        // ^FB with one line keeps a long model name from running over the QR code.
        sb.Append(Inv($"^FO{x},{y}^A0N,{font},{font}^FB{Math.Max(width, 1)},1,0,L,0"));
        Field(sb, text);
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
