using System.Globalization;

namespace LaiteLaina.Kernel;

/// <summary>
/// A whole number a person gives in a query string or on the command line, and what it may be. One range per name,
/// so that ?pageSize= and --page-size, or ?days= and --days, refuse the same values with the same words; checked before
/// any work, so that an int.MaxValue of days never reaches date arithmetic.
/// </summary>
public sealed record NumberRange(string Field, long Min, long Max)
{
    /// <summary>Pages of every list; beyond a hundred thousand pages a filter or the CSV export is the way.</summary>
    public static readonly NumberRange Page = new NumberRange("page", 1, 100_000);

    /// <summary>Rows a page of any list holds.</summary>
    public static readonly NumberRange PageSize = new NumberRange("page-size", 1, 500);

    /// <summary>How far ahead the lease report looks: up to ten years.</summary>
    public static readonly NumberRange Days = new NumberRange("days", 1, 3650);

    /// <summary>How many of the newest rows a short listing shows (print jobs, the audit log on the screen).</summary>
    public static readonly NumberRange Limit = new NumberRange("limit", 1, 500);

    /// <summary>The audit log's cursor: the id of the row a page ends before.</summary>
    public static readonly NumberRange Before = new NumberRange("before", 1, long.MaxValue);

    public long Check(long value) =>
        value >= Min && value <= Max ? value : throw Refusal(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The number in <paramref name="text"/>, or null when none is given.</summary>
    public long? Check(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? Check(value)
        : throw Refusal(text);

    /// <summary>The value is quoted as given, cut short, so that a pasted page of text does not come back in the answer.</summary>
    private UserError Refusal(string value) =>
        UserError.Invalid(Field, value.Length <= 40 ? value : value[..40] + "…", Msg.ValueWholeNumber.With(Min, Max));
}
