using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using LaiteLaina.Storage;
using LaiteLaina.Documents;

namespace LaiteLaina.People;

public static class PeopleExtensions
{
    /// <summary>Borrowers, the privacy duties towards them and the daily retention job.</summary>
    public static IHostApplicationBuilder AddPeople(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BorrowerService>();
        builder.Services.AddSingleton<PrivacyService>();
        builder.Services.AddHostedService<RetentionWorker>();
        return builder;
    }

    /// <summary>/api/borrowers for counsellors and up; /api/privacy for managers.</summary>
    public static IEndpointRouteBuilder MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var borrowers = app.MapGroup("/api/borrowers").RequireAccess(Access.Borrowers);
        borrowers.MapPost("/", async (BorrowerInput body, BorrowerService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var b = await service.AddAsync(body, user.Actor(), ct);
            return WebApi.Created("/api/borrowers", b.Id, b);
        });
        borrowers.MapGet("/", (HttpContext http, BorrowerService service, [FromQuery] string? q, [AsParameters] PageQuery page) =>
            ApiList.PageAsync(http, page, service.ListOf(q), "borrowers.csv"));
        // Reading a person's details is itself recorded (who looked at whom, and when).
        borrowers.MapGet("/{key}", (string key, PrivacyService privacy, ClaimsPrincipal user, CancellationToken ct) => privacy.ReadAsync(key, user.Actor(), ct));

        var group = app.MapGroup("/api/privacy").RequireAccess(Access.Reports);
        group.MapGet("/due", async (HttpContext http, PrivacyService privacy, [FromQuery] string? until, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await privacy.DueAsync(Parse.Date("until", until), ct), "retention-due.csv", PrivacyService.DueColumns));
        group.MapPost("/anonymise", async (HttpContext http, PrivacyService privacy, CancellationToken ct) =>
            Results.Ok(new { anonymised = await privacy.AnonymiseDueAsync(http.User.Actor(), ct) }));
        group.MapGet("/borrowers/{key}", (HttpContext http, string key, PrivacyService privacy, CancellationToken ct) =>
            privacy.ReadAsync(key, http.User.Actor(), ct));
        group.MapGet("/borrowers/{key}/export", async (HttpContext http, string key, PrivacyService privacy, CancellationToken ct) =>
            Results.File(await privacy.ExportAsync(key, http.User.Actor(), ct), "application/pdf", $"borrower-{key}.pdf"));
        group.MapPost("/borrowers/{key}/erase", (HttpContext http, string key, PrivacyService privacy, CancellationToken ct) =>
            privacy.EraseAsync(key, http.User.Actor(), ct));
        return app;
    }
}
