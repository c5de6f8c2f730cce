namespace LaiteLaina.Inventory;

/// <summary>
/// A device's make and model as people write them. Android reports its make in lower case ("samsung", ro.product.
/// manufacturer) and many models repeat it ("Lenovo TB-X605F"), so a page would say "samsung" or "Lenovo Lenovo
/// TB-X605F". The make is written as its brand writes it, and once: new input is stored so, and what was stored
/// before is read so.
/// </summary>
public static class DeviceNames
{
    /// <summary>Brands whose own spelling is not simply a capital first letter, and the common makes, by their lower case.</summary>
    private static readonly Dictionary<string, string> Brands = new[]
    {
        "Acer", "Alcatel", "Apple", "Asus", "BenQ", "Brother", "Canon", "Dell", "Epson", "Fairphone", "Fujitsu", "Google",
        "HP", "HMD", "Honor", "HTC", "Huawei", "iiyama", "Kyocera", "Lenovo", "LG", "Microsoft", "Motorola", "MSI", "Nokia",
        "OnePlus", "OPPO", "Panasonic", "Philips", "Realme", "Ricoh", "Samsung", "Sony", "TCL", "Toshiba", "Xerox", "Xiaomi", "ZTE",
    }.ToDictionary(b => b.ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>"samsung" → "Samsung", "hp" → "HP", "LENOVO" → "Lenovo"; a make not known is given a capital first letter
    /// only when it was written all in lower case, since a brand's own odd spelling ("iiyama") is kept as typed.</summary>
    public static string? Make(string? make)
    {
        if (make is null)
            return null;
        var trimmed = make.Trim();
        if (Brands.TryGetValue(trimmed.ToLowerInvariant(), out var brand))
            return brand;
        return trimmed.Length > 0 && !trimmed.Any(char.IsUpper) ? char.ToUpperInvariant(trimmed[0]) + trimmed[1..] : trimmed;
    }

    /// <summary>The model without the make in front of it: ("Lenovo", "Lenovo TB-X605F") → "TB-X605F"; a model that is only the make stays.</summary>
    public static string? Model(string? make, string? model)
    {
        if (model is null || string.IsNullOrWhiteSpace(make))
            return model;
        var m = make.Trim();
        return model.Length > m.Length + 1 && model.StartsWith(m, StringComparison.OrdinalIgnoreCase) && model[m.Length] == ' '
            ? model[(m.Length + 1)..].TrimStart()
            : model;
    }

    /// <summary>The device with its make and model written as people write them.</summary>
    public static Device Normalised(Device d)
    {
        var make = Make(d.Make);
        var model = Model(make, d.Model);
        return make == d.Make && model == d.Model ? d : d with { Make = make, Model = model };
    }
}
