using System.Globalization;
using System.Text;

namespace LaiteLaina.Documents;

/// <summary>
/// The exports and printed reports of the audit, stocktake, report and privacy features: CSV written row by row
/// as the rows are read (an export of five million loans holds one row at a time), and a PDF of titled tables
/// through the documents' own layout engine.
/// </summary>
public static class Tabular
{
    /// <summary>Writes a header and every row through the one <see cref="CsvOutput"/>, formulas escaped.</summary>
    public static async Task<long> WriteCsvAsync<T>(TextWriter writer, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns, CancellationToken ct = default)
    {
        await using var csv = new CsvOutput(writer);
        csv.Row(Headers(columns));
        long count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await csv.RowAsync(columns.Select(c => Cell(c.Value(row))));
            count++;
        }
        await csv.FlushAsync();
        return count;
    }

    public static Task<long> WriteCsvAsync<T>(TextWriter writer, IEnumerable<T> rows, IReadOnlyList<Column<T>> columns, CancellationToken ct = default) =>
        WriteCsvAsync(writer, rows.ToAsyncEnumerable(), columns, ct);

    /// <summary>A streamed CSV download: UTF-8 with a byte-order mark, so Excel opens "ä" as "ä".</summary>
    public static IResult CsvResult<T>(string fileName, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(true), 1 << 16);
            await WriteCsvAsync(writer, rows, columns);
        }, "text/csv; charset=utf-8", fileName);

    public static IResult CsvResult<T>(string fileName, IEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        CsvResult(fileName, rows.ToAsyncEnumerable(), columns);

    /// <summary>Exports show instants in UTC ISO-8601 so that a spreadsheet sorts them; everything else as the CLI shows it.</summary>
    public static string Cell(object? value) => value switch
    {
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        _ => CliContext.Text(value),
    };

    /// <summary>One table of a printed report.</summary>
    public sealed record Section(string Heading, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows, string? Note = null);

    /// <summary>Returns the sections' columns of <paramref name="rows"/>, as text, for <see cref="Section"/>.</summary>
    public static IEnumerable<IReadOnlyList<string>> Cells<T>(IEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        rows.Select(r => (IReadOnlyList<string>)columns.Select(c => CliContext.Text(c.Value(r))).ToList());

    public static IReadOnlyList<string> Headers<T>(IReadOnlyList<Column<T>> columns) => columns.Select(c => c.Header).ToList();

    /// <summary>A PDF report: title, lines of explanation, then one table per section.</summary>
    public static byte[] Pdf(string organisation, string title, string reference, IEnumerable<string> intro, IEnumerable<Section> sections, DateTimeOffset? created = null)
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
                blocks.Add(new ParagraphBlock([new Run("(none / ei yhtään)")]));
            else
                blocks.Add(new TableBlock(rows, HasHeader: true));
        }
        var at = created ?? DateTimeOffset.UtcNow;
        return PdfLayout.Render(blocks, new PdfPageText(organisation, title, reference), new PdfMetadata($"{title} {reference}", title, "fi", at));
    }
}
