using LaiteLaina.Audit;
using LaiteLaina.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LaiteLaina.People;

public static class PrivacyExtensions
{
    /// <summary>The privacy duties and the daily retention job.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(s => new PrivacyService(s.GetRequiredService<Storage.Database>(), s.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<RetentionWorker>();
        return builder;
    }

    /// <summary>/api/privacy: for managers only once sign-in lands (the lead attaches the policy to this group).</summary>
    public static RouteGroupBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/privacy");
        group.MapGet("/due", async (HttpContext http, PrivacyService privacy, [FromQuery] string? until, CancellationToken ct) =>
        {
            var due = await privacy.DueAsync(Parse.Date("until", until), ct);
            return http.Format() == "csv" ? Tabular.CsvResult("retention-due.csv", due, PrivacyService.DueColumns) : Results.Ok(due);
        });
        group.MapPost("/anonymise", async (HttpContext http, PrivacyService privacy, CancellationToken ct) =>
            Results.Ok(new { anonymised = await privacy.AnonymiseDueAsync(http.User.Actor(), ct) }));
        group.MapGet("/borrowers/{key}", (HttpContext http, string key, PrivacyService privacy, CancellationToken ct) =>
            privacy.ReadAsync(key, http.User.Actor(), ct));
        group.MapGet("/borrowers/{key}/export", async (HttpContext http, string key, PrivacyService privacy, CancellationToken ct) =>
            Results.File(await privacy.ExportAsync(key, http.User.Actor(), ct), "application/pdf", $"borrower-{key}.pdf"));
        group.MapPost("/borrowers/{key}/erase", (HttpContext http, string key, PrivacyService privacy, CancellationToken ct) =>
            privacy.EraseAsync(key, http.User.Actor(), ct));
        return group;
    }
}
