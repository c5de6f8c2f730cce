using Microsoft.Extensions.Localization;

namespace LaiteLaina.Users.Pages;

[Authorize(Policy = Access.Admin)]
public sealed class AdminUsersModel(UserService users, IStringLocalizer<Ui> l) : AppPage
{
    public IReadOnlyList<AppUser> Users { get; private set; } = [];

    public string? Secret { get; private set; }

    public string? SecretWhat { get; private set; }

    public override async Task LoadAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? name, string? displayName, string? role, CancellationToken ct)
    {
        var password = UserCommands.Generate();
        var u = await users.AddAsync(name ?? "", displayName, role ?? "", password, Actor, mustChangePassword: true, ct: ct);
        return await Shown($"{l["Password of"]} {u.Name}", password, ct);
    }

    public async Task<IActionResult> OnPostRoleAsync(string? name, string? role, CancellationToken ct)
    {
        var u = await users.SetRoleAsync(name ?? "", role ?? "", Actor, ct);
        return await DoneAsync($"{u.Name}: {l.Of(u.Role)}", ct);
    }

    public async Task<IActionResult> OnPostResetAsync(string? name, CancellationToken ct)
    {
        var password = UserCommands.Generate();
        var u = await users.SetPasswordAsync(name ?? "", password, Actor, mustChange: true, ct);
        return await Shown($"{l["Password of"]} {u.Name}", password, ct);
    }

    public async Task<IActionResult> OnPostTokenAsync(string? name, CancellationToken ct)
    {
        var (_, secret) = await users.CreateTokenAsync(name ?? "", "web", Actor, ct);
        return await Shown($"{l["API token of"]} {name}", secret, ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(string? name, CancellationToken ct)
    {
        await users.DisableAsync(name ?? "", Actor, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync(string? name, CancellationToken ct)
    {
        await users.EnableAsync(name ?? "", Actor, ct);
        return RedirectToPage();
    }

    private async Task<IActionResult> Shown(string what, string secret, CancellationToken ct)
    {
        // Shown in this one answer and never again: no redirect, so it is not in any URL or history entry.
        Response.Headers.CacheControl = "no-store";
        SecretWhat = what;
        Secret = secret;
        await LoadAsync(ct);
        return Page();
    }
}
