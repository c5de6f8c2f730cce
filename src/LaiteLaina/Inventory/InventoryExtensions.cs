using LaiteLaina.Users;
using Microsoft.AspNetCore.Mvc;

namespace LaiteLaina.Inventory;

public static class InventoryExtensions
{
    public static IHostApplicationBuilder AddInventory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InventoryService>();
        builder.Services.AddSingleton<SiteService>();
        builder.Services.AddSingleton<DonorService>();
        builder.Services.AddSingleton<ComputerPointService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/api/devices").RequireAccess(Access.Devices);
        devices.MapGet("/", (InventoryService inventory, CancellationToken ct,
            [FromQuery] string? status, [FromQuery] string? kind, [FromQuery] string? site, [FromQuery] string? acquisition,
            [FromQuery] string? q, [FromQuery] int? page, [FromQuery] int? pageSize) =>
            inventory.ListAsync(new DeviceFilter
            {
                Status = status, Kind = kind, Site = site, Acquisition = acquisition, Search = q,
                Page = page ?? 1, PageSize = pageSize ?? 50,
            }, ct));
        devices.MapGet("/{tag}", (string tag, InventoryService inventory, CancellationToken ct) => inventory.GetAsync(tag, ct));
        return app;
    }
}
