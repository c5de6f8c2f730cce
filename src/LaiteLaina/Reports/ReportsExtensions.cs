using LaiteLaina.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LaiteLaina.Storage;

namespace LaiteLaina.Reports;

public static class ReportsExtensions
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportService>();
        builder.Services.AddSingleton<DashboardFigures>();
        return builder;
    }

    /// <summary>GET /api/reports/NAME as JSON, ?format=csv (streamed), and /api/reports/NAME.svg for its chart.</summary>
    public static RouteGroupBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").RequireAccess(Access.Reports);
        group.MapGet("/{name}.svg", async (string name, ReportService reports, CancellationToken ct) =>
            Results.Text(await reports.ChartAsync(name, ct), "image/svg+xml; charset=utf-8"));
        group.MapGet("/{name}", async (HttpContext http, string name, ReportService reports, [FromQuery] int? days, [FromQuery] string? from, CancellationToken ct) =>
        {
            var csv = http.Format() == "csv";
            var personal = http.User.SeesBorrowers();
            var file = ReportService.Name(name) + ".csv";
            switch (ReportService.Name(name))
            {
                case "fleet":
                    var fleet = await reports.FleetAsync(ct);
                    return csv ? Tabular.CsvResult(file, fleet, ReportService.FleetColumns) : Results.Ok(fleet);
                case "loans":
                    var months = await reports.LoansAsync(Parse.Date("from", from), ct);
                    return csv ? Tabular.CsvResult(file, months, ReportService.LoanColumns) : Results.Ok(months);
                case "overdue":
                    return csv
                        ? Tabular.CsvResult(file, reports.OverdueLoansAsync(personal, ct), ReportService.OverdueColumns(personal))
                        : Results.Ok(new { ageing = await reports.OverdueAgeingAsync(ct), loans = reports.OverdueLoansAsync(personal, ct) });
                case "donations":
                    var donations = await reports.DonationsAsync(personal, ct);
                    return csv ? Tabular.CsvResult(file, donations, ReportService.DonationColumns) : Results.Ok(donations);
                case "leases":
                    var leases = await reports.LeasesAsync(days ?? 90, ct);
                    return csv ? Tabular.CsvResult(file, leases, ReportService.LeaseColumns) : Results.Ok(leases);
                default:
                    var points = await reports.PointsAsync(ct);
                    return csv ? Tabular.CsvResult(file, points, ReportService.PointColumns) : Results.Ok(points);
            }
        });
        return group;
    }
}
