namespace LaiteLaina.Inventory.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class DonorsModel(DonorService donors) : AppPage
{
    public IReadOnlyList<Donor> Donors { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct) => Donors = await donors.ListAsync(ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? kind, string? contact, CancellationToken ct)
    {
        await donors.AddAsync(name ?? "", kind, contact, null, Actor, ct);
        return RedirectToPage();
    }
}
