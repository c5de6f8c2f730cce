using System.Globalization;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.People;

namespace LaiteLaina.Loans;

/// <summary>Return mode: each scanned device that is on loan comes back as it went out, nothing missing.</summary>
public sealed class ReturnScanAction(LoanService loans) : IScanAction
{
    public ScanMode Mode => ScanMode.Return;

    public async Task<ScanEvent> HandleAsync(Scan scan, CancellationToken ct)
    {
        if (scan.Device is null)
            return LookupScanAction.Event(scan, null);
        try
        {
            var (loan, device) = await loans.ReturnAsync(scan.Device.Tag, new ReturnRequest(), scan.Actor, ct: ct);
            // No borrower name: a returned client loan would otherwise put a client's name on the desk's screen.
            return LookupScanAction.Event(scan, Msg.ScanReturned.With(loan.Tag, loan.Reference, device.Status)) with
            {
                Type = ScanEventKind.LoanReturned, Device = ScanCard.Of(device), Loan = loan.Reference,
            };
        }
        catch (UserError e)
        {
            // Not on loan, or changed by someone else meanwhile: the desk reads why, and the listener takes the next scan.
            return (LookupScanAction.Event(scan, null) with { Type = ScanEventKind.ReturnRefused, PublicOnly = true }).Saying(e.Text);
        }
    }
}

/// <summary>
/// Staff-checkout mode: a staff badge opens a session on that scanner, each device scanned then is lent to that person
/// as a staff short loan, and the session ends when the same badge is scanned again or after the scanner's idle time,
/// so that the next colleague at the desk cannot lend devices to the one who walked away. One session per scanner.
/// </summary>
public sealed class StaffCheckoutScanAction(LoanService loans, BorrowerService borrowers, ScanEvents events, TimeProvider clock) : IScanAction, IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Session> sessions = new(StringComparer.OrdinalIgnoreCase);

    public ScanMode Mode => ScanMode.StaffCheckout;

    public async Task<ScanEvent> HandleAsync(Scan scan, CancellationToken ct)
    {
        if (scan.Device is null)
        {
            return scan.Scanner.BadgePattern.IsMatch(scan.Frame.Code)
                ? await BadgeAsync(scan, ct)
                : LookupScanAction.Event(scan, null);
        }
        var (session, expired) = Touch(scan.Scanner);
        if (session is null)
        {
            return LookupScanAction.Event(scan, expired is null
                ? Msg.ScanBadgeFirst
                : Msg.ScanSessionExpired.With(new Personal(expired.Who.Name), Seconds(scan.Scanner))) with
            {
                Type = ScanEventKind.BadgeRequired,
            };
        }
        var due = session.Due;
        try
        {
            var (loan, device) = await loans.CheckOutAsync(new CheckOutRequest
            {
                Tag = scan.Device.Tag,
                Borrower = session.Who.Id.ToString(CultureInfo.InvariantCulture),
                Kind = "staff",
                Due = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }, scan.Actor, ct);
            lock (gate)
                session.Lent++;
            return LookupScanAction.Event(scan, Msg.ScanLent.With(loan.Tag, new Personal(session.Who.Name), due, loan.Reference)) with
            {
                Type = ScanEventKind.LoanCheckedOut, Device = ScanCard.Of(device), Loan = loan.Reference,
                Borrower = session.Who.Name,
            };
        }
        catch (UserError e)
        {
            // Not ready, already out, reserved: the session goes on with the next device. Neither who holds it nor
            // whose session it is is shown: the screen at the desk may face the next client.
            return (LookupScanAction.Event(scan, null) with { Type = ScanEventKind.CheckoutRefused, PublicOnly = true }).Saying(e.Text);
        }
    }

    private async Task<ScanEvent> BadgeAsync(Scan scan, CancellationToken ct)
    {
        // The badge code names a person: no message repeats it, and the processor leaves it out of the event.
        var badge = LookupScanAction.Event(scan, null);
        var who = await borrowers.FindByBadgeAsync(scan.Frame.Code, ct);
        if (who is null || who.AnonymisedAt is not null)
            return (badge with { Type = ScanEventKind.UnknownBadge }).Saying(Msg.ScanUnknownBadge);
        if (who.Kind is not (BorrowerKind.Staff or BorrowerKind.Place))
            return (badge with { Type = ScanEventKind.BadgeRefused }).Saying(Msg.ScanBadgeNotStaff.With(who.Kind));

        Session? ended;
        Session? started = null;
        lock (gate)
        {
            sessions.TryGetValue(scan.Scanner.Name, out ended);
            ended?.Timer.Dispose();
            sessions.Remove(scan.Scanner.Name);
            // The same badge again means "done"; another badge hands the scanner over to that person.
            if (ended is null || ended.Who.Id != who.Id || Idle(ended))
            {
                var name = scan.Scanner.Name;
                started = new Session(who, loans.Today.AddDays(scan.Scanner.StaffLoanDays), clock.GetUtcNow(), scan.Scanner.StaffSessionIdle,
                    clock.CreateTimer(_ => Expire(name), null, scan.Scanner.StaffSessionIdle, Timeout.InfiniteTimeSpan));
                sessions[name] = started;
            }
        }
        if (started is null)
            return (badge with { Type = ScanEventKind.StaffSessionEnded, Borrower = who.Name }).Saying(Summary(ended!));
        return (badge with { Type = ScanEventKind.StaffSessionStarted, Borrower = who.Name })
            .Saying(Msg.ScanSessionStarted.With(new Personal(who.Name), started.Due));
    }

    /// <summary>The scanner's live session, its idle clock restarted; or the one that just ran out, to say so.</summary>
    private (Session? Live, Session? Expired) Touch(ScannerSettings scanner)
    {
        lock (gate)
        {
            if (!sessions.TryGetValue(scanner.Name, out var s))
                return (null, null);
            // The timer may not have fired yet when the scan arrives just after the limit; the clock decides.
            if (Idle(s))
            {
                s.Timer.Dispose();
                sessions.Remove(scanner.Name);
                return (null, s);
            }
            s.LastScan = clock.GetUtcNow();
            s.Timer.Change(scanner.StaffSessionIdle, Timeout.InfiniteTimeSpan);
            return (s, null);
        }
    }

    /// <summary>The idle timer: the desk's screen says the session is over without waiting for the next scan.</summary>
    private void Expire(string scanner)
    {
        Session? s;
        lock (gate)
        {
            // A scan may have restarted the session's clock just before this callback got the lock.
            if (!sessions.TryGetValue(scanner, out s) || clock.GetUtcNow() - s.LastScan < s.Idle)
                return;
            s.Timer.Dispose();
            sessions.Remove(scanner);
        }
        events.Publish(new ScanEvent
        {
            Type = ScanEventKind.StaffSessionEnded, At = clock.GetUtcNow(), Scanner = scanner, Mode = ScanMode.StaffCheckout, Borrower = s.Who.Name,
        }.Saying(Msg.ScanSessionIdle.With(Summary(s), s.Idle.TotalSeconds.ToString("0", CultureInfo.InvariantCulture))));
    }

    private bool Idle(Session s) => clock.GetUtcNow() - s.LastScan >= s.Idle;

    private static Message Summary(Session s) =>
        (s.Lent == 1 ? Msg.ScanSessionEndedOne : Msg.ScanSessionEndedMany).With(new Personal(s.Who.Name), s.Lent, s.Due);

    private static string Seconds(ScannerSettings scanner) => scanner.StaffSessionIdle.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var s in sessions.Values)
                s.Timer.Dispose();
            sessions.Clear();
        }
    }

    private sealed class Session(Borrower who, DateOnly due, DateTimeOffset started, TimeSpan idle, ITimer timer)
    {
        public TimeSpan Idle { get; } = idle;
        public Borrower Who { get; } = who;
        public DateOnly Due { get; } = due;
        public DateTimeOffset LastScan { get; set; } = started;
        public int Lent { get; set; }
        public ITimer Timer { get; } = timer;
    }
}
