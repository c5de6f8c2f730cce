using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Users.Pages;

[AllowAnonymous]
public sealed class LoginModel(UserService users, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Name { get; set; }

    public bool Expired { get; private set; }

    public string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public void OnGet() =>
        // Only someone who was signed in on this browser and is sent back here without a session had it expire.
        Expired = Request.Cookies.ContainsKey(WebAuthentication.SeenCookie) && User.Identity?.IsAuthenticated != true && ReturnUrl is not null;

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
        if (user.MustChangePassword)
            return Redirect("/account?first=1");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    public IActionResult OnPostLanguage(string? language)
    {
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, WebUi.LanguageCookie(language ?? "fi"),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Strict });
        return LocalRedirect("/login" + (Url.IsLocalUrl(ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : ""));
    }
}
