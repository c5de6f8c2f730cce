using System.Globalization;
using System.Text.RegularExpressions;

namespace LaiteLaina.Kernel;

/// <summary>Reads the values people type, in the forms Finnish offices write them, or says what is wrong.</summary>
public static partial class Parse
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy", "dd.MM.yyyy", "d.M.yy"];

    public static DateOnly? Date(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw UserError.Invalid(field, text, Msg.ParseDate);
    }

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-dd'T'HH:mm", "d.M.yyyy H.mm", "d.M.yyyy H:mm", "d.M.yyyy 'klo' H.mm",
    ];

    /// <summary>
    /// When something was done, in the office's own time: a date and time as Finnish offices write it ("5.12.2026 14.30",
    /// "2026-12-05 14:30"), or a date alone. A date alone means "some time that day": the end of it, or
    /// <paramref name="now"/> for today, so that it is never in the future and still comes after what else was done that day.
    /// </summary>
    public static DateTimeOffset? Moment(string field, string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var t = text.Trim();
        if (DateTime.TryParseExact(t, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
            return new DateTimeOffset(local);
        if (!DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw UserError.Invalid(field, text, Msg.ParseDateTime);
        var endOfDay = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59), DateTimeKind.Local));
        return endOfDay < now ? endOfDay : now;
    }

    /// <summary>Euros as "129,90", "129.90", "1 299 €" or "1299"; returned in cents.</summary>
    public static long? Cents(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var cleaned = text.Replace("€", "", StringComparison.Ordinal).Replace("EUR", "", StringComparison.OrdinalIgnoreCase)
            .Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var euros))
            throw UserError.Invalid(field, text, Msg.ParseEuros);
        if (euros < 0)
            throw UserError.Invalid(field, text, Msg.ParseCostNegative);
        if (decimal.Round(euros, 2) != euros)
            throw UserError.Invalid(field, text, Msg.ParseCents);
        if (euros > 10_000_000m)
            throw UserError.Invalid(field, text, Msg.ParseCostTooHigh);
        return (long)(euros * 100);
    }

    /// <summary>An IMEI is 15 digits whose last is a Luhn check digit; spaces and dashes are ignored.</summary>
    public static string? Imei(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var digits = NotDigit().Replace(text, "");
        if (digits.Length != 15 || !text.All(ch => char.IsDigit(ch) || ch is ' ' or '-') || !Luhn(digits))
            throw UserError.Invalid("imei", text, Msg.ParseImei);
        return digits;
    }

    public static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string FormatCents(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex("[^0-9]")]
    private static partial Regex NotDigit();
}
