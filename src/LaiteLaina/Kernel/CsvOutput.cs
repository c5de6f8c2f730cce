using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace LaiteLaina.Kernel;

/// <summary>
/// The one CSV writer of every export and every --format csv listing. A cell that begins with a character a
/// spreadsheet reads as the start of a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe, so that a
/// device note or a borrower's name such as =HYPERLINK(...) is shown as text when a manager opens the file in Excel or
/// LibreOffice, never run. <c>DeviceCsv</c> takes the apostrophe off again on import.
/// </summary>
public sealed class CsvOutput : IAsyncDisposable, IDisposable
{
    /// <summary>What makes Excel, LibreOffice and Google Sheets start a formula (OWASP's list for CSV injection).</summary>
    public static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private readonly CsvWriter csv;
    private long rows;

    /// <param name="delimiter">',' by default; ';' for Finnish Excel, tab for a paste.</param>
    public CsvOutput(TextWriter writer, string delimiter = ",")
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            InjectionOptions = InjectionOptions.Escape,
            InjectionCharacters = FormulaStarts,
            InjectionEscapeCharacter = '\'',
        };
        csv = new CsvWriter(writer, config, leaveOpen: true);
    }

    /// <summary>One record: the header or a row.</summary>
    public void Row(IEnumerable<string?> cells)
    {
        foreach (var cell in cells)
            csv.WriteField(cell);
        csv.NextRecord();
    }

    /// <summary>A row of a long export; every few thousand rows the text goes out, so an HTTP download keeps flowing
    /// and a five-million-row export holds one row at a time.</summary>
    public async Task RowAsync(IEnumerable<string?> cells)
    {
        Row(cells);
        if (++rows % 4096 == 0)
            await csv.FlushAsync();
    }

    public Task FlushAsync() => csv.FlushAsync();

    /// <summary>Writes a header and every row as it is read (an export of five million loans holds one row at a time).</summary>
    /// <returns>How many rows were written.</returns>
    public static Task<long> WriteAsync<T>(TextWriter writer, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns, CancellationToken ct = default) =>
        WriteAsync(writer, rows, columns, ",", Cell, ct);

    /// <summary>The same with the file's own separator and wording of values.</summary>
    /// <returns>How many rows were written.</returns>
    /// <param name="delimiter">',' for the API and the command line; ';' for a file a person opens in Finnish Excel.</param>
    /// <param name="cell">How a value reads: <see cref="Cell"/> (ISO dates, kebab-case codes) unless a page gives its own words.</param>
    public static async Task<long> WriteAsync<T>(TextWriter writer, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns, string delimiter,
        Func<object?, string> cell, CancellationToken ct = default)
    {
        await using var csv = new CsvOutput(writer, delimiter);
        csv.Row(columns.Select(c => c.Header));
        long count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await csv.RowAsync(columns.Select(c => cell(c.Value(row))));
            count++;
        }
        await csv.FlushAsync();
        return count;
    }

    public static Task<long> WriteAsync<T>(TextWriter writer, IEnumerable<T> rows, IReadOnlyList<Column<T>> columns, CancellationToken ct = default) =>
        WriteAsync(writer, rows.ToAsyncEnumerable(), columns, ct);

    /// <summary>A value as an export shows it: instants in UTC ISO-8601 so that a spreadsheet sorts them, enum values
    /// as the command line spells them, a list as its items joined with commas.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        Enum e => EnumText.Kebab(e.ToString()),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => string.Join(", ", list.Cast<object?>().Select(Cell)),
        _ => value.ToString() ?? "",
    };

    public ValueTask DisposeAsync() => csv.DisposeAsync();

    public void Dispose() => csv.Dispose();
}
