using Microsoft.Extensions.Localization;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class ReservationsModel(ReservationService reservations, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public long? Added { get; set; }
    [BindProperty(SupportsGet = true)] public long? Changed { get; set; }
    [BindProperty(SupportsGet = true)] public long? Cancelled { get; set; }

    public IReadOnlyList<Reservation> Reservations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Reservations = await reservations.ListAsync(ct);
        // Where the reservation form sent the person after saving: what was done, said above the list.
        Done = Added is { } a ? l["Reservation {0} is made.", a].Value
            : Changed is { } c ? l["Reservation {0} is changed.", c].Value
            : Cancelled is { } x ? l["Reservation {0} is cancelled.", x].Value
            : null;
    }
}
