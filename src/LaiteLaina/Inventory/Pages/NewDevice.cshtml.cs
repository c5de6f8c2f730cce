using LaiteLaina.Documents;

namespace LaiteLaina.Inventory.Pages;

/// <summary>Intake: a volunteer registers a device that came in and gets its tag and label. The donor is chosen from the
/// register, or added right here with the device (one transaction: a refused device adds no donor); the place is chosen
/// from the office's sites and locations.</summary>
[Authorize(Policy = Access.Devices)]
[CameraUpload]
public sealed class NewDeviceModel(InventoryService inventory, SiteService sites, DonorService donors, ILabelPrinter labels, CodeReader reader,
    Microsoft.Extensions.Localization.IStringLocalizer<Ui> l) : AppPage
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

    /// <summary>The codes read from the box that may be the serial number, offered on its field.</summary>
    public IReadOnlyList<string> SerialChoices { get; private set; } = [];

    public IReadOnlyList<Donor> Donors { get; private set; } = [];

    public override async Task LoadAsync(CancellationToken ct)
    {
        Places = await sites.PlacesAsync(ct);
        Donors = await donors.NamesAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>
    /// A photo of the device's box or back label: its barcodes fill the IMEI and serial number fields, nothing is added
    /// yet, and what the person typed stays (a field already filled in is not overwritten). Several codes that may be
    /// the serial number are offered on that field to choose from.
    /// </summary>
    public async Task<IActionResult> OnPostCameraAsync(IFormFile? photo, CancellationToken ct)
    {
        var box = await ReadBoxAsync(photo, ct);
        Input = Input with
        {
            Imei = Parse.Text(Input.Imei) ?? box.Imei,
            SerialNumber = Parse.Text(Input.SerialNumber) ?? (box.Serials.Count == 1 ? box.Serials[0] : null),
        };
        SerialChoices = box.Serials;
        var read = new List<string>();
        if (box.Imei is { } imei)
            read.Add(l["IMEI {0}", imei]);
        if (box.Serials.Count > 0)
            read.Add(l["possible serial numbers: {0}", string.Join(", ", box.Serials)]);
        var done = read.Count == 0 ? l["The codes on the box are not an IMEI or a serial number."].Value : l["Read from the box: {0}.", string.Join("; ", read)].Value;
        return await DoneAsync(box.Serials.Count > 1 ? done + " " + l["Choose the serial number on its field."] : done, ct);
    }

    // Apart from the handler: ASP.NET reads a handler's attributes when it builds the pages at start, and the compiler's
    // attribute on an async handler names its state machine, whose fields would name ZXing's types and load ZXing then.
    private async Task<BoxCodes> ReadBoxAsync(IFormFile? photo, CancellationToken ct) =>
        BoxCodes.Of(await reader.ReadAsync(await CameraUploadAttribute.BytesAsync(photo, ct), all: true, ct));

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
        var done = l["The device is added."].Value;
        if (Label)
        {
            try
            {
                done = l["The device is added and its label is sent to the printer {0}.", await labels.PrintLabelAsync(device.Tag, Actor, ct)];
            }
            catch (UserError)
            {
                // The device is in the register: going back to this form would invite adding it twice. Its page says
                // the label is missing and prints it again.
                return Redirect($"/devices/{device.Tag}?after=label-failed");
            }
        }
        return DoneThen($"/devices/{device.Tag}", done);
    }
}
