using System.Globalization;
using LaiteLaina.People;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Loans.Pages;

/// <summary>One borrower: their details to correct (never an identity code), their loans, and for a manager the
/// person's requests (what is stored about them, erasure).</summary>
[Authorize(Policy = Access.Borrowers)]
public sealed class BorrowerPageModel(BorrowerService borrowers, PrivacyService privacy, LoanService loans, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public string? ClientReference { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Badge { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public bool Interpreter { get; set; }
    [BindProperty] public string? Notes { get; set; }

    public Borrower? Borrower { get; private set; }

    public IReadOnlyList<Loan> Loans { get; private set; } = [];

    /// <summary>The form shows what was typed, not what is stored, after a refused change (refused in the handler or
    /// already at the edge, where the handler never runs).</summary>
    public bool Posted => Request.HasFormContentType && !saved;

    private bool saved;

    public bool IsManager => User.Has(Access.Reports);

    private string Key => Id.ToString(CultureInfo.InvariantCulture);

    public static string LanguageName(string code) => DocumentLanguages.NameOf(code);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Borrower = await borrowers.GetAsync(Key, ct);
        Loans = (await (await loans.ListOfAsync("all", Key, ct: ct)).PageAsync(1, 20, ct)).Items;
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // As on the loan page: a manager's look at a person's details is recorded.
        if (IsManager)
            await privacy.ReadAsync(Key, Actor, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var stored = await borrowers.GetAsync(Key, ct);
        await borrowers.UpdateAsync(Key, new BorrowerInput
        {
            // A client's form has no badge field: what is stored stays.
            Name = Name, Contact = Contact, ClientReference = ClientReference, Unit = Unit, Badge = stored.Kind == BorrowerKind.Client ? stored.Badge : Badge,
            Language = Parse.Text(Language), InterpreterNeeded = Interpreter, Notes = Notes,
        }, Actor, ct);
        saved = true;
        return await DoneAsync(l["The borrower's details are saved."], ct);
    }
}
