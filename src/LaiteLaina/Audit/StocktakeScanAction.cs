using LaiteLaina.Hardware;

namespace LaiteLaina.Audit;

/// <summary>
/// Stocktake mode: every code the scanner reads goes into the open stocktake started for that scanner
/// (`laitelaina stocktake start SITE --scanner NAME`). Event types: stocktake-found, stocktake-misplaced,
/// stocktake-unknown, stocktake-repeat, stocktake-other-code, stocktake-none (no stocktake open for this scanner).
/// </summary>
public sealed class StocktakeScanAction(StocktakeService stocktakes) : IScanAction
{
    public ScanMode Mode => ScanMode.Stocktake;

    public async Task<ScanEvent> HandleAsync(Scan scan, CancellationToken ct)
    {
        // A phone camera on a stocktake's page counts into that stocktake; a serial scanner into the one started for it.
        var open = scan.Into is { } key ? await stocktakes.GetAsync(key, ct) : await stocktakes.ForScannerAsync(scan.Scanner.Name, ct);
        if (open is null)
        {
            return LookupScanAction.Event(scan, Msg.StocktakeNoneOpen.With(scan.Scanner.Name)) with
            {
                Type = ScanEventKind.StocktakeNone,
            };
        }
        try
        {
            var result = await stocktakes.ScanAsync(open.Reference, scan.Frame.Code, scan.Actor, ct);
            var type = result.Repeated ? ScanEventKind.StocktakeRepeat : result.Finding switch
            {
                StocktakeFinding.Found => ScanEventKind.StocktakeFound,
                StocktakeFinding.Unknown => ScanEventKind.StocktakeUnknown,
                null => ScanEventKind.StocktakeOtherCode,
                _ => ScanEventKind.StocktakeMisplaced,
            };
            return LookupScanAction.Event(scan, Msg.StocktakeScanned.With(open.Reference, result.Note)) with
            {
                Type = type,
                Stocktake = open.Reference,
                // A code that is not one of our tags could be someone's card: it is not repeated on the screen.
                Code = result.Finding is null ? null : scan.Frame.Code,
            };
        }
        catch (UserError e)
        {
            return LookupScanAction.Event(scan, e.Text) with { Type = ScanEventKind.StocktakeRefused, Stocktake = open.Reference };
        }
    }
}
