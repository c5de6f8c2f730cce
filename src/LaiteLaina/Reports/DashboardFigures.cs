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
/// The dashboard's figures, refreshed at most once a minute. Counting a million devices and the last year of five
/// million loans takes seconds, not milliseconds, and a manager's overview does not need to be more recent than a
/// minute: the figures a page shows are the last ones computed, and a page that finds them older than a minute starts
/// one refresh in the background. Only the very first page after a start waits for the computation.
/// </summary>
public sealed class DashboardFigures(ReportService reports, TimeProvider clock, ILogger<DashboardFigures> log) : IDisposable
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim computing = new(1, 1);
    private Dashboard? current;

    public async Task<Dashboard> GetAsync(CancellationToken ct = default)
    {
        if (current is { } cached)
        {
            if (clock.GetUtcNow() - cached.ComputedAt >= Fresh && computing.Wait(0, CancellationToken.None))
                _ = RefreshInBackgroundAsync();
            return cached;
        }
        await computing.WaitAsync(ct);
        try
        {
            return current ??= await ComputeAsync(ct);
        }
        finally
        {
            computing.Release();
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            current = await ComputeAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The old figures stay on the page; the next visit after a minute tries again.
            log.LogWarning(e, "Refreshing the dashboard figures failed");
        }
        finally
        {
            computing.Release();
        }
    }

    private async Task<Dashboard> ComputeAsync(CancellationToken ct) =>
        new(clock.GetUtcNow(), await reports.FleetAsync(ct), await reports.OverdueAgeingAsync(ct),
            await reports.LoansAsync(null, ct), await reports.LeasesAsync(90, ct));

    public void Dispose() => computing.Dispose();
}
