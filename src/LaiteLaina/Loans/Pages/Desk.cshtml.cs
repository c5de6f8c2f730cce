using LaiteLaina.Inventory;
using LaiteLaina.Loans;

namespace LaiteLaina.Loans.Pages;

/// <summary>What the desk shows of one device: the device, its open loan, and whether the viewer may see who has it.</summary>
public sealed record DeskCard(Device Device, Loan? Loan, bool SeesBorrowers, DateOnly Today, bool CanLend);

[Authorize(Policy = Access.Devices)]
public sealed class DeskModel(InventoryService inventory, LoanService loans) : AppPage
{
    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    public DeskCard? Card { get; private set; }

    public override async Task LoadAsync(CancellationToken ct)
    {
        if (Parse.Text(Tag) is { } tag)
            Card = await CardAsync(inventory, loans, tag.ToUpperInvariant(), User, ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (UserError e) when (e.Kind == UserErrorKind.NotFound)
        {
            // An unknown tag is an answer, not a failure: say so and keep the search box.
            Problem = Say(e);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    /// <summary>Only the card, for the desk's script to swap in when the scanner reads a tag.</summary>
    public async Task<IActionResult> OnGetCardAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Card is null ? NotFound() : Partial("/Loans/Pages/_DeviceCard.cshtml", Card);
    }

    public static async Task<DeskCard> CardAsync(InventoryService inventory, LoanService loans, string tag, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var device = await inventory.GetAsync(tag, ct);
        var loan = device.Status == DeviceStatus.OnLoan ? await loans.OpenForDeviceAsync(device.Id, ct) : null;
        var sees = user.SeesBorrowers();
        return new DeskCard(device, sees ? loan : loan is null ? null : loan with { BorrowerName = null, BorrowerId = 0, RecommendingWorker = null, Counsellor = "" },
            sees, loans.Today, sees);
    }
}
