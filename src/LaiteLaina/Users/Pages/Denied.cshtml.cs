using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LaiteLaina.Users.Pages;

[Authorize]
public sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
