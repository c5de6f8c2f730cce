using LaiteLaina.Storage;
namespace LaiteLaina.Audit.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class AuditLogModel(AuditLogSearch search) : AppPage
{
    public int PageSize => 100;

    [BindProperty(SupportsGet = true, Name = "actor")] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? Record { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct) =>
        Entries = await search.PageAsync(new AuditLogFilter { Actor = Who, Record = Record, Action = Action, From = From, To = To },
            User.SeesBorrowers(), Before, PageSize, ct);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (UserError e)
        {
            // A mistyped date: say which, keep the filters, show nothing rather than everything.
            Problem = Say(e);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public string Query(string? format, long? before = null) =>
        QueryOf(("actor", Who), ("record", Record), ("action", Action), ("from", From), ("to", To), ("format", format),
            ("before", before?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
