using LaiteLaina.Storage;
using LaiteLaina.Users;
using Microsoft.Extensions.Localization;
namespace LaiteLaina.Audit.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class AuditLogModel(AuditLogSearch search, AuditDiff words, UserService users, TimeProvider clock, IStringLocalizer<Ui> l) : AppPage
{
    public int PageSize => 100;

    [BindProperty(SupportsGet = true, Name = "actor")] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? Record { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The entries as sentences in the reader's language.</summary>
    public IReadOnlyList<AuditLine> Lines { get; private set; } = [];

    /// <summary>The actions to choose from, in words, by area ("device": "Laitteet"), each area first as a whole; the
    /// URL keeps the code, which is what the search takes.</summary>
    public static IReadOnlyList<IGrouping<string, string>> Areas { get; } =
        AuditDiff.Actions.GroupBy(a => a[..a.IndexOf('.', StringComparison.Ordinal)]).ToList();

    /// <summary>The people to choose from, by name; the value is the user name the log records.</summary>
    public IReadOnlyList<AppUser> Actors { get; private set; } = [];

    /// <summary>Today in the reader's date format, as the example in the date fields.</summary>
    public string DateExample => LocalText.Date(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    private AuditLogFilter Filter => new() { Actor = Who, Record = Record, Action = Action, From = From, To = To };

    public override async Task LoadAsync(CancellationToken ct)
    {
        Entries = await search.PageAsync(Filter, User.SeesBorrowers(), Before, PageSize, ct);
        Lines = await words.DescribeAsync(Entries, ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actors = await users.ListAsync(ct);
        try
        {
            await LoadAsync(ct);
        }
        catch (UserError e)
        {
            // A mistyped date: say which, keep the filters, show nothing rather than everything.
            Problem = Say(e);
            if (e.Field is { } field)
                ModelState.AddModelError(field, Problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>The whole filtered log as the spreadsheet file: each entry's time, person and sentence, described a page
    /// at a time so that a long log is never held whole.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var filter = Filter;
        AuditLogSearch.Check(filter);
        return await WebCsv.WriteAsync(Response, "audit-log.csv", DescribedAsync(filter, ct), Columns, l, ct);
    }

    private async IAsyncEnumerable<AuditLine> DescribedAsync(AuditLogFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var batch = new List<AuditEntry>(500);
        await foreach (var e in search.StreamAsync(filter, User.SeesBorrowers(), ct))
        {
            batch.Add(e);
            if (batch.Count < 500)
                continue;
            foreach (var line in await words.DescribeAsync(batch, ct))
                yield return line;
            batch.Clear();
        }
        foreach (var line in await words.DescribeAsync(batch, ct))
            yield return line;
    }

    public static readonly Column<AuditLine>[] Columns =
    [
        new("when", a => a.When), new("who", a => a.Who), new("what happened", a => a.Sentence), new("change", a => a.Changes),
        new("record", a => a.Entry.RecordKey), new("action", a => a.Entry.Action),
    ];

    public string Query(string? handler, long? before = null) =>
        QueryOf(("actor", Who), ("record", Record), ("action", Action), ("from", From), ("to", To), ("handler", handler),
            ("before", before?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
