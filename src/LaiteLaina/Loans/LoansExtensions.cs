using System.Security.Claims;
using LaiteLaina.Hardware;
using LaiteLaina.Users;
using LaiteLaina.People;
using Microsoft.AspNetCore.Mvc;

namespace LaiteLaina.Loans;

public static class LoansExtensions
{
    public static IHostApplicationBuilder AddLoans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BorrowerService>();
        builder.Services.AddSingleton(s => new LoanDocuments(s.GetRequiredService<Documents.DocumentRenderer>(), s.GetRequiredService<Storage.Database>()));
        builder.Services.AddSingleton(s => new LoanService(s.GetRequiredService<Storage.Database>(), s.GetRequiredService<LoanDocuments>(), s.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(s => new ReservationService(s.GetRequiredService<Storage.Database>(), s.GetRequiredService<TimeProvider>()));
        // These take over the return and staff-checkout scanner modes from the hardware feature's placeholders.
        builder.Services.AddSingleton<IScanAction, ReturnScanAction>();
        builder.Services.AddSingleton<IScanAction, StaffCheckoutScanAction>();
        return builder;
    }

    public sealed record ReturnBody(string? Condition, string[]? Missing, string? Notes);

    public sealed record RenewBody(string? Due);

    public sealed record AgreementBody(string? Language);

    /// <summary>The loan API, for counsellors and up; the audit log records the signed-in user or the token's owner.</summary>
    public static IEndpointRouteBuilder MapLoanEndpoints(this IEndpointRouteBuilder app)
    {
        var borrowers = app.MapGroup("/api/borrowers").RequireAccess(Access.Borrowers);
        borrowers.MapPost("/", async (BorrowerInput body, BorrowerService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var b = await service.AddAsync(body, user.Actor(), ct);
            return Results.Created($"/api/borrowers/{b.Id}", b);
        });
        borrowers.MapGet("/", (BorrowerService service, [FromQuery] string? q, CancellationToken ct) => service.ListAsync(q, ct));
        // Reading a person's details is itself recorded (who looked at whom, and when).
        borrowers.MapGet("/{key}", (string key, PrivacyService privacy, ClaimsPrincipal user, CancellationToken ct) => privacy.ReadAsync(key, user.Actor(), ct));

        var loans = app.MapGroup("/api/loans").RequireAccess(Access.Borrowers);
        loans.MapPost("/", async (CheckOutRequest body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var loan = await service.CheckOutAsync(body, user.Actor(), ct);
            return Results.Created($"/api/loans/{loan.Reference}", loan);
        });
        loans.MapGet("/", (LoanService service, [FromQuery] string? state, [FromQuery] string? borrower, CancellationToken ct) =>
            service.ListAsync(state, borrower, ct: ct));
        loans.MapGet("/{key}", (string key, LoanService service, CancellationToken ct) => service.GetAsync(key, ct));
        loans.MapPost("/{key}/return", async (string key, ReturnBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var loan = await service.GetAsync(key, ct);
            return await service.ReturnAsync(loan.Tag, new ReturnRequest { Condition = body.Condition, Missing = body.Missing, Notes = body.Notes }, user.Actor(), loan.Id, ct);
        });
        loans.MapPost("/{key}/renew", (string key, RenewBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) => service.RenewAsync(key, body.Due, user.Actor(), ct));
        loans.MapPost("/{key}/lost", (string key, LoanService service, ClaimsPrincipal user, CancellationToken ct) => service.MarkLostAsync(key, null, user.Actor(), ct));
        loans.MapPost("/{key}/agreement", async (string key, AgreementBody body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
            (await service.ReissueAgreementAsync(key, body.Language, user.Actor(), ct)) with { Content = [] });
        loans.MapPost("/handover", async (HandoverRequest body, LoanService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var loan = await service.HandOverAsync(body, user.Actor(), ct);
            return Results.Created($"/api/loans/{loan.Reference}", loan);
        });
        return app;
    }
}
