using LaiteLaina.Reports;
using LaiteLaina.Audit;
using LaiteLaina.Backups;
using LaiteLaina.Demo;
using LaiteLaina.Documents;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.Metrics;
using LaiteLaina.People;
using LaiteLaina.Provisioning;
using LaiteLaina.Storage;
using LaiteLaina.Users;
using LaiteLaina.Web;

namespace LaiteLaina;

/// <summary>
/// The table of contents of LaiteLaina: the features it is made of, the routes they answer and the verbs of its
/// command line. One executable: `laitelaina serve` (the default) runs the host built here; every other verb builds
/// the same host without starting it and takes its services from it, so both read the same configuration
/// (the program's appsettings.json, then DATA/appsettings.json, then the environment) and the same object graph.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => Cli(Console.Out, Console.Error).InvokeAsync(args);

    /// <param name="environment">Where the CLI reads LC_ALL, LC_MESSAGES and LANG; the process's environment by default.</param>
    public static CliApp Cli(TextWriter output, TextWriter error, Func<string, string?>? environment = null) =>
        new(output, error, AddCommands, CreateCliHost, environment);

    /// <summary>Every feature, each after the ones it builds on.</summary>
    public static IHostApplicationBuilder AddLaiteLaina(this IHostApplicationBuilder builder, DataLocation location, Database? database = null) =>
        builder
            .AddStorage(location, database)
            // Before the workers: hosted services start in this order, and a broken office template stops the start.
            .AddDocuments()
            .AddBackups()
            .AddUsers(location)
            .AddInventory()
            .AddPeople()
            .AddHardware()
            .AddLoans()
            .AddProvisioning()
            .AddAudit()
            .AddReports()
            .AddWebUi()
            .AddWebApi()
            .AddMetrics();

    /// <summary>The request pipeline and every feature's routes; each feature attaches its own access policy.</summary>
    public static WebApplication MapLaiteLaina(this WebApplication app)
    {
        // First, so that every request is counted with the status the rest of the pipeline gave it.
        app.UseRequestMetrics();
        app.UseWebApi();
        app.UseUsers();
        app.MapWebApi();
        app.UseWebUi();
        app.UsePasswordChangeGate();
        // Once the request's language is known, so that a refused number is explained in it.
        app.UseQueryNumbers();
        app.MapInventoryEndpoints();
        app.MapUserEndpoints();
        app.MapPeopleEndpoints();
        app.MapLoanEndpoints();
        app.MapDocumentEndpoints();
        app.MapHardwareEndpoints();
        app.MapProvisioningEndpoints();
        app.MapSanitisationEndpoints();
        app.MapAuditEndpoints();
        app.MapReportEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }

    /// <summary>The verbs of the command line, one registration per feature.</summary>
    private static void AddCommands(CliApp app, RootCommand root)
    {
        HostCommands.Add(app, root);
        InventoryCommands.Add(app, root);
        CsvCommands.Add(app, root);
        PeopleCommands.Add(app, root);
        LoanCommands.Add(app, root);
        DocumentCommands.Add(app, root);
        HardwareCommands.Add(app, root);
        Users.UserCommands.Add(app, root);
        ProvisioningCommands.Add(app, root);
        SanitisationCommands.Add(app, root);
        SimulateCommand.Add(app, root);
        AuditCommands.Add(app, root);
        ReportCommands.Add(app, root);
        DemoData.AddCommand(app, root);
    }

    /// <summary>Builds the service's host; migrations run when it starts. Tests replace the clock through
    /// <paramref name="configure"/> to let a session run out without waiting half an hour.</summary>
    public static WebApplication CreateHost(string[] args, DataLocation location, string? urls = null,
        Action<WebApplicationBuilder>? configure = null, Database? database = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // Pages are found in the application assembly; under a test host the entry assembly is another one.
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        var settings = Path.Combine(location.DataDirectory, "appsettings.json");
        // Read once on its own first: a file that is not JSON is refused with one line naming it and the line.
        StrictConfiguration.Build(new ConfigurationBuilder().AddJsonFile(settings, optional: true));
        builder.Configuration.AddJsonFile(settings, optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.WebHost.UseUrls(urls ?? builder.Configuration["Urls"] ?? WebApi.DefaultUrl);
        builder.Services.AddSystemd();
        if (!Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService()
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            // AddSystemd speaks the notify protocol only when systemd is the direct parent; a unit whose ExecStart goes
            // through a wrapper (sh -c, runuser) would then never say READY=1 and be killed at TimeoutStartSec. Whoever
            // set NOTIFY_SOCKET is listening on it, so answer there: READY=1 once started (listening, migrated),
            // STOPPING=1 on SIGTERM.
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, Microsoft.Extensions.Hosting.Systemd.SystemdLifetime>();
        }
        if (RunsUnderSystemd(Environment.GetEnvironmentVariable))
        {
            // The journal keeps each stdout line as one entry; as JSON its fields (level, category, event id, the
            // message's named values) stay machine-readable for journalctl -o json and a log collector.
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        builder.AddLaiteLaina(location, database);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapLaiteLaina();
        return app;
    }

    /// <summary>systemd sets INVOCATION_ID for every unit it starts and JOURNAL_STREAM when the unit's output goes to the
    /// journal (systemd.exec(5), "Environment variables in spawned processes").</summary>
    public static bool RunsUnderSystemd(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment("INVOCATION_ID")) || !string.IsNullOrEmpty(environment("JOURNAL_STREAM"));

    /// <summary>The host a command-line verb takes its services from: never started, so no worker runs, and the
    /// database given is the one the verb checked (initialised, not newer than this program), or for `doctor` one
    /// not yet opened at all.</summary>
    internal static WebApplication CreateCliHost(DataLocation location, Database database) =>
        CreateHost([], location, configure: builder =>
        {
            // A verb's output is what it prints; the service's information logging would only get in the way.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        }, database: database);
}
