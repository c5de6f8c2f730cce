using Microsoft.Extensions.Localization;

namespace LaiteLaina.Users.Pages;

[Authorize(Policy = Access.Admin)]
public sealed class AdminUsersModel(UserService users, IStringLocalizer<Ui> l) : AppPage
{
    public IReadOnlyList<AppUser> Users { get; private set; } = [];

    public string? Secret { get; private set; }

    public string? SecretWhat { get; private set; }

    /// <summary>A change that locks someone out, waiting for the administrator to confirm it: which handler, which user, what role.</summary>
    public (string Handler, AppUser User, string? Role)? Confirm { get; private set; }

    /// <summary>What was typed into the add form, kept when it is refused.</summary>
    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public string? NewRole { get; set; }

    /// <summary>The user whose e-mail field was posted and what was typed there, kept in that row when it is refused.</summary>
    public (string Name, string? Email)? EmailTyped { get; private set; }

    public override async Task LoadAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    public async Task<IActionResult> OnPostEmailAsync(string? name, string? email, CancellationToken ct)
    {
        EmailTyped = (name ?? "", email);
        var u = await users.SetEmailAsync(name ?? "", email, Actor, ct);
        EmailTyped = null;
        return await DoneAsync(u.Email is null
            ? l["{0} has no e-mail address now.", $"{u.DisplayName} ({u.Name})"]
            : l["E-mail address of {0}: {1}", $"{u.DisplayName} ({u.Name})", u.Email], ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var password = UserCommands.Generate();
        var u = await users.AddAsync(NewName ?? "", NewDisplayName, NewRole ?? "", password, Actor, mustChangePassword: true, ct: ct);
        NewName = NewDisplayName = NewRole = null;
        return await Shown($"{l["Password of"]} {u.Name}", password, ct);
    }

    /// <summary>Taking the administrator role away asks first, naming the person; other role changes do not lock anyone out.</summary>
    public async Task<IActionResult> OnPostRoleAsync(string? name, string? role, bool confirmed, CancellationToken ct)
    {
        var parsed = EnumText.Parse<UserRole>("role", role);
        if (!confirmed && parsed != UserRole.Admin && await FindAsync(name, ct) is { Role: UserRole.Admin } admin)
            return await AskAsync("Role", admin, EnumText.Kebab(parsed), ct);
        var u = await users.SetRoleAsync(name ?? "", role ?? "", Actor, ct);
        return await DoneAsync($"{u.DisplayName} ({u.Name}): {l.Of(u.Role)}", ct);
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

    /// <summary>Disabling asks first, naming the person; the service refuses one's own account and the last administrator.</summary>
    public async Task<IActionResult> OnPostDisableAsync(string? name, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
            return await AskAsync("Disable", await FindAsync(name, ct) ?? throw UserError.NotFound("user", name ?? ""), null, ct);
        var u = await users.DisableAsync(name ?? "", Actor, ct);
        return await DoneAsync(l["{0} can no longer sign in.", $"{u.DisplayName} ({u.Name})"], ct);
    }

    public async Task<IActionResult> OnPostEnableAsync(string? name, CancellationToken ct)
    {
        var u = await users.EnableAsync(name ?? "", Actor, ct);
        return await DoneAsync(l["{0} can sign in again.", $"{u.DisplayName} ({u.Name})"], ct);
    }

    private async Task<AppUser?> FindAsync(string? name, CancellationToken ct) =>
        (await users.ListAsync(ct)).FirstOrDefault(u => string.Equals(u.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    private async Task<IActionResult> AskAsync(string handler, AppUser user, string? role, CancellationToken ct)
    {
        Confirm = (handler, user, role);
        await LoadAsync(ct);
        return Page();
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
