using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Prometheus;

namespace LaiteLaina.Storage;

public enum Engine { Sqlite, Postgres }

/// <summary>
/// The one place that knows how to open a connection on either engine and how to run a unit of work
/// as one transaction. Every change goes through <see cref="WriteAsync{T}"/> so that the change and its
/// audit row commit together or not at all.
/// </summary>
public sealed class Database
{
    private const int BusyTimeoutSeconds = 5;

    /// <summary>Time of every unit of work, from opening the connection to commit: the one place all SQL passes, so
    /// /metrics shows the database's share of the service's time. Process-wide, like the connection pools.</summary>
    private static readonly Prometheus.Histogram Seconds = Prometheus.Metrics.CreateHistogram("laitelaina_database_seconds",
        "Time of a unit of work on the database (open, statements, commit), by read or write.",
        new Prometheus.HistogramConfiguration { LabelNames = ["operation"], Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private Database(Engine engine, string connectionString, string display)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Display = display;
    }

    public Engine Engine { get; }
    public string ConnectionString { get; }

    /// <summary>Where the data is, for messages; never includes a password.</summary>
    public string Display { get; }

    public string? SqliteFile => Engine == Engine.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    static Database() => DapperSetup.Configure();

    public static Database Sqlite(string file)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutSeconds,
            Pooling = true,
        };
        return new Database(Engine.Sqlite, builder.ToString(), file);
    }

    public static Database Postgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            // No session state outlives a unit of work here (advisory locks are transaction-scoped, nothing is SET or
            // prepared by hand), so a pooled connection need not be reset with DISCARD ALL each time it is taken: that
            // was a fourth of the statements the desk look-up sent.
            builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
            // Every statement here is sent as an unnamed one, so PostgreSQL parsed and planned it each time: planning the
            // device joins took 1-1.4 ms against 0.1 ms to run them, 5 ms of the database's CPU per desk look-up.
            // Npgsql prepares the statements a connection sends often, and PostgreSQL then keeps their plans.
            if (builder.MaxAutoPrepare == 0)
                builder.MaxAutoPrepare = 64;
        }
        catch (ArgumentException e)
        {
            throw UserError.Invalid("database", Msg.DatabaseConnectionStringValue, Msg.DatabaseConnectionString.With(e.Message));
        }
        return new Database(Engine.Postgres, builder.ToString(), $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}");
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = Engine == Engine.Sqlite ? new SqliteConnection(ConnectionString) : NewPostgresConnection();
        try
        {
            await connection.OpenAsync(ct);
            if (connection is SqliteConnection sqlite)
            {
                // SQLite's own lower() folds only A–Z; Finnish and Swedish names need ä, ö and å folded too, as
                // PostgreSQL does, so that "itä" finds site ITÄ on both engines.
                sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
                // busy_timeout makes a second writer wait instead of failing at once; synchronous=NORMAL
                // is safe with WAL (a power cut loses at most the last commits, never corrupts); secure_delete
                // zeroes what a delete or an update frees, so that an erased name does not live on in the file.
                await connection.ExecuteAsync("PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;");
            }
            return connection;
        }
        catch (Exception e) when (IsDatabaseProblem(e))
        {
            await connection.DisposeAsync();
            throw Explain(e);
        }
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct = default)
    {
        using var timer = Seconds.WithLabels("read").NewTimer();
        await using var connection = await OpenAsync(ct);
        try
        {
            return await work(connection);
        }
        catch (Exception e) when (IsDatabaseProblem(e))
        {
            throw Explain(e);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; nothing is kept if it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        using var timer = Seconds.WithLabels("write").NewTimer();
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(ct);
            try
            {
                // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE, so the write lock is taken up front and two writers
                // queue on busy_timeout instead of deadlocking on a read-to-write upgrade. PostgreSQL: read committed;
                // rows that must not race (counters, a device's open loan) are guarded by row locks and unique indexes.
                await using var tx = await connection.BeginTransactionAsync(
                    Engine == Engine.Sqlite ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted, ct);
                var result = await work(connection, tx);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbException e) when (Engine == Engine.Postgres && attempt < 3 && IsRetryable(e))
            {
                // A deadlock or serialisation failure rolled everything back; the whole unit of work can run again.
            }
            catch (Exception e) when (IsDatabaseProblem(e))
            {
                throw Explain(e);
            }
        }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct = default) =>
        WriteAsync<bool>(async (c, t) => { await work(c, t); return true; }, ct);

    // Npgsql's types are named only in the methods below, which are never inlined: a method that names a type loads its
    // assembly when it is compiled, and an office on SQLite then carried Npgsql's 2.6 MB in every process for nothing.
    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "A signature naming Npgsql's type loads it where this is called.")]
    private DbConnection NewPostgresConnection() => new NpgsqlConnection(ConnectionString);

    private static bool IsDatabaseProblem(Exception e) => e is SqliteException || (e is DbException && IsNpgsql(e));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsNpgsql(Exception e) => e is NpgsqlException;

    /// <summary>A deadlock or a serialisation failure: PostgreSQL rolled everything back and the work may run again.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsRetryable(DbException e) => e is PostgresException { SqlState: "40001" or "40P01" };

    /// <summary>Turns the engine's error into one line a person can act on.</summary>
    private Exception Explain(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } =>
            new UserError(Msg.DatabaseLocked.With(Display, BusyTimeoutSeconds), UserErrorKind.Unavailable, "database"),
        SqliteException { SqliteErrorCode: 8 } =>
            new UserError(Msg.DatabaseReadOnly.With(Display), UserErrorKind.Unavailable, "database"),
        SqliteException { SqliteErrorCode: 26 } =>
            new UserError(Msg.DatabaseNotSqlite.With(Display), UserErrorKind.Unavailable, "database"),
        SqliteException { SqliteErrorCode: 14 } =>
            new UserError(Msg.DatabaseCannotOpen.With(Display), UserErrorKind.Unavailable, "database"),
        SqliteException { SqliteErrorCode: 13 } =>
            new UserError(Msg.DatabaseDiskFull.With(Display), UserErrorKind.Unavailable, "database"),
        SqliteException { SqliteErrorCode: 10 } =>
            new UserError(Msg.DatabaseIoError.With(Display), UserErrorKind.Unavailable, "database"),
        SqliteException { SqliteErrorCode: 19 } sqlite when sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal) =>
            Duplicate(sqlite.Message[(sqlite.Message.LastIndexOf(':') + 1)..].Trim().TrimEnd('.', '\'')),
        PostgresException { SqlState: "23505" } pg => Duplicate(pg.ConstraintName ?? pg.TableName ?? "a unique index"),
        PostgresException { SqlState: "3D000" } =>
            new UserError(Msg.DatabaseMissing.With(Display), UserErrorKind.Unavailable, "database"),
        PostgresException { SqlState: "28P01" or "28000" } =>
            new UserError(Msg.DatabaseLoginRefused.With(Display), UserErrorKind.Unavailable, "database"),
        PostgresException { SqlState: "53300" or "57P01" or "57P02" or "57P03" } =>
            new UserError(Msg.DatabaseNotAccepting.With(Display), UserErrorKind.Unavailable, "database"),
        PostgresException { SqlState: "40001" or "40P01" } =>
            new UserError(Msg.DatabaseConcurrentChange, UserErrorKind.Conflict, "database"),
        NpgsqlException { InnerException: TimeoutException } =>
            new UserError(Msg.DatabaseBusy.With(Display), UserErrorKind.Unavailable, "database"),
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException } =>
            new UserError(Msg.DatabaseUnreachable.With(Display), UserErrorKind.Unavailable, "database"),
        _ => e,
    };

    /// <summary>A unique index refused the change; <paramref name="what"/> names the index or the table.column, which callers may match on.</summary>
    private static UserError Duplicate(string what) =>
        new(Msg.DatabaseDuplicate.With(what), UserErrorKind.Conflict, what);
}
