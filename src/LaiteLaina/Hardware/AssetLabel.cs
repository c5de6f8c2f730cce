using System.Globalization;

namespace LaiteLaina.Hardware;

/// <summary>What goes on an asset label. Deliberately no field for a person: labels stay on devices that change hands.</summary>
public sealed record AssetLabel(string Tag, string Organisation, string KindAndModel, string ReturnTo);

/// <summary>A label's printable area in millimetres, such as 50.8 × 25.4 (2 × 1 in) or 62 × 29 (Brother DK-11209).</summary>
public readonly record struct LabelSize(double WidthMm, double HeightMm)
{
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

/// <summary>Where things go on a label, in dots, for any size and resolution: organisation, Code 128 and kind/model on
/// the left, the QR code top right, the "return to" line across the bottom. One layout for both printer languages.</summary>
public sealed record LabelLayout(int Width, int Height, int Margin, int TitleHeight, int BarcodeTop, int BarcodeHeight,
    int ModuleWidth, int LineHeight, int KindTop, int ReturnTop, int QrMagnification, int QrLeft, int QrTop)
{
    /// <summary>QR version 2 (25 modules) holds a 20-character tag at level M; the layout leaves room for it.</summary>
    private const int QrModules = 25;

    /// <summary>Zebra printers draw ^BQ about 10 dots below its field origin.</summary>
    public const int QrDrop = 10;

    public static LabelLayout For(LabelSize size, int dpi)
    {
        var width = size.WidthDots(dpi);
        var height = size.HeightDots(dpi);
        var dotsPerMm = dpi / 25.4;
        var margin = (int)Math.Round(1.5 * dotsPerMm);
        var title = (int)Math.Round(height * 0.13);
        var line = (int)Math.Round(height * 0.1);
        var module = Math.Max(2, (int)Math.Round(dotsPerMm * 0.25));
        var returnTop = height - margin - line;
        var kindTop = returnTop - line;
        var qrMag = Math.Clamp((returnTop - 2 * margin - QrDrop) / QrModules, 1, 10);
        var barcodeTop = margin + title + margin / 2;
        // The human-readable line under the bars is about ten modules high.
        var barcodeHeight = kindTop - barcodeTop - 10 * module - margin / 2;
        return new LabelLayout(width, height, margin, title, barcodeTop, Math.Max(barcodeHeight, (int)(4 * dotsPerMm)), module, line,
            kindTop, returnTop, qrMag, width - margin - qrMag * QrModules, margin);
    }

    public int TextWidth => QrLeft - 2 * Margin;

    /// <summary>^A0 glyphs are about 0.55 of their height wide: shrink a long line until it fits instead of clipping it.</summary>
    public static int FontFor(string text, int height, int width) =>
        Math.Max(8, Math.Min(height, (int)(width / (Math.Max(text.Length, 1) * 0.55))));
}
