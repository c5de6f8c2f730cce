namespace LaiteLaina.Reports.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class ReportsModel(ReportService reports) : AppPage
{
    public IReadOnlyList<(string Name, string Svg)> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var charts = new List<(string, string)>();
        foreach (var name in ReportService.Names)
            charts.Add((name, await reports.ChartAsync(name, ct)));
        Charts = charts;
    }
}
