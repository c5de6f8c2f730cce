using System.Collections.Concurrent;

namespace LaiteLaina.Hardware;

public enum PortState { Starting, Connected, WaitingForDevice, Error, Stopped }

public sealed record ScannerState(string Name, string Port, ScanMode Mode, PortState State,
    [property: System.Text.Json.Serialization.JsonIgnore] Message? Why, DateTimeOffset? LastScanAt, long Scans, long Dropped, DateTimeOffset Since)
{
    /// <summary>The English text, for the API and the command line; a page shows <see cref="Why"/> in its reader's language.</summary>
    public string? Reason => Why?.ToString();
}

public sealed record PrinterState(string Name, string Port, LabelLanguage Language, int Dpi, string LabelSize,
    [property: System.Text.Json.Serialization.JsonIgnore] Message? Status, DateTimeOffset? CheckedAt, string? Media = null)
{
    /// <summary>The English text, for the API and the command line; a page shows <see cref="Status"/> in its reader's language.</summary>
    public string? LastStatus => Status?.ToString();
}

public sealed record HardwareReport(IReadOnlyList<ScannerState> Scanners, IReadOnlyList<PrinterState> Printers);

/// <summary>What each scanner and printer is doing, for GET /api/hardware and `laitelaina hardware status`.</summary>
public sealed class HardwareStatus(HardwareSettings hardware)
{
    private readonly ConcurrentDictionary<string, ScannerState> scanners = new(
        hardware.Scanners.ToDictionary(s => s.Name, s => new ScannerState(s.Name, s.Port, s.Mode, PortState.Starting, null, null, 0, 0, DateTimeOffset.UtcNow)));
    private readonly ConcurrentDictionary<string, PrinterState> printers = new(
        hardware.Printers.ToDictionary(p => p.Name, p => new PrinterState(p.Name, p.Port, p.Language, p.Dpi, p.LabelSize.ToString(), null, null, p.Media?.Name)));

    public ScannerState Scanner(string name) => scanners[name];

    public void Scanner(string name, PortState state, Message? reason = null) =>
        scanners.AddOrUpdate(name, _ => throw new KeyNotFoundException(name),
            (_, s) => s.State == state && s.Reason == reason?.ToString() ? s : s with { State = state, Why = reason, Since = DateTimeOffset.UtcNow });

    public void Scanned(string name) =>
        scanners.AddOrUpdate(name, _ => throw new KeyNotFoundException(name), (_, s) => s with { LastScanAt = DateTimeOffset.UtcNow, Scans = s.Scans + 1 });

    public void Dropped(string name) =>
        scanners.AddOrUpdate(name, _ => throw new KeyNotFoundException(name), (_, s) => s with { Dropped = s.Dropped + 1 });

    public void Printer(string name, Message status) =>
        printers.AddOrUpdate(name, _ => throw new KeyNotFoundException(name), (_, p) => p with { Status = status, CheckedAt = DateTimeOffset.UtcNow });

    private readonly ConcurrentDictionary<string, SemaphoreSlim> ports = new(StringComparer.Ordinal);

    /// <summary>One conversation with a printer at a time: the print queue sending a label and a person asking the printer
    /// how it is would otherwise open a serial port twice, or read each other's answers on one socket.</summary>
    public async Task<IDisposable> TakePortAsync(string printer, CancellationToken ct)
    {
        var port = ports.GetOrAdd(printer, _ => new SemaphoreSlim(1, 1));
        await port.WaitAsync(ct);
        return new Release(port);
    }

    private sealed class Release(SemaphoreSlim port) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                port.Release();
        }
    }

    /// <summary>Asks every printer of this service how it is now (each at once, so the slowest decides how long it takes),
    /// for the labels page and the print queue's start: nobody should have to print a label to learn the paper is out.</summary>
    public Task CheckPrintersAsync(CancellationToken ct) => Task.WhenAll(hardware.Printers.Select(p => CheckPrinterAsync(p, ct)));

    private async Task CheckPrinterAsync(PrinterSettings printer, CancellationToken ct)
    {
        using var _ = await TakePortAsync(printer.Name, ct);
        try
        {
            await using var transport = await PrinterTransports.OpenAsync(printer, ct);
            // A file (a spool directory, a test) cannot answer: saying "ready" would be a guess.
            Printer(printer.Name, transport.CanReport ? (await PrintQueueWorker.AskAsync(transport, printer, ct)).Text : Msg.PrinterCannotReport);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException)
        {
            Printer(printer.Name, Msg.PrinterUnreachable.With(e.Message));
        }
    }

    public HardwareReport Report() => new(
        hardware.Scanners.Select(s => scanners[s.Name]).ToList(),
        hardware.Printers.Select(p => printers[p.Name]).ToList());
}
