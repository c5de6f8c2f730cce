using System.Globalization;

namespace LaiteLaina.Documents;

/// <summary>
/// The printed reports of the audit, stocktake, report and privacy features: a PDF of titled tables through the
/// documents' own layout engine (their CSV goes through <see cref="CsvOutput"/> like every other export).
/// </summary>
public static class Tabular
{
    /// <summary>One table of a printed report.</summary>
    public sealed record Section(string Heading, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows, string? Note = null);

    /// <summary>Paragraphs that each open with a bold lead ("Purpose. …"), for what a reader needs told rather than
    /// tabled: the right-of-access export's account of how the data is processed.</summary>
    public sealed record Notice(string Heading, IReadOnlyList<(string Lead, string Text)> Items);

    /// <summary>Returns the sections' columns of <paramref name="rows"/>, as text, for <see cref="Section"/>.</summary>
    public static IEnumerable<IReadOnlyList<string>> Cells<T>(IEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        rows.Select(r => (IReadOnlyList<string>)columns.Select(c => CliContext.Text(c.Value(r))).ToList());

    /// <summary>A moment in a report: the office's local date and time with its offset from UTC ("14.3.2026 10.05 UTC+2"),
    /// so that a reader elsewhere, or across a change of summer time, can place it.</summary>
    public static string Time(DateTimeOffset at, CultureInfo culture, TimeZoneInfo? zone = null)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone ?? TimeZoneInfo.Local);
        var format = MessageCatalog.Language(culture).Equals(MessageCatalog.English) ? "d.M.yyyy H:mm" : "d.M.yyyy H.mm";
        return local.ToString(format, CultureInfo.InvariantCulture) + " " + CertificateModelValues.Utc(local.Offset);
    }

    public static IReadOnlyList<string> Headers<T>(IReadOnlyList<Column<T>> columns) => columns.Select(c => c.Header).ToList();

    /// <summary>A PDF report in <paramref name="culture"/>'s language (the command line's invariant culture is English):
    /// title, lines of explanation, an optional <paramref name="notice"/>, then one table per section, an empty one
    /// saying so in that language.</summary>
    public static byte[] Pdf(CultureInfo culture, string organisation, string title, string reference, IEnumerable<string> intro,
        IEnumerable<Section> sections, Notice? notice = null, DateTimeOffset? created = null)
    {
        var blocks = new List<Block> { new HeadingBlock(1, [new Run(title, TextStyle.Bold)]) };
        blocks.AddRange(intro.Select(line => new ParagraphBlock([new Run(line)])));
        if (notice is not null)
        {
            blocks.Add(new HeadingBlock(2, [new Run(notice.Heading, TextStyle.Bold)]));
            blocks.AddRange(notice.Items.Select(i => new ParagraphBlock([new Run(i.Lead + " ", TextStyle.Bold), new Run(i.Text)])));
        }
        var none = MessageCatalog.UiWords("None", culture);
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
        var language = MessageCatalog.Language(culture).Equals(MessageCatalog.English) ? "en" : culture.TwoLetterISOLanguageName;
        return PdfLayout.Render(blocks, new PdfPageText(organisation, title, reference),
            new PdfMetadata($"{title} {reference}", title, language, created ?? DateTimeOffset.UtcNow));
    }
}
