using Microsoft.Extensions.Localization;

namespace LaiteLaina.Provisioning.Pages;

/// <summary>
/// The wipe certificates and profile removal records, of one device (?tag=) or all, each with who performed it and who
/// validated it. A second person validates a record here after checking it against the device (NIST SP 800-88's
/// "validated by"): the certificate is issued again with their name, and the performer is not offered the button.
/// </summary>
[Authorize(Policy = Access.Devices)]
public sealed class CertificatesModel(Sanitisation sanitisation, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    [BindProperty] public long Number { get; set; }

    [BindProperty] public bool Checked { get; set; }

    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];

    /// <summary>The signed-in person as a certificate names them, so that their own wipes show no validate button.</summary>
    public string Me => User.DisplayName();

    public override async Task LoadAsync(CancellationToken ct) => Certificates = await sanitisation.ListAsync(Tag, null, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Checked)
            throw new UserError(Msg.CertificateNotChecked.With(Number), UserErrorKind.Invalid, "checked");
        var validated = await sanitisation.ValidateAsync(Number, User.Identity?.Name ?? "", Actor, ct);
        return await DoneAsync(l["Certificate {0} is validated; the validated version names you.", validated.Number], ct);
    }
}
