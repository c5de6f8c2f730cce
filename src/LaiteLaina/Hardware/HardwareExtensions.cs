using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using System.Globalization;
using System.Security.Claims;
using LaiteLaina.Users;

namespace LaiteLaina.Hardware;

public sealed record LabelRequest(string? Tag, int? Copies, string? Printer);

public static class HardwareExtensions
{
    /// <summary>Scanners, printers and the print queue from configuration, checked now so that a wrong key stops the
    /// service at start-up with a message naming it, not at the first scan.</summary>
    public static IHostApplicationBuilder AddHardware(this IHostApplicationBuilder builder)
    {
        var settings = HardwareSettings.Load(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<HardwareStatus>();
        builder.Services.AddSingleton<ScanEvents>();
        builder.Services.AddSingleton<PrintQueue>();
        builder.Services.AddSingleton<ILabelPrinter>(sp => sp.GetRequiredService<PrintQueue>());
        foreach (var action in ScanProcessor.Defaults())
            builder.Services.AddSingleton<IScanAction>(action);
        builder.Services.AddSingleton<ScanProcessor>();
        builder.Services.AddSingleton<CodeReader>();
        builder.Services.AddSingleton<CameraScanner>();
        foreach (var scanner in settings.Scanners)
            builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ScannerWorker>(sp, scanner));
        builder.Services.AddHostedService<PrintQueueWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHardwareEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAccess(Access.Devices);
        api.MapGet("/hardware", (HardwareStatus status) => status.Report());
        api.MapGet("/scans", (HttpContext http, ScanEvents events, ClaimsPrincipal user, [AsParameters] PageQuery page) =>
            ApiList.Page(http, page, events.Recent().Select(e => ForViewer(e, user)).ToList(), "scans.csv"));
        api.MapGet("/scans/stream", StreamAsync);
        api.MapPost("/camera/probe", ProbeAsync).WithMetadata(new CameraUploadAttribute());
        api.MapPost("/labels", async (LabelRequest request, PrintQueue queue, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var job = await queue.EnqueueAsync(request.Tag ?? throw UserError.Invalid("tag", "", Msg.LabelTagMissing),
                request.Copies ?? 1, request.Printer, user.Actor(), ct);
            return WebApi.Created("/api/print-jobs", job.Id, job);
        });
        var jobs = api.MapGroup("/print-jobs");
        // ?limit= (what scripts sent before the list paged) is the page size.
        jobs.MapGet("/", async (HttpContext http, PrintQueue queue, SiteService sites, int? limit, string? site, [AsParameters] PageQuery page, CancellationToken ct) =>
            await ApiList.PageAsync(http, page with { PageSize = page.PageSize ?? limit ?? 50 }, queue.ListOf(await sites.IdOfAsync(site, ct)), "print-jobs.csv"));
        jobs.MapGet("/{id:long}", (long id, PrintQueue queue, CancellationToken ct) => queue.GetAsync(id, ct));
        jobs.MapPost("/{id:long}/reprint", async (long id, PrintQueue queue, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var job = await queue.ReprintAsync(id, user.Actor(), ct);
            return WebApi.Created("/api/print-jobs", job.Id, job);
        });
        jobs.MapPost("/{id:long}/cancel", (long id, PrintQueue queue, ClaimsPrincipal user, CancellationToken ct) => queue.CancelAsync(id, user.Actor(), ct));
        return app;
    }

    /// <summary>
    /// The live camera's question for each frame: is there a code in it? The frame (a JPEG or PNG body) is read in
    /// memory and dropped, and only the count is answered; the script then sends that frame with the page's form,
    /// whose handler reads it again and acts, so a frame leads to one action through one path.
    /// </summary>
    private static async Task<IResult> ProbeAsync(HttpRequest request, CodeReader reader, CancellationToken ct)
    {
        if (request.ContentLength > CodeReader.MaxBytes)
            throw CodeReader.TooLarge(request.ContentLength.Value);
        using var memory = new MemoryStream();
        await request.Body.CopyToAsync(memory, ct);
        return Results.Ok(new { codes = await reader.CountAsync(memory.ToArray(), ct) });
    }

    /// <summary>Server-sent events: one "event: TYPE" and "data: JSON" block per scan, and a comment line every 15 s
    /// so proxies keep the connection and a vanished client is noticed.</summary>
    private static async Task StreamAsync(HttpContext http, ScanEvents events, ClaimsPrincipal user, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        // Subscribed before the stream opens, so no scan between the two is lost.
        using var subscription = events.Subscribe();
        using var both = await ServerSentEvents.StartAsync(http, lifetime, requestAborted);
        var ct = both.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await ServerSentEvents.KeepAliveAsync(http, ct);
                    continue;
                }
                if (!more)
                    break;
                while (subscription.Reader.TryRead(out var e))
                    await ServerSentEvents.WriteAsync(http, EnumText.Kebab(e.Type), ForViewer(e, user), e.Sequence.ToString(CultureInfo.InvariantCulture), ct);
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// The event as <paramref name="user"/> may see it, in their own language (the one they chose, else the request's):
    /// a staff checkout's borrower is a name, so volunteers see that a loan was made, not to whom; a refusal names
    /// nobody to anyone, since the desk's screen may face the next client.
    /// </summary>
    public static ScanEvent ForViewer(ScanEvent e, ClaimsPrincipal user) =>
        e.For(user.FindFirst(Access.LanguageClaim)?.Value is { } chosen ? new CultureInfo(chosen) : CultureInfo.CurrentUICulture, user.SeesBorrowers());
}
