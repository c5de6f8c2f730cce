using System.Data.Common;

namespace LaiteLaina.Inventory;

/// <summary>
/// Turns what a person typed (<see cref="DeviceInput"/>) into a valid <see cref="Device"/>, looking up sites,
/// locations and donors inside the caller's transaction. Look-ups are cached, because an import resolves
/// thousands of rows that name the same few sites.
/// </summary>
internal sealed class DeviceResolver(DbConnection c, DbTransaction tx)
{
    private readonly Dictionary<string, Site?> sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(long, string), Location?> locations = [];
    private readonly Dictionary<string, Donor?> donors = new(StringComparer.OrdinalIgnoreCase);

    public async Task<Device> NewDeviceAsync(DeviceInput input, bool allowDuplicateSerial)
    {
        var kind = input.Kind is null ? throw UserError.Invalid("kind", "", Msg.DeviceKindMissing.With(EnumText.Allowed<DeviceKind>())) : EnumText.Parse<DeviceKind>("kind", input.Kind);
        var acquisition = Parse.Text(input.Acquisition) is null ? Acquisition.Purchased : EnumText.Parse<Acquisition>("acquisition", input.Acquisition);
        var now = DateTimeOffset.UtcNow;
        var blank = new Device
        {
            Tag = "",
            Kind = kind,
            Acquisition = acquisition,
            Status = DeviceStatus.Intake,
            Condition = DeviceCondition.Good,
            // Only a device bought new can hold nobody's data; anything that has been used elsewhere is wiped first.
            NeedsWipe = acquisition is Acquisition.Donated or Acquisition.Transferred,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await EditedAsync(blank, input with { Kind = null, Acquisition = null }, allowDuplicateSerial);
    }

    /// <summary>Applies the fields given in <paramref name="input"/> (non-null) to <paramref name="d"/>. An empty string clears a field.</summary>
    public async Task<Device> EditedAsync(Device d, DeviceInput input, bool allowDuplicateSerial)
    {
        // One copy with every field, not one per field: an import resolves a million rows through here. The fields
        // are read in the same order as before, so the first bad value is still the one reported.
        d = d with
        {
            Kind = input.Kind is null ? d.Kind : EnumText.Parse<DeviceKind>("kind", input.Kind),
            Acquisition = input.Acquisition is null ? d.Acquisition : EnumText.Parse<Acquisition>("acquisition", input.Acquisition),
            Condition = input.Condition is null ? d.Condition : EnumText.Parse<DeviceCondition>("condition", input.Condition),
            Make = input.Make is null ? d.Make : DeviceNames.Make(Parse.Text(input.Make)),
            Model = input.Model is null ? d.Model : Parse.Text(input.Model),
            SerialNumber = input.SerialNumber is null ? d.SerialNumber : Parse.Text(input.SerialNumber),
            Imei = input.Imei is null ? d.Imei : Parse.Imei(input.Imei),
            Os = input.Os is null ? d.Os : Parse.Text(input.Os),
            OsVersion = input.OsVersion is null ? d.OsVersion : Parse.Text(input.OsVersion),
            AcquiredOn = input.AcquiredOn is null ? d.AcquiredOn : Parse.Date("acquired-on", input.AcquiredOn),
            CostCents = input.Cost is null ? d.CostCents : Parse.Cents("cost", input.Cost),
            Supplier = input.Supplier is null ? d.Supplier : IdentityCode.Refuse("supplier", Parse.Text(input.Supplier)),
            TransferredFrom = input.TransferredFrom is null ? d.TransferredFrom : IdentityCode.Refuse("transferred-from", Parse.Text(input.TransferredFrom)),
            LeaseEnd = input.LeaseEnd is null ? d.LeaseEnd : Parse.Date("lease-end", input.LeaseEnd),
            LeasePaidBy = input.LeasePaidBy is null ? d.LeasePaidBy : IdentityCode.Refuse("lease-paid-by", Parse.Text(input.LeasePaidBy)),
            Accessories = input.Accessories is null ? d.Accessories : IdentityCode.Refuse("accessories", AccessoryList.Join(input.Accessories)),
            Notes = input.Notes is null ? d.Notes : IdentityCode.Refuse("notes", Parse.Text(input.Notes)),
        };

        // The model is written without its make whichever of the two was given ("Lenovo" and "Lenovo TB-X605F").
        if (input.Make is not null || input.Model is not null)
            d = d with { Model = DeviceNames.Model(d.Make, d.Model) };

        if (input.Site is not null)
        {
            var site = Parse.Text(input.Site) is { } key ? await SiteAsync(key) : null;
            d = d with { SiteId = site?.Id, SiteCode = site?.Code, LocationId = null, LocationName = null };
        }
        if (input.Location is not null && Parse.Text(input.Location) is { } locationName)
        {
            if (d.SiteId is not { } siteId)
                throw UserError.Invalid("location", locationName, Msg.DeviceLocationWithoutSite);
            var location = await LocationAsync(siteId, d.SiteCode ?? "", locationName);
            d = d with { LocationId = location.Id, LocationName = location.Name };
        }
        if (input.Donor is not null)
        {
            var donor = Parse.Text(input.Donor) is { } key ? await DonorAsync(key) : null;
            d = d with { DonorId = donor?.Id, DonorName = donor?.Name };
        }

        if (d.Acquisition == Acquisition.Leased && d.LeaseEnd is null)
            throw UserError.Invalid("lease-end", input.LeaseEnd, Msg.DeviceLeaseEndMissing);
        if (d.DonorId is not null && d.Acquisition != Acquisition.Donated)
            throw UserError.Invalid("donor", input.Donor ?? d.DonorName, Msg.DeviceDonorNotDonated);
        if (!allowDuplicateSerial && d.SerialNumber is { } serial && input.SerialNumber is not null &&
            await DeviceStore.SerialOwnerAsync(c, tx, d.Make, serial, d.Id) is { } owner)
            throw DuplicateSerial(serial, d.Make, Msg.DeviceSerialOwner.With(owner));
        return d;
    }

    /// <param name="where">Where the other device is: "as LL-000123", or "on line 7" of an import file.</param>
    public static UserError DuplicateSerial(string serial, string? make, Message where) =>
        new(Msg.DeviceSerialDuplicate.With(serial, make ?? (object)Msg.DeviceWithoutMake, where),
            UserErrorKind.Conflict, "serial-number");

    private async Task<Site> SiteAsync(string key)
    {
        if (!sites.TryGetValue(key, out var site))
            sites[key] = site = await SiteService.FindAsync(c, tx, key);
        return site ?? throw new UserError(Msg.SiteNotFound.With(key), UserErrorKind.NotFound, "site");
    }

    private async Task<Location> LocationAsync(long siteId, string siteCode, string name)
    {
        if (!locations.TryGetValue((siteId, name.ToUpperInvariant()), out var location))
            locations[(siteId, name.ToUpperInvariant())] = location = await SiteService.FindLocationAsync(c, tx, siteId, name);
        return location ?? throw new UserError(Msg.LocationNotFound.With(name, siteCode), UserErrorKind.NotFound, "location");
    }

    private async Task<Donor> DonorAsync(string key)
    {
        if (!donors.TryGetValue(key, out var donor))
            donors[key] = donor = await DonorService.FindAsync(c, tx, key);
        return donor ?? throw new UserError(Msg.DonorNotFound.With(key), UserErrorKind.NotFound, "donor");
    }
}
