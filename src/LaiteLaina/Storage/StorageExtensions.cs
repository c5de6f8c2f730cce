namespace LaiteLaina.Storage;

public static class StorageExtensions
{
    /// <summary>Registers the database for <paramref name="location"/> and migrates it before the host starts serving.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder, DataLocation location)
    {
        builder.Services.AddSingleton(location);
        builder.Services.AddSingleton(_ =>
        {
            // The service creates its data directory itself, so a first start needs no separate init.
            var (db, _) = location.InitialiseAsync().GetAwaiter().GetResult();
            return db;
        });
        builder.Services.AddHostedService<MigrateOnStart>();
        return builder;
    }

    private sealed class MigrateOnStart(Database db) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Migrator.MigrateAsync(db, cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
