using LaiteLaina.Documents;

namespace LaiteLaina.Inventory;

/// <summary>
/// What the barcodes on a device's box or back label mean for the intake form. A box carries several: the IMEI is the
/// one that is 15 digits with a valid Luhn check digit (a dual-SIM phone has two; the first is taken); the EAN-13 is the
/// product's trade number, the same on every box of the model, so it is not offered; every other code may be the
/// serial number, and the person chooses when there is more than one.
/// </summary>
public sealed record BoxCodes(string? Imei, IReadOnlyList<string> Serials)
{
    public static BoxCodes Of(IEnumerable<ReadCode> codes)
    {
        string? imei = null;
        var serials = new List<string>();
        foreach (var code in codes)
        {
            var text = code.Text.Trim();
            if (ImeiOf(text) is { } digits)
                imei ??= digits;
            else if (code.Format != ZXing.BarcodeFormat.EAN_13 && text.Length > 0 && !serials.Contains(text, StringComparer.Ordinal))
                serials.Add(text);
        }
        return new BoxCodes(imei, serials);
    }

    private static string? ImeiOf(string text)
    {
        try
        {
            return Parse.Imei(text);
        }
        catch (UserError)
        {
            return null;
        }
    }
}
