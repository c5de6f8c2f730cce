using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LaiteLaina.Users.Pages;

[AllowAnonymous]
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await WebAuthentication.SignOutAsync(HttpContext);
        return Redirect("/login");
    }
}
