using System.Globalization;
using LaiteLaina.People;

namespace LaiteLaina.Loans.Pages;

/// <summary>
/// The borrower part of a form (a reservation, a handover): a search by name, client reference or badge that posts the
/// same form ("Find"), so nothing typed is lost, and a choice among what it found (_BorrowerChoice.cshtml).
/// </summary>
public sealed record BorrowerPicker(IReadOnlyList<Borrower> Borrowers, string? Q, string? Chosen)
{
    public static async Task<BorrowerPicker> FindAsync(BorrowerService borrowers, string? q, string? chosen, CancellationToken ct)
    {
        var found = Parse.Text(q) is { } text ? (await borrowers.ListOf(text).PageAsync(1, 10, ct)).Items : [];
        // The chosen borrower stays on the list whatever was searched since, so a refused post still shows the choice.
        var list = Parse.Text(chosen) is { } key && found.All(b => b.Id.ToString(CultureInfo.InvariantCulture) != key)
            ? [.. found, await borrowers.GetAsync(key, ct)]
            : found;
        return new BorrowerPicker(list, q, chosen);
    }

    /// <summary>The borrower chosen, else the only one the search names; otherwise the form says how to find one, and where a
    /// person not yet on record is added (these forms choose, they do not add).</summary>
    public static async Task<string> ChosenAsync(BorrowerService borrowers, string? q, string? chosen, CancellationToken ct)
    {
        if (Parse.Text(chosen) is { } key)
            return key;
        var found = Parse.Text(q) is { } text ? (await borrowers.ListOf(text).PageAsync(1, 2, ct)).Items : [];
        return found.Count == 1
            ? found[0].Id.ToString(CultureInfo.InvariantCulture)
            : throw UserError.Invalid("borrower", q, Msg.BorrowerChoose);
    }
}
