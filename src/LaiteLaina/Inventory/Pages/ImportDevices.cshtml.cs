using System.Globalization;

namespace LaiteLaina.Inventory.Pages;

/// <summary>
/// Devices from a CSV file as an office keeps them in Excel (semicolons or commas, UTF-8 with or without its byte order
/// mark, English or Finnish column names), with the same rules as 'laitelaina import devices': every row is checked, and
/// nothing is imported while any row is bad unless the person chooses to import the good rows only. The report names
/// each bad row's line, its column as the file spells it and what would be right, in the reader's language.
/// </summary>
[Authorize(Policy = Access.Devices)]
[RequestSizeLimit(MaxBytes)]
public sealed class ImportDevicesModel(InventoryService inventory) : AppPage
{
    /// <summary>Ten thousand rows are about a megabyte; a larger file is for the command line.</summary>
    private const int MaxBytes = 20 * 1024 * 1024;

    [BindProperty] public bool SkipBad { get; set; }
    [BindProperty] public bool SameSerial { get; set; }

    /// <summary>The rows that were refused, with the column each is about as the file names it.</summary>
    public IReadOnlyList<(RowProblem Problem, string? Column)> Problems { get; private set; } = [];

    public ImportResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            throw UserError.Invalid("file", "", Msg.ImportFileMissing);
        // The reader looks at the start of the file twice (encoding, then rows): a copy in memory can be read again.
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, ct);
        copy.Position = 0;
        var name = Path.GetFileName(file.FileName);
        var csv = DeviceCsv.Open(copy, name);
        if (csv.Problems.Count > 0)
        {
            Problems = csv.Problems.Select(p => (p, p.Field is null ? null : (string?)csv.Column(p.Field))).ToList();
            Problem = Say(new UserError(Msg.ImportHeaderProblems.With(name, Count(csv.Problems.Count, Msg.ImportProblemOne, Msg.ImportProblems)), UserErrorKind.Invalid, "file"));
            return Page();
        }
        Result = await inventory.ImportAsync(csv.Rows(), Actor, SkipBad, SameSerial, ct);
        Problems = Result.Problems.Select(p => (p, p.Field is null ? null : (string?)csv.Column(p.Field))).ToList();
        if (Result.Imported == 0 && Result.Problems.Count > 0)
            Problem = Say(new UserError(SkipBad
                ? Msg.ImportAllRowsBad.With(name, Count(Result.Problems.Count, Msg.ImportRowOne, Msg.ImportRows))
                : Msg.ImportBadRowsFound.With(name, Count(Result.Problems.Count, Msg.ImportBadRowOne, Msg.ImportBadRows))));
        return Page();
    }

    private static Message Count(long n, Msg one, Msg many) => n == 1 ? one : many.With(n);

    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
