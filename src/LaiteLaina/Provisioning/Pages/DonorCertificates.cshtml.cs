using LaiteLaina.Inventory;

namespace LaiteLaina.Provisioning.Pages;

/// <summary>
/// The wipe certificates of the devices one donor gave, for the donor who asks for proof: the donors list linked here
/// to the JSON of the API, which a person in the office cannot read.
/// </summary>
[Authorize(Policy = Access.Devices)]
public sealed class DonorCertificatesModel(DonorService donors, Sanitisation sanitisation) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    public Donor? Donor { get; private set; }

    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Donor = await donors.GetAsync(Id, ct);
        Certificates = await sanitisation.ListAsync(null, Id, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
