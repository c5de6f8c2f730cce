using System.Globalization;

namespace LaiteLaina.Loans.Pages;

/// <summary>The second look before a reservation is cancelled: the page names it (device, borrower, days) and asks.</summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class ReservationCancelModel(ReservationService reservations) : AppPage
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public Reservation? Reservation { get; private set; }

    public override async Task LoadAsync(CancellationToken ct) => Reservation = await reservations.GetAsync(Id, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await reservations.CancelAsync(Id, Actor, ct);
        return Redirect("/reservations?cancelled=" + Id.ToString(CultureInfo.InvariantCulture));
    }
}
