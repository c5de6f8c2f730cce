using System.Text.Json;

namespace LaiteLaina.Web;

/// <summary>
/// The framing both event streams (scans, provisioning) share: headers that keep proxies from buffering, a first
/// comment so the browser sees the stream open, "id/event/data" blocks, and keep-alive comments.
/// </summary>
public static class ServerSentEvents
{
    /// <summary>
    /// Starts the stream. The returned source ends with the request or when the service stops: a browser keeps the
    /// stream open for ever, and shutdown would otherwise wait for its time-out.
    /// </summary>
    public static async Task<CancellationTokenSource> StartAsync(HttpContext http, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        var both = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync(": connected\n\n", both.Token);
        await http.Response.Body.FlushAsync(both.Token);
        return both;
    }

    /// <summary>One event, data as JSON; written, not flushed (the caller flushes once per batch).</summary>
    public static Task WriteAsync(HttpContext http, string type, object data, string? id, CancellationToken ct) =>
        http.Response.WriteAsync($"{(id is null ? "" : $"id: {id}\n")}event: {type}\ndata: {JsonSerializer.Serialize(data, Json.Options)}\n\n", ct);

    /// <summary>A comment that keeps proxies from closing an idle stream and lets a vanished client be noticed.</summary>
    public static async Task KeepAliveAsync(HttpContext http, CancellationToken ct)
    {
        await http.Response.WriteAsync(": keep-alive\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
