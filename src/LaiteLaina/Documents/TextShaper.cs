using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using HarfBuzzSharp;
using LaiteLaina.Kernel;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace LaiteLaina.Documents;

/// <summary>
/// Measures and draws text that the document font cannot draw alone: clients' names written in Arabic, Persian,
/// Hebrew, Tigrinya or Amharic, Thai or Chinese. Such text is cut into runs by the font that has each character
/// (the document font first, then the Noto fallbacks), each run is shaped with HarfBuzz (Arabic letters join, Thai marks
/// stack), right-to-left runs are laid out right to left, and the glyphs are written with their source text and
/// clusters, so the PDF's text (pdftotext, copy and paste, a screen reader) is the name as typed.
/// </summary>
/// <remarks>
/// Text the document font covers takes Skia's plain path unchanged, so Finnish and Swedish documents cost what they did.
/// Direction follows a reduced form of the Unicode bidirectional algorithm, enough for names inside left-to-right
/// documents: a right-to-left run keeps the spaces and punctuation between its own letters, and neighbouring
/// right-to-left runs swap places (rule L2), while digits and Latin letters stay left to right. A character no font
/// has is refused with a message naming it, never dropped.
/// </remarks>
internal static class TextShaper
{
    private static readonly SKTypeface[] Fallbacks =
    [
        PdfLayout.LoadTypeface("NotoSansArabic-Regular.ttf"),
        PdfLayout.LoadTypeface("NotoSansHebrew-Regular.ttf"),
        PdfLayout.LoadTypeface("NotoSansEthiopic-Regular.ttf"),
        PdfLayout.LoadTypeface("NotoSansThai-Regular.ttf"),
        PdfLayout.LoadTypeface("NotoSansCJKsc-Regular.otf"),
    ];

    private static readonly ConcurrentDictionary<SKTypeface, bool[]> Coverage = new();
    private static readonly ConcurrentDictionary<SKTypeface, SKShaper> Shapers = new();

    /// <summary>A shaped run in visual order: glyphs with positions from the run's start, and the UTF-8 text they show.</summary>
    internal sealed record ShapedRun(SKTypeface Typeface, ushort[] Glyphs, SKPoint[] Points, byte[] Utf8, uint[] Clusters, float Width);

    public static float Measure(string text, SKFont font) => Measure(text.AsSpan(), font);

    /// <summary>Measures part of a string without copying it: word wrap tries many prefixes of one word.</summary>
    public static float Measure(ReadOnlySpan<char> text, SKFont font) =>
        Plain(text, font.Typeface) ? font.MeasureText(text) : Shape(text.ToString(), font).Sum(r => r.Width);

    /// <summary>Draws the text, or only records its glyphs in <paramref name="subsets"/> while it is collecting (see
    /// <see cref="FontSubsets"/>); shaped runs are kept from that pass for the real one.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float baseline, SKFont font, SKPaint paint, FontSubsets subsets)
    {
        if (Plain(text, font.Typeface))
        {
            if (subsets.Collecting)
                subsets.Use(font.Typeface, text, font.GetGlyphs(text));
            else
                canvas.DrawText(text, x, baseline, SKTextAlign.Left, subsets.Font(font), paint);
            return;
        }
        if (subsets.Collecting)
        {
            var shaped = Shape(text, font);
            subsets.Shaped[(text, font)] = shaped;
            foreach (var run in shaped)
                subsets.Use(run.Typeface, null, run.Glyphs);
            return;
        }
        using var builder = new SKTextBlobBuilder();
        var pen = 0f;
        foreach (var run in subsets.Shaped.GetValueOrDefault((text, font)) ?? Shape(text, font))
        {
            using var runFont = RunFont(run.Typeface, font, subsets.Typeface(run.Typeface));
            var buffer = builder.AllocatePositionedTextRun(runFont, run.Glyphs.Length, run.Utf8.Length, null);
            buffer.SetGlyphs(run.Glyphs);
            buffer.SetPositions([.. run.Points.Select(p => new SKPoint(p.X + pen, p.Y))]);
            buffer.SetText(run.Utf8);
            buffer.SetClusters(run.Clusters);
            pen += run.Width;
        }
        using var blob = builder.Build();
        if (blob is not null)
            canvas.DrawText(blob, x, baseline, paint);
    }

    /// <summary>Whether the document font draws every character, so no fallback and no shaping is needed.</summary>
    private static bool Plain(ReadOnlySpan<char> text, SKTypeface primary)
    {
        var covered = Covered(primary);
        foreach (var c in text)
        {
            if (char.IsSurrogate(c) || !covered[c])
                return false;
        }
        return true;
    }

    private static bool[] Covered(SKTypeface typeface) => Coverage.GetOrAdd(typeface, t =>
    {
        // One call for the whole Basic Multilingual Plane: glyph 0 means the font has no glyph for the character.
        var all = new string(Enumerable.Range(0, 0x10000).Select(i => char.IsSurrogate((char)i) ? ' ' : (char)i).ToArray());
        var glyphs = t.GetGlyphs(all);
        return [.. glyphs.Select((g, i) => g != 0 && !char.IsSurrogate((char)i))];
    });

    private static bool Has(SKTypeface typeface, Rune rune)
    {
        if (rune.IsBmp)
            return Covered(typeface)[rune.Value];
        using var font = new SKFont(typeface);
        return font.ContainsGlyph(rune.Value);
    }

    private static List<ShapedRun> Shape(string text, SKFont font)
    {
        var runs = new List<ShapedRun>();
        var rtl = new List<bool>();
        foreach (var (typeface, start, length) in Itemise(text, font.Typeface))
        {
            var part = text.Substring(start, length);
            var rightToLeft = part.EnumerateRunes().Any(IsRightToLeft);
            runs.Add(ShapeRun(part, typeface, font, rightToLeft));
            rtl.Add(rightToLeft);
        }
        // Rule L2 for the case a name needs: right-to-left runs next to each other (Arabic then Hebrew) swap places.
        for (var i = 0; i < runs.Count; i++)
        {
            if (!rtl[i])
                continue;
            var end = i;
            while (end + 1 < runs.Count && rtl[end + 1])
                end++;
            runs.Reverse(i, end - i + 1);
            i = end;
        }
        return runs;
    }

    /// <summary>Cuts the text into runs by the font that draws each character. Spaces, marks and punctuation go with
    /// the run around them when the next letter stays in it, so "محمد علی" is one run but "محمد Karimi" is two.</summary>
    private static List<(SKTypeface Typeface, int Start, int Length)> Itemise(string text, SKTypeface primary)
    {
        var runes = new List<(Rune Rune, int Index)>();
        for (var i = 0; i < text.Length;)
        {
            var rune = Rune.GetRuneAt(text, i);
            runes.Add((rune, i));
            i += rune.Utf16SequenceLength;
        }
        var faces = new SKTypeface[runes.Count];
        for (var r = 0; r < runes.Count; r++)
        {
            var rune = runes[r].Rune;
            var previous = r > 0 ? faces[r - 1] : null;
            if (IsNeutral(rune) && previous is not null && Has(previous, rune) && NextStrongFace(runes, r, primary) == previous)
                faces[r] = previous;
            else
                faces[r] = FaceFor(rune, primary, text);
        }
        var items = new List<(SKTypeface, int, int)>();
        for (var r = 0; r < runes.Count;)
        {
            var end = r;
            while (end + 1 < runes.Count && faces[end + 1] == faces[r])
                end++;
            var stop = end + 1 < runes.Count ? runes[end + 1].Index : text.Length;
            items.Add((faces[r], runes[r].Index, stop - runes[r].Index));
            r = end + 1;
        }
        return items;
    }

    private static SKTypeface? NextStrongFace(List<(Rune Rune, int Index)> runes, int from, SKTypeface primary)
    {
        for (var r = from + 1; r < runes.Count; r++)
        {
            if (!IsNeutral(runes[r].Rune))
                return Has(primary, runes[r].Rune) ? primary : Fallbacks.FirstOrDefault(f => Has(f, runes[r].Rune));
        }
        return null;
    }

    private static SKTypeface FaceFor(Rune rune, SKTypeface primary, string text)
    {
        if (Has(primary, rune))
            return primary;
        foreach (var fallback in Fallbacks)
        {
            if (Has(fallback, rune))
                return fallback;
        }
        throw new UserError(Msg.DocumentCharacter.With(text, rune.ToString(), rune.Value.ToString("X4", CultureInfo.InvariantCulture)));
    }

    private static bool IsNeutral(Rune rune) =>
        Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || rune.Value is 0x200C or 0x200D
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>Hebrew, Arabic (with Persian and Urdu letters) and their presentation forms: the strong right-to-left
    /// letters of the scripts the fallbacks carry.</summary>
    private static bool IsRightToLeft(Rune rune) => rune.Value is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF)
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter;

    private static ShapedRun ShapeRun(string text, SKTypeface typeface, SKFont font, bool rightToLeft)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf8(utf8);
        buffer.GuessSegmentProperties();
        buffer.Direction = rightToLeft ? Direction.RightToLeft : Direction.LeftToRight;
        using var runFont = RunFont(typeface, font);
        var shaped = Shapers.GetOrAdd(typeface, t => new SKShaper(t)).Shape(buffer, 0, 0, runFont);
        var glyphs = shaped.Codepoints.Select(g => checked((ushort)g)).ToArray();
        if (Array.IndexOf(glyphs, (ushort)0) is var missing and >= 0)
        {
            // HarfBuzz found no glyph for a character the font's map claimed: refuse, as for a character no font has.
            var at = (int)shaped.Clusters[missing];
            var rune = Rune.DecodeFromUtf8(utf8.AsSpan(at), out var value, out _) == System.Buffers.OperationStatus.Done ? value : Rune.ReplacementChar;
            throw new UserError(Msg.DocumentCharacter.With(text, rune.ToString(), rune.Value.ToString("X4", CultureInfo.InvariantCulture)));
        }
        return new ShapedRun(typeface, glyphs, shaped.Points, utf8, shaped.Clusters, shaped.Width);
    }

    /// <summary>The fallbacks have one weight and no italic: bold is synthesised and italic slanted, as a browser does.</summary>
    private static SKFont RunFont(SKTypeface typeface, SKFont font, SKTypeface? draw = null)
    {
        var primary = font.Typeface;
        var run = new SKFont(draw ?? typeface, font.Size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };
        if (typeface != primary)
        {
            run.Embolden = primary.FontStyle.Weight >= (int)SKFontStyleWeight.SemiBold;
            run.SkewX = primary.FontStyle.Slant == SKFontStyleSlant.Upright ? 0 : -0.2f;
        }
        return run;
    }
}
