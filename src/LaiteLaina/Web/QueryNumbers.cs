namespace LaiteLaina.Web;

/// <summary>
/// Every number in an API query string is checked against its <see cref="NumberRange"/> before the route's handler
/// binds it: a value out of range or not a number at all is a 400 with the catalog's message naming the parameter,
/// the value and the range, never an overflow further in (a 500) nor the binder's English "Failed to bind".
/// A route that takes a new numeric parameter adds its name here.
/// </summary>
public static class QueryNumbers
{
    /// <summary>The query parameters that are whole numbers, on every route that has them.</summary>
    public static readonly IReadOnlyDictionary<string, NumberRange> Ranges = new Dictionary<string, NumberRange>(StringComparer.OrdinalIgnoreCase)
    {
        ["page"] = NumberRange.Page,
        ["pageSize"] = NumberRange.PageSize,
        ["days"] = NumberRange.Days,
        ["limit"] = NumberRange.Limit,
        ["before"] = NumberRange.Before,
    };

    public static IApplicationBuilder UseQueryNumbers(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (WebApi.IsApi(context.Request))
                foreach (var (name, values) in context.Request.Query)
                    if (Ranges.TryGetValue(name, out var range))
                        foreach (var value in values)
                            range.Check(value);
            return next(context);
        });
}
