using LaiteLaina.Backups;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Reports.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class DashboardModel(DashboardFigures figures, BackupService backups, IStringLocalizer<Ui> l) : AppPage
{
    public Dashboard? Figures { get; private set; }

    /// <summary>Statuses, kinds, sources, months and ages as words; sites are shown by their code.</summary>
    public ReportWords Words { get; } = new(l);

    /// <summary>The manager sees here whether the nightly backup ran, as the administrator does on the settings page.</summary>
    public BackupStatus Backup { get; private set; } = new(false, null, null, default);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Figures = await figures.GetAsync(ct);
        Backup = await backups.StatusAsync(ct);
    }
}
