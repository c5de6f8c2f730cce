using System.Data;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapper;

namespace LaiteLaina.Storage;

public sealed record AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string RecordType { get; init; }
    public long? RecordId { get; init; }
    public string? RecordKey { get; init; }
    public string? BeforeJson { get; init; }
    public string? AfterJson { get; init; }
}

/// <summary>
/// The append-only record of who changed what. Rows are written with the caller's connection and
/// transaction, so a change without its audit row cannot be committed; triggers refuse updates and deletes.
/// </summary>
public static class AuditLog
{
    private const string InsertSql = """
        INSERT INTO audit_log (at, actor, action, record_type, record_id, record_key, before_json, after_json)
        VALUES (@At, @Actor, @Action, @RecordType, @RecordId, @RecordKey, @BeforeJson, @AfterJson)
        """;

    public static Task AppendAsync(DbConnection c, DbTransaction tx, string actor, string action,
        string recordType, long? recordId, string? recordKey, object? before, object? after) =>
        c.ExecuteAsync(InsertSql,
            new
            {
                At = DateTimeOffset.UtcNow,
                Actor = actor,
                Action = action,
                RecordType = recordType,
                RecordId = recordId,
                RecordKey = recordKey,
                BeforeJson = before is null ? null : Serialize(before),
                AfterJson = after is null ? null : Serialize(after),
            }, tx);

    /// <summary><see cref="AppendAsync"/> for many records in one transaction (an import), with one prepared statement.</summary>
    internal sealed class Appender(PreparedCommand command) : IAsyncDisposable
    {
        public static async Task<Appender> CreateAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
            new(await PreparedCommand.CreateAsync(c, tx, InsertSql,
            [
                ("At", DbType.DateTimeOffset), ("Actor", DbType.String), ("Action", DbType.String), ("RecordType", DbType.String),
                ("RecordId", DbType.Int64), ("RecordKey", DbType.String), ("BeforeJson", DbType.String), ("AfterJson", DbType.String),
            ], ct));

        public Task AppendAsync(string actor, string action, string recordType, long recordId, string recordKey, object after, CancellationToken ct)
        {
            command.Set(0, DateTimeOffset.UtcNow);
            command.Set(1, actor);
            command.Set(2, action);
            command.Set(3, recordType);
            command.Set(4, recordId);
            command.Set(5, recordKey);
            command.Set(6, null);
            command.Set(7, new PreparedCommand.Utf8Text(JsonSerializer.SerializeToUtf8Bytes(after, Options)));
            return command.ExecuteAsync(ct);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>How a record is kept in before_json and after_json: as the API shows it, but a
    /// <see cref="PersonalTextAttribute"/> field only as "changed".</summary>
    public static string Serialize(object record) => JsonSerializer.Serialize(record, Options);

    private static readonly JsonSerializerOptions Options = new(Json.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutPersonalText } },
    };

    private static void WithoutPersonalText(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get || property.AttributeProvider?.IsDefined(typeof(PersonalTextAttribute), inherit: true) != true)
                continue;
            property.Get = record => get(record) is null ? null : PersonalTextAttribute.Written;
        }
    }

    public static async Task<IReadOnlyList<AuditEntry>> ForRecordAsync(Database db, string recordType, long recordId, CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<AuditEntry>("""
            SELECT id, at, actor, action, record_type, record_id, record_key, before_json, after_json
            FROM audit_log WHERE record_type = @recordType AND record_id = @recordId ORDER BY id
            """, new { recordType, recordId }), ct)).AsList();
}
