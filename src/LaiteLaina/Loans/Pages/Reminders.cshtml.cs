namespace LaiteLaina.Loans.Pages;

/// <summary>The counsellor's reminders: their overdue loans, each with a ready text in the borrower's language (fi, sv,
/// en, plain Finnish) to read out on the phone or send through the organisation's own channel. The morning e-mail
/// only points here, since client data must not travel by e-mail.</summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class RemindersModel(ReminderService reminders, DeskService desk) : AppPage
{
    /// <summary>Everyone's overdue loans, not only the signed-in counsellor's (a colleague on leave, a manager).</summary>
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    public IReadOnlyList<Reminder> Reminders { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        var loans = await reminders.OverdueLoansAsync(All ? null : User.DisplayName(), ct);
        var list = new List<Reminder>(loans.Count);
        foreach (var loan in loans)
            list.Add(await desk.ReminderAsync(loan.Reference, ct));
        Reminders = list;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
