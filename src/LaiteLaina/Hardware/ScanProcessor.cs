using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Hardware;

/// <summary>A scan after framing and duplicate filtering, with the device it names if there is one. A phone camera's
/// scan also names the signed-in person who took it (<paramref name="By"/>, the audit log's actor instead of the
/// scanner) and the record its page is about (<paramref name="Into"/>: the stocktake being counted).</summary>
public sealed record Scan(ScannerSettings Scanner, ScanFrame Frame, DateTimeOffset At, Device? Device, string? By = null, string? Into = null)
{
    /// <summary>Who the audit log names: the person with the camera, or the serial scanner.</summary>
    public string Actor => By ?? "scanner:" + Scanner.Name;
}

/// <summary>What a scanner's mode does with a scan. Loans and stocktakes plug their own in here.</summary>
public interface IScanAction
{
    ScanMode Mode { get; }

    Task<ScanEvent> HandleAsync(Scan scan, CancellationToken ct);
}

/// <summary>The default desk mode: show the device's card, or say the code is not one of ours.</summary>
public sealed class LookupScanAction : IScanAction
{
    public ScanMode Mode => ScanMode.Lookup;

    public Task<ScanEvent> HandleAsync(Scan scan, CancellationToken ct) => Task.FromResult(Event(scan, null));

    public static ScanEvent Event(Scan scan, Message? note) => new ScanEvent
    {
        Type = scan.Device is null ? ScanEventKind.UnknownCode : ScanEventKind.DeviceScanned,
        At = scan.At, Scanner = scan.Scanner.Name, Mode = scan.Scanner.Mode, Code = scan.Frame.Code,
        Symbology = scan.Frame.Symbology, Device = ScanCard.Of(scan.Device),
    }.Saying(note);
}

/// <summary>
/// A mode whose feature is not in this process: stocktake until the audit work lands, and staff checkout and return
/// where a processor is built without loans (the serial benchmark). The scan is still published, with a plain
/// message, instead of pretending something happened.
/// </summary>
public sealed class UnavailableScanAction(ScanMode mode, Msg waitsFor) : IScanAction
{
    public ScanMode Mode => mode;

    public Task<ScanEvent> HandleAsync(Scan scan, CancellationToken ct)
    {
        var badge = mode == ScanMode.StaffCheckout && scan.Device is null && scan.Scanner.BadgePattern.IsMatch(scan.Frame.Code);
        var note = (badge ? Msg.ScanModeUnavailableBadge : Msg.ScanModeUnavailable).With(mode, waitsFor);
        return Task.FromResult(LookupScanAction.Event(scan, note) with { Type = ScanEventKind.ModeUnavailable });
    }
}

/// <summary>Turns a frame into an event: look the code up, let the scanner's mode decide, publish, log the scan.</summary>
public sealed class ScanProcessor(Database db, IEnumerable<IScanAction> actions, ScanEvents events, ILogger<ScanProcessor> log,
    ServiceSite? site = null)
{
    // A feature (loans) takes over a mode by registering its action, without touching this code. A placeholder gives
    // way whichever was registered first, since AddLoans runs before AddHardware; otherwise the last one wins.
    private readonly Dictionary<ScanMode, IScanAction> byMode = actions.GroupBy(a => a.Mode)
        .ToDictionary(g => g.Key, g => g.LastOrDefault(a => a is not UnavailableScanAction) ?? g.Last());

    public Task<ScanEvent> HandleAsync(ScannerSettings scanner, ScanFrame frame, CancellationToken ct) => HandleAsync(scanner, frame, null, null, ct);

    /// <param name="by">The signed-in person behind a camera scan, else null (a serial scanner).</param>
    /// <param name="into">The record a camera's page is about, such as its stocktake; null for a serial scanner.</param>
    public async Task<ScanEvent> HandleAsync(ScannerSettings scanner, ScanFrame frame, string? by, string? into, CancellationToken ct)
    {
        var device = await db.ReadAsync(c => DeviceStore.FindByTagAsync(c, null, frame.Code), ct);
        var scan = new Scan(scanner, frame, DateTimeOffset.UtcNow, device, by, into);
        var handled = await byMode[scanner.Mode].HandleAsync(scan, ct);
        // A staff badge's code names a person, whatever the mode: recognised, never repeated on a screen.
        var published = events.Publish(scanner.BadgePattern.IsMatch(frame.Code) ? handled with { Code = null } : handled);
        try
        {
            // After publishing: the person at the desk should not wait for the log row.
            // The scan is this site's: its scanner is plugged into this site's station.
            await db.WriteAsync(async (c, tx) => await c.ExecuteAsync("""
                INSERT INTO scans (at, scanner, mode, symbology, outcome, device_id, site_id) VALUES (@At, @Scanner, @Mode, @Symbology, @Type, @DeviceId, @siteId)
                """, new { published.At, published.Scanner, Mode = scanner.Mode.ToString(), frame.Symbology, Type = EnumText.Kebab(published.Type), DeviceId = device?.Id,
                    siteId = site is null ? null : await site.IdAsync(c, tx) }, tx), ct);
        }
        catch (UserError e)
        {
            log.LogWarning("Scan on {Scanner} was handled but not logged: {Reason}", scanner.Name, e.Message);
        }
        return published;
    }

    public static IEnumerable<IScanAction> Defaults() =>
    [
        new LookupScanAction(),
        new UnavailableScanAction(ScanMode.StaffCheckout, Msg.ScanFeatureLoans),
        new UnavailableScanAction(ScanMode.Return, Msg.ScanFeatureLoans),
        new UnavailableScanAction(ScanMode.Stocktake, Msg.ScanFeatureStocktakes),
    ];
}
