using System.Globalization;
using LaiteLaina.Storage;

namespace LaiteLaina.Backups;

/// <summary>`laitelaina backup FILE | now | list | drill`: one copy by hand, the scheduled backup run by hand, what is
/// kept, and the restore drill.</summary>
public static class BackupCommands
{
    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(BackupCommand(app));

    /// <summary>`backup FILE`: one consistent copy of the database, written while the service runs; and the schedule's
    /// subcommands.</summary>
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
        backup.Subcommands.Add(Now(app));
        backup.Subcommands.Add(List(app));
        backup.Subcommands.Add(Drill(app));
        return backup;
    }

    private static Command Now(CliApp app)
    {
        var now = new Command("now", "Run the scheduled backup now: a checked copy into the backup folder, old ones thinned out");
        app.Action(now, async (cli, ct) =>
        {
            var run = await (await cli.GetAsync<BackupService>(ct)).RunAsync(ct);
            if (!run.Succeeded)
                throw new UserError(run.Why ?? Msg.BackupFailed.With(run.Folder, run.State), UserErrorKind.Unavailable, "backup");
            var manifest = (await BackupManifest.ReadAsync(run.Folder, ct))!;
            await cli.Out.WriteLineAsync(Msg.BackupDone.With(run.Folder, manifest.Tables.Count, manifest.Rows, manifest.Files.Count, run.Bytes / 1024)
                .Render(cli.Language));
        });
        return now;
    }

    private static Command List(CliApp app)
    {
        var list = new Command("list", "The backups kept in the backup folder, newest first");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<BackupService>(ct)).ListAsync(ct),
            new("name", b => b.Name),
            new("taken", b => b.Manifest.CreatedAt),
            new("tables", b => b.Manifest.Tables.Count.ToString(CultureInfo.InvariantCulture)),
            new("rows", b => b.Manifest.Rows.ToString(CultureInfo.InvariantCulture)),
            new("KiB", b => (b.Manifest.Bytes / 1024).ToString(CultureInfo.InvariantCulture)),
            new("folder", b => b.Folder)));
        return list;
    }

    private static Command Drill(CliApp app)
    {
        var scratch = new Argument<string>("scratch") { Description = "An empty folder to restore into (never the data directory)" };
        var drill = new Command("drill", "Restore the newest backup into a scratch folder and compare it with its manifest") { scratch };
        app.Action(drill, async (cli, ct) =>
        {
            var outcome = await (await cli.GetAsync<BackupService>(ct)).DrillAsync(cli.Parse.GetValue(scratch)!, ct);
            if (outcome.Fault is not null)
                throw new UserError(outcome.Say, UserErrorKind.Invalid, "backup");
            await cli.Out.WriteLineAsync(outcome.Say.Render(cli.Language));
        });
        return drill;
    }
}
