namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class ReservationsModel(ReservationService reservations) : AppPage
{
    public IReadOnlyList<Reservation> Reservations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Reservations = await reservations.ListAsync(ct);
}
