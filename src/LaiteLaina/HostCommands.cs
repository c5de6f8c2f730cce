using LaiteLaina.Backups;
using LaiteLaina.Storage;
using LaiteLaina.Users;
using LaiteLaina.Web;

namespace LaiteLaina;

/// <summary>The verbs that set up, run and keep the whole application rather than one feature of it: init, serve,
/// backup, restore, the office's settings and the station's check-up.</summary>
public static class HostCommands
{
    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(InitCommand(app));
        BackupCommands.Add(app, root);
        root.Subcommands.Add(RestoreCommand(app));
        root.Subcommands.Add(SettingsCommand(app));
        root.Subcommands.Add(ServeCommand(app));
        root.Subcommands.Add(DoctorCommand(app));
    }

    /// <summary>`laitelaina init`: the data directory, the database and the first administrator.</summary>
    private static Command InitCommand(CliApp app)
    {
        var tagPrefix = new Option<string?>("--tag-prefix") { Description = "Prefix of new asset tags, such as LL- (default LL-)" };
        var init = new Command("init", "Create the data directory and database, or bring them up to date") { tagPrefix };
        app.Action(init, async (cli, ct) =>
        {
            // Checked before anything is created, so a mistyped prefix leaves no half-made data directory.
            if (cli.Parse.GetValue(tagPrefix) is { } wanted)
                Settings.Check("tag_prefix", wanted);
            var (db, applied) = await cli.Location.InitialiseAsync(ct);
            if (cli.Parse.GetValue(tagPrefix) is { } prefix)
                await Settings.SetAsync(db, "tag_prefix", prefix, cli.Actor, ct);
            await cli.Out.WriteLineAsync(applied.Count == 0
                ? $"Database {db.Display} is up to date (schema version {Migrator.Latest})."
                : $"Database {db.Display} initialised (schema version {Migrator.Latest}).");
            if (await (await cli.GetAsync<UserService>(ct)).EnsureFirstAdminAsync(cli.Actor, ct) is { } first)
                await cli.Out.WriteLineAsync($"Administrator '{first.User.Name}' created with the password {first.Password} (shown only now; to be changed at first sign-in).");
        });
        return init;
    }

    /// <summary>`laitelaina serve`: the worker service with its web API on the Generic Host, under systemd as Type=notify.</summary>
    private static Command ServeCommand(CliApp app)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default {WebApi.DefaultUrl}; loopback only unless you say otherwise)" };
        var serve = new Command("serve", "Run the service: web UI, API, scanners, printers, provisioning (the default)") { urls };
        app.Action(serve, async (cli, ct) =>
        {
            var location = cli.Location;
            await using var web = Program.CreateHost([], location, cli.Parse.GetValue(urls));
            await web.StartAsync(ct);
            if (await web.Services.GetRequiredService<UserService>().EnsureFirstAdminAsync("system", ct) is { } first)
                await cli.Out.WriteLineAsync($"First start: sign in as '{first.User.Name}' with the password {first.Password} (shown only now; you will be asked to change it).");
            await cli.Out.WriteLineAsync($"LaiteLaina is serving {string.Join(", ", web.Urls)} with data in {location.Database().Display}.");
            // The start's work (migrations checked, every endpoint built, options bound) leaves its garbage on the heap,
            // where the collector keeps it committed until the heap grows again; a station may then idle for hours.
            // One compacting collection gives it back to the system: 8 MiB less idle memory, measured.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            await web.WaitForShutdownAsync(ct);
        });
        return serve;
    }

    /// <summary>`laitelaina doctor`: one line per check in the reader's language; exit 1 when any check found a fault.</summary>
    private static Command DoctorCommand(CliApp app)
    {
        var user = new Option<string?>("--user") { Description = "Whose access to the serial ports to check, such as laitelaina (default: who runs the command)" };
        var doctor = new Command("doctor", "Check this station: serial ports and their permissions, adb, printers, database, disk space, clock") { user };
        app.Action(doctor, async (cli, ct) =>
        {
            var location = cli.Location;
            var asUser = cli.Parse.GetValue(user) ?? Environment.UserName;
            // Refused before any check runs, so a mistyped name is one line, not a fault on every port.
            await Doctor.UserIdsAsync(asUser, ct);
            // Not through cli.GetAsync: that opens and migrates the database, and a broken database is what the doctor
            // must be able to report. This host is never started and the database object opens nothing by itself.
            await using var host = Program.CreateCliHost(location, location.Database());
            var findings = await ActivatorUtilities.CreateInstance<Doctor>(host.Services).RunAsync(asUser, ct);
            foreach (var finding in findings)
            {
                var level = finding.Level switch
                {
                    DoctorLevel.Ok => Msg.DoctorLevelOk,
                    DoctorLevel.Warning => Msg.DoctorLevelWarning,
                    _ => Msg.DoctorLevelFault,
                };
                await cli.Out.WriteLineAsync($"{((Message)level).Render(cli.Language),-9} {((Message)finding.Check).Render(cli.Language)}: {finding.Text.Render(cli.Language)}");
            }
            var faults = findings.Count(f => f.Level == DoctorLevel.Fault);
            if (faults > 0)
                throw new UserError(Msg.DoctorFaults.With(faults), UserErrorKind.Unavailable);
        });
        return doctor;
    }

    private static Command SettingsCommand(CliApp app) => new("settings", "The office's settings: organisation on agreements and labels, tag prefix, loan rules")
    {
        SettingsList(app),
        SettingsSet(app),
    };

    private static Command RestoreCommand(CliApp app)
    {
        var restoreFile = new Argument<string>("file") { Description = "A file written by 'laitelaina backup'" };
        var restore = new Command("restore", "Replace the database with a backup") { restoreFile };
        app.Action(restore, async (cli, ct) =>
        {
            // Not through the host: a restore must work when the live database is the thing that is broken.
            var db = cli.Location.Database();
            var outcome = await Backup.RestoreAsync(db, cli.Parse.GetValue(restoreFile)!, cli.Actor, TimeProvider.System.GetLocalNow(), ct);
            await cli.Out.WriteLineAsync($"Database {db.Display} restored from {cli.Parse.GetValue(restoreFile)} (schema version {outcome.BackupVersion}, now {Migrator.Latest}).");
            if (outcome.Kept is not null)
                await cli.Out.WriteLineAsync($"The database it replaced is kept as {outcome.Kept}; 'laitelaina restore {outcome.Kept}' brings it back.");
        });
        return restore;
    }

    private static Command SettingsList(CliApp app)
    {
        var list = new Command("list", "Show every setting");
        app.Action(list, async (cli, ct) => cli.List(await Settings.ListAsync(await cli.DatabaseAsync(ct), ct),
            new("name", s => s.Name), new("value", s => s.Value), new("what it is", s => s.Description)));
        return list;
    }

    private static Command SettingsSet(CliApp app)
    {
        var name = new Argument<string>("name") { Description = "Setting name, such as organisation_name" };
        var value = new Argument<string>("value") { Description = "New value" };
        var set = new Command("set", "Change a setting") { name, value };
        app.Action(set, async (cli, ct) =>
        {
            var s = await Settings.SetAsync(await cli.DatabaseAsync(ct), cli.Parse.GetValue(name)!, cli.Parse.GetValue(value)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"{s.Name} = {s.Value}");
        });
        return set;
    }
}
