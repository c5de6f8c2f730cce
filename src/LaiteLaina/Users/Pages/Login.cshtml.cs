using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Users.Pages;

[AllowAnonymous]
public sealed class LoginModel(UserService users, IStringLocalizer<Ui> l, IServiceProvider services) : AppPage
{
    /// <summary>Whether the organisation's accounts (OpenID Connect) are configured: then the page offers both ways in.</summary>
    public bool Organisation => services.GetService<OrganisationSignIn.Settings>() is not null;

    /// <summary>The button's words: the administrator's own for this language (Oidc:DisplayName:fi), else the catalog's.</summary>
    public string OrganisationButton =>
        services.GetService<OrganisationSignIn.Settings>()?.DisplayNames.GetValueOrDefault(Language) ?? l["Sign in with your organisation account"];

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Name { get; set; }

    /// <summary>Whether the person chose the page's language here (not a browser's default or the last person's account):
    /// only then is that language offered after signing in, where the account's own language otherwise wins.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Chosen { get; set; }

    public bool Expired { get; private set; }

    public string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>Set after a sign-out: which sessions ended, in words (see <see cref="OrganisationSignIn.SignOutQuery"/>).</summary>
    public string? SignedOut { get; private set; }

    public void OnGet(string? oidc, string? @out)
    {
        SignedOut = @out switch
        {
            "organisation" => l["You are signed out of LaiteLaina and of your organisation account."].Value,
            "local-only" => l["You are signed out of LaiteLaina. Your organisation account may still be signed in: close the browser to end it."].Value,
            "local" => l["You are signed out."].Value,
            _ => null,
        };
        // Only someone who was signed in on this browser and is sent back here without a session had it expire.
        Expired = Request.Cookies.ContainsKey(WebAuthentication.SeenCookie) && User.Identity?.IsAuthenticated != true && ReturnUrl is not null;
        // A refused organisation sign-in comes back here with its reason's code; an unknown code reads as a plain failure.
        if (oidc is not null)
        {
            Problem = Refusal(oidc);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    private static string Refusal(string code) =>
        ((Message)OrganisationSignIn.Reasons.GetValueOrDefault(code, Msg.AuthOidcFailed)).Render(System.Globalization.CultureInfo.CurrentUICulture);

    /// <summary>Sends the person to the organisation's provider, or shows why that cannot be done now.</summary>
    public async Task<IActionResult> OnPostOrganisationAsync()
    {
        if (!Organisation)
            return NotFound();
        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        if (await OrganisationSignIn.ChallengeAsync(HttpContext, back) is { } reason)
        {
            Problem = Refusal(reason);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostAsync(string? name, string? password, CancellationToken ct)
    {
        Name = name;
        var result = await users.SignInAsync(name, password, ct);
        if (result.User is not { } user)
        {
            Problem = result.Problem == "locked"
                ? l["Too many wrong passwords: this account is locked for 15 minutes. An administrator can open it sooner."]
                : l["The user name or the password is wrong. Check them and try again."];
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await WebAuthentication.SignInAsync(HttpContext, user);
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, WebUi.LanguageCookie(user.Language));
        // The form posts back to the address it was shown at, ?chosen=true included, in the language the person chose.
        if (Chosen && Language != user.Language)
            TempData[LanguageOfferKey] = Language;
        if (user.MustChangePassword)
            return Redirect("/account?first=1");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    public IActionResult OnPostLanguage(string? language)
    {
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, WebUi.LanguageCookie(language ?? "fi"),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Strict });
        return LocalRedirect("/login?chosen=true" + (Url.IsLocalUrl(ReturnUrl) ? "&returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : ""));
    }
}
