using System.CommandLine;
using LaiteLaina.Cli;

namespace LaiteLaina.Storage;

public static class StorageCommands
{
    public static void Add(CliApp app, RootCommand root)
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
            if (await new Users.UserService(db, TimeProvider.System).EnsureFirstAdminAsync(cli.Actor, ct) is { } first)
                await cli.Out.WriteLineAsync($"Administrator '{first.User.Name}' created with the password {first.Password} (shown only now; to be changed at first sign-in).");
        });
        root.Subcommands.Add(init);

        var backupFile = new Argument<string>("file") { Description = "Where to write the copy" };
        var backup = new Command("backup", "Write a consistent copy of the database while the service runs") { backupFile };
        app.Action(backup, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            var bytes = await Backup.CreateAsync(db, cli.Parse.GetValue(backupFile)!, ct);
            await cli.Out.WriteLineAsync($"Backup written to {Path.GetFullPath(cli.Parse.GetValue(backupFile)!)} ({bytes / 1024} KiB).");
        });
        root.Subcommands.Add(backup);

        var restoreFile = new Argument<string>("file") { Description = "A file written by 'laitelaina backup'" };
        var restore = new Command("restore", "Replace the database with a backup") { restoreFile };
        app.Action(restore, async (cli, ct) =>
        {
            var (db, _) = await cli.Location.InitialiseAsync(ct);
            await Backup.RestoreAsync(db, cli.Parse.GetValue(restoreFile)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Database {db.Display} restored from {cli.Parse.GetValue(restoreFile)}.");
        });
        root.Subcommands.Add(restore);

        var settings = new Command("settings", "The office's settings: organisation on agreements and labels, tag prefix, loan rules");
        var list = new Command("list", "Show every setting");
        app.Action(list, async (cli, ct) => cli.List(await Settings.ListAsync(await cli.DatabaseAsync(ct), ct),
            new("name", s => s.Name), new("value", s => s.Value), new("what it is", s => s.Description)));
        settings.Subcommands.Add(list);
        var name = new Argument<string>("name") { Description = "Setting name, such as organisation_name" };
        var value = new Argument<string>("value") { Description = "New value" };
        var set = new Command("set", "Change a setting") { name, value };
        app.Action(set, async (cli, ct) =>
        {
            var s = await Settings.SetAsync(await cli.DatabaseAsync(ct), cli.Parse.GetValue(name)!, cli.Parse.GetValue(value)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"{s.Name} = {s.Value}");
        });
        settings.Subcommands.Add(set);
        root.Subcommands.Add(settings);
    }
}
