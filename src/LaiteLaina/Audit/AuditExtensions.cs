using Microsoft.Extensions.Localization;
using LaiteLaina.Hardware;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LaiteLaina.Documents;

namespace LaiteLaina.Audit;

public static class AuditExtensions
{
    /// <summary>The loan-return audit, the audit-log search and stocktakes (with the scanner's stocktake mode).</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReturnAudit>();
        builder.Services.AddSingleton<LoanTotals>();
        builder.Services.AddSingleton<AuditLogSearch>();
        builder.Services.AddSingleton<StocktakeService>();
        // Takes over the stocktake scanner mode from the hardware feature's placeholder.
        builder.Services.AddSingleton<IScanAction, StocktakeScanAction>();
        return builder;
    }

    public sealed record StocktakeBody(string? Site, string? Location, string? Scanner);

    public sealed record ScanBody(string? Code);

    /// <summary>The return audit and the audit log for managers; stocktakes for whoever looks after devices.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        MapReturnAuditEndpoints(app).RequireAccess(Access.Reports);
        MapAuditLogEndpoints(app).RequireAccess(Access.Reports);
        MapStocktakeEndpoints(app).RequireAccess(Access.Devices);
        return app;
    }

    /// <summary>GET /api/audit/returns: the summary and a page of loans as JSON; ?format=csv streams every loan, ?format=pdf the printed audit.</summary>
    private static RouteGroupBuilder MapReturnAuditEndpoints(IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit");
        audit.MapGet("/returns", async (HttpContext http, ReturnAudit service, [AsParameters] ReturnAuditFilter filter, [FromQuery] string? by,
            [AsParameters] PageQuery page, CancellationToken ct) =>
        {
            var personal = http.User.SeesBorrowers();
            switch (http.Format())
            {
                case "csv":
                    service.Check(filter); // before the download starts: afterwards an error could only cut it short
                    return ApiList.Csv($"return-audit-{filter.From}-{filter.To}.csv", service.StreamAsync(filter, personal, http.RequestAborted), ReturnAudit.RowColumns(personal));
                case "pdf":
                    var words = http.RequestServices.GetRequiredService<IStringLocalizer<Ui>>();
                    return Results.File(await service.PdfAsync(filter, personal, words, ct), "application/pdf", $"return-audit-{filter.From}-{filter.To}.pdf");
                default:
                    var grouping = by is null ? ReturnAuditBy.Site : EnumText.Parse<ReturnAuditBy>("by", by);
                    ApiList.Announce(http, await service.CountAsync(filter, ct), page with { PageSize = page.PageSize ?? 100 });
                    return Results.Ok(new
                    {
                        summary = await service.SummaryAsync(filter, grouping, ct),
                        rows = await service.RowsAsync(filter, personal, page.Number, page.PageSize ?? 100, ct),
                    });
            }
        });
        return audit;
    }

    /// <summary>GET /api/audit-log: newest first, a page at a time (?before=ID), or ?format=csv for all that match.</summary>
    private static RouteGroupBuilder MapAuditLogEndpoints(IEndpointRouteBuilder app)
    {
        var log = app.MapGroup("/api/audit-log");
        log.MapGet("/", async (HttpContext http, AuditLogSearch search, [FromQuery] string? actor, [FromQuery] string? record, [FromQuery] string? action,
            [FromQuery] string? from, [FromQuery] string? to, [FromQuery] long? before, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            var filter = new AuditLogFilter { Actor = actor, Record = record, Action = action, From = from, To = to };
            var personal = http.User.SeesBorrowers();
            if (http.Format() == "csv")
                return ApiList.Csv("audit-log.csv", search.StreamAsync(filter, personal, http.RequestAborted), AuditLogSearch.Columns);
            var entries = await search.PageAsync(filter, personal, before, pageSize ?? 100, ct);
            // The log pages by a cursor (the last id shown), which new entries do not shift as they do page numbers.
            http.Response.Headers[ApiList.TotalHeader] = (await search.CountAsync(filter, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (entries.Count == (pageSize ?? 100))
                http.Response.Headers.Link = $"<{ApiList.WithQuery(http.Request, "before", entries[^1].Id)}>; rel=\"next\"";
            return Results.Ok(entries);
        });
        return log;
    }

    private static RouteGroupBuilder MapStocktakeEndpoints(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/stocktakes");
        group.MapGet("/", (HttpContext http, StocktakeService s, [FromQuery] bool? open, [AsParameters] PageQuery page) =>
            ApiList.PageAsync(http, page, s.ListOf(open ?? false), "stocktakes.csv"));
        group.MapPost("/", async (HttpContext http, StocktakeBody body, StocktakeService s, CancellationToken ct) =>
        {
            var t = await s.StartAsync(body.Site ?? "", body.Location, body.Scanner, http.User.Actor(), ct);
            return WebApi.Created("/api/stocktakes", t.Reference, t);
        });
        group.MapGet("/{key}", async (HttpContext http, string key, StocktakeService s, CancellationToken ct) =>
        {
            var result = await s.ResultAsync(key, ct);
            return http.Format() == "csv"
                ? ApiList.Csv($"{result.Stocktake.Reference}.csv", result.Items, StocktakeService.ItemColumns)
                : Results.Ok(result);
        });
        group.MapPost("/{key}/scans", (HttpContext http, string key, ScanBody body, StocktakeService s, CancellationToken ct) =>
            s.ScanAsync(key, body.Code ?? "", http.User.Actor(), ct));
        group.MapPost("/{key}/close", async (HttpContext http, string key, StocktakeService s, CancellationToken ct) =>
        {
            var (t, document) = await s.CloseAsync(key, http.User.Actor(), ct);
            return Results.Ok(new { stocktake = t, document, pdf = $"/api/documents/{document.Id}.pdf" });
        });
        group.MapPost("/{key}/mark-missing-lost", async (HttpContext http, string key, StocktakeService s, CancellationToken ct) =>
            Results.Ok(new { lost = await s.MarkMissingLostAsync(key, http.User.Actor(), ct) }));
        return group;
    }
}
