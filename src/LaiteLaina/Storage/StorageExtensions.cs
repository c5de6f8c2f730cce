using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LaiteLaina.Storage;

public static class StorageExtensions
{
    /// <summary>Registers the database for <paramref name="location"/> (or the one a command-line verb already
    /// checked) and migrates it before the host starts serving; and the clock every feature reads.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder, DataLocation location, Database? database = null)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(location);
        if (database is not null)
            builder.Services.AddSingleton(database);
        else
            builder.Services.AddSingleton(_ => Open(location));
        builder.Services.AddHostedService<MigrateOnStart>();
        builder.Services.AddSingleton<AuditDiff>();
        return builder;
    }

    /// <summary>The service creates its data directory itself, so a first start needs no separate init.</summary>
    private static Database Open(DataLocation location)
    {
        // Allowed here: a DI factory is synchronous; it runs once, at start-up, on a thread with no synchronization
        // context, before anything is served.
#pragma warning disable RS0030
        return location.InitialiseAsync().GetAwaiter().GetResult().Db;
#pragma warning restore RS0030
    }

    private sealed class MigrateOnStart(Database db) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Migrator.MigrateAsync(db, cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
