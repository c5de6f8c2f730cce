using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MdBlock = Markdig.Syntax.Block;
using MdParagraph = Markdig.Syntax.ParagraphBlock;
using MdHeading = Markdig.Syntax.HeadingBlock;
using MdList = Markdig.Syntax.ListBlock;

namespace LaiteLaina.Documents;

/// <summary>
/// Turns Markdown (after the Liquid placeholders were filled) into layout blocks through Markdig's syntax
/// tree. Two paragraphs of their own are directives: "[qr]" for the loan reference QR code and
/// "[signatures: caption; caption]" for signature lines. In the plain style, each line of the text is a line of print
/// (plain-language texts put one fact or sentence on a line) and a table becomes one line per row: "Laitteesi: Samsung".
/// </summary>
public static class MarkdownBlocks
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <param name="signedLines">The record of an electronic signature, added to the signature block.</param>
    public static List<Block> Convert(string markdown, string qrContent, byte[]? signaturePng, DocumentStyle style = DocumentStyle.Standard,
        IReadOnlyList<string>? signedLines = null)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = new List<Block>();
        foreach (var block in document)
            Add(block, markdown, qrContent, signaturePng, blocks);
        // Only the first signature block is the borrower's: that is where the record of the signature belongs.
        if (signedLines is { Count: > 0 } && blocks.FindIndex(b => b is SignatureBlock) is var at and >= 0)
            blocks[at] = ((SignatureBlock)blocks[at]) with { SignedLines = signedLines };
        // A soft line break is a space in the standard style and a line of its own in the plain one.
        var softBreak = style == DocumentStyle.Plain ? "\n" : " ";
        return [.. blocks.Select(b => Breaks(b, softBreak)).Select(b => style == DocumentStyle.Plain ? Plain(b) : b)];
    }

    // How Collect marks a soft line break (a newline in the source inside a paragraph) until the style decides what it is:
    // no text ever holds it, since values fold line breaks to spaces and Markdig reads "\r\n" as one newline.
    private const string SoftBreak = "\r";

    private static Block Breaks(Block block, string softBreak)
    {
        IReadOnlyList<Run> Map(IReadOnlyList<Run> runs) => [.. runs.Select(r => r.Text == SoftBreak ? r with { Text = softBreak } : r)];
        return block switch
        {
            ParagraphBlock p => new ParagraphBlock(Map(p.Runs)),
            HeadingBlock h => h with { Runs = Map(h.Runs) },
            ListBlock l => l with { Items = [.. l.Items.Select(Map)] },
            TableBlock t => t with { Rows = [.. t.Rows.Select(row => (IReadOnlyList<IReadOnlyList<Run>>)[.. row.Select(Map)])] },
            _ => block,
        };
    }

    /// <summary>A table read aloud as lines: "caption: value", one row a line, the header line in bold. Plain-language
    /// readers lose their place in a grid; an office's own plain text may still hold a table.</summary>
    private static Block Plain(Block block)
    {
        if (block is not TableBlock table)
            return block;
        var runs = new List<Run>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var cells = table.Rows[r].Where(c => PlainText(c).Trim().Length > 0).ToList();
            if (cells.Count == 0)
                continue;
            if (runs.Count > 0)
                runs.Add(new Run("\n"));
            for (var c = 0; c < cells.Count; c++)
            {
                if (c > 0)
                    runs.Add(new Run(c == 1 ? ": " : ", "));
                runs.AddRange(table.HasHeader && r == 0 ? cells[c].Select(x => x with { Style = TextStyle.Bold }) : cells[c]);
            }
        }
        return new ParagraphBlock(runs);
    }

    private static void Add(MdBlock block, string source, string qrContent, byte[]? signaturePng, List<Block> blocks)
    {
        switch (block)
        {
            case MdHeading h:
                blocks.Add(new HeadingBlock(h.Level, Runs(h.Inline)));
                break;
            case MdParagraph p:
                // Directives are read from the source text, so an escaped value that prints as "[qr]" stays text.
                var raw = source.Substring(p.Span.Start, p.Span.Length).Trim();
                if (raw == "[qr]")
                    blocks.Add(new QrBlock(qrContent));
                else if (raw.StartsWith("[signatures:", StringComparison.Ordinal) && raw.EndsWith(']'))
                    blocks.Add(new SignatureBlock(
                        PlainText(Runs(p.Inline)).Replace(SoftBreak, " ", StringComparison.Ordinal).Trim()["[signatures:".Length..^1].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                        signaturePng));
                else
                    blocks.Add(new ParagraphBlock(Runs(p.Inline)));
                break;
            case MdList list:
                var items = new List<IReadOnlyList<Run>>();
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var runs = new List<Run>();
                    foreach (var child in item)
                    {
                        if (child is LeafBlock leaf)
                        {
                            if (runs.Count > 0)
                                runs.Add(new Run("\n"));
                            runs.AddRange(Runs(leaf.Inline));
                        }
                        else if (child is MdList nested)
                        {
                            // One level of nesting is enough for agreements; deeper items join the list flat.
                            var sub = new List<Block>();
                            Add(nested, source, qrContent, signaturePng, sub);
                            foreach (var s in sub.OfType<ListBlock>().SelectMany(l => l.Items))
                            {
                                runs.Add(new Run("\n– "));
                                runs.AddRange(s);
                            }
                        }
                    }
                    items.Add(runs);
                }
                blocks.Add(new ListBlock(items, list.IsOrdered));
                break;
            case Table table:
                var rows = new List<IReadOnlyList<IReadOnlyList<Run>>>();
                var hasHeader = false;
                foreach (var row in table.OfType<TableRow>())
                {
                    if (rows.Count == 0)
                        hasHeader = row.IsHeader && row.OfType<TableCell>().Any(c => PlainText(CellRuns(c)).Trim().Length > 0);
                    else if (row.IsHeader)
                        continue;
                    // A header row with only empty cells is how Markdown writes a table without a header: drop it.
                    if (rows.Count == 0 && row.IsHeader && !hasHeader)
                        continue;
                    rows.Add([.. row.OfType<TableCell>().Select(CellRuns)]);
                }
                blocks.Add(new TableBlock(rows, hasHeader));
                break;
            case ThematicBreakBlock:
                blocks.Add(new RuleBlock());
                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                    Add(child, source, qrContent, signaturePng, blocks);
                break;
            case LeafBlock { Inline: not null } leaf:
                blocks.Add(new ParagraphBlock(Runs(leaf.Inline)));
                break;
            case CodeBlock code:
                blocks.Add(new ParagraphBlock([new Run(string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())))]));
                break;
            default:
                break; // HTML blocks and link definitions print nothing
        }
    }

    private static List<Run> CellRuns(TableCell cell) =>
        [.. cell.OfType<LeafBlock>().SelectMany(l => Runs(l.Inline))];

    private static string PlainText(IEnumerable<Run> runs) => string.Concat(runs.Select(r => r.Text));

    private static List<Run> Runs(ContainerInline? inline)
    {
        var runs = new List<Run>();
        if (inline is not null)
            Collect(inline, TextStyle.Regular, runs);
        return runs;
    }

    private static void Collect(Inline inline, TextStyle style, List<Run> runs)
    {
        switch (inline)
        {
            case LiteralInline literal:
                runs.Add(new Run(literal.Content.ToString(), style));
                break;
            case EmphasisInline emphasis:
                var next = emphasis.DelimiterCount >= 2 ? WithBold(style) : WithItalic(style);
                foreach (var child in emphasis)
                    Collect(child, next, runs);
                break;
            case LineBreakInline lineBreak:
                runs.Add(new Run(lineBreak.IsHard ? "\n" : SoftBreak, style));
                break;
            case CodeInline code:
                runs.Add(new Run(code.Content, style));
                break;
            case HtmlEntityInline entity:
                runs.Add(new Run(entity.Transcoded.ToString(), style));
                break;
            case AutolinkInline link:
                runs.Add(new Run(link.Url, style));
                break;
            case ContainerInline container:
                foreach (var child in container)
                    Collect(child, style, runs);
                break;
            default:
                break; // inline HTML prints nothing
        }
    }

    private static TextStyle WithBold(TextStyle s) => s is TextStyle.Italic or TextStyle.BoldItalic ? TextStyle.BoldItalic : TextStyle.Bold;
    private static TextStyle WithItalic(TextStyle s) => s is TextStyle.Bold or TextStyle.BoldItalic ? TextStyle.BoldItalic : TextStyle.Italic;
}
