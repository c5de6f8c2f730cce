namespace LaiteLaina.Inventory;

/// <summary>How an accessory came back at a return: each item given is one of these on the receipt and in the audit.</summary>
public enum AccessoryState { Returned, Missing, Damaged }

/// <summary>
/// Accessories are a list of items, each stored as given: "USB-C-laturi 25 W ja 1,5 m kaapeli" is one item, decimal
/// comma and all. A stored list (a device's defaults, what a loan gave, what did not come back) is one text column with
/// a line per item: an item is a single line of text (the edge refuses a newline in it), so the line break is the one
/// separator that never occurs inside an item, and the columns, indexes and triggers that test them for NULL keep working.
/// A form shows the same list one a line, and the CSV files carry it as one quoted field with a line per item.
/// </summary>
public static class AccessoryList
{
    /// <summary>The items of a stored list or of a form's text area, one a line; never split at a comma.</summary>
    public static IReadOnlyList<string> Split(string? lines) =>
        (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Items as stored: one a line, blank ones dropped; null when there are none, which clears the field.
    /// An item that itself holds line breaks (a text area posted as one value) becomes its lines.</summary>
    public static string? Join(IEnumerable<string?>? items)
    {
        var list = items?.SelectMany(Split).ToList();
        return list is null || list.Count == 0 ? null : string.Join("\n", list);
    }

    /// <summary>The text area's lines as the stored list.</summary>
    public static string? Join(string? lines) => Join([lines]);

    /// <summary>A list on one line, for a table cell, a message or the command line: " / " parts the items, since an
    /// item may hold a comma ("1,5 m kaapeli") and the lines around it already use "; " between other values.</summary>
    public static string Show(string? lines) => string.Join(Separator, Split(lines));

    public const string Separator = " / ";

    /// <summary>
    /// Each item given with its state at the return, in the order given. A list may name the same item twice (two
    /// chargers); one missing charger marks only one of them.
    /// </summary>
    public static IReadOnlyList<(string Item, AccessoryState State)> States(IReadOnlyList<string> given, IReadOnlyList<string> missing,
        IReadOnlyList<string> damaged)
    {
        var left = new Dictionary<AccessoryState, List<string>>
        {
            [AccessoryState.Missing] = [.. missing], [AccessoryState.Damaged] = [.. damaged],
        };
        return [.. given.Select(item => (item, Take(left, item)))];
    }

    private static AccessoryState Take(Dictionary<AccessoryState, List<string>> left, string item)
    {
        foreach (var (state, items) in left)
        {
            var at = items.FindIndex(i => string.Equals(i, item, StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
            {
                items.RemoveAt(at);
                return state;
            }
        }
        return AccessoryState.Returned;
    }
}
