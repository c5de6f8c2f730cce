using LaiteLaina.Loans;

namespace LaiteLaina.Reports;

/// <summary>What the manager's dashboard shows, computed together.</summary>
public sealed record Dashboard(
    DateTimeOffset ComputedAt,
    IReadOnlyList<CountRow> Fleet,
    IReadOnlyList<OverdueBucket> Overdue,
    IReadOnlyList<LoanMonth> LoansPerMonth,
    IReadOnlyList<LeaseRow> LeasesEnding);

/// <summary>
/// The dashboard's figures, kept for a minute. Counting a million devices and the last year of five million loans
/// takes seconds, not milliseconds; a manager's overview does not need to be more recent than a minute, and one
/// computation at a time serves every manager who opens the page meanwhile.
/// </summary>
public sealed class DashboardFigures(ReportService reports, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim computing = new(1, 1);
    private Dashboard? current;

    public async Task<Dashboard> GetAsync(CancellationToken ct = default)
    {
        if (current is { } cached && clock.GetUtcNow() - cached.ComputedAt < Fresh)
            return cached;
        await computing.WaitAsync(ct);
        try
        {
            if (current is { } again && clock.GetUtcNow() - again.ComputedAt < Fresh)
                return again;
            var computed = new Dashboard(clock.GetUtcNow(), await reports.FleetAsync(ct), await reports.OverdueAgeingAsync(ct),
                await reports.LoansAsync(null, ct), await reports.LeasesAsync(90, ct));
            current = computed;
            return computed;
        }
        finally
        {
            computing.Release();
        }
    }

    public void Dispose() => computing.Dispose();
}
