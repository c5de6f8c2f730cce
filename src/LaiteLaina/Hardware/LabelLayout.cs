namespace LaiteLaina.Hardware;

/// <summary>What one element of a label is: the owner line, the symbols, the tag in letters, the kind and model, the return line.</summary>
public enum LabelPart { Owner, Code128, QrCode, DataMatrix, Tag, Device, ReturnTo }

/// <summary>A rectangle in printer dots, origin at the label's top left corner.</summary>
public readonly record struct LabelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;

    public bool Overlaps(LabelBox other) => X < other.Right && other.X < Right && Y < other.Bottom && other.Y < Bottom;

    public bool Contains(LabelBox other) => other.X >= X && other.Y >= Y && other.Right <= Right && other.Bottom <= Bottom;
}

/// <summary>
/// One positioned element. <see cref="Box"/> is where its ink may go: for text the line's box (its height is the font
/// height), for a symbol the symbol itself without its quiet zone. <see cref="Module"/> is a symbol's module width in
/// dots; <see cref="QuietX"/> and <see cref="QuietY"/> the white it needs around it, which no other element may enter.
/// A printer language or a raster renderer draws exactly this and nothing else.
/// </summary>
public sealed record LabelElement(LabelPart Part, LabelBox Box, string Text, int Module = 0, int QuietX = 0, int QuietY = 0, int Font = 0)
{
    /// <summary>Where a text's em box (<see cref="Font"/> dots high) starts: at the bottom of <see cref="Box"/>, whose
    /// few dots above it are for the ring of Å and the dots of Ä, which rise above a capital's height.</summary>

    public int TextTop => Box.Bottom - Font;

    public bool IsSymbol => Part is LabelPart.Code128 or LabelPart.QrCode or LabelPart.DataMatrix;

    /// <summary>The element with its quiet zone: what must stay clear of every other element.</summary>
    public LabelBox Outer => new(Box.X - QuietX, Box.Y - QuietY, Box.Width + 2 * QuietX, Box.Height + 2 * QuietY);
}

/// <summary>
/// Where everything goes on a label of any size and resolution, computed from what each element really needs: a
/// symbol's width from its module count and its quiet zone, a text's width from its letters. Tried in order:
/// Code 128 and a QR code side by side under the owner line; a Data Matrix beside the text when both do not fit;
/// a Data Matrix above the text on a narrow label. A text line never goes below 2 mm: the model is dropped first,
/// a long owner or return line is cut with "...". No element's box (with its quiet zone) overlaps another's.
/// </summary>
public sealed record LabelLayout(int Width, int Height, int Dpi, IReadOnlyList<LabelElement> Elements)
{
    /// <summary>The sizes offered and tested: Zebra 2×1 in and its metric neighbours, Brother DK-11209 (62×29) and
    /// DK-11204 (17×54), small 40×20 jewellery-size labels, 4×2 in shipping labels, and the print areas of Epson's
    /// ESC/POS printers: 48×30 on a TM-L90's 58 mm label paper (384 dots: 224 + (58 − 38) × 8, Epson's ESC W default
    /// for label paper) and 72×30 on a TM-m30's 80 mm roll (576 dots).</summary>
    public static IReadOnlyList<LabelSize> Supported { get; } =
    [
        new(40, 20), new(17, 54), new(50, 25), new(50.8, 25.4), new(57, 32), new(62, 29), new(101.6, 50.8), new(48, 30), new(72, 30),
    ];

    public static IReadOnlyList<int> Dpis { get; } = [152, 180, 203, 300, 600];

    /// <summary>A tag in the default format (prefix LL-, six digits), for checking a printer's size before any tag exists.</summary>
    public const string ReferenceTag = "LL-000000";

    /// <summary>Text below 2 mm is hard to read on a device in hand.</summary>
    public const double MinTextMm = 2.0;

    /// <summary>Zebra printers draw ^BQ this many dots below its field origin (zpl-renderer-js: by the ^BY height, which
    /// the ZPL therefore sets to this value before every QR code).</summary>
    public const int QrDrop = 10;

    /// <summary>The height of a line whose font is <paramref name="font"/> dots: the font plus room for accents above it
    /// (measured in zpl-renderer-js: the ring of Å rises 24 % of the font height above ^FO, the dots of Ä 20 %; a
    /// descender ends at the font height).</summary>
    public static int Row(int font) => font + font / 4 + 2;

    public LabelElement? this[LabelPart part] => Elements.FirstOrDefault(e => e.Part == part);

    /// <summary>The layout, or a <see cref="UserError"/> on field <paramref name="field"/> naming the smallest supported
    /// size that works at this dpi when no symbol that a scanner can read fits.</summary>
    public static LabelLayout For(AssetLabel label, LabelSize size, int dpi) =>
        TryFor(label, size, dpi) ?? throw TooSmall(null, size, dpi, label.Tag);

    /// <summary>Refuses a size on which a label for <paramref name="tag"/> has no room for a symbol that scans; the
    /// owner, kind and return lines are one letter each, since they are cut or dropped to fit anyway.</summary>
    public static void Check(string field, LabelSize size, int dpi, string tag)
    {
        if (TryFor(Probe(tag), size, dpi) is null)
            throw TooSmall(field, size, dpi, tag);
    }

    private static AssetLabel Probe(string tag) => new(tag, "X", "X", "", "X");

    /// <summary>The refusal on <paramref name="field"/> (a configuration key), or on the label size when printing.</summary>
    private static UserError TooSmall(string? field, LabelSize size, int dpi, string tag)
    {
        var smallest = Supported.OrderBy(s => s.WidthMm * s.HeightMm).FirstOrDefault(s => TryFor(Probe(tag), s, dpi) is not null);
        var right = Msg.LabelTooSmall.With(dpi, (smallest == default ? Supported[^1] : smallest).ToString());
        return field is null ? UserError.Invalid("label-size", size.ToString(), right) : UserError.Invalid(field, size.ToString(), right);
    }

    public static LabelLayout? TryFor(AssetLabel label, LabelSize size, int dpi)
    {
        var m = new Metrics(size, dpi);
        // A label taller than wide (17 × 54, or 29 × 62 turned) has its room under the symbol, not beside it: stacked
        // first, so that the device line is not squeezed out beside a Data Matrix.
        Func<AssetLabel, Metrics, int, List<LabelElement>?>[] variants = m.Height > m.Width
            ? [Stacked, SideBySide, DataMatrixBeside]
            : [SideBySide, DataMatrixBeside, Stacked];
        foreach (var variant in variants)
        {
            for (var text = m.TextMax; text >= m.TextMin; text--)
            {
                if (variant(label, m, text) is { } elements)
                    return new LabelLayout(m.Width, m.Height, dpi, elements);
            }
        }
        return null;
    }

    /// <summary>The label's size in dots and the lengths every variant uses.</summary>
    private sealed class Metrics
    {
        public readonly int Dpi, Width, Height, Margin, Gap, TextMin, TextMax, MinModule, MinBars, MaxBars;

        public Metrics(LabelSize size, int dpi)
        {
            Dpi = dpi;
            (Width, Height) = (size.WidthDots(dpi), size.HeightDots(dpi));
            Margin = LabelSize.Dots(size.MarginMm, dpi);
            Gap = Math.Max(2, LabelSize.Dots(0.5, dpi));
            TextMin = (int)Math.Ceiling(MinTextMm * dpi / 25.4);
            TextMax = Math.Max(TextMin, Math.Min(LabelSize.Dots(3.5, dpi), (int)(Height * 0.12)));
            // The narrowest module a thermal printer draws cleanly and a scanner resolves: 2 dots and 0.25 mm.
            MinModule = Math.Max(2, (int)Math.Ceiling(0.25 * dpi / 25.4));
            // Bars at least 5 mm high, so that a hand scanner's line still crosses them at a slant.
            (MinBars, MaxBars) = (LabelSize.Dots(5, dpi), LabelSize.Dots(12, dpi));
        }

        public int ContentRight => Width - Margin;
        public int ContentBottom => Height - Margin;
    }

    /// <summary>Owner across the top; Code 128, tag and device on the left, the QR code on the right; return line at the bottom.</summary>
    private static List<LabelElement>? SideBySide(AssetLabel label, Metrics m, int text)
    {
        var elements = new List<LabelElement>();
        var top = m.Margin;
        if (Line(elements, LabelPart.Owner, label.Organisation, m.Margin, top, m.ContentRight - m.Margin, text, m.TextMin, cut: true) is not { } owner)
            return null;
        var returnTop = m.ContentBottom - Row(text);
        var bandTop = owner.Bottom + m.Gap;
        var bandBottom = ReturnTop(label, m, returnTop) - m.Gap;
        var c128 = m.MinModule;
        var barsWidth = Symbols.Code128Modules(label.Tag) * c128;
        var barsQuiet = 10 * c128;
        var barsX = Math.Max(m.Margin, barsQuiet);
        var qrModules = Symbols.QrModules(label.Tag);
        // The largest QR code that fits beside the bars and in the band between owner and return lines.
        for (var mag = Math.Max(m.MinModule, LabelSize.Dots(0.5, m.Dpi)); mag >= m.MinModule; mag--)
        {
            var side = qrModules * mag;
            var quiet = 4 * mag;
            var qrX = Math.Min(m.ContentRight, m.Width - quiet) - side;
            var qrY = Math.Max(bandTop + quiet, QrDrop);
            if (qrY + side + quiet > bandBottom || barsX + barsWidth + barsQuiet + m.Gap > qrX - quiet)
                continue;
            var leftWidth = qrX - quiet - m.Gap - m.Margin;
            // Bars take what the tag and device lines leave, between 5 and 12 mm.
            var bars = Math.Min(m.MaxBars, bandBottom - bandTop - 2 * (Row(text) + m.Gap));
            if (bars < Math.Max(m.MinBars, (int)(0.15 * barsWidth)))
                return null;
            elements.Add(new LabelElement(LabelPart.QrCode, new LabelBox(qrX, qrY, side, side), label.Tag, mag, quiet, quiet));
            elements.Add(new LabelElement(LabelPart.Code128, new LabelBox(barsX, bandTop, barsWidth, bars), label.Tag, c128, barsQuiet));
            if (Line(elements, LabelPart.Tag, label.Tag, m.Margin, bandTop + bars + m.Gap, leftWidth, text, m.TextMin, cut: false) is not { } tag)
                return null;
            DeviceLine(elements, label, m.Margin, tag.Bottom + m.Gap, leftWidth, text, m.TextMin);
            return ReturnLine(label, m, text, returnTop, elements);
        }
        return null;
    }

    /// <summary>Owner across the top; the tag large and the device line on the left, a Data Matrix on the right; return line.</summary>
    private static List<LabelElement>? DataMatrixBeside(AssetLabel label, Metrics m, int text)
    {
        var elements = new List<LabelElement>();
        if (Line(elements, LabelPart.Owner, label.Organisation, m.Margin, m.Margin, m.ContentRight - m.Margin, text, m.TextMin, cut: true) is not { } owner)
            return null;
        var returnTop = m.ContentBottom - Row(text);
        var bandTop = owner.Bottom + m.Gap;
        var bandBottom = ReturnTop(label, m, returnTop) - m.Gap;
        var modules = Symbols.DataMatrixModules(label.Tag);
        for (var module = Math.Max(m.MinModule, LabelSize.Dots(0.6, m.Dpi)); module >= m.MinModule; module--)
        {
            var side = modules * module;
            // One module of quiet zone is the standard's; the gap keeps text a little further off. Where the label keeps
            // no margin of its own (a die-cut roll's unprintable edge is the margin), the quiet zone must still be printable.
            var x = Math.Min(m.ContentRight, m.Width - module) - side;
            if (bandTop + module + side + module > bandBottom)
                continue;
            var leftWidth = x - module - m.Gap - m.Margin;
            var tagHeight = Math.Min(2 * text, bandBottom - bandTop - Row(text) - m.Gap - Row(2 * text) + 2 * text);
            if (leftWidth <= 0 || Line(elements, LabelPart.Tag, label.Tag, m.Margin, bandTop, leftWidth, tagHeight, m.TextMin, cut: false) is not { } tag)
                continue;
            elements.Add(new LabelElement(LabelPart.DataMatrix, new LabelBox(x, bandTop + module, side, side), label.Tag, module, module, module));
            DeviceLine(elements, label, m.Margin, tag.Bottom + m.Gap, leftWidth, text, m.TextMin);
            return ReturnLine(label, m, text, returnTop, elements);
        }
        return null;
    }

    /// <summary>A narrow label (Brother DK-11204, 17 mm across): owner, Data Matrix, tag, device, return, one under another.</summary>
    private static List<LabelElement>? Stacked(AssetLabel label, Metrics m, int text)
    {
        var elements = new List<LabelElement>();
        var width = m.ContentRight - m.Margin;
        if (Line(elements, LabelPart.Owner, label.Organisation, m.Margin, m.Margin, width, text, m.TextMin, cut: true) is not { } owner)
            return null;
        var modules = Symbols.DataMatrixModules(label.Tag);
        var room = m.ContentBottom - owner.Bottom - 3 * (Row(text) + m.Gap) - m.Gap;
        var module = Math.Min(Math.Min(room, width) / (modules + 2), LabelSize.Dots(0.6, m.Dpi));
        if (module < m.MinModule)
            return null;
        var side = modules * module;
        var y = owner.Bottom + m.Gap + module;
        elements.Add(new LabelElement(LabelPart.DataMatrix, new LabelBox(m.Margin + (width - side) / 2, y, side, side), label.Tag, module, module, module));
        if (Line(elements, LabelPart.Tag, label.Tag, m.Margin, y + side + module + m.Gap, width, text, m.TextMin, cut: false) is not { } tag)
            return null;
        DeviceLine(elements, label, m.Margin, tag.Bottom + m.Gap, width, text, m.TextMin, lines: 4);
        return ReturnLine(label, m, text, m.ContentBottom - Row(text), elements);
    }

    /// <summary>The top of the return line, or the bottom of the content when there is none to print.</summary>
    private static int ReturnTop(AssetLabel label, Metrics m, int top) =>
        string.IsNullOrWhiteSpace(label.ReturnTo) ? m.ContentBottom + m.Gap : top;

    private static List<LabelElement>? ReturnLine(AssetLabel label, Metrics m, int text, int top, List<LabelElement> elements)
    {
        if (string.IsNullOrWhiteSpace(label.ReturnTo))
            return elements;
        var above = elements.Max(e => e.Outer.Bottom);
        if (above + m.Gap > top)
            return null;
        return Line(elements, LabelPart.ReturnTo, label.ReturnTo, m.Margin, top, m.ContentRight - m.Margin, text, m.TextMin, cut: true) is null ? null : elements;
    }

    /// <summary>"tabletti · Samsung Galaxy Tab A8" in the largest font that fits, on up to <paramref name="lines"/> lines
    /// broken between words; the model is dropped before the text would go below 2 mm, and the line with it when even
    /// the kind does not fit.</summary>
    private static void DeviceLine(List<LabelElement> elements, AssetLabel label, int x, int y, int width, int height, int min, int lines = 1)
    {
        var full = string.IsNullOrWhiteSpace(label.Model) ? label.Kind : $"{label.Kind} · {label.Model}";
        if (!Wrapped(elements, full, x, y, width, height, min, lines) && full != label.Kind)
            Wrapped(elements, label.Kind, x, y, width, height, min, lines);
    }

    private static bool Wrapped(List<LabelElement> elements, string text, int x, int y, int width, int height, int min, int lines)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var font = height; font >= min; font--)
        {
            var rows = new List<string>();
            foreach (var word in words)
            {
                if (rows.Count > 0 && TextWidth(rows[^1] + " " + word, font) <= width)
                    rows[^1] += " " + word;
                else
                    rows.Add(word);
            }
            if (rows.Count > lines || rows.Any(r => TextWidth(r, font) > width))
                continue;
            for (var i = 0; i < rows.Count; i++)
                elements.Add(new LabelElement(LabelPart.Device, new LabelBox(x, y + i * Row(font), TextWidth(rows[i], font), Row(font)), rows[i], Font: font));
            return true;
        }
        return false;
    }

    /// <summary>Adds a text line in the largest font up to <paramref name="height"/> that fits <paramref name="width"/>;
    /// at the smallest font a line that may be <paramref name="cut"/> ends in "..." instead. Null: it does not fit.</summary>
    private static LabelBox? Line(List<LabelElement> elements, LabelPart part, string text, int x, int y, int width, int height, int min, bool cut)
    {
        text = text.Trim();
        if (text.Length == 0)
            return new LabelBox(x, y - 1, 0, 1); // nothing to print: the next line goes where this one would have
        if (height < min || width <= 0)
            return null;
        for (var font = height; font >= min; font--)
        {
            if (TextWidth(text, font) <= width)
                return Add(text, font);
        }
        if (!cut)
            return null;
        for (var keep = text.Length - 1; keep > 0; keep--)
        {
            var shorter = text[..keep].TrimEnd() + "...";
            if (TextWidth(shorter, min) <= width)
                return Add(shorter, min);
        }
        return null;

        LabelBox Add(string s, int font)
        {
            var box = new LabelBox(x, y, TextWidth(s, font), Row(font));
            elements.Add(new LabelElement(part, box, s, Font: font));
            return box;
        }
    }

    /// <summary>
    /// How wide <paramref name="text"/> prints in ZPL's scalable font ^A0 at <paramref name="height"/> dots, from the
    /// widest advance measured in zpl-renderer-js per class of letter (a real Zebra's CG Triumvirate Bold Condensed is
    /// narrower), plus 5 %: W and M are 0.83 of the height, most letters and digits 0.6, i, l and punctuation 0.34.
    /// </summary>
    public static int TextWidth(string text, int height)
    {
        var em = 0.0;
        foreach (var ch in text)
            em += ch switch
            {
                'W' or 'M' or 'm' or 'w' or '@' or '%' or '&' or '-' or '–' or '—' => 0.84,
                'i' or 'l' or 'I' or 'j' or 'f' or 't' or 'r' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or '/' or '\\' or '(' or ')' or '[' or ']' or '{' or '}' or '`' or '·' or ' ' => 0.34,
                _ => 0.62,
            };
        return (int)Math.Ceiling(em * height * 1.05) + 1;
    }
}
