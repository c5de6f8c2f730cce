namespace LaiteLaina.People;

/// <summary>
/// Once a day, anonymises every borrower past the retention period. A failed run (database busy, disk full) is logged
/// and tried again the next day rather than stopping the service: the duty is to keep trying, and the next run picks
/// up whoever was missed.
/// </summary>
public sealed class RetentionJob(PrivacyService privacy, TimeProvider clock, ILogger<RetentionJob> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>The first run waits a little after the service starts, so that starting up stays quick for the desk.</summary>
    public static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunAfter, clock, stoppingToken);
            while (true)
            {
                try
                {
                    var count = await privacy.AnonymiseDueAsync("job:retention", stoppingToken);
                    if (count > 0)
                        log.LogInformation("Retention: anonymised {Count} borrowers past the retention period.", count);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "Retention run failed; trying again in {Interval}.", Interval);
                }
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The service is stopping: a run cut short is rolled back and done again at the next start.
        }
    }
}
