using System.Globalization;

namespace LaiteLaina.Kernel;

/// <summary>What kind of mistake the person made; the web maps it to a status code, the CLI to exit code 1.</summary>
public enum UserErrorKind { Invalid, NotFound, Conflict, Unavailable, Forbidden }

/// <summary>
/// A mistake a person can fix. It carries a message id and its arguments (<see cref="Text"/>), rendered in the
/// reader's language where it is shown: one line that names the field, the value and what would be right. Its
/// <see cref="Exception.Message"/> is the English text, for logs. Anything else that escapes is a bug and is logged,
/// never shown with a stack trace.
/// </summary>
#pragma warning disable CA1710 // "UserError" reads better at every throw site than "UserErrorException".
public sealed class UserError(Message text, UserErrorKind kind = UserErrorKind.Invalid, string? field = null)
    : Exception(text.Render(MessageCatalog.English))
{
    public Message Text { get; } = text;

    /// <summary>The message id, stable across languages and versions (the API's problem "code").</summary>
    public string Code => Text.Id.Id;

    public UserErrorKind Kind { get; } = kind;
    public string? Field { get; } = field;

    /// <summary>The message in <paramref name="culture"/>'s language; without personal data for screens that must not
    /// show it (a scanner's events, a volunteer's view).</summary>
    public string In(CultureInfo culture, bool personalData = true) => Text.Render(culture, personalData);

    /// <summary>The English message without the personal data in it; null when the message holds none.</summary>
    public string? WithoutPersonalData => Text.HasPersonalData ? In(MessageCatalog.English, personalData: false) : null;

    /// <summary>The value is shown as given; a <see cref="Message"/> value ("empty") in the reader's language.</summary>
    public static UserError Invalid(string field, object? value, Message allowed) => Invalid(new FieldName(field), field, value, allowed);

    /// <summary>A field whose name is itself a message (a key in a named file), kept as <paramref name="key"/> in <see cref="Field"/>.</summary>
    public static UserError Invalid(Message field, string key, object? value, Message allowed) => Invalid((object)field, key, value, allowed);

    /// <summary>An empty field is said to be empty ("Kohta nimi on tyhjä – …"): quoting '' reads as a riddle to a person.</summary>
    private static UserError Invalid(object field, string key, object? value, Message allowed) =>
        new(value is null or string { Length: 0 }
            ? Msg.ValueMissing.With(field, allowed) : Msg.ValueInvalid.With(field, value, allowed), UserErrorKind.Invalid, key);

    public static UserError NotFound(string what, string key) =>
        new(Msg.RecordNotFound.With(new FieldName(what), key), UserErrorKind.NotFound, what);
}
#pragma warning restore CA1710
