using System.Globalization;

namespace LaiteLaina.Hardware;

/// <summary>What goes on an asset label, in the label's language (the kind is a word of it, not an enum name).
/// Deliberately no field for a person: labels stay on devices that change hands.</summary>
public sealed record AssetLabel(string Tag, string Organisation, string Kind, string Model, string ReturnTo);

/// <summary>A label's printable area in millimetres, such as 50.8 × 25.4 (2 × 1 in) or 62 × 29 (Brother DK-11209).
/// <see cref="MarginMm"/> is the white the layout keeps inside it on every side: 1 mm where the head prints to the
/// paper's edge (Zebra, ESC/POS), less where the printer's own unprintable edge already leaves that much paper white
/// (see <see cref="BrotherMedia.LayoutSize"/>).</summary>
public readonly record struct LabelSize(double WidthMm, double HeightMm, double MarginMm = LabelSize.EdgeMm)
{
    /// <summary>The white between a label's edge and its ink: a die-cut label shifts by about this much on the liner,
    /// and a scanner needs a symbol's quiet zone on paper, not past the label's edge.</summary>
    public const double EdgeMm = 1.0;

    public int WidthDots(int dpi) => Dots(WidthMm, dpi);
    public int HeightDots(int dpi) => Dots(HeightMm, dpi);

    public static int Dots(double mm, int dpi) => (int)Math.Round(mm * dpi / 25.4, MidpointRounding.AwayFromZero);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{WidthMm}x{HeightMm}");

    /// <summary>As a person reads it on a page: "50,8 × 25,4 mm" with the decimal comma of Finnish and Swedish.</summary>
    public string ToString(CultureInfo culture) => string.Create(culture, $"{WidthMm} × {HeightMm} mm");

    public static LabelSize Parse(string field, string? text)
    {
        var parts = (text ?? "").ToLowerInvariant().Replace("mm", "", StringComparison.Ordinal).Replace('×', 'x').Split('x', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
            && w is >= 15 and <= 120 && h is >= 10 and <= 200)
            return new LabelSize(w, h);
        throw UserError.Invalid(field, text, Msg.LabelSize);
    }
}
