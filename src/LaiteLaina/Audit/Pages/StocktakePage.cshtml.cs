using System.Globalization;
using LaiteLaina.Documents;
using LaiteLaina.Hardware;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Audit.Pages;

/// <summary>A stocktake walked with a handheld: each scan is a post, and the lists show what is found, missing, misplaced.</summary>
[Authorize(Policy = Access.Devices)]
[CameraUpload]
public sealed class StocktakeModel(StocktakeService stocktakes, CameraScanner camera, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public StocktakeResult? Result { get; private set; }

    public override async Task LoadAsync(CancellationToken ct) => Result = await stocktakes.ResultAsync(Key, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>The lists alone, fetched again by the page each time its scanner reads a code.</summary>
    public async Task<IActionResult> OnGetFindingsAsync(CancellationToken ct) =>
        Partial("/Audit/Pages/_StocktakeFindings.cshtml", await stocktakes.ResultAsync(Key, ct));

    /// <summary>The stocktake's findings as the spreadsheet file.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var result = await stocktakes.ResultAsync(Key, ct);
        return await WebCsv.WriteAsync(Response, $"{result.Stocktake.Reference}.csv", result.Items, StocktakeService.ItemColumns, l, ct);
    }

    public async Task<IActionResult> OnPostScanAsync(string? code, CancellationToken ct)
    {
        var scan = await stocktakes.ScanAsync(Key, code ?? "", Actor, ct);
        return await DoneAsync(scan.Message, ct);
    }

    /// <summary>A photo from the phone's camera: read, then counted into this stocktake by the stocktake scanner's own
    /// action (the same event, scans row and audit row as a scanner's), the person named as the one who counted.</summary>
    public async Task<IActionResult> OnPostCameraAsync(IFormFile? photo, CancellationToken ct)
    {
        var scan = await camera.ScanAsync(photo, ScanMode.Stocktake, Actor, Key, ct);
        var said = scan.Say(HardwareExtensions.ForViewer(scan.Event, User));
        if (scan.Event.Type == ScanEventKind.StocktakeRefused)
            throw new UserError(said, UserErrorKind.Conflict, "photo");
        return await DoneAsync(said.Render(CultureInfo.CurrentUICulture, User.SeesBorrowers()), ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        await stocktakes.CloseAsync(Key, Actor, ct);
        return await DoneAsync(l["The stocktake is closed and its result kept as a PDF."], ct);
    }

    /// <summary>Marking lost asks first, with the count and the tags; the service refuses it while the stocktake is open.</summary>
    public bool ConfirmLost { get; private set; }

    public async Task<IActionResult> OnPostLostAsync(bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            await LoadAsync(ct);
            if (Result!.Stocktake.ClosedAt is null)
                throw new UserError(Msg.StocktakeNotClosed.With(Result.Stocktake.Reference), UserErrorKind.Conflict, "stocktake");
            ConfirmLost = true;
            return Page();
        }
        var lost = await stocktakes.MarkMissingLostAsync(Key, Actor, ct);
        return await DoneAsync($"{l["Marked lost"]}: {string.Join(", ", lost)}", ct);
    }
}
