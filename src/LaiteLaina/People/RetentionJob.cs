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
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var count = await privacy.AnonymiseDueAsync("job:retention", stoppingToken);
                if (count > 0)
                    log.LogInformation("Retention: anonymised {Count} borrowers past the retention period.", count);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Retention run failed; trying again in {Interval}.", Interval);
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
