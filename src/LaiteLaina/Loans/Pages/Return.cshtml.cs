namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class ReturnModel(LoanService loans) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Reference { get; set; } = "";
    [BindProperty] public string? Condition { get; set; }
    [BindProperty] public string[]? Back { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public bool Damaged { get; set; }
    [BindProperty] public string? DamageNotes { get; set; }
    [BindProperty(SupportsGet = true)] public long? Receipt { get; set; }

    /// <summary>Set after a return: a staff loan has no receipt, and without this its closed loan would read as a refusal.</summary>
    [BindProperty(SupportsGet = true)] public bool Returned { get; set; }

    public Loan? Loan { get; private set; }

    public override async Task LoadAsync(CancellationToken ct) => Loan = await loans.GetAsync(Reference, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var loan = await loans.GetAsync(Reference, ct);
        // What was given and is not ticked now is missing; the receipt and the return audit list it.
        var missing = loan.Accessories.Where(a => Back is null || !Back.Contains(a)).ToList();
        var returned = (await loans.ReturnAsync(loan.Tag, new ReturnRequest
        {
            Condition = Condition, Missing = missing, Notes = Notes, Damaged = Damaged || Parse.Text(DamageNotes) is not null, DamageNotes = DamageNotes,
        }, Actor, loan.Id, ct)).Loan;
        var receipt = returned.DocumentId is { } id ? "&receipt=" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return Redirect($"/loans/{Reference}/return?returned=true{receipt}");
    }
}
