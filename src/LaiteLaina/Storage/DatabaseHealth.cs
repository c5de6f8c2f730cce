using System.Data.Common;

namespace LaiteLaina.Storage;

/// <summary>The database as /readyz and `laitelaina doctor` see it: reachable, initialised, at this program's schema.</summary>
public sealed record DatabaseHealth(bool Ready, string Code, Message? Problem, int? Version)
{
    /// <summary>Long enough for a PostgreSQL on the office network to answer, short enough for a load balancer's probe.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Never throws for a database problem: an unreachable database is the answer, not an error. A SQLite
    /// file that is gone is reported without opening it, because opening would create an empty one in its place.</summary>
    public static async Task<DatabaseHealth> CheckAsync(Database db, CancellationToken ct)
    {
        if (db.SqliteFile is { } file && !File.Exists(file))
            return new(false, "database-missing", Msg.DatabaseNoneHere.With(file), null);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        IReadOnlySet<int>? applied;
        try
        {
            applied = await Migrator.AppliedAsync(db, limit.Token);
        }
        catch (UserError e) when (e.Kind == UserErrorKind.Unavailable)
        {
            return new(false, "database-unavailable", e.Text, null);
        }
        catch (Exception e) when (e is DbException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Npgsql reports a connection that gives up at the time limit as a cancellation or a timeout.
            return new(false, "database-unreachable", Msg.DatabaseUnreachable.With(db.Display), null);
        }
        if (applied is null || applied.Count == 0)
            return new(false, "database-not-initialised", Msg.DatabaseNoSchemaVersion.With(db.Display), null);
        var version = applied.Max();
        if (version > Migrator.Latest)
            return new(false, "database-newer", Msg.DatabaseNewer.With(db.Display, version, Migrator.Latest), version);
        if (Migrator.All.Any(m => !applied.Contains(m.Version)))
            return new(false, "database-not-migrated", Msg.DatabaseNotMigrated.With(db.Display, version, Migrator.Latest), version);
        return new(true, "ready", null, version);
    }
}
