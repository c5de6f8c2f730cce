using System.Globalization;
using System.Text;
using LaiteLaina.Storage;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace LaiteLaina.Web;

/// <summary>?page= and ?pageSize= of every list in the API; bound with [AsParameters], checked by <see cref="QueryNumbers"/>.</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public int Number => Page ?? 1;

    public int Size => PageSize ?? ApiList.DefaultPageSize;
}

/// <summary>
/// How every list of the API answers. JSON: one page of rows, the body as it always was (an array, or the route's own
/// object), with the number of all matching rows in <c>X-Total-Count</c> and the next and previous pages in
/// <c>Link</c> (rel="next", rel="prev"), so that no list stops silently. <c>?format=csv</c>: every row, streamed as it
/// is read, through the one <see cref="CsvOutput"/>.
/// </summary>
public static class ApiList
{
    public const int DefaultPageSize = 100;

    public const string TotalHeader = "X-Total-Count";

    /// <summary>A list the database pages.</summary>
    public static async Task<IResult> PageAsync<T>(HttpContext http, PageQuery q, SqlList<T> list, string file, IReadOnlyList<Column<T>>? columns = null)
    {
        if (http.Format() == "csv")
            return Csv(file, list.StreamAsync(http.RequestAborted), columns ?? Column.Of<T>());
        var page = await list.PageAsync(q.Number, q.Size, http.RequestAborted);
        Announce(http, page.Total, q);
        return Results.Ok(page.Items);
    }

    /// <summary>A short list read whole (sites, profiles, recent scans), paged the same way.</summary>
    public static IResult Page<T>(HttpContext http, PageQuery q, IReadOnlyList<T> all, string file, IReadOnlyList<Column<T>>? columns = null)
    {
        if (http.Format() == "csv")
            return Csv(file, all, columns ?? Column.Of<T>());
        NumberRange.Page.Check(q.Number);
        NumberRange.PageSize.Check(q.Size);
        Announce(http, all.Count, q);
        return Results.Ok(all.Skip((q.Number - 1) * q.Size).Take(q.Size).ToList());
    }

    /// <summary>Says the total and links the neighbouring pages of a list that pages itself.</summary>
    public static void Announce(HttpContext http, long total, PageQuery q)
    {
        http.Response.Headers[TotalHeader] = total.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        if ((long)q.Number * q.Size < total)
            links.Add($"<{PageUrl(http.Request, q.Number + 1)}>; rel=\"next\"");
        if (q.Number > 1)
            links.Add($"<{PageUrl(http.Request, q.Number - 1)}>; rel=\"prev\"");
        if (links.Count > 0)
            http.Response.Headers.Link = string.Join(", ", links);
    }

    private static string PageUrl(HttpRequest request, int page) => WithQuery(request, "page", page);

    /// <summary>The same request with one query parameter set: path and query as the client sent them, <paramref name="name"/> replaced.</summary>
    public static string WithQuery(HttpRequest request, string name, long value)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => !string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create(name, (string?)value.ToString(CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + QueryString.Create(query).ToUriComponent();
    }

    /// <summary>A streamed CSV download: UTF-8 with a byte-order mark, so Excel opens "ä" as "ä".</summary>
    public static IResult Csv<T>(string fileName, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(true), 1 << 16);
            await CsvOutput.WriteAsync(writer, rows, columns);
        }, "text/csv; charset=utf-8", fileName);

    public static IResult Csv<T>(string fileName, IEnumerable<T> rows, IReadOnlyList<Column<T>> columns) =>
        Csv(fileName, rows.ToAsyncEnumerable(), columns);
}
