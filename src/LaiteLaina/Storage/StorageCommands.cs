using System.CommandLine;
using Dapper;
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
            var (db, applied) = await cli.Location.InitialiseAsync(ct);
            if (cli.Parse.GetValue(tagPrefix) is { } prefix)
            {
                if (prefix.Length is 0 or > 8 || !prefix.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
                    throw UserError.Invalid("tag-prefix", prefix, "1 to 8 letters, digits or dashes, such as LL-");
                await db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE settings SET value = @prefix WHERE name = 'tag_prefix'", new { prefix = prefix.ToUpperInvariant() }, tx), ct);
            }
            await cli.Out.WriteLineAsync(applied.Count == 0
                ? $"Database {db.Display} is up to date (schema version {Migrator.Latest})."
                : $"Database {db.Display} initialised (schema version {Migrator.Latest}).");
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
            await Backup.RestoreAsync(db, cli.Parse.GetValue(restoreFile)!, ct);
            await cli.Out.WriteLineAsync($"Database {db.Display} restored from {cli.Parse.GetValue(restoreFile)}.");
        });
        root.Subcommands.Add(restore);
    }
}
