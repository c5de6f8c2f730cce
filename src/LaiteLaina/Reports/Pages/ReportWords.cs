using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Reports.Pages;

/// <summary>The report codes (statuses, kinds, months, age buckets, the site-less group) in the reader's words, for the
/// dashboard, the reports page and their charts and files.</summary>
public sealed class ReportWords(IStringLocalizer l)
{
    public string Fleet(string dimension, string key) => dimension switch
    {
        "status" => l[$"DeviceStatus.{key}"],
        "kind" => l[$"DeviceKind.{key}"],
        "source" => l[$"Acquisition.{key}"],
        _ => key == ReportService.NoSite ? l["No site"] : key,
    };

    /// <summary>"2026-03" as "maaliskuu 2026", "mars 2026", "March 2026".</summary>
    public static string Month(string yearMonth) =>
        DateTime.TryParseExact(yearMonth, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month.ToString("MMMM yyyy", CultureInfo.CurrentCulture)
            : yearMonth;

    /// <summary>An overdue age bucket such as "1-7 d" as "1–7 pv".</summary>
    public string Age(string bucket) => l["Overdue " + bucket];

    public string Bar(string report, string label) => report switch
    {
        "fleet" => Fleet("status", label),
        "loans" or "leases" => Month(label),
        "overdue" => Age(label),
        _ => label,
    };

    /// <summary>A report's chart with its bars and title in the reader's language and numbers in their culture.</summary>
    public string Chart(string report, IEnumerable<Bar> bars) =>
        SvgChart.Bars(l["report-" + report], bars.Select(b => b with { Label = Bar(report, b.Label) }).ToList(), none: l["None"], numbers: CultureInfo.CurrentCulture);
}
