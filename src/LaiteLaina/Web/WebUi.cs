using Microsoft.AspNetCore.Mvc.Controllers;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LaiteLaina.Web;

/// <summary>
/// The web UI: Razor Pages kept in the feature folders (Loans/Pages, Inventory/Pages, ...), with routes given
/// in each page, server-rendered, with a few lines of script only where a page must update live (the desk's
/// scans) or draw (the signature pad). Finnish by default; Swedish and English per user, and before sign-in as the browser asks.
/// </summary>
public static class WebUi
{
    public static readonly CultureInfo[] Cultures = [new("fi"), new("sv"), new("en")];

    public static IHostApplicationBuilder AddWebUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddSingleton<DoubleSubmit>();
        builder.Services.AddSingleton<DoubleSubmitPageFilter>();
        builder.Services.AddRazorPages(o =>
        {
            // Pages live beside the rest of their feature; each page's @page gives its absolute route.
            o.RootDirectory = "/";
            o.Conventions.ConfigureFilter(new UserErrorPageFilter());
            o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(DoubleSubmitPageFilter)));
        }).AddViewLocalization()
            // There are no controllers, only pages and minimal API handlers; looking for them loaded every type of this
            // assembly and the libraries those types name (SkiaSharp, zxing, IdentityModel) at start: 3-5 MiB of memory.
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<ControllerFeatureProvider>().Single()));
        // What a change did, carried over its redirect back to the list (AppPage.DoneThenList): a cookie of the same kind as the session's.
        builder.Services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = AppPage.DoneCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("fi");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // The signed-in user's own choice first, then the choice made on this browser (the sign-in page's language
            // list, or the language of whoever last signed in on it), and only then what the browser says: a first visitor
            // whose browser is Swedish meets the sign-in page, its errors and sign-out in Swedish, while on a shared desk
            // PC the browser's language never overrides a person's own. The API is read by programs, which say what they
            // want in Accept-Language, and get English (as the command line) when they do not; but our own pages' scripts
            // call it with the user's session, and their user reads the answer in their own language.
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(http => Task.FromResult(WebApi.IsApi(http.Request) && !FromOwnPages(http) ? ApiLanguage(http) : null)),
                new CustomRequestCultureProvider(http =>
                    Task.FromResult(http.User.FindFirst(Access.LanguageClaim)?.Value is { } lang ? new ProviderCultureResult(lang) : null)),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => Task.FromResult(BrowserLanguage(http))),
            ];
        });
        return builder;
    }

    private static bool FromOwnPages(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, AuthenticationType: Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme };

    /// <summary>The language a request is answered in, as request localization chose it; also where it has not run yet
    /// (a refused sign-in or role is answered before it), by asking the same providers in the same order.</summary>
    public static async Task<CultureInfo> LanguageOfAsync(HttpContext http)
    {
        if (http.Features.Get<IRequestCultureFeature>() is { } chosen)
            return chosen.RequestCulture.UICulture;
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestLocalizationOptions>>().Value;
        foreach (var provider in options.RequestCultureProviders)
        {
            if (await provider.DetermineProviderCultureResult(http) is { } result && MessageCatalog.Parse(result.UICultures.FirstOrDefault().Value) is { } culture)
                return culture;
        }
        return options.DefaultRequestCulture.UICulture;
    }

    /// <summary>The first of the browser's languages (by its own preference) that the pages speak, "sv" for "sv-FI";
    /// none when it names none of them, and the pages' default answers.</summary>
    private static ProviderCultureResult? BrowserLanguage(HttpContext http) =>
        AcceptedLanguage(http) is { } name ? new ProviderCultureResult(name) : null;

    private static ProviderCultureResult ApiLanguage(HttpContext http) => new(AcceptedLanguage(http) ?? "en");

    /// <summary>The first language of Accept-Language (by the sender's preference) that the catalogs have, as "fi", "sv"
    /// or "en" (the catalogs' invariant culture is English); null when it names none of them.</summary>
    private static string? AcceptedLanguage(HttpContext http) =>
        http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1)
            .Select(l => MessageCatalog.Parse(l.Value.Value)).FirstOrDefault(c => c is not null) is { } culture
            ? culture.Name is { Length: > 0 } name ? name : "en"
            : null;

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseApiTextCheck();
        app.Use(async (context, next) =>
        {
            // A page binds its form as posted; normalised here first, the page keeps what the API and the command line
            // would keep of the same words (the check itself runs in UserErrorPageFilter, where a refusal can show the page).
            if (!WebApi.IsApi(context.Request) && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                context.Request.Form = new FormCollection(
                    form.ToDictionary(f => f.Key, f => f.Key.StartsWith("__", StringComparison.Ordinal)
                        ? f.Value
                        : new Microsoft.Extensions.Primitives.StringValues(f.Value.Select(v => v is null ? v : TextInput.Normalise(f.Key, v)).ToArray())),
                    form.Files);
            }
            await next(context);
        });
        app.MapGet("/static/{name}", Static).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }

    /// <summary>The stylesheet and the two small scripts, embedded in the program so there is nothing to deploy beside it.</summary>
    private static IResult Static(string name, HttpContext http)
    {
        var type = Path.GetExtension(name) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", ".svg" => "image/svg+xml", _ => null };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("Static." + name);
        if (stream is null)
            return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Stream(stream, type);
    }

    public static string LanguageCookie(string language) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(UiLanguages.Check(language)));
}

/// <summary>
/// A page whose handler refuses the input shows the refusal above the form, with what the person typed still in it,
/// and nothing changed (the operation was one transaction). Pages reload what they display in <see cref="LoadAsync"/>.
/// </summary>
public abstract class AppPage : PageModel
{
    /// <summary>One clear message for the person, in the UI's language where it is the UI's own, else the service's words.</summary>
    public string? Problem { get; set; }

    /// <summary>What a change did, said above the page: set by the handler that did it, or, on the GET a change redirected
    /// to (<see cref="DoneThenList"/>), read from TempData the first time the page asks.</summary>
    public string? Done
    {
        get
        {
            if (done is null && !doneLooked)
            {
                doneLooked = true;
                done = FromRedirect(DoneKey);
            }
            return done;
        }
        set => done = value;
    }

    private string? done;
    private bool doneLooked;

    // Read when the page shows it, not in a filter override: overriding OnPageHandlerExecuting kept 2 MB more on the heap
    // of a service that had served one sign-in page. Only the whole page's GET takes the message, not a live update's
    // fetch of its rows (?handler=Rows), which would use it up unseen; and TempData is not touched without its cookie.
    private string? FromRedirect(string key)
    {
        var request = PageContext?.HttpContext?.Request;
        return request is not null && HttpMethods.IsGet(request.Method) && string.IsNullOrEmpty(request.Query["handler"])
               && request.Cookies.ContainsKey(DoneCookie) ? TempData[key] as string : null;
    }

    /// <summary>The language the sign-in page was shown in, when the account's own differs: the first page after signing
    /// in offers it (in that language) once, since the account's language wins and a person who chose "svenska" on
    /// the sign-in page would otherwise not know why the pages are now in Finnish, or where to change it.</summary>
    public string? LanguageOffer => (languageOffer ??= FromRedirect(LanguageOfferKey) ?? "") is { Length: > 0 } offer ? offer : null;

    private string? languageOffer;

    internal const string LanguageOfferKey = "language-offer";

    public virtual Task LoadAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>After a change: the page again, freshly loaded, with what was done said above it.</summary>
    protected async Task<IActionResult> DoneAsync(string done, CancellationToken ct)
    {
        Done = done;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>After a change on a list page: back to the same list, its site filter, other filters and page as they were
    /// in the address the form posted to (<see cref="PostTo"/>), with a GET, so that reloading the page does not send the
    /// change again. What was done waits in TempData for that one GET.</summary>
    protected IActionResult DoneThenList(string done) => DoneThen(Request.PathBase + Request.Path + Kept(), done);

    /// <summary>After a change whose next step is on another page: there, with what was done said once; a reload of
    /// that page neither repeats the message nor the change.</summary>
    protected IActionResult DoneThen(string url, string done)
    {
        TempData[DoneKey] = done;
        return Redirect(url);
    }

    /// <summary>Where a form of a list page posts: its handler, with the list's own query (site, filters, page) beside it,
    /// so that the handler redirects back to the same list and a refused change shows the same list with its message.</summary>
    public string PostTo(string? handler = null) => PostTo(Request, handler);

    /// <summary><see cref="PostTo(string?)"/> for a partial of the page, which has the request but not the page (a list's
    /// rows, also rendered alone for a live update from the same path).</summary>
    public static string PostTo(HttpRequest request, string? handler)
    {
        var query = Kept(request);
        if (handler is not null)
            query = QueryString.Create("handler", handler).Add(QueryString.FromUriComponent(query)).ToUriComponent();
        return request.PathBase + request.Path + query;
    }

    private string Kept() => Kept(Request);

    /// <summary>The query of a request without the handler and a repeated post's mark; an empty <c>site</c> (all sites) stays.</summary>
    private static string Kept(HttpRequest request) =>
        QueryString.Create(request.Query.Where(q => !q.Key.Equals("handler", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals("again", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))).ToUriComponent();

    private const string DoneKey = "done";

    /// <summary>The cookie that carries TempData: what a change did, over its redirect.</summary>
    internal const string DoneCookie = "laitelaina_done";

    /// <summary>What a change that redirected (<see cref="DoneThenList"/>) left for the next page load, still there.</summary>
    internal string? DoneCarried => TempData.Peek(DoneKey) as string;

    /// <summary>Leaves <paramref name="done"/> for the next page load, as <see cref="DoneThenList"/> does: for a repeated
    /// post answered with the first one's redirect, whose browser never kept the first answer's cookie.</summary>
    internal void CarryDone(string done) => TempData[DoneKey] = done;

    public string Actor => User.Actor();

    /// <summary>A refusal in the user's language, without personal data for a user who may not see borrowers.</summary>
    public string Say(UserError error) => error.In(CultureInfo.CurrentUICulture, User.SeesBorrowers());

    /// <summary>?page= of a list on the page, from the query string itself: Razor Pages keeps its own route value "page"
    /// (the page's path) under that name, which model binding would read first and fail to make a number of.</summary>
    public int PageNumber => (int)(NumberRange.Page.Check(Request.Query["page"].ToString()) ?? 1);

    /// <summary>A query string of the filters a page keeps in its links (paging, exports), leaving out the empty ones.</summary>
    protected static string QueryOf(params (string Name, string? Value)[] values) =>
        QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => KeyValuePair.Create(v.Name, v.Value))).ToUriComponent();
}

internal sealed class UserErrorPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerInstance is AppPage checkedPage && Refusal(context.HttpContext) is { } refused)
        {
            // Refused at the edge: the handler never runs, so nothing is changed.
            context.Result = await ShowAsync(context.HttpContext, checkedPage, refused, atTheEdge: true);
            return;
        }
        var executed = await next();
        if (executed.Exception is UserError error && context.HandlerInstance is AppPage page)
        {
            executed.ExceptionHandled = true;
            executed.Result = await ShowAsync(context.HttpContext, page, error, atTheEdge: false);
        }
    }

    /// <summary>The edge of the pages: every form field, route value and query value through <see cref="TextInput.Check(string, string?)"/>
    /// under its own name; the antiforgery token is the framework's, not the person's.</summary>
    private static UserError? Refusal(HttpContext http)
    {
        try
        {
            WebApi.CheckRouteAndQuery(http);
            if (http.Request.HasFormContentType)
            {
                foreach (var (name, values) in http.Request.Form)
                {
                    if (name.StartsWith("__", StringComparison.Ordinal))
                        continue;
                    foreach (var text in values)
                        TextInput.Check(name, text);
                }
            }
            return null;
        }
        catch (UserError e)
        {
            return e;
        }
    }

    /// <param name="atTheEdge">The refused value is still bound to the page, and what the page loads may stumble on it
    /// (a search for a NUL byte): then the message alone, as for a page whose loan or device is gone.</param>
    private static async Task<IActionResult> ShowAsync(HttpContext http, AppPage page, UserError error, bool atTheEdge)
    {
        page.Problem = page.Say(error);
        if (error.Field is { } field)
            page.ModelState.AddModelError(field, page.Problem);
        http.Response.StatusCode = UserErrorMiddleware.Status(error.Kind);
        try
        {
            await page.LoadAsync(http.RequestAborted);
            return page.Page();
        }
        catch (Exception e) when (e is UserError || (atTheEdge && e is not OperationCanceledException))
        {
            // What the page shows is itself gone (an unknown loan or device in the address): the message alone.
            return page.Partial("/Web/Shared/_ProblemPage.cshtml", page.Problem);
        }
    }
}

public static class UiText
{
    /// <summary>The words for a value of an enum, keyed "Type.value" so that a status never collides with a heading of the same spelling.</summary>
    public static string Of<T>(this Microsoft.Extensions.Localization.IStringLocalizer l, T value) where T : struct, Enum =>
        l[$"{typeof(T).Name}.{EnumText.Kebab(value)}"];
}
