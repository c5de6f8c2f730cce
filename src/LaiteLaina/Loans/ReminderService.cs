using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using LaiteLaina.Hosting;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using MailKit.Net.Smtp;
using MimeKit;

namespace LaiteLaina.Loans;

public enum ReminderKind { DueTomorrow, DueToday, OverdueList }

/// <summary>A reminder the daily job sent, as the loan page lists it.</summary>
public sealed record SentReminder(ReminderKind Kind, DateOnly ForDate, string SentTo, DateTimeOffset SentAt);

/// <summary>What one run did: the office-local day it ran for, e-mails sent, recipients refused, and why the run
/// stopped early (the SMTP server could not be reached), if it did.</summary>
public sealed record ReminderRun(DateOnly Day, int Sent, int Refused, string? Stopped);

/// <summary>
/// The daily reminders by e-mail. Staff borrowers are told the day before and on the due date which device to bring
/// back, when and where. Each counsellor gets one morning list of their overdue loans by loan number and tag only,
/// and reads the client's own reminder on the reminders page: client data must not travel by e-mail, so a client
/// borrower is never e-mailed, whatever their contact holds. Every reminder sent is a row in loan_reminders (unique
/// by loan, kind and office-local day), so a second run the same day, or a run after a restart, sends nothing again.
/// </summary>
public sealed partial class ReminderService(Database db, Mailer mailer, IConfiguration configuration, TimeProvider clock, ILogger<ReminderService> log)
{
    public const string Actor = "job:reminders";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The run the worker makes: for today, once the office's reminder time has come, if SMTP is configured.</summary>
    public async Task<ReminderRun?> RunIfDueAsync(CancellationToken ct = default)
    {
        if (!mailer.Settings.Configured)
            return null;
        var time = await db.ReadAsync(async c => (await Settings.ReadAsync(c, null)).ReminderTime, ct);
        var now = clock.GetLocalNow();
        return TimeOnly.FromDateTime(now.DateTime) < time ? null : await RunAsync(ct);
    }

    /// <summary>Sends today's reminders not sent yet. A server that cannot be reached stops the run with nothing marked
    /// as sent; a recipient the server refuses is logged and the others still get theirs.</summary>
    public async Task<ReminderRun> RunAsync(CancellationToken ct = default)
    {
        var today = Today;
        var (staff, overdue, settings) = await db.ReadAsync(async c =>
            (await StaffDueAsync(c, today), await OverdueAsync(c, today), await Settings.ReadAsync(c, null)), ct);
        var mails = staff.Select(s => StaffMail(s, today, settings)).OfType<Mail>()
            .Concat(overdue.GroupBy(o => o.Email.ToLowerInvariant()).Select(g => CounsellorMail(g.ToList(), today)).OfType<Mail>())
            .ToList();
        if (mails.Count == 0)
            return new ReminderRun(today, 0, 0, null);
        int sent = 0, refused = 0;
        try
        {
            await using var session = await mailer.OpenAsync(ct);
            foreach (var mail in mails)
            {
                try
                {
                    await session.SendAsync(mail.To, mail.Subject, mail.Body, mail.Language, ct);
                }
                catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.RecipientNotAccepted)
                {
                    // One wrong address must not cost everyone else their reminder; the loan stays unmarked, so the
                    // next run tries again once the address is corrected.
                    refused++;
                    log.LogWarning("Reminders: the SMTP server refused a recipient for loans {Loans}: {Reason}",
                        string.Join(", ", mail.Loans.Select(l => l.Reference)), e.Message);
                    continue;
                }
                // Marked after the server took it: a crash between the two sends it again, rather than never.
                await MarkAsync(mail, today, ct);
                sent++;
            }
            return new ReminderRun(today, sent, refused, null);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or SmtpCommandException
                                      or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or TimeoutException)
        {
            log.LogWarning("Reminders: the SMTP server {Host}:{Port} could not be used ({Reason}); {Sent} sent, the rest wait for the next run.",
                mailer.Settings.Host, mailer.Settings.Port, e.Message, sent);
            return new ReminderRun(today, sent, refused, e.Message);
        }
    }

    /// <summary>The reminders sent for a loan, newest first, for the loan page.</summary>
    public Task<IReadOnlyList<SentReminder>> SentAsync(long loanId, CancellationToken ct = default) =>
        db.ReadAsync(async c => (IReadOnlyList<SentReminder>)(await c.QueryAsync<SentRow>(
                "SELECT kind, for_date, sent_to, sent_at FROM loan_reminders WHERE loan_id = @loanId ORDER BY sent_at DESC, id DESC", new { loanId }))
            .Select(r => new SentReminder(EnumText.Parse<ReminderKind>("kind", r.Kind), r.ForDate, r.SentTo, r.SentAt)).ToList(), ct);

    /// <summary>The open overdue loans whose counsellor is <paramref name="counsellor"/> (everyone's when null), the
    /// longest overdue first: the reminders page.</summary>
    public Task<IReadOnlyList<Loan>> OverdueLoansAsync(string? counsellor, CancellationToken ct = default) =>
        db.ReadAsync(async c => (IReadOnlyList<Loan>)(await c.QueryAsync<Loan>(
            LoanService.Select + " WHERE l.state = 'Open' AND l.due_on < @today AND (@counsellor IS NULL OR l.counsellor = @counsellor) ORDER BY l.due_on, l.id",
            new { today = Today, counsellor })).AsList(), ct);

    private sealed record Mail(MailboxAddress To, string Subject, string Body, string Language, string SentTo, IReadOnlyList<(long Id, string Reference, ReminderKind Kind)> Loans);

    // Rows as classes with settable properties: Dapper maps these through the DateOnly handlers, which a positional
    // constructor would bypass (SQLite returns the dates as text).
    private sealed class StaffDue
    {
        public long Id { get; init; }
        public string Reference { get; init; } = "";
        public string Tag { get; init; } = "";
        public DeviceKind DeviceKind { get; init; }
        public string? Make { get; init; }
        public string? Model { get; init; }
        public DateOnly DueOn { get; init; }
        public string? Contact { get; init; }
        public string Language { get; init; } = "fi";
        public string? SiteName { get; init; }
        public string? SiteAddress { get; init; }
    }

    private sealed class OverdueRow
    {
        public long Id { get; init; }
        public string Reference { get; init; } = "";
        public string Tag { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public string Email { get; init; } = "";
        public string Language { get; init; } = "fi";
    }

    private sealed class SentRow
    {
        public string Kind { get; init; } = "";
        public DateOnly ForDate { get; init; }
        public string SentTo { get; init; } = "";
        public DateTimeOffset SentAt { get; init; }
    }

    /// <summary>Open loans of staff borrowers due today or tomorrow, not yet reminded today. Only kind = 'Staff':
    /// a client's loan is never e-mailed, and neither is a place's.</summary>
    private static async Task<List<StaffDue>> StaffDueAsync(DbConnection c, DateOnly today) =>
        (await c.QueryAsync<StaffDue>("""
            SELECT l.id, l.reference, d.tag, d.kind AS device_kind, d.make, d.model, l.due_on, b.contact, b.preferred_language AS language,
                   s.name AS site_name, s.address AS site_address
            FROM loans l
            JOIN devices d ON d.id = l.device_id
            JOIN borrowers b ON b.id = l.borrower_id
            LEFT JOIN sites s ON s.id = d.site_id
            WHERE l.state = 'Open' AND b.kind = 'Staff' AND b.anonymised_at IS NULL AND l.due_on IN (@today, @tomorrow)
              AND NOT EXISTS (SELECT 1 FROM loan_reminders r WHERE r.loan_id = l.id AND r.for_date = @today AND r.kind IN ('DueToday', 'DueTomorrow'))
            ORDER BY l.id
            """, new { today, tomorrow = today.AddDays(1) })).AsList();

    /// <summary>Open overdue loans not yet on a counsellor's list today, with the address of the counsellor, found as the
    /// user whose name the loan carries (a loan keeps the counsellor's name as printed on its agreement).</summary>
    private static async Task<List<OverdueRow>> OverdueAsync(DbConnection c, DateOnly today) =>
        (await c.QueryAsync<OverdueRow>("""
            SELECT l.id, l.reference, d.tag, l.due_on, u.email, u.language
            FROM loans l
            JOIN devices d ON d.id = l.device_id
            JOIN users u ON u.display_name = l.counsellor AND u.email IS NOT NULL AND u.disabled_at IS NULL
            WHERE l.state = 'Open' AND l.due_on < @today
              AND NOT EXISTS (SELECT 1 FROM loan_reminders r WHERE r.loan_id = l.id AND r.for_date = @today AND r.kind = 'OverdueList')
            ORDER BY u.email, l.due_on, l.id
            """, new { today })).AsList();

    private static Mail? StaffMail(StaffDue s, DateOnly today, OfficeSettings settings)
    {
        if (EmailIn(s.Contact) is not { } to)
            return null;
        var kind = s.DueOn == today ? ReminderKind.DueToday : ReminderKind.DueTomorrow;
        var language = s.Language == "fi-selko" ? "fi" : s.Language;
        var culture = CultureInfo.GetCultureInfo(language is "fi" or "sv" ? language : "en");
        var model = string.Join(" ", new[] { s.Make, s.Model }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var place = DeskService.ReturnPlace(s.SiteName, s.SiteAddress, settings);
        var subject = (kind == ReminderKind.DueToday ? Msg.ReminderMailDueTodaySubject : Msg.ReminderMailDueTomorrowSubject).With(s.DeviceKind, s.Tag).Render(culture);
        var body = Msg.ReminderMailStaffBody.With(s.DeviceKind, s.Tag, model.Length == 0 ? "" : $" ({model})", s.Reference, s.DueOn, place,
            settings.OrganisationContact ?? settings.ReturnLine).Render(culture);
        return new Mail(to, subject, body, culture.TwoLetterISOLanguageName, "borrower", [(s.Id, s.Reference, kind)]);
    }

    private Mail? CounsellorMail(List<OverdueRow> rows, DateOnly today)
    {
        if (!MailboxAddress.TryParse(rows[0].Email, out var to))
        {
            log.LogWarning("Reminders: a counsellor's e-mail address is not valid; their overdue list waits for a correction.");
            return null;
        }
        var culture = CultureInfo.GetCultureInfo(rows[0].Language is "fi" or "sv" ? rows[0].Language : "en");
        var lines = string.Join("\n", rows.Select(r => "- " + Msg.ReminderMailOverdueLine.With(r.Reference, r.Tag, r.DueOn, today.DayNumber - r.DueOn.DayNumber).Render(culture)));
        var link = configuration["PublicUrl"] is { Length: > 0 } url ? url.TrimEnd('/') + "/reminders" : ((Message)Msg.ReminderMailListPage).Render(culture);
        var subject = Msg.ReminderMailOverdueSubject.With(rows.Count).Render(culture);
        var body = Msg.ReminderMailOverdueBody.With(lines, link).Render(culture);
        return new Mail(to, subject, body, culture.TwoLetterISOLanguageName, "counsellor", rows.Select(r => (r.Id, r.Reference, ReminderKind.OverdueList)).ToList());
    }

    /// <summary>The first e-mail address in a borrower's contact ("pekka.perhe@kunta.fi, 040 123 4567"), or null.</summary>
    internal static MailboxAddress? EmailIn(string? contact) =>
        contact is not null && EmailAddress().Match(contact) is { Success: true } m && MailboxAddress.TryParse(m.Value, out var address) ? address : null;

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    private Task MarkAsync(Mail mail, DateOnly today, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var at = clock.GetUtcNow();
            foreach (var (id, reference, kind) in mail.Loans)
            {
                await c.ExecuteAsync("""
                    INSERT INTO loan_reminders (loan_id, kind, for_date, sent_to, sent_at) VALUES (@id, @kind, @today, @sentTo, @at)
                    ON CONFLICT (loan_id, kind, for_date) DO NOTHING
                    """, new { id, kind = kind.ToString(), today, sentTo = mail.SentTo, at }, tx);
                await AuditLog.AppendAsync(c, tx, Actor, "loan.reminder-mail", "loan", id, reference, null,
                    new { Kind = kind.ToString(), SentTo = mail.SentTo, ForDate = today });
            }
        }, ct);
}
