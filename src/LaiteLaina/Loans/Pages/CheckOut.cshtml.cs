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
    [BindProperty] public string? NewLanguage { get; set; }
    [BindProperty] public bool NewInterpreter { get; set; }

    /// <summary>The counsellor has seen the borrowers of the same name and says this is yet another person.</summary>
    [BindProperty] public bool SameNameOk { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Due { get; set; }
    [BindProperty] public string? RecommendedBy { get; set; }
    [BindProperty] public string? Accessories { get; set; }
    [BindProperty] public string? Language { get; set; }

    public Device? Device { get; private set; }

    public IReadOnlyList<Borrower> Borrowers { get; private set; } = [];

    /// <summary>Whether the search matched more borrowers than <see cref="Borrowers"/> shows.</summary>
    public bool MoreBorrowers { get; private set; }

    /// <summary>Borrowers already registered under the new borrower's name: the form asks before adding a second one.</summary>
    public bool SameName { get; private set; }

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
        BorrowerInput? added = null;
        if (Borrower is null or "new")
        {
            added = new BorrowerInput
            {
                Name = NewName, Contact = NewContact, ClientReference = NewReference, Kind = NewKind ?? "client",
                Language = Parse.Text(NewLanguage), InterpreterNeeded = NewInterpreter,
            };
            if (!SameNameOk && (await borrowers.SameNameAsync(NewName, ct)).Count > 0)
            {
                // Shown as choices above the form: the counsellor picks the existing person or says this is another one.
                (Q, SameName) = (NewName, true);
                throw new UserError(Msg.BorrowerSameName.With(new Personal(NewName)), UserErrorKind.Conflict, "newName");
            }
        }
        // The new borrower and the loan are one transaction: a refused loan adds nobody.
        var loan = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = Tag ?? "",
            Borrower = added is null ? Borrower : null,
            NewBorrower = added,
            Kind = Kind,
            Due = Due,
            RecommendingWorker = RecommendedBy,
            Counsellor = User.DisplayName(),
            Accessories = AccessoryList.Split(Accessories),
            Language = Parse.Text(Language),
        }, Actor, ct)).Loan;
        return Redirect($"/loans/{loan.Reference}?new=true");
    }
}
