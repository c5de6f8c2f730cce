using LaiteLaina.Storage;

namespace LaiteLaina.Web;

/// <summary>The line under a list on a page (Web/Shared/_Pager.cshtml): previous, the page and the total, next. A list
/// on a page never just ends where the page does.</summary>
/// <param name="Link">The page's own address with another page number.</param>
public sealed record Pager(int Page, bool HasMore, long? Total, Func<int, string> Link)
{
    /// <summary>How many rows a page of a list shows.</summary>
    public const int PageSize = 100;

    public static Pager Of<T>(ListPage<T> page, Func<int, string> link) => new(page.Page, page.HasMore, page.Total, link);
}
