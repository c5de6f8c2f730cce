using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
    /// <summary>The largest request body: the longest texts (4,000-character notes) with room to spare, and a drawn
    /// signature (a few tens of kilobytes as a PNG) a hundred times over; a larger one is refused before it is read.</summary>
    public const int MaxRequestBytes = 4 * 1024 * 1024;

    public static IHostApplicationBuilder AddWebApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            // A form field is at most a signature's data URL (TextInput.DataMax); every other field is far shorter and checked by name.
            o.ValueLengthLimit = TextInput.DataMax;
            o.MultipartBodyLengthLimit = MaxRequestBytes;
            o.ValueCountLimit = 256;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        // Let a malformed body reach UserErrorMiddleware, which answers with ProblemDetails instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            Json.Configure(o.SerializerOptions);
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(CheckTextProperties);
        });
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

    /// <summary>The text check of the API's route and query values, once the request's language is known so that the
    /// refusal is in it (a body's texts are checked as they are read, see <see cref="CheckTextProperties"/>; the
    /// pages' values by their filter).</summary>
    public static WebApplication UseApiTextCheck(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (IsApi(context.Request))
                CheckRouteAndQuery(context);
            return next(context);
        });
        return app;
    }

    /// <summary>Every route value and query value of a request through <see cref="TextInput.Check(string, string?)"/>,
    /// each under its own name; the pages' "page" and "handler" are the router's, not the person's.</summary>
    public static void CheckRouteAndQuery(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && name is not ("page" or "handler"))
                TextInput.Check(name, text);
        }
        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var text in values)
                TextInput.Check(name, text);
        }
    }

    /// <summary>Every text of every JSON body goes through <see cref="TextInput.Check(string, string?)"/> as it is read,
    /// under the property's name, so a new body type or a new field is checked without a line of its own; the
    /// endpoint gets the normalised text.</summary>
    private static void CheckTextProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        foreach (var property in info.Properties)
        {
            if (property.PropertyType == typeof(string))
                property.CustomConverter = new CheckedText(property.Name);
            else if (property.PropertyType == typeof(string[]))
                property.CustomConverter = new CheckedTexts(property.Name);
        }
    }

    private sealed class CheckedText(string field) : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? TextInput.Check(field, reader.GetString()) : throw new JsonException($"{field} must be a string");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class CheckedTexts(string field) : JsonConverter<string[]>
    {
        public override string[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new JsonException($"{field} must be a list of strings");
            var texts = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                texts.Add(reader.TokenType == JsonTokenType.String ? TextInput.Check(field, reader.GetString())! : throw new JsonException($"{field} must hold strings"));
            return [.. texts];
        }

        public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var text in value)
                writer.WriteStringValue(text);
            writer.WriteEndArray();
        }
    }

    /// <summary>Liveness (/healthz), readiness (/readyz) and the OpenAPI document, open to anyone. /healthz answers 200 while
    /// the process serves, even with the database away, so that a supervisor does not restart a service that would
    /// only wait for the same database again; /readyz answers 503 until the database is reachable and at this
    /// program's schema, with a stable code and no connection details.</summary>
    public static WebApplication MapWebApi(this WebApplication app)
    {
        app.MapGet("/healthz", async (Database db, CancellationToken ct) =>
        {
            var health = await DatabaseHealth.CheckAsync(db, ct);
            return Results.Ok(new { status = "ok", schemaVersion = health.Version, engine = EnumText.Kebab(db.Engine), database = health.Code });
        }).AllowAnonymous();
        app.MapGet("/readyz", async (Database db, CancellationToken ct) =>
        {
            var health = await DatabaseHealth.CheckAsync(db, ct);
            return Results.Json(new { status = health.Ready ? "ready" : "unavailable", database = health.Code, schemaVersion = health.Version },
                statusCode: health.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
