using LaiteLaina.Backups;
using LaiteLaina.Storage;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Users.Pages;

/// <summary>The office's settings with their names and help in the administrator's language; each is saved on its own,
/// and a refused value stays in its field, marked, with the reason next to it.</summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminSettingsModel(Database db, BackupService backups, Hosting.Mailer mailer, IStringLocalizer<Ui> l) : AppPage
{
    /// <summary>The e-mail server as configured in appsettings.json; shown, never edited here, and its password never shown.</summary>
    public Hosting.SmtpSettings Smtp => mailer.Settings;

    public IReadOnlyList<Setting> Settings { get; private set; } = [];

    /// <summary>The setting whose value was refused and what was typed into it.</summary>
    public (string Name, string? Typed)? Refused { get; private set; }

    /// <summary>How the nightly backup went, so that a full disk is seen here and not on the day a restore is needed.</summary>
    public BackupStatus Backup { get; private set; } = new(false, null, null, default);

    public override async Task LoadAsync(CancellationToken ct)
    {
        Settings = await Storage.Settings.ListAsync(db, ct);
        Backup = await backups.StatusAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? value, CancellationToken ct)
    {
        try
        {
            var setting = await Storage.Settings.SetAsync(db, name ?? "", value ?? "", Actor, ct);
            return await DoneAsync(l["Saved: {0}.", l["Setting." + setting.Name]], ct);
        }
        catch (UserError e)
        {
            Problem = Say(e);
            Refused = (name ?? "", value);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>The value a field shows: what was typed, after a refusal of that field; else the stored one.</summary>
    public string ValueOf(Setting s) => Refused is { } r && r.Name == s.Name ? r.Typed ?? "" : s.Value;

    public bool IsRefused(Setting s) => Refused?.Name == s.Name;

    /// <summary>The values of a setting that has a fixed few, in words, so nobody types "true" or "sv"; null for a free value.</summary>
    public IReadOnlyList<(string Value, string Words)>? ChoicesOf(Setting s) => s.Name switch
    {
        "staff_return_to_ready" => [("true", l["yes"]), ("false", l["no"])],
        "office_language" => [.. DocumentLanguages.All.Select(code => (code, DocumentLanguages.NameOf(code)))],
        _ => null,
    };

    /// <summary>The choice shown as selected: what was typed after a refusal, else the stored value, else the default
    /// the service uses when nothing is stored (no for the flag, Finnish for the office).</summary>
    public string ChosenOf(Setting s) => ValueOf(s) is { Length: > 0 } v ? v : s.Name == "office_language" ? "fi" : "false";
}
