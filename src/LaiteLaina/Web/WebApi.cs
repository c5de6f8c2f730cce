using LaiteLaina.Storage;

namespace LaiteLaina.Web;

/// <summary>What the JSON API shares across features: ProblemDetails for every refusal, the OpenAPI document,
/// the JSON options, the health check, and the order of the request pipeline.</summary>
public static class WebApi
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static IHostApplicationBuilder AddWebApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        // Let a malformed body reach UserErrorMiddleware, which answers with ProblemDetails instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        return builder;
    }

    /// <summary>Refusals become ProblemDetails before anything else runs; then routing, sign-in, roles and the
    /// check that a cookie-signed API call came from our own pages.</summary>
    public static WebApplication UseWebApi(this WebApplication app)
    {
        app.UseUserErrors();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiForgeryCheck();
        app.MapGet("/healthz", async (Database db, CancellationToken ct) =>
        {
            var version = await Migrator.CurrentVersionAsync(db, ct);
            return Results.Ok(new { status = "ok", schemaVersion = version, engine = EnumText.Kebab(db.Engine) });
        }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
