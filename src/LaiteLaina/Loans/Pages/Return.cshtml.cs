using LaiteLaina.Inventory;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class ReturnModel(LoanService loans) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Reference { get; set; } = "";
    [BindProperty] public string? Condition { get; set; }
    /// <summary>How each accessory given came back, by its place in the loan's list: returned, missing or damaged.</summary>
    [BindProperty] public string?[]? Items { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public bool Damaged { get; set; }
    [BindProperty] public string? DamageNotes { get; set; }
    [BindProperty(SupportsGet = true)] public long? Receipt { get; set; }

    /// <summary>Set after a return: a staff loan has no receipt, and without this its closed loan would read as a refusal.</summary>
    [BindProperty(SupportsGet = true)] public bool Returned { get; set; }

    public Loan? Loan { get; private set; }

    /// <summary>Each accessory the loan gave, with the state the form posted for it (returned until marked otherwise).</summary>
    public IReadOnlyList<(string Item, AccessoryState State)> States(Loan loan) =>
        [.. loan.Accessories.Select((item, i) => (item, Items is { } posted && i < posted.Length && posted[i] is { } state
            ? EnumText.Parse<AccessoryState>("missing", state) : AccessoryState.Returned))];

    public override async Task LoadAsync(CancellationToken ct) => Loan = await loans.GetAsync(Reference, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var loan = await loans.GetAsync(Reference, ct);
        // Each item given is marked on its own; the receipt's table and the return audit list the missing and damaged ones.
        var states = States(loan);
        var returned = (await loans.ReturnAsync(loan.Tag, new ReturnRequest
        {
            Condition = Condition, Notes = Notes,
            Missing = [.. states.Where(s => s.State == AccessoryState.Missing).Select(s => s.Item)],
            DamagedAccessories = [.. states.Where(s => s.State == AccessoryState.Damaged).Select(s => s.Item)], Damaged = Damaged || Parse.Text(DamageNotes) is not null, DamageNotes = DamageNotes,
        }, Actor, loan.Id, ct)).Loan;
        var receipt = returned.DocumentId is { } id ? "&receipt=" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return Redirect($"/loans/{Reference}/return?returned=true{receipt}");
    }
}
