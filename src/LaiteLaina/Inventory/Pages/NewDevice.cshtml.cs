namespace LaiteLaina.Inventory.Pages;

/// <summary>Intake: a volunteer registers a device that came in and gets its tag and label. The donor is chosen from the
/// register, or added right here with the device (one transaction: a refused device adds no donor); the place is chosen
/// from the office's sites and locations.</summary>
[Authorize(Policy = Access.Devices)]
public sealed class NewDeviceModel(InventoryService inventory, SiteService sites, DonorService donors, ILabelPrinter labels) : AppPage
{
    [BindProperty] public DeviceInput Input { get; set; } = new() { Kind = "tablet" };
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? NewDonorName { get; set; }
    [BindProperty] public string? NewDonorKind { get; set; }
    [BindProperty] public string? NewDonorContact { get; set; }

    /// <summary>The person has checked that another device really has the same serial number.</summary>
    [BindProperty] public bool SameSerial { get; set; }

    [BindProperty] public bool Label { get; set; } = true;

    public IReadOnlyList<Site> Places { get; private set; } = [];

    public IReadOnlyList<Donor> Donors { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Places = await sites.PlacesAsync(ct);
        Donors = await donors.NamesAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (site, location) = PlaceChoice.Read(await sites.PlacesAsync(ct), Place);
        var input = Input with
        {
            Site = site.Length == 0 ? null : site, Location = location.Length == 0 ? null : location,
            Accessories = AccessoryList.Join(Input.Accessories),
        };
        // A name typed under "new donor" adds that donor; the list's choice is for donors already in the register.
        var newDonor = Parse.Text(NewDonorName) is null ? null : new DonorInput(NewDonorName, NewDonorKind, NewDonorContact);
        if (newDonor is not null)
            input = input with { Donor = null };
        var device = await inventory.AddWithDonorAsync(input, newDonor, Actor, SameSerial, ct);
        if (Label)
        {
            try
            {
                await labels.PrintLabelAsync(device.Tag, Actor, ct);
            }
            catch (UserError)
            {
                // The device is in the register: going back to this form would invite adding it twice. Its page says
                // the label is missing and prints it again.
                return Redirect($"/devices/{device.Tag}?after=label-failed");
            }
        }
        return Redirect($"/devices/{device.Tag}?after=added");
    }
}
