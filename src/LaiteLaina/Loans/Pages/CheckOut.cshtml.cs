using System.Globalization;
using LaiteLaina.Inventory;
using LaiteLaina.People;

namespace LaiteLaina.Loans.Pages;

[Authorize(Policy = Access.Borrowers)]
public sealed class CheckOutModel(InventoryService inventory, LoanService loans, BorrowerService borrowers) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public string? Borrower { get; set; }
    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public string? NewContact { get; set; }
    [BindProperty] public string? NewReference { get; set; }
    [BindProperty] public string? NewKind { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Due { get; set; }
    [BindProperty] public string? RecommendedBy { get; set; }
    [BindProperty] public string? Accessories { get; set; }
    [BindProperty] public string? Language { get; set; }

    /// <summary>A key for this one form: a second post of the same form (a double click, the back button) finds the loan it already made.</summary>

    public Device? Device { get; private set; }

    public IReadOnlyList<Borrower> Borrowers { get; private set; } = [];

    /// <summary>Whether the search matched more borrowers than <see cref="Borrowers"/> shows.</summary>
    public bool MoreBorrowers { get; private set; }

    public string SuggestedDue => loans.Today.AddDays(14).ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Device = Parse.Text(Tag) is { } tag ? await inventory.GetAsync(tag, ct) : throw UserError.Invalid("tag", Tag, Msg.LoanTagMissing);
        if (Parse.Text(Q) is not null)
        {
            var found = await borrowers.ListOf(Q).PageAsync(1, Pager.PageSize, ct);
            (Borrowers, MoreBorrowers) = (found.Items, found.HasMore);
        }
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var borrower = Borrower;
        if (borrower is null or "new")
        {
            var added = await borrowers.AddAsync(new BorrowerInput { Name = NewName, Contact = NewContact, ClientReference = NewReference, Kind = NewKind ?? "client" }, Actor, ct);
            borrower = added.Id.ToString(CultureInfo.InvariantCulture);
            // Keep the new borrower chosen if the loan itself is refused below, so a second try does not add them twice.
            Borrower = borrower;
            Q = added.Name;
        }
        var loan = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = Tag ?? "",
            Borrower = borrower,
            Kind = Kind,
            Due = Due,
            RecommendingWorker = RecommendedBy,
            Counsellor = User.DisplayName(),
            Accessories = Parse.Text(Accessories) is { } a ? [a] : null,
            Language = Parse.Text(Language),
        }, Actor, ct)).Loan;
        return Redirect($"/loans/{loan.Reference}?new=true");
    }
}
