using Microsoft.Extensions.Localization;

namespace LaiteLaina.Reports.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class DashboardModel(DashboardFigures figures, IStringLocalizer<Ui> l) : AppPage
{
    public Dashboard? Figures { get; private set; }

    /// <summary>Statuses, kinds, sources, months and ages as words; sites are shown by their code.</summary>
    public ReportWords Words { get; } = new(l);

    public async Task OnGetAsync(CancellationToken ct) => Figures = await figures.GetAsync(ct);
}
