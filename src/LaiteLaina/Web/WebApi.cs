using System.Globalization;
using System.Text;
using LaiteLaina.Storage;

namespace LaiteLaina.Web;

/// <summary>What the JSON API shares across features: ProblemDetails for every refusal, the OpenAPI document,
/// the JSON options, the health check, and the order of the request pipeline.</summary>
public static class WebApi
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>?format=csv (or pdf, svg) on a JSON endpoint; every export and report takes who may see personal
    /// data from the signed-in user's role (<see cref="Access.SeesBorrowers"/>).</summary>
    public static string Format(this HttpContext http) => (http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "json").ToLowerInvariant();

    /// <summary>A call of the JSON API, which answers with ProblemDetails, not with a page or a redirect.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// 201 Created with the new record's address. The key is escaped: a header carries only ASCII, and a site KYLÄ
    /// or a user päivi must not turn a change that was saved into a failed request (with a one-time password lost).
    /// </summary>
    public static IResult Created<T>(string collection, object key, T body) =>
        TypedResults.Created($"{collection}/{Uri.EscapeDataString(Convert.ToString(key, CultureInfo.InvariantCulture) ?? "")}", body);

    public static IHostApplicationBuilder AddWebApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        // Let a malformed body reach UserErrorMiddleware, which answers with ProblemDetails instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        return builder;
    }

    /// <summary>The security headers and cookie rules first, then refusals become ProblemDetails; then routing.</summary>
    public static WebApplication UseWebApi(this WebApplication app)
    {
        app.UseWebSecurity();
        app.UseUserErrors();
        app.UseRouting();
        return app;
    }

    /// <summary>The health check and the OpenAPI document, open to anyone.</summary>
    public static WebApplication MapWebApi(this WebApplication app)
    {
        app.MapGet("/healthz", async (Database db, CancellationToken ct) =>
        {
            var version = await Migrator.CurrentVersionAsync(db, ct);
            return Results.Ok(new { status = "ok", schemaVersion = version, engine = EnumText.Kebab(db.Engine) });
        }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
