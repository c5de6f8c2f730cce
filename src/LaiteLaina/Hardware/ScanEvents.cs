using System.Threading.Channels;
using LaiteLaina.Inventory;

namespace LaiteLaina.Hardware;

/// <summary>What a scan led to; on the wire (the event's name and its "type") in kebab case, such as loan-returned.</summary>
public enum ScanEventKind
{
    DeviceScanned, UnknownCode, ModeUnavailable,
    LoanReturned, ReturnRefused,
    StaffSessionStarted, StaffSessionEnded, UnknownBadge, BadgeRefused, BadgeRequired, LoanCheckedOut, CheckoutRefused,
    StocktakeNone, StocktakeFound, StocktakeRepeat, StocktakeUnknown, StocktakeOtherCode, StocktakeMisplaced, StocktakeRefused,
}

/// <summary>The device as a scan shows it: enough for the desk to name it and fetch its card, and nothing of its
/// notes or history, which the event stream has no need to carry.</summary>
public sealed record ScanCard(string Tag, DeviceStatus Status, DeviceKind Kind, string? Make, string? Model)
{
    public static ScanCard? Of(Device? device) =>
        device is null ? null : new(device.Tag, device.Status, device.Kind, device.Make, device.Model);
}

/// <summary>What a scan led to, as the web UI receives it: in lookup mode device-scanned or unknown-code, and
/// mode-unavailable for a mode whose feature is not in this process; the loan and stocktake modes have their own.</summary>
public sealed record ScanEvent
{
    public long Sequence { get; init; }
    public required ScanEventKind Type { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Scanner { get; init; }
    public ScanMode Mode { get; init; }
    public string? Code { get; init; }
    public string? Symbology { get; init; }
    public ScanCard? Device { get; init; }
    /// <summary>What the desk shows: at rest the English text without anyone's name (for logs and tests); each viewer
    /// reads <see cref="Note"/> rendered for them by <see cref="For"/>. Only this type writes it, so no caller can put a
    /// finished sentence with a name in it past the viewer filter.</summary>
    public string? Message { get; private init; }

    /// <summary>The message as an id and its arguments, so that each viewer reads it in their own language; a name in
    /// it is a <see cref="Kernel.Personal"/> argument, left out for those who may not see it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Message? Note { get; private init; }

    /// <summary>A refusal is shown without personal data to everyone: the desk's screen may face the next client.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool PublicOnly { get; init; }

    /// <summary>This event saying <paramref name="note"/>.</summary>
    public ScanEvent Saying(Message? note) => this with { Note = note, Message = note?.Render(MessageCatalog.English, personalData: false) };

    /// <summary>The event as a viewer reads it, in <paramref name="culture"/>: the personal fields (<see cref="Borrower"/>
    /// and the message's personal arguments) only for one who <paramref name="seesBorrowers"/>, and never in a refusal.</summary>
    public ScanEvent For(System.Globalization.CultureInfo culture, bool seesBorrowers) => this with
    {
        Borrower = seesBorrowers && !PublicOnly ? Borrower : null,
        Message = Note?.Render(culture, personalData: seesBorrowers && !PublicOnly),
    };

    /// <summary>The loan reference (LN-000042) a return or checkout made or closed.</summary>
    public string? Loan { get; init; }

    /// <summary>The stocktake (ST-000003) a scan in stocktake mode went into, so that its page shows the scan arriving.</summary>
    public string? Stocktake { get; init; }

    /// <summary>The staff member or place a staff checkout lends to, by name, for those who see borrowers; never the badge code.</summary>
    public string? Borrower { get; init; }
}

/// <summary>
/// The in-process stream of scan events. Each subscriber (an SSE client) has its own bounded channel that drops
/// its oldest events when the client reads too slowly, so one stalled browser never holds up a scanner.
/// The last 100 events are kept for GET /api/scans.
/// </summary>
public sealed class ScanEvents
{
    public const int Kept = 100;
    private const int PerSubscriber = 256;

    private readonly Lock gate = new();
    private readonly Queue<ScanEvent> recent = new(Kept);
    private readonly List<Channel<ScanEvent>> subscribers = [];
    private long sequence;

    public ScanEvent Publish(ScanEvent e)
    {
        lock (gate)
        {
            e = e with { Sequence = ++sequence };
            if (recent.Count == Kept)
                recent.Dequeue();
            recent.Enqueue(e);
            foreach (var s in subscribers)
                s.Writer.TryWrite(e);
        }
        return e;
    }

    public IReadOnlyList<ScanEvent> Recent()
    {
        lock (gate)
            return recent.Reverse().ToList();
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ScanEvent>(new BoundedChannelOptions(PerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (gate)
            subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    public sealed class Subscription(ScanEvents owner, Channel<ScanEvent> channel) : IDisposable
    {
        public ChannelReader<ScanEvent> Reader => channel.Reader;

        public void Dispose()
        {
            lock (owner.gate)
                owner.subscribers.Remove(channel);
            channel.Writer.TryComplete();
        }
    }
}
