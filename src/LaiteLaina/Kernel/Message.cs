using System.Globalization;
using System.Reflection;
using System.Resources;

namespace LaiteLaina.Kernel;

/// <summary>
/// A message a person reads: a stable id from <see cref="Msg"/> and its arguments, never a finished sentence, so
/// that each reader gets it in their own language. The texts are in Kernel/Messages.resx (English, the neutral
/// catalog), Messages.fi.resx and Messages.sv.resx; correcting a translation is an edit of a catalog only.
/// </summary>
/// <remarks>
/// An argument is shown as is, except: a <see cref="Message"/> is rendered in the same language (the "what would be
/// right" of a refusal); a <see cref="FieldName"/> becomes the field's name in the catalog; an enum value is its
/// kebab-case code in English (what the command line accepts) and the UI's word for it in Finnish and Swedish; and
/// a <see cref="Personal"/> value is left out where personal data must not be shown.
/// </remarks>
public sealed class Message
{
    private readonly object?[] args;

    internal Message(Msg id, object?[] args)
    {
        Id = id;
        this.args = args;
    }

    public Msg Id { get; }

    public IReadOnlyList<object?> Args => args;

    /// <summary>Whether an argument (here or in a nested message) is a borrower's or a staff member's data.</summary>
    public bool HasPersonalData => args.Any(a => a is Personal || a is Message { HasPersonalData: true });

    /// <summary>The text in <paramref name="culture"/>'s language (Finnish, Swedish, else English); without personal
    /// data, the catalog's ".public" wording of the message, which leaves the personal arguments out.</summary>
    public string Render(CultureInfo culture, bool personalData = true)
    {
        culture = MessageCatalog.Language(culture);
        var template = (personalData || !HasPersonalData ? null : MessageCatalog.Text(Id.Id + MessageCatalog.PublicSuffix, culture))
                       ?? MessageCatalog.Text(Id.Id, culture)
                       ?? Id.Id;
        return string.Format(culture, template, args.Select(a => Argument(a, culture, personalData)).ToArray());
    }

    private static object? Argument(object? value, CultureInfo culture, bool personalData) => value switch
    {
        Message m => m.Render(culture, personalData),
        FieldName f => MessageCatalog.Text(FieldName.Prefix + f.Name, culture) ?? f.Name,
        // Should a public wording ever name a personal argument, it still does not show it.
        Personal p => personalData ? Argument(p.Value, culture, personalData) : "…",
        Enum e => MessageCatalog.EnumText(e, culture),
        _ => value,
    };

    /// <summary>The English text, as in logs and <see cref="Exception.Message"/>.</summary>
    public override string ToString() => Render(MessageCatalog.English);
}

/// <summary>An argument that is a person's data (a borrower's name, who made a loan): left out of screens that must not show it.</summary>
public sealed record Personal(object? Value);

/// <summary>An argument that names a field ("due"): shown as the catalog's "field.due" ("eräpäivä"), or as written
/// when the catalog has none (a configuration key such as Scanners:0:Baud, which a person types as it is).</summary>
public sealed record FieldName(string Name)
{
    public const string Prefix = "field.";
}

/// <summary>Reads the message catalogs, with the usual culture fallback (fi-FI → fi → English).</summary>
public static class MessageCatalog
{
    public const string PublicSuffix = ".public";

    private static readonly ResourceManager Messages = new("LaiteLaina.Kernel.Messages", typeof(Message).Assembly);

    // The UI's words for enum values ("DeviceStatus.in-repair"), so that a message and a page say the same.
    private static readonly ResourceManager Ui = new("LaiteLaina.Web.Ui", typeof(Message).Assembly);

    /// <summary>English is the neutral catalog, read and formatted with the invariant culture so that the English
    /// text is the same on every machine.</summary>
    public static CultureInfo English => CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<string> Languages = ["fi", "sv", "en"];

    /// <summary>The culture a message is written in: Finnish or Swedish when asked for, else English.</summary>
    public static CultureInfo Language(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName is "fi" or "sv" ? CultureInfo.GetCultureInfo(culture.TwoLetterISOLanguageName) : English;

    /// <summary>The language of a code such as "fi", "sv_FI.UTF-8" or "en-GB"; null when it is none of ours (or "C", "POSIX").</summary>
    public static CultureInfo? Parse(string? code)
    {
        var language = code?.Split('_', '-', '.', '@')[0].Trim().ToLowerInvariant();
        return language is not null && Languages.Contains(language) ? (language == "en" ? English : CultureInfo.GetCultureInfo(language)) : null;
    }

    public static string? Text(string id, CultureInfo culture) => Messages.GetString(id, culture);

    public static string EnumText(Enum value, CultureInfo culture)
    {
        var code = Kernel.EnumText.Kebab(value.ToString());
        return culture.Equals(English) ? code : Ui.GetString($"{value.GetType().Name}.{code}", culture) ?? code;
    }
}

/// <summary>
/// The ids of every message, the only place an id is made: the catalog test lists them by reflection and checks each
/// has its text in every catalog, that each is used in the code, and that no catalog holds an id not listed here.
/// Ids are "area.what" in kebab case and never change once shipped (the API gives them as the problem's "code").
/// </summary>
public sealed partial class Msg
{
    private Msg(string id) => Id = id;

    public string Id { get; }

    public Message With(params object?[] args) => new(this, args);

    public static implicit operator Message(Msg id) => new(id, []);

    public override string ToString() => Id;

    /// <summary>Every id, with the name of its member (for the test that each is used).</summary>
    public static IReadOnlyList<(string Member, Msg Id)> All =>
        typeof(Msg).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Msg))
            .Select(f => (f.Name, (Msg)f.GetValue(null)!))
            .ToList();

    // A refusal of a value: "{field} '{value}' is not valid: {what would be right}."
    public static readonly Msg ValueInvalid = new("value.invalid");

    // "{what} '{key}' was not found."
    public static readonly Msg RecordNotFound = new("record.not-found");

    // Until every throw site has its own id: a sentence written in English only.
    public static readonly Msg Untranslated = new("untranslated");

    // Each area's messages, in the order of the catalogs:
    public static readonly Msg LoanDeviceHeld = new("loan.device-held");
    public static readonly Msg ValueOneOf = new("value.one-of");
    public static readonly Msg ValueUseOneOf = new("value.use-one-of");
    public static readonly Msg ParseDate = new("parse.date");
    public static readonly Msg ParseEuros = new("parse.euros");
    public static readonly Msg ParseCostNegative = new("parse.cost-negative");
    public static readonly Msg ParseCents = new("parse.cents");
    public static readonly Msg ParseCostTooHigh = new("parse.cost-too-high");
    public static readonly Msg ParseImei = new("parse.imei");
    public static readonly Msg IdentityCodeRefused = new("identity-code.refused");
    // (end of the ids)
}
