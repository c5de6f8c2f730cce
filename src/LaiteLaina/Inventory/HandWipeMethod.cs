namespace LaiteLaina.Inventory;

/// <summary>
/// A way to wipe a device by hand, for the devices no script here can wipe. <see cref="Description"/> is what the
/// sanitisation record keeps, in the technical words of NIST SP 800-88's sample certificate (as the pipelines' records
/// are); the pages name the method in the reader's language by its code. A certificate is issued only where the method
/// ends in a check that a tool reports (<see cref="Certifiable"/>): a factory reset done on a screen leaves nothing an
/// auditor could read back.
/// </summary>
public sealed record HandWipeMethod(string Code, string Description, SanitisationLevel Level, MediaType Media, bool Certifiable)
{
    /// <summary>The methods, most used first; "other" takes the person's own words.</summary>
    public static readonly IReadOnlyList<HandWipeMethod> All =
    [
        // Android 7+ and every iPad encrypt user data; erasing destroys the keys (SP 800-88 Rev. 1, cryptographic erase: Purge).
        new("android-factory-reset", "Android factory reset (Settings or recovery menu)", SanitisationLevel.Purge, MediaType.Flash, false),
        new("apple-erase", "Apple Erase All Content and Settings, or restore in Finder / Apple Configurator", SanitisationLevel.Purge, MediaType.Flash, false),
        new("chromeos-powerwash", "ChromeOS Powerwash", SanitisationLevel.Clear, MediaType.Flash, false),
        // "Remove everything" with "clean the drive" overwrites the free space: a Clear.
        new("windows-reset", "Windows Reset this PC: remove everything, clean the drive", SanitisationLevel.Clear, MediaType.Ssd, false),
        // The disk's own erase commands report their result, which the certificate quotes.
        new("ata-secure-erase", "ATA Secure Erase (hdparm --security-erase)", SanitisationLevel.Purge, MediaType.Hdd, true),
        new("nvme-format", "NVMe Format with secure erase (nvme format --ses)", SanitisationLevel.Purge, MediaType.Ssd, true),
        new("nwipe", "nwipe run by hand", SanitisationLevel.Clear, MediaType.Hdd, true),
        new("other", "", SanitisationLevel.Clear, MediaType.Flash, false),
    ];

    /// <summary>A stored method as a document in <paramref name="language"/> names it: one of the list by the UI's words for
    /// it in that language (a Finnish certificate does not say "nwipe run by hand"), anything else as it was written.</summary>
    public static string Words(string stored, string language) =>
        All.FirstOrDefault(m => m.Code != "other" && m.Description == stored) is { } method
        && MessageCatalog.Parse(language) is { } culture && MessageCatalog.FindUiWords("HandWipe." + method.Code, culture) is { } words
            ? words
            : stored;

    public static HandWipeMethod? Find(string? code) => All.FirstOrDefault(m => string.Equals(m.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
}
