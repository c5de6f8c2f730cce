using LaiteLaina.Storage;
using System.CommandLine;
using LaiteLaina.Cli;

namespace LaiteLaina;

public static class StorageCommands
{
    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(BackupCommand(app));
        root.Subcommands.Add(RestoreCommand(app));
        root.Subcommands.Add(SettingsCommand(app));
    }

    private static Command SettingsCommand(CliApp app) => new("settings", "The office's settings: organisation on agreements and labels, tag prefix, loan rules")
    {
        SettingsList(app),
        SettingsSet(app),
    };

    private static Command BackupCommand(CliApp app)
    {
        var backupFile = new Argument<string>("file") { Description = "Where to write the copy" };
        var backup = new Command("backup", "Write a consistent copy of the database while the service runs") { backupFile };
        app.Action(backup, async (cli, ct) =>
        {
            var db = await cli.DatabaseAsync(ct);
            var bytes = await Backup.CreateAsync(db, cli.Parse.GetValue(backupFile)!, ct);
            await cli.Out.WriteLineAsync($"Backup written to {Path.GetFullPath(cli.Parse.GetValue(backupFile)!)} ({bytes / 1024} KiB).");
        });
        return backup;
    }

    private static Command RestoreCommand(CliApp app)
    {
        var restoreFile = new Argument<string>("file") { Description = "A file written by 'laitelaina backup'" };
        var restore = new Command("restore", "Replace the database with a backup") { restoreFile };
        app.Action(restore, async (cli, ct) =>
        {
            var (db, _) = await cli.Location.InitialiseAsync(ct);
            await Backup.RestoreAsync(db, cli.Parse.GetValue(restoreFile)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Database {db.Display} restored from {cli.Parse.GetValue(restoreFile)}.");
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
