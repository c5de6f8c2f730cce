using System.Globalization;
using System.IO.Ports;
using System.Reflection;
using System.Text.RegularExpressions;

namespace LaiteLaina.Hardware;

public enum ScanTerminator { Cr, Lf, CrLf, Tab, None }

public enum ScanMode { Lookup, StaffCheckout, Return, Stocktake }

public enum LabelLanguage { Zpl, EscPos, BrotherQl }

/// <summary>How an ESC/POS printer gets the label: <see cref="Raster"/> draws the layout as a bitmap (GS v 0), exactly as
/// placed, with a Data Matrix where the layout chose one; <see cref="Text"/> sends lines, Code 128 and QR commands that the
/// printer draws itself (smaller jobs, but no Data Matrix and no positions); <see cref="Auto"/> rasters only the labels
/// whose layout has a Data Matrix.</summary>
public enum EscPosRendering { Auto, Raster, Text }

/// <summary>One scanner as written in configuration (section Scanners, a list). Strings, so that a wrong value
/// gets a message naming its key instead of the binder's type-conversion error.</summary>
public sealed class ScannerOptions
{
    public string? Profile { get; set; }
    public string? Name { get; set; }
    public string? Port { get; set; }
    public int Baud { get; set; } = 9600;
    public string Parity { get; set; } = "None";
    public int DataBits { get; set; } = 8;
    public string StopBits { get; set; } = "One";
    public string Handshake { get; set; } = "None";
    public string Terminator { get; set; } = "CR";
    public int InterByteTimeoutMs { get; set; } = 60;
    public string Prefix { get; set; } = "";
    public bool AimIds { get; set; }
    public int MaxLength { get; set; } = 80;
    public int DuplicateWindowMs { get; set; } = 1500;
    public string Mode { get; set; } = "lookup";
    public string BadgePattern { get; set; } = "^STAFF-[0-9]{3,8}$";
    /// <summary>Staff checkout: a loan is due at the end of today plus this many days (0: back the same day).</summary>
    public int StaffLoanDays { get; set; }
    /// <summary>Staff checkout: a badge session ends after this long without a scan, so the next colleague at the desk
    /// cannot lend devices to the one who walked away.</summary>
    public int StaffSessionIdleSeconds { get; set; } = 60;
}

/// <summary>One printer as written in configuration (section Printers, a list).</summary>
public sealed class PrinterOptions
{
    public string? Profile { get; set; }
    public string? Name { get; set; }
    public string? Port { get; set; }
    public string Language { get; set; } = "zpl";
    public int Dpi { get; set; } = 203;
    public string LabelSize { get; set; } = "50.8x25.4";
    /// <summary>Brother QL only: the DK roll the labels are made for (DK-11209, DK-22205, DK-11204).</summary>
    public string? Media { get; set; }
    /// <summary>ESC/POS only: auto, raster or text (<see cref="EscPosRendering"/>).</summary>
    public string Rendering { get; set; } = "auto";
    public int Baud { get; set; } = 9600;
    public string Handshake { get; set; } = "None";
    public int StatusTimeoutMs { get; set; } = 2000;
    public int WriteTimeoutMs { get; set; } = 5000;
}

/// <summary>Section PrintQueue.</summary>
public sealed class PrintQueueOptions
{
    public double PollSeconds { get; set; } = 2;
    public double RetryInitialSeconds { get; set; } = 2;
    public double RetryMaxSeconds { get; set; } = 60;
    /// <summary>0: retry for ever. A label waiting for paper over a weekend should still print on Monday.</summary>
    public int MaxAttempts { get; set; }
    public string? DefaultPrinter { get; set; }
}

public sealed record ScannerSettings(
    string Name, string Port, int Baud, Parity Parity, int DataBits, StopBits StopBits, Handshake Handshake,
    ScanTerminator Terminator, TimeSpan InterByteTimeout, string Prefix, bool AimIds, int MaxLength,
    TimeSpan DuplicateWindow, ScanMode Mode, Regex BadgePattern, int StaffLoanDays, TimeSpan StaffSessionIdle);

public sealed record PrinterSettings(
    string Name, string Port, LabelLanguage Language, int Dpi, LabelSize LabelSize, int Baud, Handshake Handshake,
    TimeSpan StatusTimeout, TimeSpan WriteTimeout, BrotherMedia? Media = null, EscPosRendering Rendering = EscPosRendering.Auto);

public sealed record PrintQueueSettings(TimeSpan Poll, TimeSpan RetryInitial, TimeSpan RetryMax, int MaxAttempts, string? DefaultPrinter)
{
    public static PrintQueueSettings Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), 0, null);

    /// <summary>Doubling back-off from the first retry up to the cap: a printer out of paper is asked again soon, a
    /// printer switched off for the night is not asked every second.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var seconds = RetryInitial.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, RetryMax.TotalSeconds));
    }
}

/// <summary>
/// The scanners, printers and print queue of this service, read from configuration and checked at start-up.
/// A scanner or printer may name a profile (Hardware/Profiles/NAME.json): its values come first and the
/// configuration's own keys override them, so a site writes only the port and what differs.
/// </summary>
public sealed record HardwareSettings(IReadOnlyList<ScannerSettings> Scanners, IReadOnlyList<PrinterSettings> Printers, PrintQueueSettings Queue)
{
    private const string ProfilePrefix = "Profiles.";

    /// <summary>Profiles that were shipped under another name. "escpos-62x29-300dpi" named Brother DK-11209 labels, but
    /// Brother QL printers do not speak ESC/POS; the ESC/POS label printer it stood for is Epson's TM-L90.</summary>
    public static IReadOnlyDictionary<string, string> RenamedProfiles { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["escpos-62x29-300dpi"] = "epson-tm-l90-58x30-203dpi",
    };

    /// <summary>Old profile names met while loading, each with the profile used instead: logged at start-up, so that an
    /// administrator updates the settings file while it still works.</summary>
    public IReadOnlyList<(string Key, string Old, string New)> Renamed { get; init; } = [];

    public static IReadOnlyList<string> ProfileNames { get; } = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(ProfilePrefix, StringComparison.Ordinal))
        .Select(n => n[ProfilePrefix.Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    public PrinterSettings Printer(string? name)
    {
        name ??= Queue.DefaultPrinter ?? (Printers.Count > 0 ? Printers[0].Name : null);
        if (Printers.Count == 0)
            throw new UserError(Msg.HardwareNoPrinter, UserErrorKind.Unavailable, "printer");
        return Printers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw UserError.Invalid("printer", name, Msg.ValueUseOneOf.With(string.Join(", ", Printers.Select(p => p.Name))));
    }

    /// <summary>Reads and validates; throws a <see cref="UserError"/> naming the first wrong key.</summary>
    public static HardwareSettings Load(IConfiguration configuration)
    {
        var renamed = new List<(string, string, string)>();
        var scanners = configuration.GetSection("Scanners").GetChildren()
            .Select(s => Scanner(s.Path, Bind<ScannerOptions>(configuration, s, ScannerKind, renamed))).ToList();
        var printers = configuration.GetSection("Printers").GetChildren()
            .Select(s => Printer(s.Path, Bind<PrinterOptions>(configuration, s, PrinterKind, renamed))).ToList();
        Unique(scanners.Select(s => s.Name), "Scanners");
        Unique(printers.Select(p => p.Name), "Printers");
        var q = StrictConfiguration.Bind(configuration, configuration.GetSection("PrintQueue"), new PrintQueueOptions());
        Positive("PrintQueue:PollSeconds", q.PollSeconds);
        Positive("PrintQueue:RetryInitialSeconds", q.RetryInitialSeconds);
        Positive("PrintQueue:RetryMaxSeconds", q.RetryMaxSeconds);
        if (q.MaxAttempts < 0)
            throw UserError.Invalid("PrintQueue:MaxAttempts", Text(q.MaxAttempts), Msg.HardwareMaxAttempts);
        if (q.DefaultPrinter is { } d && !printers.Any(p => string.Equals(p.Name, d, StringComparison.OrdinalIgnoreCase)))
            throw UserError.Invalid("PrintQueue:DefaultPrinter", d, Msg.HardwareDefaultPrinter);
        var queue = new PrintQueueSettings(TimeSpan.FromSeconds(q.PollSeconds), TimeSpan.FromSeconds(q.RetryInitialSeconds),
            TimeSpan.FromSeconds(q.RetryMaxSeconds), q.MaxAttempts, q.DefaultPrinter);
        return new HardwareSettings(scanners, printers, queue) { Renamed = renamed };
    }

    private const string ScannerKind = "Scanner", PrinterKind = "Printer";

    /// <summary>The profile's settings for a <paramref name="kind"/> ("Scanner" or "Printer"); <paramref name="key"/> is
    /// the configuration key that named it, for the message when it is unknown or of the other kind.</summary>
    public static IConfigurationSection Profile(string name, string kind, string key)
    {
        var (actual, section) = ParseProfile(name, ProfileJson(name, key));
        if (actual != kind)
            throw UserError.Invalid(key, name, Msg.HardwareProfileKind.With(actual.ToLowerInvariant(), kind.ToLowerInvariant()));
        return section;
    }

    /// <summary>"Scanner" or "Printer", as the shipped profile <paramref name="name"/> says.</summary>
    public static string KindOf(string name) => ParseProfile(name, ProfileJson(name, "profile")).Kind;

    private static string ProfileJson(string name, string key)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ProfilePrefix + name + ".json")
            ?? throw UserError.Invalid(key, name, Msg.HardwareProfileUnknown.With(string.Join(", ", ProfileNames)));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A profile says what it is for by its one top-level key, {"Scanner": {...}} or {"Printer": {...}}: its kind is
    /// read from the file, never guessed from its name. A file with no kind, another key or both is refused.
    /// </summary>
    public static (string Kind, IConfigurationSection Settings) ParseProfile(string name, string json)
    {
        var source = ProfileSource(name);
        var root = StrictConfiguration.Build(new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        var kinds = new[] { ScannerKind, PrinterKind };
        var keys = root.GetChildren().Select(c => c.Key).ToList();
        if (keys.FirstOrDefault(k => !kinds.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } other)
            throw StrictConfiguration.Unknown(source, other, other, kinds, Msg.ConfigWhatProfileKind);
        if (keys.Count != 1)
            throw new UserError((keys.Count == 0 ? Msg.HardwareProfileNoKind : Msg.HardwareProfileBothKinds).With(source), UserErrorKind.Invalid, "kind");
        var kind = kinds.First(k => string.Equals(k, keys[0], StringComparison.OrdinalIgnoreCase));
        return (kind, root.GetSection(kind));
    }

    private static Message ProfileSource(string name) => Msg.ConfigSourceHardwareProfile.With(name);

    private static T Bind<T>(IConfiguration configuration, IConfigurationSection section, string kind, List<(string, string, string)> renamed)
        where T : class, new()
    {
        var options = new T();
        if (section["Profile"] is { Length: > 0 } profile)
        {
            if (RenamedProfiles.TryGetValue(profile, out var now))
            {
                renamed.Add((section.Path + ":Profile", profile, now));
                profile = now;
            }
            StrictConfiguration.Bind(configuration, Profile(profile, kind, section.Path + ":Profile"), options, ProfileSource(profile));
        }
        return StrictConfiguration.Bind(configuration, section, options);
    }

    public static ScannerSettings Scanner(string key, ScannerOptions o)
    {
        var port = Required(key + ":Port", o.Port, Msg.HardwareScannerPort);
        if (o.Baud is < 300 or > 4_000_000)
            throw UserError.Invalid(key + ":Baud", Text(o.Baud), Msg.HardwareBaud);
        if (o.DataBits is < 5 or > 8)
            throw UserError.Invalid(key + ":DataBits", Text(o.DataBits), Msg.HardwareDataBits);
        if (o.MaxLength is < 1 or > 4096)
            throw UserError.Invalid(key + ":MaxLength", Text(o.MaxLength), Msg.HardwareMaxLength);
        if (o.InterByteTimeoutMs is < 10 or > 5000)
            throw UserError.Invalid(key + ":InterByteTimeoutMs", Text(o.InterByteTimeoutMs), Msg.HardwareInterByte);
        if (o.DuplicateWindowMs is < 0 or > 60_000)
            throw UserError.Invalid(key + ":DuplicateWindowMs", Text(o.DuplicateWindowMs), Msg.HardwareDuplicateWindow);
        if (o.StaffLoanDays is < 0 or > 30)
            throw UserError.Invalid(key + ":StaffLoanDays", Text(o.StaffLoanDays), Msg.HardwareStaffLoanDays);
        if (o.StaffSessionIdleSeconds is < 5 or > 3600)
            throw UserError.Invalid(key + ":StaffSessionIdleSeconds", Text(o.StaffSessionIdleSeconds), Msg.HardwareIdleSeconds);
        // An empty pattern would match every code, so every unknown code would start a staff session.
        if (string.IsNullOrWhiteSpace(o.BadgePattern))
            throw UserError.Invalid(key + ":BadgePattern", o.BadgePattern, Msg.HardwareBadgePattern.With("^STAFF-[0-9]{3,8}$"));
        Regex badge;
        try
        {
            badge = new Regex(o.BadgePattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw UserError.Invalid(key + ":BadgePattern", o.BadgePattern, Msg.HardwareRegex.With(e.Message));
        }
        return new ScannerSettings(
            o.Name is { Length: > 0 } n ? n : Path.GetFileName(port),
            port, o.Baud,
            Enum<Parity>(key + ":Parity", o.Parity), o.DataBits,
            Enum<StopBits>(key + ":StopBits", o.StopBits),
            Enum<Handshake>(key + ":Handshake", o.Handshake),
            Terminator(key + ":Terminator", o.Terminator),
            TimeSpan.FromMilliseconds(o.InterByteTimeoutMs), o.Prefix, o.AimIds, o.MaxLength,
            TimeSpan.FromMilliseconds(o.DuplicateWindowMs),
            EnumText.Parse<ScanMode>(key + ":Mode", o.Mode), badge, o.StaffLoanDays, TimeSpan.FromSeconds(o.StaffSessionIdleSeconds));
    }

    public static PrinterSettings Printer(string key, PrinterOptions o)
    {
        var name = Required(key + ":Name", o.Name, Msg.HardwarePrinterName);
        var port = Required(key + ":Port", o.Port, Msg.HardwarePrinterPort);
        if (port.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) && !Uri.TryCreate(port, UriKind.Absolute, out _))
            throw UserError.Invalid(key + ":Port", port, Msg.HardwarePortTcp);
        var language = o.Language.Trim().ToLowerInvariant() switch
        {
            "zpl" => LabelLanguage.Zpl,
            "escpos" or "esc-pos" or "esc/pos" => LabelLanguage.EscPos,
            "brother-ql" or "brotherql" or "ql" => LabelLanguage.BrotherQl,
            _ => throw UserError.Invalid(key + ":Language", o.Language, Msg.HardwareLanguage),
        };
        if (o.Dpi is not (152 or 180 or 203 or 300 or 600))
            throw UserError.Invalid(key + ":Dpi", Text(o.Dpi), Msg.HardwareDpi);
        var size = LabelSize.Parse(key + ":LabelSize", o.LabelSize);
        BrotherMedia? media = null;
        if (language == LabelLanguage.BrotherQl)
        {
            if (o.Dpi != BrotherMedia.Dpi)
                throw UserError.Invalid(key + ":Dpi", Text(o.Dpi), Msg.HardwareBrotherDpi);
            media = BrotherMedia.Parse(key + ":Media", o.Media);
        }
        // Refused here, at start-up, rather than on the first label: a size on which the codes cannot be scanned.
        LabelLayout.Check(key + ":LabelSize", media?.LayoutSize(size) ?? size, o.Dpi, LabelLayout.ReferenceTag);
        if (o.StatusTimeoutMs is < 100 or > 30_000)
            throw UserError.Invalid(key + ":StatusTimeoutMs", Text(o.StatusTimeoutMs), Msg.HardwareStatusTimeout);
        if (o.WriteTimeoutMs is < 100 or > 60_000)
            throw UserError.Invalid(key + ":WriteTimeoutMs", Text(o.WriteTimeoutMs), Msg.HardwareWriteTimeout);
        var rendering = o.Rendering.Trim().ToLowerInvariant() switch
        {
            "auto" => EscPosRendering.Auto,
            "raster" => EscPosRendering.Raster,
            "text" => EscPosRendering.Text,
            _ => throw UserError.Invalid(key + ":Rendering", o.Rendering, Msg.HardwareRendering),
        };
        return new PrinterSettings(name, port, language, o.Dpi, size, o.Baud, Enum<Handshake>(key + ":Handshake", o.Handshake),
            TimeSpan.FromMilliseconds(o.StatusTimeoutMs), TimeSpan.FromMilliseconds(o.WriteTimeoutMs), media, rendering);
    }

    private static ScanTerminator Terminator(string key, string text) =>
        text.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal) switch
        {
            "CR" or "\\R" => ScanTerminator.Cr,
            "LF" or "\\N" => ScanTerminator.Lf,
            "CRLF" or "\\R\\N" => ScanTerminator.CrLf,
            "TAB" or "\\T" => ScanTerminator.Tab,
            "NONE" or "" => ScanTerminator.None,
            _ => throw UserError.Invalid(key, text, Msg.HardwareTerminator),
        };

    private static T Enum<T>(string key, string text) where T : struct, Enum =>
        System.Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var v) && System.Enum.IsDefined(v)
            ? v
            : throw UserError.Invalid(key, text, Msg.ValueUseOneOf.With(string.Join(", ", System.Enum.GetNames<T>())));

    private static string Required(string key, string? value, Message what) =>
        string.IsNullOrWhiteSpace(value) ? throw UserError.Invalid(key, value ?? "", Msg.HardwareRequired.With(what)) : value.Trim();

    private static void Positive(string key, double value)
    {
        if (!(value > 0))
            throw UserError.Invalid(key, value.ToString(CultureInfo.InvariantCulture), Msg.HardwareSeconds);
    }

    private static void Unique(IEnumerable<string> names, string section)
    {
        var twice = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw UserError.Invalid(section + ":Name", twice.Key, Msg.HardwareNamesDiffer);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
