using System.Globalization;
using LaiteLaina.Inventory;
using LaiteLaina.People;

namespace LaiteLaina.Loans.Pages;

/// <summary>
/// Hands a recycled device over to a client to keep after digital coaching: the same <see cref="LoanService.HandOverAsync"/>
/// as the command line, so the device leaves the pool and the handover agreement is issued in the same transaction.
/// </summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class HandoverModel(InventoryService inventory, LoanService loans, BorrowerService borrowers) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty] public string? Q { get; set; }
    [BindProperty] public string? Borrower { get; set; }
    [BindProperty] public string? Sessions { get; set; }
    [BindProperty] public string? CoachingReason { get; set; }
    [BindProperty] public string? Accessories { get; set; }
    [BindProperty] public string? Language { get; set; }

    public Device? Device { get; private set; }

    public BorrowerPicker Picker { get; private set; } = new([], null, null);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Device = Parse.Text(Tag) is { } tag ? await inventory.GetAsync(tag, ct) : throw UserError.Invalid("tag", Tag, Msg.LoanTagMissing);
        Picker = await BorrowerPicker.FindAsync(borrowers, Q, Borrower, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // What the person typed is what a refusal quotes ("kaksi"), never a stand-in number the service would quote instead.
        var sessions = Parse.Text(Sessions) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw UserError.Invalid("coaching-sessions", text, Msg.LoanCoachingSessions)
            : 0;
        var outcome = await loans.HandOverAsync(new HandoverRequest
        {
            Tag = Tag ?? "",
            Borrower = await BorrowerPicker.ChosenAsync(borrowers, Q, Borrower, ct),
            CoachingSessions = sessions,
            CoachingReason = CoachingReason,
            Accessories = AccessoryList.Split(Accessories),
            Language = Parse.Text(Language),
        }, Actor, ct);
        return Redirect($"/loans/{outcome.Loan.Reference}?new=true");
    }
}
