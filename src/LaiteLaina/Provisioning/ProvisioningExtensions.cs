using System.Security.Claims;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using LaiteLaina.Users;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Provisioning;

public sealed record StartJobRequest(string? Serial, string? Tag, string? Profile);

public static class ProvisioningExtensions
{
    /// <summary>The provisioning worker, its job runner and (for the demo) simulated tablets; settings checked now.</summary>
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        var options = ProvisioningOptions.Load(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AttachedDevices>();
        builder.Services.AddSingleton<Sanitisation>();
        builder.Services.AddSingleton<DiskWipe>();
        builder.Services.AddSingleton<ProvisioningProfiles>();
        builder.Services.AddSingleton<JobRunner>();
        if (options.DemoTablets)
        {
            // One instance: the page starts the tablets, the host stops them.
            builder.Services.AddSingleton<DemoTablets>();
            builder.Services.AddHostedService(s => s.GetRequiredService<DemoTablets>());
        }
        if (options.Enabled)
            builder.Services.AddHostedService<ProvisioningWorker>();
        return builder;
    }

    public static RouteGroupBuilder MapProvisioningEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/provisioning").RequireAccess(Access.Devices);
        group.MapGet("/jobs", async (HttpContext http, Database db, SiteService sites, bool? all, string? site, [AsParameters] PageQuery page, CancellationToken ct) =>
        {
            var siteId = await sites.IdOfAsync(site, ct);
            // A job comes with its steps, read for the page's jobs in one query; the CSV has the jobs without them.
            if (http.Format() == "csv")
                return ApiList.Csv("provisioning-jobs.csv", JobStore.ListOf(db, all ?? false, siteId).StreamAsync(http.RequestAborted), JobStore.CsvColumns);
            NumberRange.Page.Check(page.Number);
            NumberRange.PageSize.Check(page.Size);
            var (jobs, total) = await JobStore.PageAsync(db, all ?? false, page.Number, page.Size, siteId, ct);
            ApiList.Announce(http, total, page);
            return Results.Ok(jobs);
        });
        group.MapGet("/jobs/{id:long}", (long id, Database db, CancellationToken ct) => JobStore.GetAsync(db, id, ct));
        group.MapPost("/jobs", async (StartJobRequest body, Database db, ServiceSite site, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var job = await ProvisioningActions.StartAsync(db, body.Serial ?? "", body.Tag, body.Profile, user.Actor(), site, ct);
            return WebApi.Created("/api/provisioning/jobs", job.Id, job);
        });
        group.MapPost("/jobs/{id:long}/retry", (long id, Database db, ClaimsPrincipal user, CancellationToken ct) => JobStore.RequeueAsync(db, id, user.Actor(), resume: false, ct));
        group.MapPost("/jobs/{id:long}/resume", (long id, Database db, ClaimsPrincipal user, CancellationToken ct) => JobStore.RequeueAsync(db, id, user.Actor(), resume: true, ct));
        group.MapPost("/jobs/{id:long}/cancel", (long id, Database db, ClaimsPrincipal user, CancellationToken ct) => JobStore.CancelAsync(db, id, user.Actor(), ct));
        group.MapGet("/devices", (HttpContext http, AttachedDevices attached, IStringLocalizer<Ui> l, [AsParameters] PageQuery page) =>
            ApiList.Page(http, page, attached.Current.Select(d => d.View(l, System.Globalization.CultureInfo.CurrentUICulture)).ToList(), "attached-devices.csv"));
        group.MapGet("/intake", async (HttpContext http, Database db, SiteService sites, bool? all, string? site, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await JobStore.IntakeAsync(db, all ?? false, await sites.IdOfAsync(site, ct), ct), "intake.csv"));
        group.MapPost("/intake/{serial}/register", (string serial, DeviceInput? body, Database db, ServiceSite site, ClaimsPrincipal user, CancellationToken ct) =>
            ProvisioningActions.RegisterAsync(db, serial, body ?? new DeviceInput(), user.Actor(), site, ct));
        group.MapPost("/intake/{serial}/ignore", async (string serial, Database db, ServiceSite site, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await ProvisioningActions.IgnoreAsync(db, serial, user.Actor(), site, ct);
            return Results.NoContent();
        });
        group.MapGet("/profiles", (HttpContext http, ProvisioningProfiles profiles, [AsParameters] PageQuery page) =>
            ApiList.Page(http, page, profiles.LoadAll().ToList(), "profiles.csv"));
        group.MapGet("/events", StreamAsync);
        return group;
    }

    /// <summary>
    /// Server-sent events for the provisioning board: "job" with the whole job (steps included) whenever it changed,
    /// "devices" when the tablets on adb changed. Read from the database, so jobs run by 'provision run' in another
    /// process show up too.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, Database db, AttachedDevices attached, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        using var both = await ServerSentEvents.StartAsync(http, lifetime, requestAborted);
        var ct = both.Token;
        var seen = new Dictionary<long, DateTimeOffset>();
        IReadOnlyList<AttachedDevice>? devices = null;
        var quiet = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var sent = false;
                foreach (var job in (await JobStore.ListAsync(db, all: false, 200, ct: ct)).Reverse())
                {
                    if (seen.TryGetValue(job.Id, out var at) && at == job.UpdatedAt)
                        continue;
                    seen[job.Id] = job.UpdatedAt;
                    await ServerSentEvents.WriteAsync(http, "job", job, $"{job.Id}-{job.UpdatedAt.ToUnixTimeMilliseconds()}", ct);
                    sent = true;
                }
                if (!ReferenceEquals(devices, attached.Current))
                {
                    devices = attached.Current;
                    await ServerSentEvents.WriteAsync(http, "devices", devices, null, ct);
                    sent = true;
                }
                if (sent)
                {
                    quiet = 0;
                    await http.Response.Body.FlushAsync(ct);
                }
                else if (++quiet >= 30)
                {
                    // 15 s without news.
                    quiet = 0;
                    await ServerSentEvents.KeepAliveAsync(http, ct);
                }
                await Task.Delay(500, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away or the service is stopping.
        }
    }
}
