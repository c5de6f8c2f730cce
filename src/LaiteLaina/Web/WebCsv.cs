using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace LaiteLaina.Web;

/// <summary>
/// The CSV files the pages offer for download, made for the spreadsheet a manager opens them in: Finnish Excel reads
/// ';' as the column separator (the comma is its decimal sign) and needs the byte-order mark to read UTF-8, so the
/// file has both; headers and values are in the reader's language (statuses as words, d.M.yyyy dates, decimal
/// commas). The API's <c>?format=csv</c> stays comma-separated with English headers and ISO values, for scripts.
/// Formula escaping is <see cref="CsvOutput"/>'s, the same for both.
/// </summary>
public static class WebCsv
{
    public const string Delimiter = ";";

    /// <summary>Streams the file into the page's response; the handler returns what this returns.</summary>
    public static async Task<IActionResult> WriteAsync<T>(HttpResponse response, string fileName, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns,
        IStringLocalizer l, CancellationToken ct)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        await using (var writer = new StreamWriter(response.Body, new UTF8Encoding(true), 1 << 16))
            await CsvOutput.WriteAsync(writer, rows, columns.Select(c => c with { Header = Header(c.Header, l) }).ToList(), Delimiter, v => Cell(v, l), ct);
        return new EmptyResult();
    }

    public static Task<IActionResult> WriteAsync<T>(HttpResponse response, string fileName, IEnumerable<T> rows, IReadOnlyList<Column<T>> columns,
        IStringLocalizer l, CancellationToken ct) => WriteAsync(response, fileName, rows.ToAsyncEnumerable(), columns, l, ct);

    /// <summary>A column's header in the reader's words: the catalogs' "Csv.{header}" ("Csv.due" is "eräpäivä"), kept
    /// apart from the pages' own words, whose keys differ from the API's lower-case headers only in letter case.</summary>
    public static string Header(string header, IStringLocalizer l) => l[CsvPrefix + header];

    public const string CsvPrefix = "Csv.";

    /// <summary>A value as the reader writes it; text typed by people is left as it is.</summary>
    public static string Cell(object? value, IStringLocalizer l) => value switch
    {
        null => "",
        string s => s,
        Enum e => l[$"{e.GetType().Name}.{EnumText.Kebab(e.ToString())}"],
        DateOnly d => LocalText.Date(d),
        DateTimeOffset t => LocalText.DateTime(t),
        double d => LocalText.Number(d),
        bool b => l[b ? "yes" : "no"],
        _ => CsvOutput.Cell(value),
    };
}
