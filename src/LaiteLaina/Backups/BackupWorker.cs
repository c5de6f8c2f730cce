using LaiteLaina.Hosting;

namespace LaiteLaina.Backups;

/// <summary>
/// Every night at <see cref="BackupOptions.At"/> (local time), one backup run. A failed run is recorded and logged by
/// the service and the desk keeps working; the next night tries again. On PostgreSQL it says once that the database's
/// own tools make the backups, and stays idle.
/// </summary>
public sealed class BackupWorker(BackupService backups, TimeProvider clock, ILogger<BackupWorker> log) : PeriodicWorker(log, clock)
{
    protected override string Work => "Backup run";

    protected override TimeSpan Period => TimeSpan.FromDays(1);

    protected override TimeSpan FirstPassAfter => UntilNext();

    protected override Task<bool> StartingAsync(CancellationToken ct)
    {
        if (!backups.Applies)
            log.LogInformation("{Text}", Msg.BackupPostgresOwn.With().Render(MessageCatalog.English));
        return Task.FromResult(backups.Applies);
    }

    protected override Task PassAsync(CancellationToken ct) => backups.RunAsync(ct);

    protected override Task WaitAsync(CancellationToken ct) => Task.Delay(UntilNext(), Clock, ct);

    /// <summary>The wait until the next <see cref="BackupOptions.At"/> on the local clock, at least a minute.</summary>
    private TimeSpan UntilNext()
    {
        var now = Clock.GetLocalNow();
        var at = new DateTimeOffset(DateOnly.FromDateTime(now.DateTime).ToDateTime(backups.Options.Time), now.Offset);
        if (at <= now.AddMinutes(1))
            at = at.AddDays(1);
        return at - now;
    }
}
