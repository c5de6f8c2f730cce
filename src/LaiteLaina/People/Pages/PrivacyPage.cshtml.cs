using Microsoft.Extensions.Localization;

namespace LaiteLaina.People.Pages;

/// <summary>The data-protection duties: a person found by name, contact or client reference (the number is nothing
/// they or the manager know), their export and erasure; and the retention list.</summary>
[Authorize(Policy = Access.Reports)]
public sealed class PrivacyModel(PrivacyService privacy, BorrowerService borrowers, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public int Months { get; private set; }

    public IReadOnlyList<RetentionDue> Due { get; private set; } = [];

    public IReadOnlyList<Borrower> Found { get; private set; } = [];

    public bool MoreFound { get; private set; }

    public override async Task LoadAsync(CancellationToken ct)
    {
        Months = await privacy.RetentionMonthsAsync(ct);
        Due = await privacy.DueAsync(null, ct);
        Q = Parse.Text(Q);
        if (Q is not null)
        {
            var found = await borrowers.ListOf(Q).PageAsync(1, Pager.PageSize, ct);
            (Found, MoreFound) = (found.Items, found.HasMore);
        }
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAnonymiseAsync(CancellationToken ct)
    {
        var count = await privacy.AnonymiseDueAsync(Actor, ct);
        return await DoneAsync($"{l["Anonymised"]}: {count}", ct);
    }
}
