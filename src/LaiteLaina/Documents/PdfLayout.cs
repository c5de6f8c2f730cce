using System.Text;
using System.Collections;
using System.Reflection;
using QRCoder;
using SkiaSharp;

namespace LaiteLaina.Documents;

public enum TextStyle { Regular, Bold, Italic, BoldItalic }

/// <summary>A piece of text in one style; "\n" inside it is a hard line break.</summary>
public readonly record struct Run(string Text, TextStyle Style = TextStyle.Regular);

public abstract record Block;
public sealed record HeadingBlock(int Level, IReadOnlyList<Run> Runs) : Block;
public sealed record ParagraphBlock(IReadOnlyList<Run> Runs) : Block;
public sealed record ListBlock(IReadOnlyList<IReadOnlyList<Run>> Items, bool Ordered) : Block;

/// <summary>Rows of cells; the first row is repeated at the top of every page the table continues on when it is a header.</summary>
public sealed record TableBlock(IReadOnlyList<IReadOnlyList<IReadOnlyList<Run>>> Rows, bool HasHeader) : Block;
public sealed record RuleBlock : Block;

/// <summary>Signature lines side by side, two to a row; <paramref name="ImagePng"/>, when given, is drawn above the first line.
/// <paramref name="SignedLines"/> (who signed, where and when, electronically, and which version) follow the lines and move
/// to a new page with them, as one statement.</summary>
public sealed record SignatureBlock(IReadOnlyList<string> Captions, byte[]? ImagePng, IReadOnlyList<string>? SignedLines = null) : Block;

/// <summary>The document's reference as a QR code and a Code 128, drawn as vector bars in the head of page 1.</summary>
public sealed record QrBlock(string Content) : Block;

public sealed record PdfPageText(string HeaderLeft, string HeaderRight, string FooterLeft);

/// <summary>Standard: the dense layout of the agreements. Plain: plain-language (selkokieli) print, large type, generous
/// lines and one fact per line, chosen by a template's front matter ("style: plain").</summary>
public enum DocumentStyle { Standard, Plain }

/// <summary>The sizes a <see cref="DocumentStyle"/> stands for, in points; a line is its type size times <paramref name="LineFactor"/>.</summary>
internal sealed record LayoutSizes(float BodySize, float LineFactor, float CaptionSize, float H1, float H2, float H3)
{
    public static LayoutSizes Of(DocumentStyle style) => style == DocumentStyle.Plain
        // 13.5 pt with 1.5 line spacing: the size and spacing plain-language guides ask for in print.
        ? new(13.5f, 1.5f, 13f, 21f, 17f, 15f)
        : new(10.5f, 1.35f, 9f, 17f, 13.5f, 11.5f);
}

public sealed record PdfMetadata(string Title, string Subject, string Language, DateTimeOffset Created);

/// <summary>
/// Our own small layout engine over SkiaSharp's PDF backend: A4 pages, a flow of blocks, greedy word wrap
/// that also breaks words longer than a line (a 300-character name must stay on the page), tables whose rows
/// split across pages, and "page N / M" footers. Layout runs first into positioned drawing operations, so the
/// page count is known before anything is drawn.
/// </summary>
public static class PdfLayout
{
    public const float PageWidth = 595.28f;   // A4 in points
    public const float PageHeight = 841.89f;
    private const float MarginX = 56.7f;      // 20 mm
    private const float MarginTop = 70f;      // leaves room for the running header
    private const float MarginBottom = 70f;
    private const float ContentWidth = PageWidth - 2 * MarginX;
    private const float CellPadding = 3.5f;

    private static readonly SKColor Ink = new(0x11, 0x11, 0x11);
    private static readonly SKColor Grey = new(0x55, 0x55, 0x55);
    private static readonly SKColor RuleColour = new(0xA0, 0xA0, 0xA0);

    // Loaded once: typefaces are immutable and safe to share between threads; SKFont objects are made per render.
    private static readonly SKTypeface[] Typefaces =
    [
        LoadTypeface("LaiteLainaSans-Regular.ttf"),
        LoadTypeface("LaiteLainaSans-Bold.ttf"),
        LoadTypeface("LaiteLainaSans-Italic.ttf"),
        LoadTypeface("LaiteLainaSans-BoldItalic.ttf"),
    ];

    public static byte[] Render(IReadOnlyList<Block> blocks, PdfPageText pageText, PdfMetadata metadata, DocumentStyle style = DocumentStyle.Standard)
    {
        using var fonts = new FontSet();
        var layout = new Layouter(fonts, LayoutSizes.Of(style));
        foreach (var block in blocks)
            layout.Add(block);
        var pages = layout.Pages;
        // The codes go into the head of page 1, where a scanner finds them first and they can never be left alone on a
        // last page. A document has at most one.
        var codes = blocks.OfType<QrBlock>().FirstOrDefault();

        // First pass: which glyphs of which font the document shows, so that only those are embedded (FontSubsets).
        using (var nothing = new SKNoDrawCanvas((int)PageWidth, (int)PageHeight))
        using (var paint = new SKPaint())
        {
            for (var i = 0; i < pages.Count; i++)
            {
                foreach (var op in pages[i].OfType<TextOp>())
                    op.Draw(nothing, fonts, paint);
                DrawPageText(nothing, fonts, paint, pageText, i + 1, pages.Count, i == 0 ? codes : null);
            }
        }
        fonts.Subsets.Build();

        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = metadata.Title,
            Subject = metadata.Subject,
            // PDF/A-2b: XMP metadata mirroring this dictionary, an sRGB output intent, every font embedded. Skia has no
            // /Lang setting; PdfLanguage adds it afterwards.
            PdfA = true,
            Creator = "LaiteLaina",
            Producer = "LaiteLaina (SkiaSharp)",
            Creation = metadata.Created.UtcDateTime,
            Modified = metadata.Created.UtcDateTime,
        }))
        {
            using var paint = new SKPaint { IsAntialias = true };
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var op in pages[i])
                    op.Draw(canvas, fonts, paint);
                DrawPageText(canvas, fonts, paint, pageText, i + 1, pages.Count, i == 0 ? codes : null);
                document.EndPage();
            }
            document.Close();
        }
        return PdfLanguage.Apply(stream.ToArray(), metadata.Language);
    }

    private static void DrawPageText(SKCanvas canvas, FontSet fonts, SKPaint paint, PdfPageText text, int page, int pages, QrBlock? codes)
    {
        const float size = 8.5f;
        var font = fonts.Get(TextStyle.Regular, size);
        paint.Color = Grey;
        var half = ContentWidth / 2 - 6;
        var headerY = MarginTop - 30;
        TextShaper.Draw(canvas, Fit(text.HeaderLeft, font, half), MarginX, headerY, font, paint, fonts.Subsets);
        var ruleEnd = PageWidth - MarginX;
        if (codes is null)
            DrawRight(canvas, Fit(text.HeaderRight, font, half), PageWidth - MarginX, headerY, font, paint, fonts.Subsets);
        else
            ruleEnd = DrawCodes(canvas, font, paint, codes.Content, fonts.Subsets) - 8; // the page's title is its first heading
        paint.Color = RuleColour;
        paint.StrokeWidth = 0.5f;
        canvas.DrawLine(MarginX, headerY + 6, ruleEnd, headerY + 6, paint);

        paint.Color = Grey;
        var footerY = PageHeight - MarginBottom + 34;
        TextShaper.Draw(canvas, Fit(text.FooterLeft, font, half), MarginX, footerY, font, paint, fonts.Subsets);
        DrawRight(canvas, $"{page} / {pages}", PageWidth - MarginX, footerY, font, paint, fonts.Subsets);
    }

    /// <summary>
    /// The QR code and a Code 128 of the same reference (for desk scanners that read only 1D codes), in the top margin
    /// of page 1 at the right, with the reference printed under the bars. Returns the left edge of what was drawn.
    /// </summary>
    private static float DrawCodes(SKCanvas canvas, SKFont font, SKPaint paint, string content, FontSubsets subsets)
    {
        if (subsets.Collecting)
        {
            // Only the glyphs of the printed reference matter in that pass; the codes are made once, for the real one.
            TextShaper.Draw(canvas, content, 0, 0, font, paint, subsets);
            return 0;
        }
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix.ToArray(); // includes the four-module quiet zone on every side
        const float qrSize = 18f / 25.4f * 72f;   // 18 mm square
        const float top = 14f;
        var qrX = PageWidth - MarginX - qrSize + 4 * qrSize / modules.Length; // its quiet zone may reach into the margin
        var qrModule = qrSize / modules.Length;
        for (var row = 0; row < modules.Length; row++)
            DrawDarkRuns(canvas, col => modules[row][col], modules[row].Length, qrX, top + row * qrModule, qrModule, qrModule, paint);

        // Code 128 at 0.3 mm a module (0.25 mm is the smallest a desk scanner reads reliably from paper), 10 mm bars,
        // and the ten-module quiet zones ZXing's writer puts on each side.
        var bars = new ZXing.OneD.Code128Writer().encode(content);
        const float module = 0.3f / 25.4f * 72f;
        const float barHeight = 10f / 25.4f * 72f;
        var width = bars.Length * module;
        var x = qrX - 6 - width;
        DrawDarkRuns(canvas, i => bars[i], bars.Length, x, top + 6, module, barHeight, paint);
        paint.Color = Grey;
        var textWidth = TextShaper.Measure(content, font);
        TextShaper.Draw(canvas, content, x + (width - textWidth) / 2, top + 6 + barHeight + 9, font, paint, subsets);
        return x;
    }

    /// <summary>One rectangle per horizontal run of dark modules keeps the PDF small; no anti-aliasing, whose seams
    /// between squares would show as hairlines in a raster.</summary>
    private static void DrawDarkRuns(SKCanvas canvas, Func<int, bool> dark, int count, float x, float y, float module, float height, SKPaint paint)
    {
        paint.Color = SKColors.Black;
        paint.Style = SKPaintStyle.Fill;
        paint.IsAntialias = false;
        for (var i = 0; i < count;)
        {
            if (!dark(i))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < count && dark(i))
                i++;
            canvas.DrawRect(SKRect.Create(x + start * module, y, (i - start) * module, height), paint);
        }
        paint.IsAntialias = true;
    }

    private static void DrawRight(SKCanvas canvas, string text, float right, float baseline, SKFont font, SKPaint paint, FontSubsets subsets) =>
        TextShaper.Draw(canvas, text, right - TextShaper.Measure(text, font), baseline, font, paint, subsets);

    /// <summary>Shortens a one-line text with an ellipsis so that a long organisation name cannot run off the page.</summary>
    private static string Fit(string text, SKFont font, float width)
    {
        if (TextShaper.Measure(text, font) <= width)
            return text;
        var end = text.Length;
        while (end > 0 && TextShaper.Measure(string.Concat(text.AsSpan(0, end), "…"), font) > width)
            end--;
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
            end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    /// <summary>The product's embedded typeface in <paramref name="style"/>, shared with the label raster.</summary>
    internal static SKTypeface Typeface(TextStyle style) => Typefaces[(int)style];

    internal static SKTypeface LoadTypeface(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Fonts." + file)
            ?? throw new InvalidOperationException($"font {file} is not embedded in the assembly");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        using var data = SKData.CreateCopy(bytes);
        var typeface = SKTypeface.FromData(data) ?? throw new InvalidOperationException($"font {file} could not be read");
        FontSubsets.Register(typeface, bytes);
        return typeface;
    }

    /// <summary>SKFont per style and size, made once per render: measuring is the hot path of layout.</summary>
    private sealed class FontSet : IDisposable
    {
        private readonly Dictionary<(TextStyle, float), SKFont> fonts = [];

        /// <summary>This document's font subsets; text is drawn through them.</summary>
        public FontSubsets Subsets { get; } = new();

        public SKFont Get(TextStyle style, float size)
        {
            if (!fonts.TryGetValue((style, size), out var font))
            {
                // Unhinted linear metrics: widths measured for layout are exactly the advances written into the PDF.
                font = new SKFont(Typefaces[(int)style], size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };
                fonts[(style, size)] = font;
            }
            return font;
        }

        public void Dispose()
        {
            foreach (var f in fonts.Values)
                f.Dispose();
            Subsets.Dispose();
        }
    }

    private abstract record Op
    {
        public abstract void Draw(SKCanvas canvas, FontSet fonts, SKPaint paint);
    }

    private sealed record TextOp(float X, float Baseline, string Text, TextStyle Style, float Size, SKColor Colour) : Op
    {
        public override void Draw(SKCanvas canvas, FontSet fonts, SKPaint paint)
        {
            paint.Color = Colour;
            paint.Style = SKPaintStyle.Fill;
            TextShaper.Draw(canvas, Text, X, Baseline, fonts.Get(Style, Size), paint, fonts.Subsets);
        }
    }

    private sealed record LineOp(float X1, float Y1, float X2, float Y2, float Width) : Op
    {
        public override void Draw(SKCanvas canvas, FontSet fonts, SKPaint paint)
        {
            paint.Color = Ink;
            paint.Style = SKPaintStyle.Stroke;
            paint.StrokeWidth = Width;
            canvas.DrawLine(X1, Y1, X2, Y2, paint);
            paint.Style = SKPaintStyle.Fill;
        }
    }

    private sealed record ImageOp(byte[] Png, SKRect Box) : Op
    {
        public override void Draw(SKCanvas canvas, FontSet fonts, SKPaint paint)
        {
            using var image = SKImage.FromEncodedData(Png);
            if (image is null)
                return; // checked when the block was laid out
            // Keep the aspect ratio inside the box, anchored bottom-left so it sits on the signature line.
            var scale = Math.Min(Box.Width / image.Width, Box.Height / image.Height);
            var w = image.Width * scale;
            var h = image.Height * scale;
            canvas.DrawImage(image, SKRect.Create(Box.Left, Box.Bottom - h, w, h), new SKSamplingOptions(SKFilterMode.Linear), paint);
        }
    }

    private readonly record struct Segment(float X, string Text, TextStyle Style);

    private sealed record Line(IReadOnlyList<Segment> Segments, float Width);

    /// <summary>Places blocks on pages; the cursor y runs down from the top margin.</summary>
    private sealed class Layouter
    {
        private readonly FontSet fonts;
        private readonly LayoutSizes sizes;
        private List<Op> page = null!;
        private float y;

        public Layouter(FontSet fonts, LayoutSizes sizes)
        {
            this.fonts = fonts;
            this.sizes = sizes;
            NewPage();
        }

        private float BodySize => sizes.BodySize;
        private float LineFactor => sizes.LineFactor;
        private float CaptionSize => sizes.CaptionSize;

        public List<List<Op>> Pages { get; } = [];

        private static float Bottom => PageHeight - MarginBottom;

        private void NewPage()
        {
            page = [];
            Pages.Add(page);
            y = MarginTop;
        }

        private float Remaining => Bottom - y;

        /// <summary>Moves to a new page unless <paramref name="height"/> fits, or the page is still empty (then nothing better exists).</summary>
        private void Reserve(float height)
        {
            if (height > Remaining && y > MarginTop)
                NewPage();
        }

        public void Add(Block block)
        {
            switch (block)
            {
                case HeadingBlock h:
                    AddHeading(h);
                    break;
                case ParagraphBlock p:
                    AddLines(Wrap(p.Runs, ContentWidth, BodySize), MarginX, BodySize);
                    y += BodySize * 0.6f;
                    break;
                case ListBlock l:
                    AddList(l);
                    break;
                case TableBlock t:
                    AddTable(t);
                    break;
                case RuleBlock:
                    Reserve(12);
                    y += 6;
                    page.Add(new LineOp(MarginX, y, PageWidth - MarginX, y, 0.5f));
                    y += 6;
                    break;
                case SignatureBlock s:
                    AddSignatures(s);
                    break;
                case QrBlock:
                    break; // drawn in the head of page 1 (DrawCodes)
                default:
                    throw new ArgumentException($"unknown block {block.GetType().Name}", nameof(block));
            }
        }

        private void AddHeading(HeadingBlock h)
        {
            var size = h.Level switch { 1 => sizes.H1, 2 => sizes.H2, 3 => sizes.H3, _ => BodySize };
            var runs = h.Runs.Select(r => r with { Style = r.Style is TextStyle.Italic or TextStyle.BoldItalic ? TextStyle.BoldItalic : TextStyle.Bold }).ToList();
            var lines = Wrap(runs, ContentWidth, size);
            if (y > MarginTop)
                y += size * 0.7f;
            // Keep a heading with at least two lines of what follows it.
            Reserve(lines.Count * size * LineFactor + 2 * BodySize * LineFactor);
            AddLines(lines, MarginX, size);
            y += size * 0.25f;
        }

        private void AddList(ListBlock list)
        {
            const float indent = 16f;
            for (var i = 0; i < list.Items.Count; i++)
            {
                var lines = Wrap(list.Items[i], ContentWidth - indent, BodySize);
                var lh = BodySize * LineFactor;
                Reserve(lh);
                var marker = list.Ordered ? $"{i + 1}." : "•";
                page.Add(new TextOp(MarginX + 3, y + Ascent(BodySize), marker, TextStyle.Regular, BodySize, Ink));
                AddLines(lines, MarginX + indent, BodySize);
                y += BodySize * 0.15f;
            }
            y += BodySize * 0.5f;
        }

        private void AddLines(List<Line> lines, float x, float size, TextStyle? force = null)
        {
            var lh = size * LineFactor;
            foreach (var line in lines)
            {
                Reserve(lh);
                AddLine(line, x, y, size, force);
                y += lh;
            }
        }

        private void AddLine(Line line, float x, float top, float size, TextStyle? force = null)
        {
            foreach (var s in line.Segments)
                page.Add(new TextOp(x + s.X, top + Ascent(size), s.Text, force ?? s.Style, size, Ink));
        }

        private static float Ascent(float size) => size * 0.93f;

        private void AddTable(TableBlock table)
        {
            if (table.Rows.Count == 0)
                return;
            var columns = table.Rows.Max(r => r.Count);
            var widths = ColumnWidths(table, columns);
            var lh = BodySize * LineFactor;
            var laidOut = table.Rows.Select((row, r) => Enumerable.Range(0, columns)
                .Select(c => c < row.Count
                    ? Wrap(table.HasHeader && r == 0 ? Emphasise(row[c]) : row[c], widths[c] - 2 * CellPadding, BodySize)
                    : [])
                .ToList()).ToList();
            var header = table.HasHeader ? laidOut[0] : null;

            y += 2;
            if (header is not null && laidOut.Count > 1)
            {
                // A header never stays at the foot of a page without the first row (or its first lines) under it.
                var first = Math.Min(Math.Max(1, laidOut[1].Max(c => c.Count)), 3);
                Reserve(Math.Max(1, header.Max(c => c.Count)) * lh + first * lh + 4 * CellPadding);
            }
            for (var r = 0; r < laidOut.Count; r++)
            {
                var cells = laidOut[r];
                var lineCount = Math.Max(1, cells.Max(c => c.Count));
                var height = lineCount * lh + 2 * CellPadding;
                // A row that fits on a fresh page moves there whole; only a row taller than a page is split.
                if (height > Remaining && height <= Bottom - MarginTop - 3 * lh && y > MarginTop)
                {
                    NewPage();
                    if (header is not null && r > 0)
                        DrawRow(header, widths, 0, Math.Max(1, header.Max(c => c.Count)));
                }
                var start = 0;
                while (start < lineCount)
                {
                    var fit = (int)((Remaining - 2 * CellPadding) / lh);
                    if (fit < 1)
                    {
                        NewPage();
                        if (header is not null && r > 0)
                            DrawRow(header, widths, 0, Math.Max(1, header.Max(c => c.Count)));
                        continue;
                    }
                    var take = Math.Min(fit, lineCount - start);
                    DrawRow(cells, widths, start, take);
                    start += take;
                }
            }
            y += BodySize * 0.6f;
        }

        private static List<Run> Emphasise(IReadOnlyList<Run> runs) =>
            runs.Select(r => r with { Style = TextStyle.Bold }).ToList();

        /// <summary>Draws lines [start, start+count) of every cell of one row and the rule under it.</summary>
        private void DrawRow(List<List<Line>> cells, float[] widths, int start, int count)
        {
            var lh = BodySize * LineFactor;
            var x = MarginX;
            for (var c = 0; c < cells.Count; c++)
            {
                for (var i = start; i < Math.Min(start + count, cells[c].Count); i++)
                    AddLine(cells[c][i], x + CellPadding, y + CellPadding + (i - start) * lh, BodySize);
                x += widths[c];
            }
            y += count * lh + 2 * CellPadding;
            page.Add(new LineOp(MarginX, y, PageWidth - MarginX, y, 0.4f));
        }

        /// <summary>
        /// Each column gets its natural width up to an equal share; what is left goes to the columns that
        /// wanted more, in proportion. A key–value table so keeps its labels on one line and the values wrap.
        /// </summary>
        private float[] ColumnWidths(TableBlock table, int columns)
        {
            // One walk over the cells for both: each cell's whole width and its longest word.
            var natural = new float[columns];
            var longestWord = new float[columns];
            for (var k = 0; k < table.Rows.Count; k++)
            {
                var row = table.Rows[k];
                for (var c = 0; c < row.Count; c++)
                {
                    var w = row[c].Sum(r => TextShaper.Measure(r.Text, fonts.Get(r.Style, BodySize))) + 2 * CellPadding + 4;
                    natural[c] = Math.Max(natural[c], w);
                    foreach (var r in row[c])
                    {
                        // The header row is drawn bold (Emphasise), and bold is wider.
                        var font = fonts.Get(table.HasHeader && k == 0 ? TextStyle.Bold : r.Style, BodySize);
                        // A word too long for any reasonable column (a SHA-256, a 300-letter name) is cut anyway, and
                        // must not squeeze every other column to its own longest word.
                        foreach (var word in r.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                            longestWord[c] = Math.Max(longestWord[c], Math.Min(TextShaper.Measure(word, font) + 2 * CellPadding + 1, ContentWidth * 0.4f));
                    }
                }
            }
            var share = ContentWidth / columns;
            var widths = natural.Select(n => Math.Min(n, share)).ToArray();
            var left = ContentWidth - widths.Sum();
            var wanting = natural.Select((n, c) => Math.Max(0, n - widths[c])).ToArray();
            var totalWanting = wanting.Sum();
            if (totalWanting > 0)
            {
                for (var c = 0; c < columns; c++)
                    widths[c] += left * wanting[c] / totalWanting;
            }
            else
            {
                widths[^1] += left; // everything fits: labels stay tight, the last column takes the rest
            }
            return WidenForWords(widths, longestWord);
        }

        /// <summary>Gives a column too narrow for its longest word ("Hyvönen-Väänänen-Äijälä", "vaurioitunut") width
        /// from columns that have more than their own longest word needs, so words break only where no width is left.</summary>
        private static float[] WidenForWords(float[] widths, float[] longestWord)
        {
            var need = widths.Select((w, c) => Math.Max(0, longestWord[c] - w)).ToArray();
            var spare = widths.Select((w, c) => Math.Max(0, w - Math.Max(longestWord[c], 0))).ToArray();
            var totalNeed = need.Sum();
            var totalSpare = spare.Sum();
            if (totalNeed <= 0 || totalSpare <= 0)
                return widths;
            var moved = Math.Min(totalNeed, totalSpare);
            return [.. widths.Select((w, c) => w + moved * need[c] / totalNeed - moved * spare[c] / totalSpare)];
        }

        private void AddSignatures(SignatureBlock block)
        {
            const float gap = 28f;
            const float space = 46f; // room to sign by hand
            var width = (ContentWidth - gap) / 2;
            var rows = block.Captions.Chunk(2).Select(pair => pair.Select(c => Wrap([new Run(c)], width, CaptionSize)).ToList()).ToList();
            var signed = (block.SignedLines ?? []).Select(text => Wrap([new Run(text)], ContentWidth, CaptionSize)).ToList();
            // The signatures, the place-and-date line and the record of an electronic signature are one statement:
            // they move to a new page together.
            Reserve(rows.Sum(pair => space + pair.Max(p => p.Count) * CaptionSize * LineFactor + 12) + signed.Sum(l => l.Count) * CaptionSize * LineFactor);
            for (var i = 0; i < rows.Count * 2; i += 2)
            {
                var pair = rows[i / 2];
                var captionLines = pair.Max(p => p.Count);
                y += space;
                for (var k = 0; k < pair.Count; k++)
                {
                    var x = MarginX + k * (width + gap);
                    if (i + k == 0 && block.ImagePng is { } png)
                        page.Add(new ImageOp(png, SKRect.Create(x, y - space + 2, width * 0.8f, space - 4)));
                    page.Add(new LineOp(x, y, x + width, y, 0.6f));
                    var top = y + 3;
                    foreach (var line in pair[k])
                    {
                        foreach (var s in line.Segments)
                            page.Add(new TextOp(x + s.X, top + Ascent(CaptionSize), s.Text, s.Style, CaptionSize, Grey));
                        top += CaptionSize * LineFactor;
                    }
                }
                y += captionLines * CaptionSize * LineFactor + 12;
            }
            foreach (var line in signed.SelectMany(l => l))
            {
                foreach (var s in line.Segments)
                    page.Add(new TextOp(MarginX + s.X, y + Ascent(CaptionSize), s.Text, s.Style, CaptionSize, Ink));
                y += CaptionSize * LineFactor;
            }
        }

        /// <summary>
        /// Greedy word wrap over styled runs. A word wider than the line is cut at the last character that
        /// fits, so nothing, not even a 300-character name without spaces, can leave the page.
        /// </summary>
        private List<Line> Wrap(IReadOnlyList<Run> runs, float width, float size)
        {
            // Markdig splits text at escaped punctuation ("Oulu" "," " puh."): join same-style neighbours
            // first, or a line could break between a word and its comma.
            // Joined with a builder: a long value full of escaped commas arrives as thousands of runs, and
            // concatenating them one by one would take time in the square of its length.
            var merged = new List<Run>(runs.Count);
            var joined = new StringBuilder();
            for (var r = 0; r < runs.Count; r++)
            {
                joined.Append(runs[r].Text);
                if (r + 1 < runs.Count && runs[r + 1].Style == runs[r].Style)
                    continue;
                merged.Add(runs[r] with { Text = joined.ToString() });
                joined.Clear();
            }
            var lines = new List<Line>();
            var segments = new List<Segment>();
            var lineWidth = 0f;
            var pendingSpace = false;

            void EndLine()
            {
                lines.Add(new Line(segments, lineWidth));
                segments = [];
                lineWidth = 0;
                pendingSpace = false;
            }

            void Append(string word, TextStyle style, SKFont font, float wordWidth)
            {
                var space = pendingSpace && segments.Count > 0;
                var text = space ? " " + word : word;
                var w = space ? TextShaper.Measure(" ", font) + wordWidth : wordWidth;
                if (segments.Count > 0 && segments[^1].Style == style)
                    segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
                else
                    segments.Add(new Segment(lineWidth, text, style));
                lineWidth += w;
                pendingSpace = false;
            }

            foreach (var run in merged)
            {
                var font = fonts.Get(run.Style, size);
                var spaceWidth = TextShaper.Measure(" ", font);
                var i = 0;
                var text = run.Text;
                while (i < text.Length)
                {
                    var ch = text[i];
                    if (ch == '\n')
                    {
                        EndLine();
                        i++;
                        continue;
                    }
                    if (char.IsWhiteSpace(ch))
                    {
                        pendingSpace = true;
                        i++;
                        continue;
                    }
                    var end = i;
                    while (end < text.Length && !char.IsWhiteSpace(text[end]))
                        end++;
                    var word = text[i..end];
                    i = end;
                    var wordWidth = TextShaper.Measure(word, font);
                    var needed = (pendingSpace && segments.Count > 0 ? spaceWidth : 0) + wordWidth;
                    if (lineWidth + needed <= width)
                    {
                        Append(word, run.Style, font, wordWidth);
                        continue;
                    }
                    if (wordWidth <= width)
                    {
                        EndLine();
                        Append(word, run.Style, font, wordWidth);
                        continue;
                    }
                    // Overlong: fill what is left of this line (if a reasonable amount is), then whole lines.
                    if (segments.Count > 0 && width - lineWidth - spaceWidth < width * 0.25f)
                        EndLine();
                    var from = 0;
                    var hyphenWidth = TextShaper.Measure("-", font);
                    while (from < word.Length)
                    {
                        var available = width - lineWidth - (pendingSpace && segments.Count > 0 ? spaceWidth : 0);
                        // Room for the hyphen that marks the break, unless the rest fits whole.
                        var take = FittingPrefix(word.AsSpan(from), font, available);
                        if (from + take < word.Length)
                            take = FittingPrefix(word.AsSpan(from), font, available - hyphenWidth);
                        if (take == 0)
                        {
                            if (segments.Count == 0)
                                take = 1; // a single glyph wider than the column: nothing narrower exists
                            else
                            {
                                EndLine();
                                continue;
                            }
                        }
                        var part = word.Substring(from, take);
                        // A word cut between two letters gets a hyphen, so "damag" "ed" reads as one word broken.
                        if (from + take < word.Length && char.IsLetter(word[from + take - 1]) && char.IsLetter(word[from + take]))
                            part += "-";
                        Append(part, run.Style, font, TextShaper.Measure(part, font));
                        from += take;
                        if (from < word.Length)
                            EndLine();
                    }
                }
            }
            if (segments.Count > 0 || lines.Count == 0)
                EndLine();
            return lines;
        }

        private static int FittingPrefix(ReadOnlySpan<char> word, SKFont font, float available)
        {
            // Binary search on prefix length: measuring is monotonic in length for our left-to-right text. The
            // search looks only as far as a line could reach (doubling a window until it overflows), so that the
            // lines of a 300 KB word cost time in its length, not in its square.
            var reach = Math.Min(word.Length, 64);
            while (reach < word.Length && TextShaper.Measure(word[..reach], font) <= available)
                reach = Math.Min(word.Length, reach * 2);
            int lo = 0, hi = reach;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (TextShaper.Measure(word[..mid], font) <= available)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            // Do not split a surrogate pair.
            if (lo > 0 && lo < word.Length && char.IsHighSurrogate(word[lo - 1]))
                lo--;
            return lo;
        }
    }
}
