using System.CommandLine;
using LaiteLaina.Audit;
using LaiteLaina.Cli;
using LaiteLaina.Documents;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.People;
using LaiteLaina.Provisioning;
using LaiteLaina.Reports;
using LaiteLaina.Storage;
using LaiteLaina.Users;

namespace LaiteLaina.Web;

/// <summary>`laitelaina serve`: the worker service with its web API on the Generic Host, under systemd as Type=notify.</summary>
public static class ServiceHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static void AddCommand(CliApp app, RootCommand root)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default {DefaultUrl}; loopback only unless you say otherwise)" };
        var serve = new Command("serve", "Run the service: web UI, API, scanners, printers, provisioning (the default)") { urls };
        app.Action(serve, async (cli, ct) =>
        {
            var location = cli.Location;
            var web = Build([], location, cli.Parse.GetValue(urls));
            await web.StartAsync(ct);
            if (await web.Services.GetRequiredService<UserService>().EnsureFirstAdminAsync("system", ct) is { } first)
                await cli.Out.WriteLineAsync($"First start: sign in as '{first.User.Name}' with the password {first.Password} (shown only now; you will be asked to change it).");
            await cli.Out.WriteLineAsync($"LaiteLaina is serving {string.Join(", ", web.Urls)} with data in {location.Database().Display}.");
            await web.WaitForShutdownAsync(ct);
        });
        root.Subcommands.Add(serve);
    }

    /// <summary>Builds the host; migrations run before it starts serving.</summary>
    public static WebApplication Build(string[] args, DataLocation location, string? urls = null, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings come from appsettings.json beside the program, then the office's own appsettings.json in the
        // data directory (scanners, printers), then the environment (Scanners__0__Port=...), each overriding the last.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // Pages are found in the application assembly; under a test host the entry assembly is another one.
            ApplicationName = typeof(ServiceHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddJsonFile(Path.Combine(location.DataDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.WebHost.UseUrls(urls ?? builder.Configuration["Urls"] ?? DefaultUrl);
        builder.AddStorage(location).AddUsers(location).AddInventory().AddLoans().AddDocuments().AddHardware().AddAudit().AddReports().AddPrivacy().AddWebUi();
        Provisioning.SanitisationCommands.AddSanitisation(builder);
        builder.AddProvisioning();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        // Let a malformed body reach UserErrorMiddleware, which answers with ProblemDetails instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        builder.Services.AddSystemd();
        // Tests replace the clock here to let a session run out without waiting half an hour.
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapLaiteLaina();
        return app;
    }

    public static WebApplication MapLaiteLaina(this WebApplication app)
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
        app.UseWebUi();
        app.MapInventoryEndpoints();
        app.MapUserEndpoints();
        app.MapLoanEndpoints();
        app.MapDocumentEndpoints();
        app.MapHardwareEndpoints();
        app.MapProvisioningEndpoints().RequireAccess(Access.Devices);
        Provisioning.SanitisationCommands.MapSanitisationEndpoints(app).RequireAccess(Access.Devices);
        app.MapAuditEndpoints().RequireAccess(Access.Reports);
        app.MapAuditLogEndpoints().RequireAccess(Access.Reports);
        app.MapStocktakeEndpoints().RequireAccess(Access.Devices);
        app.MapReportEndpoints().RequireAccess(Access.Reports);
        app.MapPrivacyEndpoints().RequireAccess(Access.Reports);
        return app;
    }
}
