using System.Security.Claims;
using LaiteLaina.Users;
using Microsoft.AspNetCore.Mvc;

namespace LaiteLaina.Inventory;

public sealed record MoveBody(string? Site, string? Location);

public sealed record DonorBody(string? Name, string? Kind, string? Contact, string? Notes);

public sealed record SiteBody(string? Code, string? Name, string? Address);

public sealed record LocationBody(string? Name);

/// <summary>A site's new code, for a code saved before the rule for site codes.</summary>
public sealed record SiteRenameBody(string? Code);

public static class InventoryExtensions
{
    public static IHostApplicationBuilder AddInventory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InventoryService>();
        builder.Services.AddSingleton<SiteService>();
        builder.Services.AddSingleton<DonorService>();
        builder.Services.AddSingleton<ComputerPointService>();
        builder.Services.AddSingleton<ServiceSite>();
        // After the migrations (registered by AddStorage): the sites table must exist to check the setting against.
        builder.Services.AddHostedService<ServiceSite.CheckOnStart>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/api/devices").RequireAccess(Access.Devices);
        devices.MapGet("/", async (HttpContext http, InventoryService inventory, CancellationToken ct,
            [FromQuery] string? status, [FromQuery] string? kind, [FromQuery] string? site, [FromQuery] string? acquisition,
            [FromQuery] string? q, [AsParameters] PageQuery page) =>
        {
            var filter = new DeviceFilter
            {
                Status = status, Kind = kind, Site = site, Acquisition = acquisition, Search = q,
                Page = page.Number, PageSize = page.PageSize ?? 50, WithTotal = true,
            };
            // The CSV is the export's: every device of the status, kind and site, streamed.
            if (http.Format() == "csv")
                return ApiList.Csv("devices.csv", inventory.ExportAsync(filter, http.RequestAborted), Column.Of<Device>());
            var result = await inventory.ListAsync(filter, ct);
            ApiList.Announce(http, result.Total ?? 0, page with { PageSize = filter.PageSize });
            return Results.Ok(result);
        });
        devices.MapGet("/{tag}", (string tag, InventoryService inventory, CancellationToken ct) => inventory.GetAsync(tag, ct));
        devices.MapPost("/", async (DeviceInput body, InventoryService inventory, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var device = await inventory.AddAsync(body, user.Actor(), ct: ct);
            return WebApi.Created("/api/devices", device.Tag, device);
        });
        devices.MapPatch("/{tag}", (string tag, DeviceInput body, InventoryService inventory, ClaimsPrincipal user, CancellationToken ct) =>
            inventory.EditAsync(tag, body, user.Actor(), ct: ct));
        devices.MapPost("/{tag}/ready", (string tag, InventoryService inventory, ClaimsPrincipal user, CancellationToken ct) =>
            inventory.ReadyAsync(tag, user.Actor(), ct));
        devices.MapPost("/{tag}/move", (string tag, MoveBody body, InventoryService inventory, ClaimsPrincipal user, CancellationToken ct) =>
            inventory.MoveAsync(tag, body.Site ?? "", body.Location, user.Actor(), ct));
        devices.MapPost("/{tag}/transfer", (string tag, MoveBody body, InventoryService inventory, ClaimsPrincipal user, CancellationToken ct) =>
            inventory.TransferAsync(tag, body.Site ?? "", body.Location, user.Actor(), ct));

        var donors = app.MapGroup("/api/donors").RequireAccess(Access.Devices);
        donors.MapGet("/", async (HttpContext http, DonorService service, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await service.ListAsync(ct), "donors.csv"));
        donors.MapPost("/", async (DonorBody body, DonorService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var donor = await service.AddAsync(body.Name ?? "", body.Kind, body.Contact, body.Notes, user.Actor(), ct);
            return WebApi.Created("/api/donors", donor.Id, donor);
        });
        app.MapGet("/api/points", async (HttpContext http, ComputerPointService points, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await points.ListAsync(ct), "points.csv")).RequireAccess(Access.Devices);

        var sites = app.MapGroup("/api/sites");
        sites.MapGet("/", async (HttpContext http, SiteService service, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await service.NamesAsync(ct), "sites.csv")).RequireAccess(Access.Devices);
        sites.MapPost("/", async (SiteBody body, SiteService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var site = await service.AddAsync(body.Code ?? "", body.Name ?? "", body.Address, user.Actor(), ct);
            return WebApi.Created("/api/sites", site.Code, site);
        }).RequireAccess(Access.Admin);
        sites.MapPost("/{code}/locations", (string code, LocationBody body, SiteService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.AddLocationAsync(code, body.Name ?? "", user.Actor(), ct)).RequireAccess(Access.Admin);
        sites.MapPost("/{code}/rename", (string code, SiteRenameBody body, SiteService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.RenameAsync(code, body.Code ?? "", user.Actor(), ct)).RequireAccess(Access.Admin);
        return app;
    }
}
