using System.Globalization;
using LaiteLaina.People;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Loans.Pages;

/// <summary>
/// Adds (/reservations/new) or changes (/reservations/7) a reservation: a device or any device of a kind, the borrower,
/// the days and the purpose. The borrower is found by name, client reference or badge in the same form ("Find"), so
/// nothing typed is lost; a refusal keeps every value, marks the field and changes nothing.
/// </summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class ReservationModel(ReservationService reservations, BorrowerService borrowers, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "new";
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? Q { get; set; }
    [BindProperty] public string? Borrower { get; set; }

    public Reservation? Existing { get; private set; }

    public BorrowerPicker Picker { get; private set; } = new([], null, null);

    public bool IsNew => ReservationId is null;

    private long? ReservationId => Id == "new" ? null
        : long.TryParse(Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw UserError.NotFound("reservation", Id);

    public override async Task LoadAsync(CancellationToken ct)
    {
        if (ReservationId is { } id)
            Existing = await reservations.GetAsync(id, ct);
        Picker = await BorrowerPicker.FindAsync(borrowers, Q, Borrower ?? Existing?.BorrowerId.ToString(CultureInfo.InvariantCulture), ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Existing is { } r)
        {
            (Tag, Kind, Borrower, Purpose) = (r.Tag, EnumText.Kebab(r.DeviceKind), r.BorrowerId.ToString(CultureInfo.InvariantCulture), r.Purpose);
            (From, To) = (r.StartsOn.ToString("d.M.yyyy", CultureInfo.InvariantCulture), r.EndsOn.ToString("d.M.yyyy", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>"Find": the borrowers matching the search, with everything else typed kept as it was.</summary>
    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var borrower = await BorrowerPicker.ChosenAsync(borrowers, Q, Borrower, ct);
        var saved = ReservationId is { } id
            ? await reservations.ChangeAsync(id, Tag, Kind, borrower, From, To, Purpose, Actor, ct)
            : await reservations.AddAsync(Tag, Kind, borrower, From, To, Purpose, Actor, ct);
        return Redirect($"/reservations?{(IsNew ? "added" : "changed")}={saved.Id.ToString(CultureInfo.InvariantCulture)}");
    }

    public string Title => IsNew ? l["New reservation"] : l["Reservation {0}", Id];
}
