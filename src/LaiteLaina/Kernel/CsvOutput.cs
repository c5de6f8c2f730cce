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

    public ValueTask DisposeAsync() => csv.DisposeAsync();

    public void Dispose() => csv.Dispose();
}
