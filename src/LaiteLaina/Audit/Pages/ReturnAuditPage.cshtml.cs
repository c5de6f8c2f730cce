using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Audit.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class ReturnAuditModel(ReturnAudit audit, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string Basis { get; set; } = "due";
    [BindProperty(SupportsGet = true)] public string? Site { get; set; }
    [BindProperty(SupportsGet = true)] public string? Counsellor { get; set; }
    [BindProperty(SupportsGet = true)] public string By { get; set; } = "site";

    public ReturnAuditSummary? Summary { get; private set; }

    public IReadOnlyList<ReturnAuditRow> Rows { get; private set; } = [];

    /// <summary>The loans are many over a year: a page at a time, with the CSV for all of them.</summary>
    public Pager? Pager { get; private set; }

    /// <summary>The field a refusal is about, marked on the form.</summary>
    public string? ProblemField { get; private set; }

    private ReturnAuditFilter Filter => new() { From = From, To = To, Basis = Basis, Site = Site, Counsellor = Counsellor };

    public async Task OnGetAsync(CancellationToken ct)
    {
        OpenOnThisYear();
        try
        {
            Summary = await audit.SummaryAsync(Filter, EnumText.Parse<ReturnAuditBy>("by", By), ct);
            var page = PageNumber;
            Rows = await audit.RowsAsync(Filter, User.SeesBorrowers(), page, Web.Pager.PageSize, ct);
            // The summary has counted the period's loans already (from the monthly totals): counting the rows again would
            // read the whole period from the loans, a million index entries for a year.
            var total = Summary.Total.Due;
            Pager = new Pager(page, (long)page * Web.Pager.PageSize < total, total, n => Query(null, ("page", n.ToString(CultureInfo.InvariantCulture))));
        }
        catch (UserError e)
        {
            Problem = Say(e);
            ProblemField = e.Field;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>Every loan of the period as the spreadsheet file (';', BOM, the reader's words).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        OpenOnThisYear();
        audit.Check(Filter); // before the download starts: afterwards an error could only cut it short
        var personal = User.SeesBorrowers();
        return await WebCsv.WriteAsync(Response, $"{l["Return audit"]} {From}–{To}.csv", audit.StreamAsync(Filter, personal, ct), ReturnAudit.RowColumns(personal), l, ct);
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        OpenOnThisYear();
        return File(await audit.PdfAsync(Filter, User.SeesBorrowers(), l, ct), "application/pdf", $"return-audit-{From}-{To}.pdf");
    }

    /// <summary>With neither date given the audit shows this calendar year, and the form says so.</summary>
    private void OpenOnThisYear()
    {
        if (!string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To))
            return;
        var (from, to) = audit.ThisYear;
        From = LocalText.Date(from);
        To = LocalText.Date(to);
    }

    public string Query(string? handler, params (string Name, string? Value)[] more) =>
        QueryOf([("from", From), ("to", To), ("basis", Basis), ("site", Site), ("counsellor", Counsellor), ("by", By), ("handler", handler), .. more]);
}
