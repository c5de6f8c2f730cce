using System.Globalization;
using LaiteLaina.Documents;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;

namespace LaiteLaina.Loans.Pages;

/// <summary>What the desk shows of one device: the device, its open loan, and whether the viewer may see who has it.</summary>
public sealed record DeskCard(Device Device, Loan? Loan, bool SeesBorrowers, DateOnly Today, bool CanLend)
{
    /// <summary>A recycled device (one given to the office) that is ready may go to a client to keep.</summary>
    public bool CanHandOver => CanLend && Loan is null && Device.Status == DeviceStatus.Ready && Device.Acquisition == Acquisition.Donated;
}

[Authorize(Policy = Access.Devices)]
[CameraUpload]
public sealed class DeskModel(DeskService desk, LoanService loans, CameraScanner camera) : AppPage
{
    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    public DeskCard? Card { get; private set; }

    /// <summary>Several devices match what was typed (a serial number two makers share): the person picks one.</summary>
    public IReadOnlyList<Device> Choices { get; private set; } = [];

    public DeskLists? Lists { get; private set; }

    public bool SeesBorrowers => User.SeesBorrowers();

    public override async Task LoadAsync(CancellationToken ct)
    {
        Lists = await desk.ListsAsync(SeesBorrowers, ct);
        // A search refused at the edge (a scanner's run-on read, a pasted paragraph) is not looked up again: the desk
        // stays, with the box marked and its lists, instead of a page with only the message.
        if (Parse.Text(Tag) is null || ModelState["tag"]?.Errors.Count > 0)
            return;
        var found = await desk.LookUpAsync(Tag, ct);
        if (found.Devices.Count == 1)
            Card = await CardAsync(loans, found.Devices[0], User, ct);
        else
            Choices = found.Devices;
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (UserError e) when (e.Kind is UserErrorKind.NotFound or UserErrorKind.Invalid)
        {
            // Nothing found is an answer, not a failure: say what was searched for, mark the box and keep the lists.
            Problem = Say(e);
            ModelState.AddModelError("tag", Problem);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    /// <summary>A photo from the phone's camera: read, then looked up as the desk's scanner in lookup mode does (the same
    /// event reaches the other desks), and the device's card shown; a code that names no device is refused on the photo.</summary>
    public async Task<IActionResult> OnPostCameraAsync(IFormFile? photo, CancellationToken ct)
    {
        var scan = await camera.ScanAsync(photo, ScanMode.Lookup, Actor, null, ct);
        var seen = HardwareExtensions.ForViewer(scan.Event, User);
        if (scan.Event.Device is null)
            throw new UserError(scan.Say(seen), UserErrorKind.NotFound, "photo");
        Tag = scan.Event.Device.Tag;
        return await DoneAsync(scan.Say(seen).Render(CultureInfo.CurrentUICulture, SeesBorrowers), ct);
    }

    /// <summary>Only the card, for the desk's script to swap in when the scanner reads a tag.</summary>
    public async Task<IActionResult> OnGetCardAsync(CancellationToken ct)
    {
        var found = await desk.LookUpAsync(Tag, ct);
        return Partial("/Loans/Pages/_DeviceCard.cshtml", await CardAsync(loans, found.Devices[0], User, ct));
    }

    public static async Task<DeskCard> CardAsync(LoanService loans, Device device, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var loan = device.Status == DeviceStatus.OnLoan ? await loans.OpenForDeviceAsync(device.Id, ct) : null;
        var sees = user.SeesBorrowers();
        return new DeskCard(device, sees ? loan : loan is null ? null : loan with { BorrowerName = null, BorrowerId = 0, RecommendingWorker = null, Counsellor = "", RemindedBy = null },
            sees, loans.Today, sees);
    }
}
