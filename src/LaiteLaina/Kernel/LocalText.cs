using System.Globalization;

namespace LaiteLaina.Kernel;

/// <summary>
/// Dates, times and numbers as the person reading them writes them, in the UI's current culture: d.M.yyyy in every
/// language of the office (Finland-Swedish writes dates as Finnish does), the time with a dot in Finnish (14.05) and a
/// colon otherwise, decimal commas in Finnish and Swedish. Pages, web CSV files and audit sentences share these.
/// </summary>
public static class LocalText
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public static string Date(DateOnly date) => date.ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    /// <summary>The local date and time to the minute: an audit stamp needs no seconds, let alone seven decimals.</summary>
    public static string DateTime(DateTimeOffset at)
    {
        var local = at.ToLocalTime();
        return local.ToString($"d.M.yyyy HH'{TimeSeparator}'mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A time of day as the reader writes it: "02.30" in Finnish, "02:30" otherwise.</summary>
    public static string Time(TimeOnly at) => at.ToString($"HH'{TimeSeparator}'mm", CultureInfo.InvariantCulture);

    private static string TimeSeparator => Culture.TwoLetterISOLanguageName == "fi" ? "." : ":";

    public static string LocalDate(DateTimeOffset at) => at.ToLocalTime().ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A count with the culture's thousands separator (1 234 in Finnish).</summary>
    public static string Count(long n) => n.ToString("#,0", Culture);

    /// <summary>A measure with one decimal, as "0,0" in Finnish and Swedish.</summary>
    public static string OneDecimal(double value) => value.ToString("0.0", Culture);

    /// <summary>A number with as many decimals as it has, up to two.</summary>
    public static string Number(double value) => value.ToString("0.##", Culture);
}
