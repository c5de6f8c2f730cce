using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Users.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class AccountModel(UserService users, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)]
    public bool First { get; set; }

    public string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>Set after the language was saved: the page then says so in the new language, which otherwise would be
    /// the only sign that anything happened.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    /// <summary>The title and work phone printed beside the person's name on the certificates they vouch for.</summary>
    [BindProperty] public string? Title { get; set; }

    [BindProperty] public string? Phone { get; set; }

    /// <summary>Where a counsellor's morning list of overdue loans is e-mailed.</summary>
    [BindProperty] public string? Email { get; set; }

    /// <summary>Set once a post is stored: the page then shows what was stored (a phone number as normalised).</summary>
    private bool saved;

    public override async Task LoadAsync(CancellationToken ct)
    {
        var me = await users.GetAsync(User.Identity!.Name!, ct);
        // A refused form keeps what was typed in its own boxes, whether the handler refused it or the edge did (where
        // the handler never runs); the other forms show what is stored.
        var form = Request.HasFormContentType && !saved ? Request.Form : null;
        Title = form?.ContainsKey(nameof(Title)) == true ? Title : me.Title;
        Phone = form?.ContainsKey(nameof(Phone)) == true ? Phone : me.Phone;
        Email = form?.ContainsKey(nameof(Email)) == true ? Email : me.Email;
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Saved)
            Done = l["Your language is saved."];
    }

    public async Task<IActionResult> OnPostContactAsync(CancellationToken ct)
    {
        await users.SetContactAsync(User.Identity!.Name!, Title, Phone, Actor, ct);
        saved = true;
        return await DoneAsync(l["Your title and phone are saved."], ct);
    }

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken ct)
    {
        var me = await users.SetEmailAsync(User.Identity!.Name!, Email, Actor, ct);
        saved = true;
        return await DoneAsync(me.Email is null ? l["Your e-mail address is removed."] : l["Your e-mail address is saved."], ct);
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, CancellationToken ct)
    {
        var check = await users.SignInAsync(User.Identity!.Name, current, ct);
        if (check.User is null)
        {
            Problem = l["The current password is wrong."];
            ModelState.AddModelError("current", Problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        var user = await users.SetPasswordAsync(User.Identity!.Name!, password ?? "", Actor, ct: ct);
        // The new security stamp ends every other session of this user; this one goes on with a fresh cookie.
        await WebAuthentication.SignInAsync(HttpContext, user);
        Done = l["Your password is changed."];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLanguageAsync(string? language, CancellationToken ct)
    {
        var user = await users.SetLanguageAsync(User.Identity!.Name!, language ?? "", Actor, ct);
        await WebAuthentication.SignInAsync(HttpContext, user with { });
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, WebUi.LanguageCookie(user.Language));
        return Redirect("/account?saved=true");
    }
}
