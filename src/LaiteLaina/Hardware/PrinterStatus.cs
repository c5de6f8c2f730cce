using System.Text.RegularExpressions;

namespace LaiteLaina.Hardware;

/// <summary>What a printer said about itself. <see cref="Faults"/> empty means ready to print; each fault is one of
/// <see cref="FaultTexts"/>' names, or <paramref name="Problem"/> says what kept the printer from answering.</summary>
public sealed record PrinterStatus(IReadOnlyList<string> Faults, Message? Problem = null)
{
    public static PrinterStatus Ready { get; } = new([]);

    /// <summary>The printer did not answer, or answered what nobody understands: a fault of its own kind.</summary>
    public static PrinterStatus NotAnswering(Message problem) => new([problem.ToString()], problem);

    /// <summary>Each fault the printers report, as the catalogs word it for a person.</summary>
    public static readonly IReadOnlyDictionary<string, Msg> FaultTexts = new Dictionary<string, Msg>(StringComparer.Ordinal)
    {
        ["paper out"] = Msg.PrinterFaultPaperOut, ["paused"] = Msg.PrinterFaultPaused, ["buffer full"] = Msg.PrinterFaultBufferFull,
        ["corrupt RAM"] = Msg.PrinterFaultCorruptRam, ["under temperature"] = Msg.PrinterFaultUnderTemperature,
        ["over temperature"] = Msg.PrinterFaultOverTemperature, ["head open"] = Msg.PrinterFaultHeadOpen, ["ribbon out"] = Msg.PrinterFaultRibbonOut,
        ["cover open"] = Msg.PrinterFaultCoverOpen, ["error"] = Msg.PrinterFaultError,
        ["no media"] = Msg.PrinterFaultNoMedia, ["end of media"] = Msg.PrinterFaultEndOfMedia, ["cutter jam"] = Msg.PrinterFaultCutterJam,
        ["wrong media"] = Msg.PrinterFaultWrongMedia, ["communication error"] = Msg.PrinterFaultCommunication, ["feed error"] = Msg.PrinterFaultFeed,
    };

    public bool IsReady => Faults.Count == 0;

    /// <summary>The state as a message, for each reader in their own language.</summary>
    public Message Text => Problem ?? (IsReady ? Msg.PrinterReady
        : Msg.PrinterFaults.With(Faults.Select(f => FaultTexts.TryGetValue(f, out var id) ? (object)(Message)id : f).ToList()));

    public override string ToString() => Text.ToString();
}

/// <summary>
/// Zebra's answer to ~HS: three strings, each STX ... ETX CR LF. String 1 "aaa,b,c,dddd,eee,f,g,h,iii,j,k,l"
/// (b paper out, c paused, f buffer full, h partial format, j corrupt RAM, k under temperature, l over temperature);
/// string 2 "mmm,n,o,p,..." (o head open, p ribbon out).
/// </summary>
public static partial class ZplHostStatus
{
    public static readonly byte[] Request = "~HS"u8.ToArray();

    /// <summary>True once the reply holds three complete strings.</summary>
    public static bool IsComplete(ReadOnlySpan<byte> reply) => reply.Count((byte)0x03) >= 3;

    /// <summary>Null when the reply is not a ~HS answer (too short, wrong shape): the caller counts that as a fault.</summary>
    public static PrinterStatus? Parse(ReadOnlySpan<byte> reply)
    {
        // Only the first two strings carry faults; the third is the printer's password and a flag.
        var strings = StatusString().Matches(System.Text.Encoding.ASCII.GetString(reply)).Take(2).Select(m => m.Groups[1].Value.Split(',')).ToList();
        if (strings.Count < 2 || strings[0].Length < 12 || strings[1].Length < 4)
            return null;
        var s1 = strings[0];
        var s2 = strings[1];
        var faults = new List<string>();
        Flag(s1[1], "paper out");
        Flag(s1[2], "paused");
        Flag(s1[5], "buffer full");
        Flag(s1[9], "corrupt RAM");
        Flag(s1[10], "under temperature");
        Flag(s1[11], "over temperature");
        Flag(s2[2], "head open");
        Flag(s2[3], "ribbon out");
        return new PrinterStatus(faults);

        void Flag(string value, string fault)
        {
            if (value.Trim() == "1")
                faults.Add(fault);
        }
    }

    [GeneratedRegex("\u0002([^\u0002\u0003]*)\u0003")]
    private static partial Regex StatusString();
}

/// <summary>ESC/POS real-time status: DLE EOT 2 (offline cause) and DLE EOT 4 (paper sensor), one byte each.</summary>
public static class EscPosStatus
{
    public static readonly byte[] Request = [EscPosLabel.Dle, EscPosLabel.Eot, 2, EscPosLabel.Dle, EscPosLabel.Eot, 4];

    /// <summary>Every status byte has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0; anything else is not a status reply.</summary>
    public static bool IsStatusByte(byte b) => (b & 0x93) == 0x12;

    public static PrinterStatus? Parse(ReadOnlySpan<byte> reply)
    {
        if (reply.Length < 2 || !IsStatusByte(reply[0]) || !IsStatusByte(reply[1]))
            return null;
        var offline = reply[0];
        var paper = reply[1];
        var faults = new List<string>();
        if ((offline & 0x04) != 0)
            faults.Add("cover open");
        if ((offline & 0x20) != 0 || (paper & 0x60) != 0)
            faults.Add("paper out");
        if ((offline & 0x40) != 0)
            faults.Add("error");
        return new PrinterStatus(faults);
    }
}
