using LaiteLaina.Inventory;

namespace LaiteLaina.Loans.Pages;

/// <summary>The second look before a lent device is marked lost: it names the device, the borrower and the loan.</summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class LostModel(LoanService loans, InventoryService inventory) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Reference { get; set; } = "";
    [BindProperty] public string? Notes { get; set; }

    public Loan? Loan { get; private set; }

    public string DeviceName { get; private set; } = "";

    public override async Task LoadAsync(CancellationToken ct)
    {
        Loan = await loans.GetAsync(Reference, ct);
        var device = await inventory.GetAsync(Loan.Tag, ct);
        DeviceName = string.Join(' ', new[] { device.Make, device.Model }.Where(s => !string.IsNullOrWhiteSpace(s)));
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var loan = await loans.MarkLostAsync(Reference, Notes, Actor, ct);
        return Redirect($"/loans/{loan.Reference}?lost=true");
    }
}
