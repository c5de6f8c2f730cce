using System.Buffers;
using System.Globalization;
using System.Text;

namespace LaiteLaina.Kernel;

/// <summary>What a text field holds, which decides how long it may be and what may be in it.</summary>
public enum TextKind
{
    /// <summary>A name or a short text on one line: 200 characters.</summary>
    Line,
    /// <summary>A code, serial, tag, date or choice typed as text: 100 characters.</summary>
    Code,
    /// <summary>Free text that may run over several lines (notes, reasons, purposes): 4,000 characters, newline and tab allowed.</summary>
    Note,
    /// <summary>A file path, URL or connection string: taken as written (a path is not normalised), 4,096 characters.</summary>
    Path,
    /// <summary>A password: never normalised, never echoed, never scanned for identity codes (a password is no record).</summary>
    Secret,
    /// <summary>Encoded data (a signature image as a data URL): only its size is checked.</summary>
    Data,
    /// <summary>A document template's text, as long as a document: 100,000 characters, newline and tab allowed.</summary>
    Document,
}

/// <summary>
/// The one check at the edge of every text input — the API's JSON binding and route and query values, the command
/// line's options and arguments, the CSV import's cells and the pages' form posts all call <see cref="Check"/> before
/// any work is done. It normalises the text as a person means it (NFKC: full-width digits become digits; soft hyphens
/// and zero-width characters, which Word and web pages insert unseen, are removed), then refuses, with one message that
/// names the field: a value over the field's maximum, a control character (newline and tab only in notes), a direction
/// override or isolate (they make stored text read differently from how it is shown), and a personal identity code.
/// </summary>
public static class TextInput
{
    public const int LineMax = 200, CodeMax = 100, NoteMax = 4_000, PathMax = 4_096, SecretMax = 1_024, DataMax = 2_000_000, DocumentMax = 100_000;

    // Invisible characters that only hide what a text says: soft hyphen, zero-width space, non-joiner, joiner, word
    // joiner and the byte order mark inside text. NFKC keeps them, so they are removed first. The non-joiner and the
    // joiner are kept between two letters of a script that needs them (Persian "علی‌رضا" is spelt with a non-joiner;
    // Indic scripts use both), see KeepsJoiner.
    private static readonly SearchValues<char> Invisible = SearchValues.Create("\u00AD\u200B\u200C\u200D\u2060\uFEFF");

    /// <summary>The kind of every field the edge knows, by its kebab-case name (the catalog's "field.NAME"); a field
    /// not listed is a <see cref="TextKind.Line"/>. Each name here has its words in every message catalog.</summary>
    private static readonly Dictionary<string, TextKind> Kinds = new(StringComparer.Ordinal)
    {
        // Names and short texts on one line.
        [Known("make")] = TextKind.Line, [Known("model")] = TextKind.Line, [Known("os")] = TextKind.Line, [Known("name")] = TextKind.Line,
        [Known("display-name")] = TextKind.Line, [Known("address")] = TextKind.Line, [Known("contact")] = TextKind.Line,
        [Known("new-name")] = TextKind.Line, [Known("new-contact")] = TextKind.Line, [Known("unit")] = TextKind.Line, [Known("by")] = TextKind.Line,
        [Known("operator")] = TextKind.Line, [Known("supplier")] = TextKind.Line, [Known("transferred-from")] = TextKind.Line,
        [Known("lease-paid-by")] = TextKind.Line, [Known("recommended-by")] = TextKind.Line, [Known("recommending-worker")] = TextKind.Line,
        [Known("counsellor")] = TextKind.Line, [Known("donor")] = TextKind.Line, [Known("location")] = TextKind.Line, [Known("actor")] = TextKind.Line,
        [Known("q")] = TextKind.Line, [Known("search")] = TextKind.Line, [Known("label")] = TextKind.Line, [Known("back")] = TextKind.Line,
        [Known("missing")] = TextKind.Line, [Known("method")] = TextKind.Line, [Known("borrower")] = TextKind.Line, [Known("user")] = TextKind.Line,
        [Known("as")] = TextKind.Line, [Known("accessory")] = TextKind.Line, [Known("signing-place")] = TextKind.Line,
        [Known("damaged-accessory")] = TextKind.Line, [Known("damaged-accessories")] = TextKind.Line,
        // Free text about a device, a loan or a person's errand, and a setting's value (the organisation's name and address).
        [Known("value")] = TextKind.Note,
        [Known("notes")] = TextKind.Note, [Known("note")] = TextKind.Note, [Known("lease-notes")] = TextKind.Note,
        [Known("maintenance-notes")] = TextKind.Note, [Known("purpose")] = TextKind.Note, [Known("reason")] = TextKind.Note,
        [Known("accessories")] = TextKind.Note, [Known("template-text")] = TextKind.Document,
        // Codes, keys and values chosen from a list.
        [Known("tag")] = TextKind.Code, [Known("tags")] = TextKind.Code, [Known("serial")] = TextKind.Code, [Known("serial-number")] = TextKind.Code,
        [Known("imei")] = TextKind.Code, [Known("code")] = TextKind.Code, [Known("key")] = TextKind.Code, [Known("badge")] = TextKind.Code,
        [Known("client-reference")] = TextKind.Code, [Known("new-reference")] = TextKind.Code, [Known("reference")] = TextKind.Code,
        [Known("kind")] = TextKind.Code, [Known("new-kind")] = TextKind.Code, [Known("status")] = TextKind.Code, [Known("condition")] = TextKind.Code,
        [Known("acquisition")] = TextKind.Code, [Known("role")] = TextKind.Code, [Known("language")] = TextKind.Code, [Known("level")] = TextKind.Code,
        [Known("state")] = TextKind.Code, [Known("outcome")] = TextKind.Code, [Known("format")] = TextKind.Code, [Known("profile")] = TextKind.Code,
        [Known("printer")] = TextKind.Code, [Known("scanner")] = TextKind.Code, [Known("once")] = TextKind.Code, [Known("due")] = TextKind.Code,
        [Known("from")] = TextKind.Code, [Known("to")] = TextKind.Code, [Known("until")] = TextKind.Code, [Known("acquired-on")] = TextKind.Code,
        [Known("lease-end")] = TextKind.Code, [Known("cost")] = TextKind.Code, [Known("copies")] = TextKind.Code, [Known("page")] = TextKind.Code,
        [Known("page-size")] = TextKind.Code, [Known("days")] = TextKind.Code, [Known("limit")] = TextKind.Code, [Known("rows")] = TextKind.Code,
        [Known("delimiter")] = TextKind.Code, [Known("sha256")] = TextKind.Code, [Known("tag-prefix")] = TextKind.Code, [Known("port")] = TextKind.Code,
        [Known("id")] = TextKind.Code, [Known("device")] = TextKind.Code, [Known("devices")] = TextKind.Code, [Known("os-version")] = TextKind.Code,
        [Known("site")] = TextKind.Code, [Known("setting")] = TextKind.Code, [Known("before")] = TextKind.Code, [Known("source")] = TextKind.Code,
        [Known("action")] = TextKind.Code, [Known("record")] = TextKind.Code,
        // Where files and services are: taken as written.
        [Known("file")] = TextKind.Path, [Known("image")] = TextKind.Path, [Known("output")] = TextKind.Path, [Known("data")] = TextKind.Path,
        [Known("database")] = TextKind.Path, [Known("password-file")] = TextKind.Path, [Known("url")] = TextKind.Path, [Known("urls")] = TextKind.Path,
        [Known("return-url")] = TextKind.Path, [Known("svg")] = TextKind.Path,
        [Known("password")] = TextKind.Secret, [Known("current")] = TextKind.Secret, [Known("new-password")] = TextKind.Secret,
        [Known("token")] = TextKind.Secret,
        [Known("signature")] = TextKind.Data, [Known("signature-png")] = TextKind.Data,
    };

    // Marks a field name in the table, so that the catalog test finds it and asks each catalog for its words.
    private static string Known(string field) => field;

    public static TextKind KindOf(string field) => Kinds.GetValueOrDefault(field, TextKind.Line);

    public static int MaxOf(TextKind kind) => kind switch
    {
        TextKind.Code => CodeMax,
        TextKind.Note => NoteMax,
        TextKind.Path => PathMax,
        TextKind.Secret => SecretMax,
        TextKind.Data => DataMax,
        TextKind.Document => DocumentMax,
        _ => LineMax,
    };

    /// <summary>The kebab-case field of a name as each entry point spells it: a JSON property ("serialNumber"), a form
    /// field ("Input.SerialNumber"), an option ("--serial-number"), a CSV column ("serial_number") or an argument ("TAG").</summary>
    public static string FieldOf(string name)
    {
        // Already kebab case (the table's own names, a CSV column's field): as it is, without a copy per cell.
        if (name.Length > 0 && name[0] != '-' && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            return name;
        var last = name.TrimStart('-');
        last = last[(last.LastIndexOf('.') + 1)..];
        if (last.All(c => !char.IsLower(c)))
            last = last.ToLowerInvariant();
        var sb = new StringBuilder(last.Length + 4);
        for (var i = 0; i < last.Length; i++)
        {
            var c = last[i];
            if (c is '_' or ' ')
                c = '-';
            if (char.IsUpper(c) && i > 0 && last[i - 1] is not ('-' or '_' or ' '))
                sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>The text as a person means it: NFKC (full-width "１３" is "13", the ligature "ﬁ" is "fi"), without soft
    /// hyphens and zero-width characters. Paths, passwords and data are the caller's exact bytes and stay so.</summary>
    public static string Normalise(string text)
    {
        // Plain ASCII, most of what is typed and imported, is its own normal form and holds nothing invisible.
        if (System.Text.Ascii.IsValid(text))
            return text;
        if (text.AsSpan().ContainsAny(Invisible))
        {
            var sb = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (!Invisible.Contains(c) || (c is '\u200C' or '\u200D' && KeepsJoiner(text, i)))
                    sb.Append(c);
            }
            text = sb.ToString();
        }
        return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Whether the (non-)joiner at <paramref name="at"/> stands between two letters or marks beyond the Latin
    /// alphabets, where it changes how the word is written; between Latin letters or digits it only hides a code.</summary>
    private static bool KeepsJoiner(string text, int at)
    {
        static bool Joining(char c) => c > '\u036F' && !char.IsSurrogate(c)
            && (char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
        return at > 0 && at + 1 < text.Length && Joining(text[at - 1]) && Joining(text[at + 1]);
    }

    /// <summary>The text as <paramref name="field"/> keeps it: normalised, unless it is a path, a password or data.</summary>
    public static string Normalise(string field, string text) => Normalise(KindOf(FieldOf(field)), text);

    private static string Normalise(TextKind kind, string text) => kind is TextKind.Path or TextKind.Secret or TextKind.Data ? text : Normalise(text);

    /// <summary>Checks <paramref name="text"/> for <paramref name="field"/> (a name as any entry point spells it) and
    /// returns it normalised, or throws a <see cref="UserError"/> that names the field, shows the value shortened and
    /// says what would be right.</summary>
    public static string? Check(string field, string? text)
    {
        if (text is null)
            return null;
        field = FieldOf(field);
        var kind = KindOf(field);
        var max = MaxOf(kind);
        // Before any other work: a megabyte is refused by its length, not normalised or scanned first.
        if (text.Length > max)
            throw new UserError(Msg.TextTooLong.With(new FieldName(field), Shown(kind, text), text.Length, max), UserErrorKind.Invalid, field);
        if (kind is TextKind.Data)
            return text;
        var normal = Normalise(kind, text);
        foreach (var c in normal)
        {
            if (char.IsControl(c) && !(kind is TextKind.Note or TextKind.Document && c is '\n' or '\t' or '\r'))
                throw new UserError(Msg.TextControlCharacter.With(new FieldName(field), Shown(kind, text), CodePoint(c)), UserErrorKind.Invalid, field);
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                throw new UserError(Msg.TextDirectionControl.With(new FieldName(field), Shown(kind, text), CodePoint(c)), UserErrorKind.Invalid, field);
        }
        if (normal.Length > max)
            throw new UserError(Msg.TextTooLong.With(new FieldName(field), Shown(kind, text), normal.Length, max), UserErrorKind.Invalid, field);
        if (kind is not TextKind.Secret)
            IdentityCode.Refuse(field, normal, checkedOnly: kind is TextKind.Code);
        return normal;
    }

    /// <summary>Each of <paramref name="texts"/> checked as <see cref="Check"/> does.</summary>
    public static string[]? Check(string field, IEnumerable<string?>? texts) => texts?.Select(t => Check(field, t)!).ToArray();

    // A password is never shown back, not even its beginning.
    private static string Shown(TextKind kind, string text) => kind is TextKind.Secret ? "…" : text;

    private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
