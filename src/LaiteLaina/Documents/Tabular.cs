using System.Globalization;
using System.Text;

namespace LaiteLaina.Documents;

/// <summary>
/// The printed reports of the audit, stocktake, report and privacy features: a PDF of titled tables through the
/// documents' own layout engine (their CSV goes through <see cref="CsvOutput"/> like every other export).
/// </summary>
public static class Tabular
{
    /// <summary>One table of a printed report.</summary>
    public sealed record Section(string Heading, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows, string? Note = null);

    /// <summary>Returns the sections' columns of <paramref name="rows"/>, as text, for <see cref="Section"/>.</summary>
    public static IEnumerable<IReadOnlyList<string>> Cells<T>(IEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        rows.Select(r => (IReadOnlyList<string>)columns.Select(c => CliContext.Text(c.Value(r))).ToList());

    public static IReadOnlyList<string> Headers<T>(IReadOnlyList<Column<T>> columns) => columns.Select(c => c.Header).ToList();

    /// <summary>A PDF report: title, lines of explanation, then one table per section. <paramref name="none"/> stands for an
    /// empty table, in the report's <paramref name="language"/>.</summary>
    public static byte[] Pdf(string organisation, string title, string reference, IEnumerable<string> intro, IEnumerable<Section> sections,
        string none = "(none / ei yhtään)", string language = "fi", DateTimeOffset? created = null)
    {
        var blocks = new List<Block> { new HeadingBlock(1, [new Run(title, TextStyle.Bold)]) };
        blocks.AddRange(intro.Select(line => new ParagraphBlock([new Run(line)])));
        foreach (var s in sections)
        {
            blocks.Add(new HeadingBlock(2, [new Run(s.Heading, TextStyle.Bold)]));
            if (s.Note is not null)
                blocks.Add(new ParagraphBlock([new Run(s.Note, TextStyle.Italic)]));
            var rows = new List<IReadOnlyList<IReadOnlyList<Run>>> { s.Header.Select(h => (IReadOnlyList<Run>)[new Run(h, TextStyle.Bold)]).ToList() };
            rows.AddRange(s.Rows.Select(r => (IReadOnlyList<IReadOnlyList<Run>>)r.Select(cell => (IReadOnlyList<Run>)[new Run(cell)]).ToList()));
            if (rows.Count == 1)
                blocks.Add(new ParagraphBlock([new Run(none)]));
            else
                blocks.Add(new TableBlock(rows, HasHeader: true));
        }
        var at = created ?? DateTimeOffset.UtcNow;
        return PdfLayout.Render(blocks, new PdfPageText(organisation, title, reference), new PdfMetadata($"{title} {reference}", title, language, at));
    }
}
