using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Loans.Pages;

/// <summary>The reminder of an overdue loan: a ready text in the borrower's language to read out or send, and the button
/// that notes on the loan (and in the audit log) that the borrower was reminded today.</summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class ReminderModel(DeskService desk, LoanService loans, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Reference { get; set; } = "";

    public Reminder? Reminder { get; private set; }

    public override async Task LoadAsync(CancellationToken ct) => Reminder = await desk.ReminderAsync(Reference, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var loan = await loans.RemindAsync(Reference, Actor, ct);
        return await DoneAsync(l["The reminder is recorded on {0}.", loan.RemindedOn?.ToString("d.M.yyyy", CultureInfo.InvariantCulture) ?? ""], ct);
    }
}
