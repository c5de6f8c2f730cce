namespace LaiteLaina.Hosting;

/// <summary>
/// A background service that does one pass of its work, waits its period, and does it again until the service
/// stops. A pass that fails (database busy, adb gone, a bug in one job) is logged and the next pass comes as usual:
/// a background service that lets an exception out stops for good, and these duties must outlive a bad moment.
/// Time comes from a <see cref="TimeProvider"/>, so a test moves it instead of waiting.
/// </summary>
public abstract class PeriodicWorker(ILogger log, TimeProvider? clock = null) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <summary>What one pass does, for the log ("Retention run", "Print queue").</summary>
    protected abstract string Work { get; }

    /// <summary>The wait between the end of one pass and the start of the next.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>The wait before the first pass, so that starting the service stays quick; none by default.</summary>
    protected virtual TimeSpan FirstPassAfter => TimeSpan.Zero;

    /// <summary>Once, before the first pass; false leaves the worker idle (nothing to do on this station). An
    /// exception here stops the worker, since a pass cannot be trusted when its start-up did not happen.</summary>
    protected virtual Task<bool> StartingAsync(CancellationToken ct) => Task.FromResult(true);

    /// <summary>One pass. It may throw; the loop logs it and goes on.</summary>
    protected abstract Task PassAsync(CancellationToken ct);

    /// <summary>The wait between passes: <see cref="Period"/> on the clock, unless a worker can be woken sooner.</summary>
    protected virtual Task WaitAsync(CancellationToken ct) => Task.Delay(Period, Clock, ct);

    /// <summary>Once, when the loop has ended (the service is stopping): finish or hand over what is under way.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!await StartingAsync(stoppingToken))
                return;
            if (FirstPassAfter > TimeSpan.Zero)
                await Task.Delay(FirstPassAfter, Clock, stoppingToken);
            while (true)
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "{Work} failed; trying again in {Period}.", Work, Period);
                }
                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The service is stopping: a pass cut short is rolled back and done again at the next start.
        }
        finally
        {
            await StoppedAsync();
        }
    }
}
