namespace LaiteLaina.Audit.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class ReturnAuditModel(ReturnAudit audit) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Site { get; set; }
    [BindProperty(SupportsGet = true)] public string? Counsellor { get; set; }
    [BindProperty(SupportsGet = true)] public string By { get; set; } = "site";

    public ReturnAuditSummary? Summary { get; private set; }

    public IReadOnlyList<ReturnAuditRow> Rows { get; private set; } = [];

    /// <summary>The loans are many over a year: a page at a time, with the CSV for all of them.</summary>
    public Pager? Pager { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = new ReturnAuditFilter { From = From, To = To, Site = Site, Counsellor = Counsellor };
        try
        {
            Summary = await audit.SummaryAsync(filter, EnumText.Parse<ReturnAuditBy>("by", By), ct);
            var page = PageNumber;
            Rows = await audit.RowsAsync(filter, User.SeesBorrowers(), page, Web.Pager.PageSize, ct);
            var total = await audit.CountAsync(filter, ct);
            Pager = new Pager(page, (long)page * Web.Pager.PageSize < total, total,
                n => QueryOf(("from", From), ("to", To), ("site", Site), ("counsellor", Counsellor), ("by", By), ("page", n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        catch (UserError e)
        {
            Problem = Say(e);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public string Query(string format) => QueryOf(("from", From), ("to", To), ("site", Site), ("counsellor", Counsellor), ("format", format));
}
