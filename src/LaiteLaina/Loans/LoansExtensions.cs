using System.Security.Claims;
using LaiteLaina.Hardware;
using LaiteLaina.Hosting;
using LaiteLaina.Inventory;
using LaiteLaina.Users;
using LaiteLaina.People;
using Microsoft.AspNetCore.Mvc;

namespace LaiteLaina.Loans;

public static class LoansExtensions
{
    public static IHostApplicationBuilder AddLoans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LoanDocuments>();
        builder.Services.AddSingleton<LoanService>();
        builder.Services.AddSingleton<ReservationService>();
        builder.Services.AddSingleton<DeskService>();
        builder.Services.AddSingleton<Mailer>();
        builder.Services.AddSingleton<ReminderService>();
        builder.Services.AddHostedService<ReminderWorker>();
        // These take over the return and staff-checkout scanner modes from the hardware feature's placeholders.
        builder.Services.AddSingleton<IScanAction, ReturnScanAction>();
        builder.Services.AddSingleton<IScanAction, StaffCheckoutScanAction>();
        return builder;
    }

    public sealed record ReturnBody(string? Condition, string[]? Missing, string? Notes, string[]? DamagedAccessories = null);

    public sealed record RenewBody(string? Due);

    public sealed record AgreementBody(string? Language);

    /// <summary>The borrower's signature drawn on screen, as PNG (base64 in JSON).</summary>
    /// <param name="Reason">Given only to replace a signature the loan already has: why it is signed again.</param>
    /// <param name="Place">Where it is signed, printed on the agreement; the town of the loan's site when not given.</param>
    public sealed record SignatureBody(byte[]? SignaturePng, string? Reason = null, string? Place = null);

    /// <summary>The loan API, for counsellors and up; the audit log records the signed-in user or the token's owner.</summary>
    public static IEndpointRouteBuilder MapLoanEndpoints(this IEndpointRouteBuilder app)
    {
        var loans = app.MapGroup("/api/loans").RequireAccess(Access.Borrowers);
        loans.MapPost("/", async (CheckOutRequest body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var loan = (await service.CheckOutAsync(body, user.Actor(), ct)).Loan;
            return WebApi.Created("/api/loans", loan.Reference, loan);
        });
        loans.MapGet("/", async (HttpContext http, LoanService service, SiteService sites, [FromQuery] string? state, [FromQuery] string? borrower, [FromQuery] string? site,
            [AsParameters] PageQuery page, CancellationToken ct) =>
            await ApiList.PageAsync(http, page, await service.ListOfAsync(state, borrower, await sites.IdOfAsync(site, ct), ct), "loans.csv", Loan.CsvColumns));
        loans.MapGet("/{key}", (string key, LoanService service, CancellationToken ct) => service.GetAsync(key, ct));
        loans.MapPost("/{key}/return", async (string key, ReturnBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var loan = await service.GetAsync(key, ct);
            return (await service.ReturnAsync(loan.Tag, new ReturnRequest
            {
                Condition = body.Condition, Missing = body.Missing, DamagedAccessories = body.DamagedAccessories, Notes = body.Notes,
            }, user.Actor(), loan.Id, ct)).Loan;
        });
        loans.MapPost("/{key}/renew", (string key, RenewBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) => service.RenewAsync(key, body.Due, user.Actor(), ct));
        loans.MapPost("/{key}/lost", (string key, LoanService service, ClaimsPrincipal user, CancellationToken ct) => service.MarkLostAsync(key, null, user.Actor(), ct));
        loans.MapPost("/{key}/agreement", async (string key, AgreementBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
            (await service.ReissueAgreementAsync(key, body.Language, user.Actor(), ct)) with { Content = [] });
        loans.MapPost("/{key}/signature", async (string key, SignatureBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
            (await service.SignAgreementAsync(key, body.SignaturePng ?? [], user.Actor(), body.Reason, body.Place, ct)) with { Content = [] });
        app.MapGet("/api/reservations", async (HttpContext http, ReservationService service, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await service.ListAsync(ct), "reservations.csv")).RequireAccess(Access.Borrowers);
        loans.MapPost("/handover", async (HandoverRequest body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var loan = (await service.HandOverAsync(body, user.Actor(), ct)).Loan;
            return WebApi.Created("/api/loans", loan.Reference, loan);
        });
        return app;
    }
}
