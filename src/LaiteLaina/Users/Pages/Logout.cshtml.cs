using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LaiteLaina.Users.Pages;

[AllowAnonymous]
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>Ends the session here, and at the organisation's provider when the person came through it (the browser
    /// goes there and comes back to the sign-in page); asking the provider first, while the session still holds its ID token.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var end = await OrganisationSignIn.SignOutAtProviderAsync(HttpContext);
        await WebAuthentication.SignOutAsync(HttpContext);
        // The sign-in page then says which sessions ended, so that nobody at a shared desk leaves one open unknowingly.
        return end == OrganisationSignIn.SignOutEnd.Organisation
            ? new EmptyResult()
            : Redirect("/login?out=" + OrganisationSignIn.SignOutQuery(end));
    }
}
