using System.Text.RegularExpressions;

namespace LaiteLaina.Kernel;

/// <summary>
/// Keeps Finnish personal identity codes (henkilötunnus) out of LaiteLaina. A loan never needs one, and a
/// stored one would make every backup and export a risk. Anything shaped like one — DDMMYY, a century sign,
/// three digits and a check character — is refused, whether or not its check character is right, because a
/// mistyped code is still someone's code. Only in codes and serials, which machines make and which may happen to have
/// the shape, does the check character decide (<c>checkedOnly</c>). The text is read as a person means it first
/// (<see cref="TextInput.Normalise"/>), so full-width digits and a soft hyphen pasted from Word do not hide a code.
/// </summary>
public static partial class IdentityCode
{
    // Word and PDFs turn the hyphen into look-alikes; a code pasted from them must still be caught.
    private static readonly char[] Dashes = ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uFE63', '\uFF0D'];

    private const string CheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /// <param name="checkedOnly">Only a code whose check character is right counts.</param>
    public static bool Contains(string? text, bool checkedOnly = false)
    {
        if (text is null)
            return false;
        text = TextInput.Normalise(text);
        // Most texts (a make, a model, a name) hold fewer than the nine digits a code has: one pass decides, no regex.
        if (text.Length < 11 || !HasNineDigits(text))
            return false;
        foreach (var dash in Dashes)
            text = text.Replace(dash, '-');
        foreach (Match m in Shape().Matches(text))
        {
            if (!checkedOnly || CheckIsRight(m.Value))
                return true;
        }
        return false;
    }

    private static bool HasNineDigits(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) && ++digits == 9)
                return true;
        }
        return false;
    }

    /// <summary>The check character is the remainder of the nine digits DDMMYYNNN divided by 31, looked up in the check table.</summary>
    private static bool CheckIsRight(string code)
    {
        var digits = long.Parse(string.Concat(code.AsSpan(0, 6), code.AsSpan(7, 3)), System.Globalization.CultureInfo.InvariantCulture);
        return char.ToUpperInvariant(code[10]) == CheckCharacters[(int)(digits % 31)];
    }

    /// <summary>Throws a <see cref="UserError"/> naming <paramref name="field"/> when <paramref name="text"/> holds a code; the value itself is not repeated back.</summary>
    public static string? Refuse(string field, string? text, bool checkedOnly = false) =>
        Contains(text, checkedOnly)
            ? throw new UserError(Msg.IdentityCodeRefused.With(new FieldName(field)), UserErrorKind.Invalid, field)
            : text;

    // A code glued to letters ("HETU010190-123A") is still one, so only a digit before it rules it out.
    // Day 01–31, month 01–12, two-digit year, a century sign of 1900s (-, Y, X, W, V, U), 1800s (+) or
    // 2000s (A–F), three digits and a check character from 0–9 and the letters the check table uses.
    [GeneratedRegex(@"(?<![0-9])(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[-+A-FU-Y][0-9]{3}[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])", RegexOptions.IgnoreCase)]
    private static partial Regex Shape();
}
