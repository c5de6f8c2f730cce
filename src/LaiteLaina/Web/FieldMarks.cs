namespace LaiteLaina.Web;

/// <summary>Marks the field a refusal is about: <c>aria-invalid="@Model.InvalidIf("name")"</c> gives "true" for the field
/// the <see cref="UserError"/> named (the page filter adds it to the model state) and nothing otherwise, so a screen
/// reader hears which field to correct and the stylesheet can outline it.</summary>
public static class FieldMarks
{
    public static string? InvalidIf(this AppPage page, string field) =>
        page.ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? "true" : null;

    /// <summary>The id of the message to point <c>aria-describedby</c> at, for the marked field only.</summary>
    public static string? DescribedIf(this AppPage page, string field) => page.InvalidIf(field) is null ? null : "problem";
}
