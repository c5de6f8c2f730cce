using System.Globalization;
using LaiteLaina.Inventory;

namespace LaiteLaina.Provisioning.Pages;

/// <summary>
/// Records a wipe done by hand (an iPad erased on its screen, a laptop's disk erased with hdparm) so that a donated or
/// returned device can be made ready without the command line: the method from the list the product knows, who did
/// it and when. A wipe a tool checks can get its certificate, as the pipelines' wipes do; then the record is the
/// certified one (<see cref="Sanitisation"/>), else the by-hand one (<see cref="InventoryService.RecordWipeAsync"/>).
/// </summary>
[Authorize(Policy = Access.Devices)]
public sealed class HandWipeModel(InventoryService inventory, Sanitisation sanitisation, Microsoft.Extensions.Localization.IStringLocalizer<Ui> l) : AppPage
{
    private const string LocalTimeFormat = "yyyy-MM-dd'T'HH:mm";

    [BindProperty(SupportsGet = true)] public string Tag { get; set; } = "";

    [BindProperty] public WipeForm Wipe { get; set; } = new();

    public Device? Device { get; private set; }

    public override async Task LoadAsync(CancellationToken ct)
    {
        Device = await inventory.GetAsync(Tag, ct);
        // A refused record keeps what was typed, also when the edge refused it and the handler never ran.
        if (!Request.HasFormContentType)
            Wipe = new WipeForm { By = User.DisplayName(), When = sanitisation.Clock.GetLocalNow().ToString(LocalTimeFormat, CultureInfo.InvariantCulture) };
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var method = HandWipeMethod.Find(Wipe.Method)
                     ?? throw UserError.Invalid("method", Wipe.Method ?? "", Msg.ValueUseOneOf.With(HandWipeMethod.All.Select(m => m.Code)));
        var at = When(Wipe.When);
        var words = method.Code == "other" ? Wipe.Other ?? "" : method.Description;
        if (Wipe.Certificate)
        {
            if (!method.Certifiable)
                throw UserError.Invalid("certificate", method.Code, Msg.WipeCertificateMethod);
            await sanitisation.RecordAsync(new SanitisationRecord
            {
                Tag = Tag, Media = Parse.Text(Wipe.Media) is { } media ? EnumText.Parse<MediaType>("media", media) : method.Media, Level = method.Level,
                Technique = method.Code == "nwipe" ? SanitisationTechnique.OverwriteNwipe : SanitisationTechnique.Find(method.Code)?.Code,
                Method = words, Tool = Wipe.Tool ?? "", ToolVersion = Wipe.ToolVersion, VerificationMethod = Wipe.Verification ?? "",
                VerificationPassed = Wipe.Passed, VerificationResult = Wipe.Result ?? "", Operator = Wipe.By ?? "", PerformedAt = at, Notes = Wipe.Notes,
            }, Actor, ct);
        }
        else
        {
            await inventory.RecordWipeAsync(Tag, words, Wipe.By ?? "", EnumText.Kebab(method.Level), Wipe.Tool, Wipe.Notes, Actor, at, ct);
        }
        // Back to the device, where the next step (mark ready) is: a reload there does not record the wipe twice.
        return DoneThen($"/devices/{Uri.EscapeDataString(Tag.Trim().ToUpperInvariant())}", l["The wipe is recorded."]);
    }

    /// <summary>The browser sends a date-time field as local time without a zone: the office's own clock.</summary>
    private static DateTimeOffset? When(string? text) =>
        Parse.Text(text) is not { } t ? null
        : DateTime.TryParseExact(t, LocalTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local) ? new DateTimeOffset(local)
        : throw UserError.Invalid("when", t, Msg.ParseDate);
}

public sealed class WipeForm
{
    public string? Method { get; set; }
    public string? Other { get; set; }
    public string? By { get; set; }
    public string? When { get; set; }
    public string? Tool { get; set; }
    public string? Notes { get; set; }
    public bool Certificate { get; set; }
    public string? Media { get; set; }
    public string? ToolVersion { get; set; }
    public string? Verification { get; set; }
    public string? Result { get; set; }
    public bool Passed { get; set; }
}
