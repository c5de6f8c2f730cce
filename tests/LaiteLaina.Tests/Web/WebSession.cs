namespace LaiteLaina.Tests.Web;

/// <summary>What a page request gave: the status, the HTML and where a redirect points.</summary>
public sealed record PageResult(HttpStatusCode Status, string Html, string? Location)
{
    /// <summary>The text a person reads, without tags, so assertions are about words on the screen.</summary>
    public string Text => WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(Html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline), "<[^>]+>", " "));
}

/// <summary>
/// A browser without a screen: keeps cookies, follows no redirect by itself, and posts forms with the page's own
/// antiforgery token, as the real pages do.
/// </summary>
public sealed partial class WebSession(Uri baseAddress) : IDisposable
{
    private readonly CookieContainer cookies = new();
    private HttpClient? http;

    private HttpClient Client => http ??= new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>The Cookie header this browser sends now, as someone who copied it would send it.</summary>
    public string CookieHeader => cookies.GetCookieHeader(baseAddress);

    public HttpClient Http => Client;

    public async Task<PageResult> GetAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    /// <summary>Posts a form the way the page at <paramref name="page"/> would: with its antiforgery token.</summary>
    public async Task<PageResult> PostAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        var html = (await GetAsync(page)).Html;
        return await PostWithTokenAsync(action, Token(html), fields);
    }

    public async Task<PageResult> PostWithTokenAsync(string action, string? token, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
            all.Add(new("__RequestVerificationToken", token));
        using var content = new FormUrlEncodedContent(all);
        using var response = await Client.PostAsync(action, content);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    public async Task<PageResult> SignInAsync(string name, string password) =>
        await PostAsync("/login", "/login", ("name", name), ("password", password));

    public static string? Token(string html) => TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The value of a hidden input, such as a form's one-time key.</summary>
    public static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value
            : throw new AssertionException($"no hidden field {name} in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => http?.Dispose();
}
