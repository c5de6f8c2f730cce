using System.Globalization;

namespace LaiteLaina.Backups;

/// <summary>The "Backup" section of the data directory's appsettings.json: where the nightly copies go, when, and how
/// many of each age are kept. The defaults keep a week of days, a month of weeks and a year of months.</summary>
public sealed class BackupOptions
{
    /// <summary>Where the runs are written, one folder each; relative to the data directory; default DATA/backups.</summary>
    public string? Folder { get; set; }
    public int KeepDaily { get; set; } = 7;
    public int KeepWeekly { get; set; } = 4;
    public int KeepMonthly { get; set; } = 12;
    /// <summary>Local time of day of the nightly run, HH:mm; at night the desk is closed and the copy competes with nobody.</summary>
    public string At { get; set; } = "02:30";

    public TimeOnly Time => TimeOnly.ParseExact(At, "HH:mm", CultureInfo.InvariantCulture);

    public string FolderIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, Folder ?? "backups"));

    public static BackupOptions Load(IConfiguration configuration)
    {
        var options = StrictConfiguration.Bind(configuration, configuration.GetSection("Backup"), new BackupOptions());
        foreach (var (name, value) in new[] { ("KeepDaily", options.KeepDaily), ("KeepWeekly", options.KeepWeekly), ("KeepMonthly", options.KeepMonthly) })
        {
            if (value is < 0 or > 1000)
                throw UserError.Invalid("Backup:" + name, value.ToString(CultureInfo.InvariantCulture), Msg.SettingBackupKeep);
        }
        if (!TimeOnly.TryParseExact(options.At, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw UserError.Invalid("Backup:At", options.At, Msg.SettingBackupAt);
        return options;
    }
}
