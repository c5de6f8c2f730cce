using LaiteLaina.Hosting;

namespace LaiteLaina.Loans;

/// <summary>
/// Looks every few minutes whether the day's reminders are due (the office's reminder time has come) and sends what is
/// not sent yet; what was sent is stored, so the pass is harmless when there is nothing left. An SMTP server that is down
/// makes the next tries wait longer, up to an hour, so a long outage is not a log line every few minutes.
/// </summary>
public sealed class ReminderWorker(ReminderService reminders, Mailer mailer, TimeProvider clock, ILogger<ReminderWorker> log) : PeriodicWorker(log, clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private TimeSpan wait = Interval;

    protected override string Work => "Reminder run";

    protected override TimeSpan Period => wait;

    protected override TimeSpan FirstPassAfter => TimeSpan.FromMinutes(1);

    protected override Task<bool> StartingAsync(CancellationToken ct)
    {
        if (!mailer.Settings.Configured)
        {
            log.LogInformation("Reminders are not e-mailed: Smtp:Host is not set. Counsellors still find overdue loans on the reminders page.");
            return Task.FromResult(false);
        }
        if (mailer.Settings.Problem() is { } problem)
        {
            log.LogError("Reminders are not e-mailed: {Problem}", problem);
            return Task.FromResult(false);
        }
        return Task.FromResult(true);
    }

    protected override async Task PassAsync(CancellationToken ct)
    {
        var run = await reminders.RunIfDueAsync(ct);
        wait = run?.Stopped is null ? Interval : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        if (run is { Sent: > 0 } or { Refused: > 0 })
            log.LogInformation("Reminders for {Day}: {Sent} e-mails sent, {Refused} recipients refused.", run.Day, run.Sent, run.Refused);
    }
}
