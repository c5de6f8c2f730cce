using System.Data.Common;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Hardware;

public enum PrintJobState { Queued, Printing, Printed, Failed, Cancelled }

public sealed record PrintJob
{
    public long Id { get; init; }
    public long? DeviceId { get; init; }
    public required string Tag { get; init; }
    public required string Printer { get; init; }
    public int Copies { get; init; }
    public LabelLanguage Language { get; init; }
    public PrintJobState State { get; init; }
    public int Attempts { get; init; }
    /// <summary>Why the last attempt did not print, as stored (<see cref="StoredText"/>); a page reads it with <see cref="StoredText.Render"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? StoredLastError { get; init; }
    /// <summary>The English text, for the API, the command line and the logs.</summary>
    public string? LastError => StoredText.English(StoredLastError);
    public DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? PrintedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public long? ReprintOf { get; init; }

    /// <summary>The site of the service that queued the job, whose printer prints it; null for a service of no site. The
    /// print queue names it when it lists every site's jobs.</summary>
    public long? SiteId { get; init; }

    public string? SiteCode { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string Payload { get; init; } = "";
}

/// <summary>
/// The persistent label queue. A job is rendered when it is queued (so it prints what the device was then) and
/// lives in the database until it is printed, cancelled or given up on; the <see cref="PrintQueueWorker"/> claims
/// jobs with one conditional UPDATE so that a job prints once even with two services on one PostgreSQL database.
/// A job belongs to the site of the process that queued it (<see cref="ServiceSite"/>) and only that site's service
/// prints it: two offices may both call their printer "desk", and each office's labels come out at its own desk.
/// </summary>
#pragma warning disable CA1711 // It is a queue: "PrintQueue" is the word the people who use it say.
public sealed class PrintQueue(Database db, HardwareSettings hardware, ServiceSite? site = null) : ILabelPrinter
#pragma warning restore CA1711
{
    // One pending wake-up is enough: the worker drains every due job each time it wakes.
    private readonly System.Threading.Channels.Channel<bool> wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    private static readonly string Columns = """
        id, device_id, tag, printer, copies, language, payload, state, attempts, last_error AS stored_last_error, next_attempt_at, created_at,
        created_by, printed_at, cancelled_at, reprint_of
        """ + ", " + ServiceSite.Columns("print_jobs");

    public Database Database => db;

    /// <summary>The site of this process; none for a queue built without one (a one-office test or bench).</summary>
    private Task<long?> SiteIdAsync(DbConnection c, DbTransaction? tx) => site?.IdAsync(c, tx) ?? Task.FromResult<long?>(null);

    /// <summary>Completes when a job was queued in this process, so the worker need not wait for its next poll.</summary>
    public async Task WaitForWorkAsync(TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(poll);
        try
        {
            await wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The poll interval passed: look for due retries.
        }
    }

    private void Wake() => wake.Writer.TryWrite(true);

    public async Task<PrintJob> EnqueueAsync(string tag, int copies, string? printerName, string actor, CancellationToken ct = default)
    {
        if (copies is < 1 or > 100)
            throw CopiesRefused(copies.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // An empty tag is a box left empty, not a device that is missing: say so, not "not found: device ''".
        if (string.IsNullOrWhiteSpace(tag))
            throw UserError.Invalid("tag", "", Msg.PrintTagMissing);
        var printer = hardware.Printer(printerName);
        var job = await db.WriteAsync(async (c, tx) =>
        {
            var device = await DeviceStore.ResolveAsync(c, tx, tag);
            var label = await LabelForAsync(c, tx, device);
            var bytes = printer.Language switch
            {
                LabelLanguage.Zpl => ZplLabel.Encode(label, printer.LabelSize, printer.Dpi, copies),
                LabelLanguage.BrotherQl => BrotherQlLabel.Encode(label, printer.Media!, printer.LabelSize, copies),
                _ => EscPosLabel.Encode(label, printer.LabelSize, printer.Dpi, copies, printer.Rendering),
            };
            return await InsertAsync(c, tx, await SiteIdAsync(c, tx), new PrintJob
            {
                DeviceId = device.Id, Tag = device.Tag, Printer = printer.Name, Copies = copies, Language = printer.Language,
                Payload = Convert.ToBase64String(bytes), CreatedBy = actor,
            });
        }, ct);
        Wake();
        return job;
    }

    /// <summary>How many labels a form's box asks for: empty is one (the box's hint says so), a whole number as typed;
    /// anything else ("kaksi", "2.5") is refused naming the box and the value, never printed as one.</summary>
    public static int CopiesOf(string? text) =>
        Parse.Text(text) is not { } given ? 1
        : int.TryParse(given, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var copies) ? copies
        : throw CopiesRefused(given);

    private static UserError CopiesRefused(string given) => UserError.Invalid("copies", given, Msg.PrintCopies);

    async Task<string> ILabelPrinter.PrintLabelAsync(string tag, string actor, CancellationToken ct) =>
        (await EnqueueAsync(tag, 1, null, actor, ct)).Printer;

    /// <summary>A new job with the same label, whatever became of the old one: a torn or lost label is printed again.</summary>
    public async Task<PrintJob> ReprintAsync(long id, string actor, CancellationToken ct = default)
    {
        var job = await db.WriteAsync(async (c, tx) =>
        {
            var old = await GetAsync(c, tx, id);
            return await InsertAsync(c, tx, await SiteIdAsync(c, tx), old with { Id = 0, CreatedBy = actor, ReprintOf = old.Id });
        }, ct);
        Wake();
        return job;
    }

    public Task<PrintJob> CancelAsync(long id, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var job = await GetAsync(c, tx, id);
            // Only a job nobody is printing can be cancelled; a printing one may already be on paper.
            var changed = await c.ExecuteAsync("""
                UPDATE print_jobs SET state = 'Cancelled', cancelled_at = @now WHERE id = @id AND state IN ('Queued', 'Failed')
                """, new { id, now = DateTimeOffset.UtcNow }, tx);
            if (changed == 0)
                throw new UserError(Msg.PrintNotCancellable.With(id, job.State), UserErrorKind.Conflict, "job");
            await AuditLog.AppendAsync(c, tx, actor, "label.cancel", "print_job", id, job.Tag, null, null);
            return await GetAsync(c, tx, id);
        }, ct);

    public Task<PrintJob> GetAsync(long id, CancellationToken ct = default) => db.ReadAsync(c => GetAsync(c, null, id), ct);

    /// <summary>Every print job, newest first; with a <paramref name="siteId"/>, only the jobs that site's service made.</summary>
    public SqlList<PrintJob> ListOf(long? siteId = null) =>
        new(db, $"SELECT {Columns} FROM print_jobs WHERE 1 = 1{ServiceSite.Filter(siteId)}", "id DESC", new { site = siteId });

    public async Task<IReadOnlyList<PrintJob>> ListAsync(int limit = 50, CancellationToken ct = default)
    {
        NumberRange.Limit.Check(limit);
        return (await db.ReadAsync(c => c.QueryAsync<PrintJob>(
            $"SELECT {Columns} FROM print_jobs ORDER BY id DESC LIMIT @limit", new { limit }), ct)).AsList();
    }

    /// <summary>
    /// Takes the oldest due job of these printers and this process's site, or null. On PostgreSQL the row is locked
    /// with SKIP LOCKED, so a second service of the same site takes the next job instead of waiting for this one; the
    /// UPDATE re-checks state = 'Queued' all the same. On SQLite the write transaction serialises claims anyway.
    /// </summary>
    public Task<PrintJob?> ClaimAsync(IReadOnlyCollection<string> printers, string worker, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            var siteId = await SiteIdAsync(c, tx);
            var id = await c.ExecuteScalarAsync<long?>("""
                SELECT id FROM print_jobs WHERE state = 'Queued' AND next_attempt_at <= @now AND printer IN PRINTERS SITE
                ORDER BY next_attempt_at, id LIMIT 1 LOCKING
                """.Replace("PRINTERS", db.Engine == Engine.Postgres
                    ? "(SELECT jsonb_array_elements_text(CAST(@json AS jsonb)))"
                    : "(SELECT value FROM json_each(@json))", StringComparison.Ordinal)
                    .Replace("SITE", ServiceSite.Filter(siteId), StringComparison.Ordinal)
                    .Replace("LOCKING", db.Engine == Engine.Postgres ? "FOR UPDATE SKIP LOCKED" : "", StringComparison.Ordinal),
                new { now, json = System.Text.Json.JsonSerializer.Serialize(printers), site = siteId }, tx);
            if (id is null)
                return null;
            return await c.QuerySingleOrDefaultAsync<PrintJob>($"""
                UPDATE print_jobs SET state = 'Printing', attempts = attempts + 1, claimed_at = @now, claimed_by = @worker
                WHERE id = @id AND state = 'Queued'
                RETURNING {Columns}
                """, new { id, now, worker }, tx);
        }, ct);

    public Task MarkPrintedAsync(long id, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE print_jobs SET state = 'Printed', printed_at = @now, last_error = NULL WHERE id = @id AND state = 'Printing'",
            new { id, now = DateTimeOffset.UtcNow }, tx), ct);

    /// <summary>The printer could not take it now: back in the queue with the reason, after a back-off, unless the
    /// attempts are used up.</summary>
    public Task RetryLaterAsync(PrintJob job, Message reason, CancellationToken ct = default)
    {
        var queue = hardware.Queue;
        if (queue.MaxAttempts > 0 && job.Attempts >= queue.MaxAttempts)
            return FailAsync(job.Id, Msg.PrinterGaveUp.With(reason, job.Attempts), ct);
        return db.WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE print_jobs SET state = 'Queued', last_error = @reason, next_attempt_at = @next WHERE id = @id AND state = 'Printing'",
            new { id = job.Id, reason = StoredText.Store(reason), next = DateTimeOffset.UtcNow + queue.Backoff(job.Attempts) }, tx), ct);
    }

    public Task FailAsync(long id, Message reason, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE print_jobs SET state = 'Failed', last_error = @reason WHERE id = @id AND state = 'Printing'",
            new { id, reason = StoredText.Store(reason) }, tx), ct);

    /// <summary>
    /// A job left 'Printing' means the service stopped between claiming and finishing it; whether the label came out
    /// is unknown. It goes back to the queue: a second label is a small waste, a device without one is lost track of.
    /// Only this service's printers of this service's site are touched, since another site's service may be printing
    /// its own jobs right now (on a printer that may well have the same name).
    /// </summary>
    public Task<int> RequeueInterruptedAsync(IReadOnlyCollection<string> printers, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var count = 0;
            var siteId = await SiteIdAsync(c, tx);
            foreach (var printer in printers)
            {
                count += await c.ExecuteAsync("""
                    UPDATE print_jobs SET state = 'Queued', last_error = @reason
                    WHERE state = 'Printing' AND printer = @printer
                    """ + ServiceSite.Filter(siteId), new { printer, reason = StoredText.Store(Msg.PrinterStoppedWhilePrinting), site = siteId }, tx);
            }
            return count;
        }, ct);

    private static async Task<PrintJob> GetAsync(DbConnection c, DbTransaction? tx, long id) =>
        await c.QuerySingleOrDefaultAsync<PrintJob>($"SELECT {Columns} FROM print_jobs WHERE id = @id", new { id }, tx)
            ?? throw UserError.NotFound("print job", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<PrintJob> InsertAsync(DbConnection c, DbTransaction tx, long? siteId, PrintJob job)
    {
        var now = DateTimeOffset.UtcNow;
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO print_jobs (device_id, tag, printer, copies, language, payload, state, attempts, next_attempt_at, created_at, created_by, reprint_of, site_id)
            VALUES (@DeviceId, @Tag, @Printer, @Copies, @Language, @Payload, 'Queued', 0, @now, @now, @CreatedBy, @ReprintOf, @siteId)
            RETURNING id
            """, new { job.DeviceId, job.Tag, job.Printer, job.Copies, Language = job.Language.ToString(), job.Payload, now, job.CreatedBy, job.ReprintOf, siteId }, tx);
        await AuditLog.AppendAsync(c, tx, job.CreatedBy, job.ReprintOf is null ? "label.print" : "label.reprint", "print_job", id, job.Tag, null,
            new { job.Tag, job.Printer, job.Copies, job.ReprintOf });
        return await GetAsync(c, tx, id);
    }

    /// <summary>What the label shows, in the office's language: the owner line (label_organisation, else the
    /// organisation's name), the kind in that language's word, the model, and the return line.</summary>
    public static async Task<AssetLabel> LabelForAsync(DbConnection c, DbTransaction? tx, Device device)
    {
        var settings = await Settings.ReadAsync(c, tx);
        var model = string.Join(' ', new[] { device.Make, device.Model }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new AssetLabel(device.Tag, settings.LabelOwner, DocumentWords.Kind(device.Kind, settings.OfficeLanguage), model, settings.ReturnLine);
    }
}
