using LaiteLaina.Documents;
using Microsoft.Extensions.Localization;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory.Pages;

/// <summary>
/// One device and everything a volunteer or counsellor does to it by hand: edit, move, send to repair, mark found, retire
/// (after a second look that names the device), print its label, make it ready; the wipe done by hand is recorded on its own
/// page (Provisioning, which issues certificates). Only what the device's status allows is offered; a refused post shows
/// the page again with what was typed and the field marked.
/// </summary>
[Authorize(Policy = Access.Devices)]
public sealed class DevicePageModel(InventoryService inventory, SiteService sites, ComputerPointService points, DocumentStore documents,
    ILabelPrinter labels, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string Tag { get; set; } = "";

    /// <summary>What the page that sent the person here did: "wiped", "added", or "label-failed" (added, label not printed).</summary>
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    [BindProperty] public DeviceForm Edit { get; set; } = new();
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Point { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    public Device? Device { get; private set; }

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public IReadOnlyList<Site> Places { get; private set; } = [];

    public IReadOnlyList<ComputerPoint> Points { get; private set; } = [];

    /// <summary>The form that was posted ("edit", "move", "repair", "retire"), whose fields keep what was typed and may be marked;
    /// also when the pages' edge refused a field before the handler ran (its handler's name is the form's).</summary>
    public string? Form
    {
        get => form ?? (ModelState.IsValid ? null : Request.Query["handler"].ToString().ToLowerInvariant() is { Length: > 0 } posted ? posted : null);
        private set => form = value;
    }

    private string? form;

    /// <summary>Retire was asked for and the reason is valid: the page asks once more, naming the device.</summary>
    public bool ConfirmingRetire { get; private set; }

    public override async Task LoadAsync(CancellationToken ct)
    {
        Device = await inventory.GetAsync(Tag, ct);
        Documents = await documents.ForSubjectAsync("device", Device.Id, ct);
        History = (await inventory.HistoryAsync(Tag, ct)).OrderByDescending(h => h.Id).ToList();
        if (CanMove)
        {
            Places = await sites.PlacesAsync(ct);
            Points = await points.ListAsync(ct);
        }
        if (Form != "edit")
            Edit = DeviceForm.Of(Device);
        if (Form != "move")
        {
            Place = PlaceChoice.Of(Device.SiteId, Device.LocationId);
            Point = Device.PointCode;
        }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // Still in the address, not said once like what was done: the label is missing until it is printed here.
        if (After == "label-failed")
            Problem = l["The device is added, but its label could not be printed: print it here."];
    }

    public async Task<IActionResult> OnPostLabelAsync(CancellationToken ct)
    {
        var printer = await labels.PrintLabelAsync(Tag, Actor, ct);
        return await DoneAsync($"{l["Label sent to the printer"]} {printer}.", ct);
    }

    public async Task<IActionResult> OnPostReadyAsync(CancellationToken ct)
    {
        await inventory.ReadyAsync(Tag, Actor, ct);
        return await DoneAsync(l["The device is ready to lend."], ct);
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        Form = "edit";
        await inventory.EditAsync(Tag, Edit.Input(), Actor, Edit.SameSerial, ct);
        Form = null;
        return await DoneAsync(l["The changes are saved."], ct);
    }

    /// <summary>The one way to change where a device is: a place on another site (or a computer point there) is a
    /// transfer, which the service checks (not while on loan or being provisioned) and audits as one; the message says so.</summary>
    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        Form = "move";
        var places = await sites.PlacesAsync(ct);
        var (site, location) = PlaceChoice.Read(places, Place);
        var before = await inventory.GetAsync(Tag, ct);
        var moved = await inventory.MoveAsync(Tag, site, location, Point ?? "", Actor, ct);
        Form = null;
        if (before.SiteId is not null && moved.SiteId != before.SiteId)
            return await DoneAsync(l["The device is transferred to {0}.", places.FirstOrDefault(s => s.Id == moved.SiteId)?.Name ?? moved.SiteCode ?? ""], ct);
        return await DoneAsync(l["The device is moved."], ct);
    }

    public async Task<IActionResult> OnPostRepairAsync(CancellationToken ct)
    {
        Form = "repair";
        await inventory.SetStatusAsync(Tag, EnumText.Kebab(DeviceStatus.InRepair), Note, Actor, ct);
        Form = null;
        return await DoneAsync(l["The device is in repair."], ct);
    }

    /// <summary>A lost device that turns up may have been anywhere: it waits for a wipe (the service sees to that).</summary>
    public async Task<IActionResult> OnPostFoundAsync(CancellationToken ct)
    {
        await inventory.SetStatusAsync(Tag, EnumText.Kebab(DeviceStatus.AwaitingWipe), null, Actor, ct);
        return await DoneAsync(l["The device is found and waits for a wipe."], ct);
    }

    /// <summary>Retiring is for good, so the first post only asks again, naming the device; the second (confirmed) retires it.</summary>
    public async Task<IActionResult> OnPostRetireAsync(CancellationToken ct)
    {
        Form = "retire";
        EnumText.Parse<RetireReason>("reason", Reason ?? "");
        if (!Confirmed)
        {
            ConfirmingRetire = true;
            await LoadAsync(ct);
            return Page();
        }
        await inventory.RetireAsync(Tag, Reason, Note, Actor, ct);
        Form = null;
        return await DoneAsync(l["The device is retired."], ct);
    }

    /// <summary>A site's name for the page's words, where the page has the sites loaded.</summary>
    public string? SiteName(long? siteId) => Places.FirstOrDefault(s => s.Id == siteId)?.Name;

    public bool CanEdit => Device!.Status != DeviceStatus.HandedOver;

    public bool CanMove => Device!.Status is not (DeviceStatus.OnLoan or DeviceStatus.HandedOver or DeviceStatus.Retired or DeviceStatus.Lost);

    /// <summary>A device on loan moves only through its loan, at the desk.</summary>
    public bool CanGo(DeviceStatus to) => Device!.Status != DeviceStatus.OnLoan && Device.Status != to && Lifecycle.CanMove(Device.Status, to);

    /// <summary>Ready is offered only when the wipe rule allows it; until then the page offers the wipe.</summary>
    public bool CanMakeReady => CanGo(DeviceStatus.Ready) && !Device!.NeedsWipe;

    public bool CanRecordWipe => InventoryService.IsWipeable(Device!);

    /// <summary>The fields of the posted form are marked; another form's fields of the same name are not.</summary>
    public string? ProblemFor(string form, string fields) => Form == form ? fields : null;

    /// <summary>The device as a confirmation names it: its tag, and its make and model where it has them.</summary>
    public string Named => $"{Device!.Make} {Device.Model}".Trim() is { Length: > 0 } name ? $"{Device.Tag} ({name})" : Device.Tag;

    /// <summary>The reason a device was retired, in the reader's language when it is one of the page's reasons.</summary>
    public string? RetiredBecause => Device?.RetiredReason is not { } reason ? null
        : EnumText.TryParse<RetireReason>(reason, out var known) ? l.Of(known) : reason;
}

/// <summary>The device's details as the edit form shows them; accessories one a line.</summary>
public sealed class DeviceForm
{
    public string? Kind { get; set; }
    public string? Make { get; set; }
    public string? Model { get; set; }
    public string? SerialNumber { get; set; }
    public string? Imei { get; set; }
    public string? Os { get; set; }
    public string? OsVersion { get; set; }
    public string? Condition { get; set; }
    public string? Accessories { get; set; }
    public string? Notes { get; set; }

    /// <summary>The person has checked that another device really has the same serial number.</summary>
    public bool SameSerial { get; set; }

    public static DeviceForm Of(Device d) => new()
    {
        Kind = EnumText.Kebab(d.Kind), Make = d.Make, Model = d.Model, SerialNumber = d.SerialNumber, Imei = d.Imei, Os = d.Os,
        OsVersion = d.OsVersion, Condition = EnumText.Kebab(d.Condition), Notes = d.Notes,
        Accessories = d.Accessories,
    };

    /// <summary>Every field is given, so an emptied field is cleared (the form posts nothing else).</summary>
    public DeviceInput Input() => new()
    {
        Kind = Kind ?? "", Make = Make ?? "", Model = Model ?? "", SerialNumber = SerialNumber ?? "", Imei = Imei ?? "", Os = Os ?? "",
        OsVersion = OsVersion ?? "", Condition = Condition ?? "", Notes = Notes ?? "", Accessories = Accessories ?? "",
    };
}
