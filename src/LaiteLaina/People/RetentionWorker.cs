using LaiteLaina.Hosting;

namespace LaiteLaina.People;

/// <summary>
/// Once a day, anonymises every borrower past the retention period. A failed run (database busy, disk full) is logged
/// and tried again the next day rather than stopping the service: the duty is to keep trying, and the next run picks
/// up whoever was missed.
/// </summary>
public sealed class RetentionWorker(PrivacyService privacy, TimeProvider clock, ILogger<RetentionWorker> log) : PeriodicWorker(log, clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>The first run waits a little after the service starts, so that starting up stays quick for the desk.</summary>
    public static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(1);

    protected override string Work => "Retention run";

    protected override TimeSpan Period => Interval;

    protected override TimeSpan FirstPassAfter => FirstRunAfter;

    protected override async Task PassAsync(CancellationToken ct)
    {
        var count = await privacy.AnonymiseDueAsync("job:retention", ct);
        if (count > 0)
            log.LogInformation("Retention: anonymised {Count} borrowers past the retention period.", count);
    }
}
