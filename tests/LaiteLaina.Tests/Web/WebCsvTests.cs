using System.Xml.Linq;
using LaiteLaina.Audit;
using LaiteLaina.Reports;
using LaiteLaina.Web;

namespace LaiteLaina.Tests.Web;

/// <summary>The pages' CSV files speak the reader's language: every column header of every web export has its words
/// in each catalog, and values are written as the reader writes them.</summary>
public sealed class WebCsvTests
{
    private static HashSet<string> Keys(string culture) =>
        XDocument.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina/Kernel", culture.Length == 0 ? "Ui.resx" : $"Ui.{culture}.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Headers() =>
        ReturnAudit.RowColumns(true).Select(c => c.Header)
            .Concat(LaiteLaina.Audit.Pages.AuditLogModel.Columns.Select(c => c.Header))
            .Concat(ReportService.FleetColumns.Select(c => c.Header)).Concat(ReportService.LoanColumns.Select(c => c.Header))
            .Concat(ReportService.OverdueColumns(true).Select(c => c.Header)).Concat(ReportService.DonationColumns.Select(c => c.Header))
            .Concat(ReportService.LeaseColumns.Select(c => c.Header)).Concat(ReportService.PointColumns.Select(c => c.Header))
            .Concat(StocktakeService.ItemColumns.Select(c => c.Header));

    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Headers_EveryWebExportColumn_HasWords(string culture)
    {
        var keys = Keys(culture);
        Assert.That(Headers().Select(h => WebCsv.CsvPrefix + h).Distinct().Where(k => !keys.Contains(k)), Is.Empty);
    }
}
