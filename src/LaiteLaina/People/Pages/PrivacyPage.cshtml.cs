using Microsoft.Extensions.Localization;

namespace LaiteLaina.People.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class PrivacyModel(PrivacyService privacy, IStringLocalizer<Ui> l) : AppPage
{
    public int Months { get; private set; }

    public IReadOnlyList<RetentionDue> Due { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Months = await privacy.RetentionMonthsAsync(ct);
        Due = await privacy.DueAsync(null, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAnonymiseAsync(CancellationToken ct)
    {
        var count = await privacy.AnonymiseDueAsync(Actor, ct);
        return await DoneAsync($"{l["Anonymised"]}: {count}", ct);
    }

    public async Task<IActionResult> OnPostExportAsync(string? borrower, CancellationToken ct) =>
        File(await privacy.ExportAsync(borrower ?? "", Actor, ct), "application/pdf", $"borrower-{borrower}.pdf");

    public async Task<IActionResult> OnPostEraseAsync(string? borrower, CancellationToken ct)
    {
        var b = await privacy.EraseAsync(borrower ?? "", Actor, ct);
        return await DoneAsync($"{l["Erased"]}: {b.Id}", ct);
    }
}
