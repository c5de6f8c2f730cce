using System.Runtime.CompilerServices;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Audit;

/// <summary>What the audit-log page filters by. <see cref="Record"/> is "type" or "type:id-or-key" (device:LL-000042, loan:LN-000007, borrower:12).</summary>
public sealed record AuditLogFilter
{
    public string? Actor { get; init; }
    public string? Record { get; init; }
    public string? Action { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
}

/// <summary>
/// Reading the audit log: newest first, filtered by person, record, action and date, a page at a time or streamed
/// whole for an export. Without personal data (a volunteer's view) the before and after snapshots of borrowers and
/// loans are left out, since they tell who borrowed what.
/// </summary>
public sealed class AuditLogSearch(Database db)
{
    private static readonly HashSet<string> PersonalRecords = ["borrower", "loan", "reservation"];

    public Task<IReadOnlyList<AuditEntry>> PageAsync(AuditLogFilter filter, bool withPersonalData, long? beforeId = null, int pageSize = 100, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            NumberRange.PageSize.Check(pageSize);
            var (where, p) = Where(filter);
            if (beforeId is not null)
            {
                where += " AND id < @beforeId";
                p.Add("beforeId", beforeId);
            }
            p.Add("take", pageSize);
            var rows = await c.QueryAsync<AuditEntry>(new CommandDefinition(Select + where + " ORDER BY id DESC LIMIT @take", p, cancellationToken: ct));
            return (IReadOnlyList<AuditEntry>)rows.Select(e => Shown(e, withPersonalData)).ToList();
        }, ct);

    /// <summary>How many entries match, whatever page is shown.</summary>
    public Task<long> CountAsync(AuditLogFilter filter, CancellationToken ct = default) =>
        db.ReadAsync(c =>
        {
            var (where, p) = Where(filter);
            return c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM audit_log" + where, p, cancellationToken: ct));
        }, ct);

    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditLogFilter filter, bool withPersonalData, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var (where, p) = Where(filter);
        await using var c = await db.OpenAsync(ct);
        await foreach (var e in c.QueryUnbufferedAsync<AuditEntry>(Select + where + " ORDER BY id DESC", p).WithCancellation(ct))
            yield return Shown(e, withPersonalData);
    }

    /// <summary>Throws the <see cref="UserError"/> a bad date would give, before a streamed export starts writing.</summary>
    public static void Check(AuditLogFilter filter) => Where(filter);

    public static readonly Column<AuditEntry>[] Columns =
    [
        new("id", e => e.Id), new("at", e => e.At), new("actor", e => e.Actor), new("action", e => e.Action), new("record", e => e.RecordType),
        new("record id", e => e.RecordId), new("key", e => e.RecordKey), new("before", e => e.BeforeJson), new("after", e => e.AfterJson),
    ];

    private const string Select = "SELECT id, at, actor, action, record_type, record_id, record_key, before_json, after_json FROM audit_log";

    private static AuditEntry Shown(AuditEntry e, bool withPersonalData) =>
        withPersonalData || !PersonalRecords.Contains(e.RecordType) ? e : e with { BeforeJson = null, AfterJson = null };

    private static (string Where, DynamicParameters Parameters) Where(AuditLogFilter f)
    {
        var where = new List<string> { "1 = 1" };
        var p = new DynamicParameters();
        if (Parse.Text(f.Actor) is { } actor)
        {
            // The CLI records "cli:maija"; a manager looking for Maija means both her web and her command-line work.
            where.Add("(actor = @actor OR actor = @cliActor)");
            p.Add("actor", actor);
            p.Add("cliActor", "cli:" + actor);
        }
        if (Parse.Text(f.Action) is { } action)
        {
            // "loan" finds loan.out, loan.return, ...; "loan.return" only that.
            where.Add(action.Contains('.', StringComparison.Ordinal) ? "action = @action" : "action LIKE @actionPrefix");
            p.Add("action", action.ToLowerInvariant());
            p.Add("actionPrefix", action.ToLowerInvariant() + ".%");
        }
        if (Parse.Text(f.Record) is { } record)
        {
            var colon = record.IndexOf(':', StringComparison.Ordinal);
            var type = (colon < 0 ? record : record[..colon]).Trim().ToLowerInvariant();
            where.Add("record_type = @type");
            p.Add("type", type);
            if (colon >= 0)
            {
                var key = record[(colon + 1)..].Trim();
                if (long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    where.Add("record_id = @id");
                    p.Add("id", id);
                }
                else
                {
                    where.Add("upper(record_key) = upper(@key)");
                    p.Add("key", key);
                }
            }
        }
        if (Parse.Date("from", f.From) is { } from)
        {
            where.Add("at >= @from");
            p.Add("from", new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }
        if (Parse.Date("to", f.To) is { } to)
        {
            where.Add("at < @to");
            p.Add("to", new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }
        return (" WHERE " + string.Join(" AND ", where), p);
    }
}
