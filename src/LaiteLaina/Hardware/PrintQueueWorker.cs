using LaiteLaina.Hosting;

namespace LaiteLaina.Hardware;

/// <summary>
/// Prints queued labels on this service's printers: claim a job, ask the printer how it is, send, mark printed.
/// A printer that is off, out of paper or unplugged leaves the job queued with the reason and a back-off.
/// </summary>
public sealed class PrintQueueWorker(PrintQueue queue, HardwareSettings hardware, HardwareStatus status, ILogger<PrintQueueWorker> log,
    TimeProvider? clock = null) : PeriodicWorker(log, clock)
{
    private readonly string workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
    private readonly List<string> printers = hardware.Printers.Select(p => p.Name).ToList();
    private bool requeued;

    protected override string Work => "Print queue";

    protected override TimeSpan Period => hardware.Queue.Poll;

    /// <summary>No printer here: nothing to do.</summary>
    protected override Task<bool> StartingAsync(CancellationToken ct)
    {
        foreach (var (key, old, now) in hardware.Renamed)
            log.LogWarning("{Key}: printer profile {Old} is now called {New}; this service uses {New}. Write {New} in the settings.", key, old, now, now, now);
        return Task.FromResult(printers.Count > 0);
    }

    protected override async Task PassAsync(CancellationToken ct)
    {
        // Inside the pass rather than at start-up, so that a database away at start is tried again at the next poll.
        if (!requeued)
        {
            // The labels page says how each printer is from the start, not only after its first label.
            await status.CheckPrintersAsync(ct);
            var count = await queue.RequeueInterruptedAsync(printers, ct);
            if (count > 0)
                log.LogWarning("Put {Count} label jobs back in the queue: the service stopped while printing them.", count);
            requeued = true;
        }
        while (await queue.ClaimAsync(printers, workerId, ct) is { } job)
            await PrintAsync(job, ct);
    }

    /// <summary>A newly queued label wakes the worker at once; due retries are looked for every poll.</summary>
    protected override Task WaitAsync(CancellationToken ct) => queue.WaitForWorkAsync(Period, ct);

    /// <summary>One attempt at one job; never throws for a printer problem.</summary>
    public async Task PrintAsync(PrintJob job, CancellationToken ct)
    {
        var printer = hardware.Printers.FirstOrDefault(p => p.Name == job.Printer);
        if (printer is null)
        {
            await queue.FailAsync(job.Id, Msg.PrinterNotConfigured.With(job.Printer), ct);
            return;
        }
        Message? problem;
        using var port = await status.TakePortAsync(printer.Name, ct);
        try
        {
            await using var transport = await PrinterTransports.OpenAsync(printer, ct);
            var state = await AskAsync(transport, printer, ct);
            status.Printer(printer.Name, state.Text);
            problem = state.IsReady ? null : state.Text;
            if (problem is null)
                await transport.WriteAsync(Convert.FromBase64String(job.Payload), ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException)
        {
            problem = Msg.PrinterUnreachable.With(e.Message);
            status.Printer(printer.Name, problem);
        }
        if (problem is null)
        {
            await queue.MarkPrintedAsync(job.Id, ct);
            log.LogInformation("Printed label {Tag} (job {Id}) on {Printer}.", job.Tag, job.Id, printer.Name);
        }
        else
        {
            await queue.RetryLaterAsync(job, problem, ct);
            log.LogWarning("Label job {Id} for {Tag} waits: printer {Printer}: {Problem}.", job.Id, job.Tag, printer.Name, problem);
        }
    }

    /// <summary>Zebras give no ~HS answer at all while out of media or with the head open, so silence is a fault,
    /// not a reason to print blind. A Brother with the wrong roll in is a fault too: the job waits, saying which roll
    /// to put in, and prints once the printer reports it.</summary>
    public static async Task<PrinterStatus> AskAsync(IPrinterTransport transport, PrinterSettings printer, CancellationToken ct)
    {
        if (!transport.CanReport)
            return PrinterStatus.Ready;
        // Each language's own question and answer; a Brother also says which roll is in, which the job needs.
        var (request, complete, parse) = printer.Language switch
        {
            LabelLanguage.Zpl => (ZplHostStatus.Request, (Func<byte[], bool>)(r => ZplHostStatus.IsComplete(r)), (Func<byte[], PrinterStatus?>)(r => ZplHostStatus.Parse(r))),
            LabelLanguage.BrotherQl => (BrotherQlStatus.Request, r => BrotherQlStatus.IsComplete(r), r => BrotherQlStatus.Parse(r, printer.Media)),
            _ => (EscPosStatus.Request, r => r.Length >= 2, r => EscPosStatus.Parse(r)),
        };
        await transport.WriteAsync(request, ct);
        var reply = await transport.ReadReplyAsync(complete, printer.StatusTimeout, ct);
        var parsed = parse(reply);
        return parsed ?? PrinterStatus.NotAnswering(reply.Length == 0
            ? Msg.PrinterNoAnswer.With(Math.Round(printer.StatusTimeout.TotalSeconds, 1))
            : Msg.PrinterNotUnderstood);
    }
}
