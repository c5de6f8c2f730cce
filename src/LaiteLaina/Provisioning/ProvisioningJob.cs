using LaiteLaina.Inventory;
using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

public enum JobState { Queued, Running, NeedsPerson, Gone, Failed, Interrupted, Cancelled, Done }

public enum StepState { Pending, Running, Done, Skipped, NeedsPerson, Gone, Failed, Interrupted, Cancelled }

public enum IntakeState { Pending, Registered, Ignored }

public sealed record ProvisioningStep
{
    public long JobId { get; init; }
    public int Position { get; init; }
    public required string Name { get; init; }
    public StepState State { get; init; }
    public int Progress { get; init; }
    /// <summary>What the step said, as stored (<see cref="StoredText"/>): read it with <see cref="Text"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? StoredMessage { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public string? StoredInstruction { get; init; }
    /// <summary>The English text, for the API, the command line and the logs.</summary>
    public string? Message => StoredText.English(StoredMessage);
    public string? Instruction => StoredText.English(StoredInstruction);
    public int Attempts { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long? DurationMs { get; init; }
}

public sealed record ProvisioningJob
{
    public long Id { get; init; }
    public long? DeviceId { get; init; }
    public string? Tag { get; init; }
    public required string AdbSerial { get; init; }
    public string? SerialNumber { get; init; }
    public string? Profile { get; init; }
    public JobState State { get; init; }
    public string? Step { get; init; }
    /// <summary>What the job said last, as stored (<see cref="StoredText"/>): a page reads it in its reader's language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? StoredMessage { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public string? StoredInstruction { get; init; }
    /// <summary>The English text, for the API, the command line and the logs.</summary>
    public string? Message => StoredText.English(StoredMessage);
    public string? Instruction => StoredText.English(StoredInstruction);
    /// <summary>A warning that did not stop the job (a tablet past its last security update), as stored; kept while later
    /// steps replace the message.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? StoredWarning { get; init; }
    public string? Warning => StoredText.English(StoredWarning);
    public string? Facts { get; init; }
    public bool CancelRequested { get; init; }
    public string? Runner { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The site of the service that made the job, whose station the tablet is plugged into; null for a service of
    /// no site. The board names it when it lists every site's jobs.</summary>
    public long? SiteId { get; init; }

    public string? SiteCode { get; init; }

    public IReadOnlyList<ProvisioningStep> Steps { get; init; } = [];

    /// <summary>Overall progress: finished steps count whole, the running one by its own percentage.</summary>
    public int Progress => Steps.Count == 0 ? 0
        : (int)Math.Round(Steps.Sum(s => s.State is StepState.Done or StepState.Skipped ? 100 : s.State == StepState.Running ? s.Progress : 0) / (double)Steps.Count);

    public IReadOnlyDictionary<string, string> FactValues => string.IsNullOrEmpty(Facts)
        ? new Dictionary<string, string>()
        : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(Facts) ?? [];

    public bool IsFinished => State is JobState.Done or JobState.Cancelled;
}

public sealed record IntakeEntry
{
    public long Id { get; init; }
    public required string SerialNumber { get; init; }
    public required string AdbSerial { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? AndroidVersion { get; init; }
    public IntakeState State { get; init; }
    public long? DeviceId { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The site whose service saw the tablet plugged in (its station has it), null for a service of no site.</summary>
    public long? SiteId { get; init; }

    public string? SiteCode { get; init; }
}

/// <summary>The rows of provisioning jobs, their steps and the intake prompts; every change that a person makes
/// or that moves a job along writes the audit log in the same transaction.</summary>
public static class JobStore
{
    public static readonly IReadOnlyList<string> StepNames =
        ["identify", "precheck", "wipe", "wait", "verify-wipe", "certificate", "provision", "verify", "label"];

    private const string StepColumns = """
        job_id, position, name, state, progress, message AS stored_message, instruction AS stored_instruction, attempts, started_at, finished_at, duration_ms
        """;

    private static readonly string JobColumns = """
        id, device_id, tag, adb_serial, serial_number, profile, state, step, message AS stored_message, instruction AS stored_instruction,
        warning AS stored_warning, facts, cancel_requested,
        runner, created_at, created_by, started_at, finished_at, updated_at
        """ + ", " + ServiceSite.Columns("provisioning_jobs");

    public static async Task<ProvisioningJob> CreateAsync(DbConnection c, DbTransaction tx, string adbSerial, long? deviceId, string? tag,
        string? profile, JobState state, string? runner, string actor, long? siteId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO provisioning_jobs (device_id, tag, adb_serial, profile, state, cancel_requested, runner, created_at, created_by, started_at, updated_at, site_id)
            VALUES (@deviceId, @tag, @adbSerial, @profile, @state, FALSE, @runner, @now, @actor, @started, @now, @siteId)
            RETURNING id
            """, new { deviceId, tag, adbSerial, profile, state = state.ToString(), runner, now, actor, started = state == JobState.Running ? now : (DateTimeOffset?)null, siteId }, tx);
        for (var position = 0; position < StepNames.Count; position++)
        {
            await c.ExecuteAsync("""
                INSERT INTO provisioning_steps (job_id, position, name, state, progress, attempts) VALUES (@id, @position, @name, 'Pending', 0, 0)
                """, new { id, position, name = StepNames[position] }, tx);
        }
        await AuditLog.AppendAsync(c, tx, actor, "provisioning.start", "provisioning_job", id, tag ?? adbSerial, null, new { adbSerial, tag, profile });
        return await GetAsync(c, tx, id);
    }

    public static async Task<ProvisioningJob> GetAsync(DbConnection c, DbTransaction? tx, long id)
    {
        var job = await c.QuerySingleOrDefaultAsync<ProvisioningJob>($"SELECT {JobColumns} FROM provisioning_jobs WHERE id = @id", new { id }, tx)
            ?? throw UserError.NotFound("provisioning job", id.ToString(CultureInfo.InvariantCulture));
        var steps = await c.QueryAsync<ProvisioningStep>(
            $"SELECT {StepColumns} FROM provisioning_steps WHERE job_id = @id ORDER BY position", new { id }, tx);
        return job with { Steps = steps.AsList() };
    }

    public static Task<ProvisioningJob> GetAsync(Database db, long id, CancellationToken ct = default) =>
        db.ReadAsync(c => GetAsync(c, null, id), ct);

    /// <summary>Unfinished jobs first, then the latest finished ones, each with its steps.</summary>
    public static async Task<IReadOnlyList<ProvisioningJob>> ListAsync(Database db, bool all, int limit = 100, long? siteId = null, CancellationToken ct = default) =>
        (await PageAsync(db, all, 1, limit, siteId, ct)).Jobs;

    /// <summary>The jobs <see cref="ListAsync"/> shows (every job with <paramref name="all"/>), newest first, without their steps;
    /// with a <paramref name="siteId"/>, only the jobs that site's service made.</summary>
    public static SqlList<ProvisioningJob> ListOf(Database db, bool all, long? siteId = null) =>
        new(db, $"SELECT {JobColumns} FROM provisioning_jobs WHERE (@all OR state NOT IN ('Done', 'Cancelled') OR finished_at > @recent){ServiceSite.Filter(siteId)}", "id DESC",
            new { all, recent = DateTimeOffset.UtcNow.AddHours(-12), site = siteId });

    /// <summary>A job as a row of the CSV export.</summary>
    public static readonly Column<ProvisioningJob>[] CsvColumns = [.. Column.Of<ProvisioningJob>().Where(c => c.Header != "steps")];

    /// <summary>One page of <see cref="ListOf"/>, each job with its steps, and how many jobs there are.</summary>
    public static Task<(IReadOnlyList<ProvisioningJob> Jobs, long Total)> PageAsync(Database db, bool all, int page, int pageSize, long? siteId = null,
        CancellationToken ct = default) =>
        db.ReadAsync<(IReadOnlyList<ProvisioningJob>, long)>(async c =>
        {
            var list = await ListOf(db, all, siteId).PageAsync(page, pageSize, ct);
            var jobs = list.Items;
            if (jobs.Count == 0)
                return (jobs, list.Total);
            var steps = (await c.QueryAsync<ProvisioningStep>(
                $"SELECT {StepColumns} FROM provisioning_steps WHERE job_id >= @min AND job_id <= @max ORDER BY job_id, position",
                new { min = jobs.Min(j => j.Id), max = jobs.Max(j => j.Id) })).ToLookup(s => s.JobId);
            return (jobs.Select(j => j with { Steps = steps[j.Id].ToList() }).ToList(), list.Total);
        }, ct);

    public static Task UpdateStepAsync(Database db, long jobId, int position, StepState state, int progress, Message? message, Message? instruction,
        bool starting = false, bool finishing = false, long? durationMs = null, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => UpdateStepAsync(c, tx, jobId, position, state, progress, message, instruction, starting, finishing, durationMs), ct);

    public static async Task UpdateStepAsync(DbConnection c, DbTransaction tx, long jobId, int position, StepState state, int progress, Message? message,
        Message? instruction, bool starting = false, bool finishing = false, long? durationMs = null)
    {
        var now = DateTimeOffset.UtcNow;
        var (said, act) = (Stored(message), Stored(instruction));
        await c.ExecuteAsync("""
            UPDATE provisioning_steps SET state = @state, progress = @progress, message = @message, instruction = @instruction,
                attempts = attempts + @attempt,
                started_at = CASE WHEN @starting THEN @now ELSE started_at END,
                finished_at = CASE WHEN @finishing THEN @now ELSE NULL END,
                duration_ms = CASE WHEN @finishing THEN @durationMs ELSE duration_ms END
            WHERE job_id = @jobId AND position = @position
            """, new { jobId, position, state = state.ToString(), progress, message = said, instruction = act, attempt = starting ? 1 : 0, starting, finishing, now, durationMs }, tx);
        await c.ExecuteAsync("""
            UPDATE provisioning_jobs SET step = @step, message = @message, instruction = @instruction, updated_at = @now WHERE id = @jobId
            """, new { jobId, step = StepNames[position], message = said, instruction = act, now }, tx);
    }

    private static string? Stored(Message? message) => message is null ? null : StoredText.Store(message);

    /// <summary>Ends a run of the job in <paramref name="state"/>; the audit log records how it ended, its message by id
    /// (<see cref="StoredText"/>) as the board keeps it, so that the log reads it in its reader's language too.</summary>
    public static Task FinishAsync(Database db, ProvisioningJob job, JobState state, Message message, Message? instruction, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            await c.ExecuteAsync("""
                UPDATE provisioning_jobs SET state = @state, message = @message, instruction = @instruction, runner = NULL,
                    finished_at = @now, updated_at = @now
                WHERE id = @id
                """, new { id = job.Id, state = state.ToString(), message = Stored(message), instruction = Stored(instruction), now }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "provisioning." + EnumText.Kebab(state), "provisioning_job", job.Id, job.Tag ?? job.AdbSerial,
                new { state = job.State.ToString() }, new { state = state.ToString(), job.Step, message = Stored(message) });
        }, ct);

    public static Task SetFieldsAsync(Database db, long id, long? deviceId, string? tag, string? serialNumber, string? profile, string? facts, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync("""
            UPDATE provisioning_jobs SET device_id = COALESCE(@deviceId, device_id), tag = COALESCE(@tag, tag),
                serial_number = COALESCE(@serialNumber, serial_number), profile = COALESCE(@profile, profile),
                facts = COALESCE(@facts, facts), updated_at = @now
            WHERE id = @id
            """, new { id, deviceId, tag, serialNumber, profile, facts, now = DateTimeOffset.UtcNow }, tx), ct);

    /// <summary>Sets or clears the job's warning (<see cref="ProvisioningJob.StoredWarning"/>).</summary>
    public static Task SetWarningAsync(Database db, long id, Message? warning, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE provisioning_jobs SET warning = @warning, updated_at = @now WHERE id = @id",
            new { id, warning = Stored(warning), now = DateTimeOffset.UtcNow }, tx), ct);

    /// <summary>Takes a queued job for this runner; false when someone else took it or it is no longer queued.</summary>
    public static Task<bool> ClaimAsync(Database db, long id, string runner, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync("""
            UPDATE provisioning_jobs SET state = 'Running', runner = @runner, started_at = COALESCE(started_at, @now), finished_at = NULL, updated_at = @now
            WHERE id = @id AND state = 'Queued'
            """, new { id, runner, now = DateTimeOffset.UtcNow }, tx) == 1, ct);

    /// <summary>The oldest queued jobs of site <paramref name="siteId"/> (every site's for a process of none): the tablet
    /// is plugged into that site's station, so no other site's service could reach it.</summary>
    public static async Task<IReadOnlyList<long>> QueuedAsync(Database db, int limit, long? siteId = null, CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<long>(
            "SELECT id FROM provisioning_jobs WHERE state = 'Queued'" + ServiceSite.Filter(siteId) + " ORDER BY id LIMIT @limit",
            new { limit, site = siteId }), ct)).AsList();

    public static Task<bool> CancelRequestedAsync(Database db, long id, CancellationToken ct = default) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<bool>("SELECT cancel_requested FROM provisioning_jobs WHERE id = @id", new { id }), ct);

    /// <summary>
    /// Puts a stopped job back in the queue from its first unfinished step: retry after a failure, "device gone" or a
    /// person's action, resume after an interruption. Steps already done stay done, so a wipe is not repeated after
    /// the certificate was issued.
    /// </summary>
    public static Task<ProvisioningJob> RequeueAsync(Database db, long id, string actor, bool resume, CancellationToken ct = default) =>
        RequeueAsync(db, id, actor, resume, null, ct);

    /// <summary>
    /// A retry with another profile (<paramref name="profile"/>), for a job that stopped before its wipe: a tablet whose
    /// PIN nobody knows goes on with a guided reset. Refused once the wipe step has run, as the first method decided it.
    /// </summary>
    public static Task<ProvisioningJob> RequeueAsync(Database db, long id, string actor, bool resume, string? profile, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var job = await GetAsync(c, tx, id);
            if (profile is not null && job.Steps.Any(s => s.Name == "wipe" && s.State != StepState.Pending))
                throw new UserError(Msg.ProvisioningProfileAfterWipe.With(id, job.Profile), UserErrorKind.Conflict, "profile");
            var allowed = resume ? [JobState.Interrupted] : new[] { JobState.Failed, JobState.Gone, JobState.NeedsPerson, JobState.Interrupted };
            if (!allowed.Contains(job.State))
                throw new UserError(resume
                    ? Msg.ProvisioningResumeRefused.With(Msg.ProvisioningResumeOnlyInterrupted.With(id, job.State),
                        job.State is JobState.Failed or JobState.Gone or JobState.NeedsPerson ? Msg.ProvisioningResumeRetryInstead.With(id) : Msg.SentenceEnd)
                    : Msg.ProvisioningRetryNotAllowed.With(id, job.State),
                    UserErrorKind.Conflict, "job");
            var now = DateTimeOffset.UtcNow;
            await c.ExecuteAsync("""
                UPDATE provisioning_steps SET state = 'Pending', progress = 0, instruction = NULL
                WHERE job_id = @id AND state NOT IN ('Done', 'Skipped')
                """, new { id }, tx);
            await c.ExecuteAsync("""
                UPDATE provisioning_jobs SET state = 'Queued', cancel_requested = FALSE, instruction = NULL, message = @message, finished_at = NULL, updated_at = @now,
                    profile = COALESCE(@profile, profile)
                WHERE id = @id
                """, new { id, now, profile, message = StoredText.Store(resume ? Msg.ProvisioningJobResumed : Msg.ProvisioningJobRetrying) }, tx);
            await AuditLog.AppendAsync(c, tx, actor, resume ? "provisioning.resume" : "provisioning.retry", "provisioning_job", id, job.Tag ?? job.AdbSerial,
                new { state = job.State.ToString(), job.Step, job.Profile }, new { state = JobState.Queued.ToString(), profile = profile ?? job.Profile });
            return await GetAsync(c, tx, id);
        }, ct);

    /// <summary>A job nobody runs is cancelled at once; a running one is asked to stop, and its runner ends the script.</summary>
    public static Task<ProvisioningJob> CancelAsync(Database db, long id, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var job = await GetAsync(c, tx, id);
            if (job.IsFinished)
                throw new UserError(Msg.ProvisioningJobFinished.With(id, job.State), UserErrorKind.Conflict, "job");
            var now = DateTimeOffset.UtcNow;
            if (job.State == JobState.Running)
                await c.ExecuteAsync("UPDATE provisioning_jobs SET cancel_requested = TRUE, updated_at = @now WHERE id = @id", new { id, now }, tx);
            else
                await c.ExecuteAsync("""
                    UPDATE provisioning_jobs SET state = 'Cancelled', message = @message, instruction = NULL, finished_at = @now, updated_at = @now WHERE id = @id
                    """, new { id, now, message = StoredText.Store(Msg.ProvisioningStepCancelled) }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "provisioning.cancel", "provisioning_job", id, job.Tag ?? job.AdbSerial,
                new { state = job.State.ToString() }, new { cancelRequested = true });
            return await GetAsync(c, tx, id);
        }, ct);

    /// <summary>
    /// Running jobs whose runner is gone (the service or a 'provision run' was killed) become Interrupted, with the
    /// step they were on: never left looking like they run, never reported done. Only site <paramref name="siteId"/>'s
    /// jobs are looked at (every site's for a process of none): another site's service on the same machine is not ours to judge.
    /// </summary>
    public static Task<int> MarkInterruptedAsync(Database db, Func<string?, bool> runnerAlive, long? siteId = null, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var running = (await c.QueryAsync<(long Id, string? Runner, string AdbSerial, string? Tag)>(
                "SELECT id, runner, adb_serial, tag FROM provisioning_jobs WHERE state = 'Running'" + ServiceSite.Filter(siteId),
                new { site = siteId }, tx)).AsList();
            var count = 0;
            var now = DateTimeOffset.UtcNow;
            var message = StoredText.Store(Msg.ProvisioningStepInterrupted);
            foreach (var (id, runner, adbSerial, tag) in running.Where(r => !runnerAlive(r.Runner)))
            {
                await c.ExecuteAsync("""
                    UPDATE provisioning_steps SET state = 'Interrupted', message = @message
                    WHERE job_id = @id AND state = 'Running'
                    """, new { id, message }, tx);
                await c.ExecuteAsync("""
                    UPDATE provisioning_jobs SET state = 'Interrupted', runner = NULL, finished_at = @now, updated_at = @now, message = @message
                    WHERE id = @id AND state = 'Running'
                    """, new { id, now, message }, tx);
                await AuditLog.AppendAsync(c, tx, "provisioning", "provisioning.interrupted", "provisioning_job", id, tag ?? adbSerial,
                    new { state = "Running", runner }, new { state = "Interrupted" });
                count++;
            }
            return count;
        }, ct);

    /// <summary>An intake prompt with the code of its site.</summary>
    private const string IntakeFrom = "SELECT i.*, s.code AS site_code FROM provisioning_intake i LEFT JOIN sites s ON s.id = i.site_id";

    /// <summary>Records an unknown tablet seen at the station of site <paramref name="siteId"/> (null for a service of no
    /// site). A tablet still waiting for a decision belongs to the site where it was last plugged in: that is where it is.</summary>
    public static Task<IntakeEntry> SeenUnknownAsync(Database db, string serialNumber, string adbSerial, string? make, string? model, string? androidVersion,
        long? siteId = null, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            var existing = await c.QuerySingleOrDefaultAsync<IntakeEntry>("SELECT * FROM provisioning_intake WHERE serial_number = @serialNumber", new { serialNumber }, tx);
            if (existing is null)
            {
                await c.ExecuteAsync("""
                    INSERT INTO provisioning_intake (serial_number, adb_serial, make, model, android_version, state, first_seen_at, last_seen_at, site_id)
                    VALUES (@serialNumber, @adbSerial, @make, @model, @androidVersion, 'Pending', @now, @now, @siteId)
                    """, new { serialNumber, adbSerial, make, model, androidVersion, now, siteId }, tx);
                await AuditLog.AppendAsync(c, tx, "provisioning", "provisioning.intake", "provisioning_intake", null, serialNumber, null, new { serialNumber, make, model, siteId });
            }
            else
            {
                await c.ExecuteAsync("""
                    UPDATE provisioning_intake SET adb_serial = @adbSerial, last_seen_at = @now,
                        site_id = CASE WHEN state = 'Pending' THEN @siteId ELSE site_id END
                    WHERE id = @Id
                    """, new { existing.Id, adbSerial, now, siteId }, tx);
            }
            return await c.QuerySingleAsync<IntakeEntry>(IntakeFrom + " WHERE i.serial_number = @serialNumber", new { serialNumber }, tx);
        }, ct);

    /// <summary>The prompts still waiting (every one with <paramref name="all"/>), latest seen first; with a
    /// <paramref name="siteId"/>, only those seen at that site's station.</summary>
    public static async Task<IReadOnlyList<IntakeEntry>> IntakeAsync(Database db, bool all, long? siteId = null, CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<IntakeEntry>(
            $"{IntakeFrom} WHERE (@all OR i.state = 'Pending'){ServiceSite.Filter(siteId, "i.site_id")} ORDER BY i.last_seen_at DESC",
            new { all, site = siteId }), ct)).AsList();

    public static async Task<IntakeEntry> GetIntakeAsync(DbConnection c, DbTransaction? tx, string serialNumber) =>
        await c.QuerySingleOrDefaultAsync<IntakeEntry>(IntakeFrom + " WHERE i.serial_number = @serialNumber", new { serialNumber }, tx)
            ?? throw UserError.NotFound("unknown tablet", serialNumber);

    public static async Task DecideIntakeAsync(DbConnection c, DbTransaction tx, IntakeEntry entry, IntakeState state, long? deviceId, string actor)
    {
        await c.ExecuteAsync("UPDATE provisioning_intake SET state = @state, device_id = @deviceId, decided_by = @actor, decided_at = @now WHERE id = @Id",
            new { entry.Id, state = state.ToString(), deviceId, actor, now = DateTimeOffset.UtcNow }, tx);
        await AuditLog.AppendAsync(c, tx, actor, "provisioning.intake-" + EnumText.Kebab(state), "provisioning_intake", entry.Id, entry.SerialNumber,
            new { state = entry.State.ToString() }, new { state = state.ToString(), deviceId });
    }
}
