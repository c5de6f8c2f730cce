using System.Net;
using System.Security.Cryptography;
using System.Text;
using Prometheus;

namespace LaiteLaina.Metrics;

/// <summary>
/// /metrics in Prometheus' text format, through prometheus-net: a stable 8.x release served here, whose text exporter
/// and ASP.NET Core request middleware are one small package. OpenTelemetry's Prometheus exporter is only a beta
/// (1.20.1-beta.1) in this registry, and would bring the whole OpenTelemetry SDK for one endpoint.
/// </summary>
public static class MetricsExtensions
{
    public const string Route = "/metrics";

    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        // What the README lists, and the process's own figures (CPU, memory, threads, collections). Left on, prometheus-net
        // copies every .NET meter and event counter too (80 more series, ASP.NET Core's request counts a second time
        // under other names) from listeners that wake every few seconds: 2.6 MiB more memory once scraped, measured.
        // Only the first call before the first scrape counts; a second host in the same process changes nothing.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressEventCounters = true,
            SuppressMeters = true,
            SuppressProcessMetrics = false,
            SuppressDebugMetrics = false,
        });
        builder.Services.AddSingleton(MetricsOptions.Load(builder.Configuration));
        builder.Services.AddSingleton<ServiceMetrics>();
        return builder;
    }

    /// <summary>Counts every request by route template, method and status code (never the path itself, which may hold ids).</summary>
    public static WebApplication UseRequestMetrics(this WebApplication app)
    {
        // The endpoint label is the route template ("/api/devices/{id}"); an unmatched path is counted with an empty one.
        app.UseHttpMetrics();
        return app;
    }

    /// <summary>
    /// /metrics answers without a browser sign-in, since Prometheus has none, but only where the setting allows:
    /// to loopback when no Metrics:Token is set, else to a request bearing that token. Counts of loans and devices
    /// tell something about an office, so the rest of the network does not get them unasked.
    /// </summary>
    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.MapGet(Route, async (HttpContext http, ServiceMetrics metrics, MetricsOptions options, CancellationToken ct) =>
        {
            if (Refusal(http, options) is { } status)
                return Results.StatusCode(status);
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(http.Response.Body, ct);
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, ct);
            return Results.Empty;
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The status that refuses this request, or null when it may read the metrics.</summary>
    public static int? Refusal(HttpContext http, MetricsOptions options)
    {
        if (options.Token is not { } token)
            return http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address) ? null : StatusCodes.Status403Forbidden;
        var given = http.Request.Headers.Authorization.ToString();
        var expected = "Bearer " + token;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            ? null : StatusCodes.Status401Unauthorized;
    }
}
