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
        group.MapGet("/{name}", async (HttpContext http, string name, ReportService reports, [FromQuery] int? days, [FromQuery] string? from, [AsParameters] PageQuery page, CancellationToken ct) =>
        {
            var personal = http.User.SeesBorrowers();
            var file = ReportService.Name(name) + ".csv";
            switch (ReportService.Name(name))
            {
                case "fleet":
                    return ApiList.Page(http, page, await reports.FleetAsync(ct), file, ReportService.FleetColumns);
                case "loans":
                    return ApiList.Page(http, page, await reports.LoansAsync(Parse.Date("from", from), ct), file, ReportService.LoanColumns);
                case "overdue":
                    // The ageing and every overdue loan, streamed: a report, not a page of a list.
                    return http.Format() == "csv"
                        ? ApiList.Csv(file, reports.OverdueLoansAsync(personal, ct), ReportService.OverdueColumns(personal))
                        : Results.Ok(new { ageing = await reports.OverdueAgeingAsync(ct), loans = reports.OverdueLoansAsync(personal, ct) });
                case "donations":
                    return ApiList.Page(http, page, await reports.DonationsAsync(personal, ct: ct), file, ReportService.DonationColumns);
                case "leases":
                    return ApiList.Page(http, page, await reports.LeasesAsync(days ?? 90, ct), file, ReportService.LeaseColumns);
                default:
                    return ApiList.Page(http, page, await reports.PointsAsync(ct), file, ReportService.PointColumns);
            }
        });
        return group;
    }
}
