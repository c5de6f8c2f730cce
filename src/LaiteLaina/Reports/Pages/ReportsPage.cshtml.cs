using Microsoft.Extensions.Localization;

namespace LaiteLaina.Reports.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class ReportsModel(ReportService reports, IStringLocalizer<Ui> l) : AppPage
{
    public IReadOnlyList<(string Name, string Svg)> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var words = new ReportWords(l);
        var charts = new List<(string, string)>();
        foreach (var name in ReportService.Names)
            charts.Add((name, words.Chart(name, await reports.BarsAsync(name, l["private donor"], ct))));
        Charts = charts;
    }

    /// <summary>A report as the spreadsheet file (';', BOM, headers and codes in the reader's words).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? name, CancellationToken ct)
    {
        var report = ReportService.Name(name ?? "");
        var personal = User.SeesBorrowers();
        var file = $"{l["report-" + report]}.csv";
        return report switch
        {
            "fleet" => await WebCsv.WriteAsync(Response, file, await reports.FleetAsync(ct), ReportService.FleetColumns, l, ct),
            "loans" => await WebCsv.WriteAsync(Response, file, (await reports.LoansAsync(null, ct)).Select(m => m with { Month = ReportWords.Month(m.Month) }), ReportService.LoanColumns, l, ct),
            "overdue" => await WebCsv.WriteAsync(Response, file, reports.OverdueLoansAsync(personal, ct), ReportService.OverdueColumns(personal), l, ct),
            "donations" => await WebCsv.WriteAsync(Response, file, await reports.DonationsAsync(personal, l["private donor"], ct), ReportService.DonationColumns, l, ct),
            "leases" => await WebCsv.WriteAsync(Response, file, await reports.LeasesAsync(90, ct), ReportService.LeaseColumns, l, ct),
            _ => await WebCsv.WriteAsync(Response, file, await reports.PointsAsync(ct), ReportService.PointColumns, l, ct),
        };
    }
}
