namespace LaiteLaina.Backups;

public static class BackupsExtensions
{
    /// <summary>The nightly backup with its settings (the "Backup" section), read and checked once at start.</summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(BackupOptions.Load(builder.Configuration));
        builder.Services.AddSingleton<BackupStore>();
        builder.Services.AddSingleton<BackupService>();
        builder.Services.AddHostedService<BackupWorker>();
        return builder;
    }
}
