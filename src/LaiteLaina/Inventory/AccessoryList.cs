namespace LaiteLaina.Inventory;

/// <summary>A device's accessories are stored as one line, "laturi, suojakotelo" (as the command line, the CSV and the
/// loan agreement take them); a form shows them one a line, where an item is easy to add or take away.</summary>
public static class AccessoryList
{
    public static IReadOnlyList<string> Split(string? accessories) =>
        (accessories ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The lines of a form as the stored line; empty when there are none, which clears the field.</summary>
    public static string Join(string? lines) => string.Join(", ", Split(lines));
}
