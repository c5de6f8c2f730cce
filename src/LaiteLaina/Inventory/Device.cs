namespace LaiteLaina.Inventory;

public enum DeviceKind { Tablet, Phone, Laptop, Desktop, Monitor, PrinterScanner, Other }

public enum DeviceStatus { Intake, AwaitingWipe, Wiping, Provisioning, Ready, OnLoan, InRepair, Lost, HandedOver, Retired }

public enum DeviceCondition { New, Good, Fair, Poor, Broken }

public enum Acquisition { Purchased, Donated, Transferred, Leased }

/// <summary>The usual reasons a device is taken out of use for good, offered on its page.</summary>
public enum RetireReason { Broken, Obsolete, BatteryUnsafe, Recycled, Other }

/// <summary>A device as stored. Costs are whole cents so that sums never drift.</summary>
public sealed record Device
{
    // Not yet stored means no id: an import's audit snapshot is made before the insert and the row's record_id holds it.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public long Id { get; init; }
    public required string Tag { get; init; }
    public DeviceKind Kind { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? SerialNumber { get; init; }
    public string? Imei { get; init; }
    public string? Os { get; init; }
    public string? OsVersion { get; init; }
    public DeviceStatus Status { get; init; }
    public DeviceCondition Condition { get; init; }
    public long? SiteId { get; init; }
    public string? SiteCode { get; init; }
    public long? LocationId { get; init; }
    public string? LocationName { get; init; }
    public long? PointId { get; init; }
    public string? PointCode { get; init; }
    public Acquisition Acquisition { get; init; }
    public DateOnly? AcquiredOn { get; init; }
    public long? CostCents { get; init; }
    public long? DonorId { get; init; }
    public string? DonorName { get; init; }
    public string? Supplier { get; init; }
    public string? TransferredFrom { get; init; }
    public DateOnly? LeaseEnd { get; init; }
    public string? LeasePaidBy { get; init; }
    public string? Accessories { get; init; }
    public string? Notes { get; init; }
    public bool NeedsWipe { get; init; }
    public DateTimeOffset? LastWipedAt { get; init; }

    /// <summary>Why it was retired: a <see cref="RetireReason"/> code (the page shows it in the reader's language), or the
    /// words given on the command line or the API.</summary>
    public string? RetiredReason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// What a person types when adding or editing a device: every field is text, as it comes from the CLI,
/// a CSV row or a form, and null means "not given". <see cref="InventoryService"/> checks and converts it.
/// </summary>
public sealed record DeviceInput
{
    public string? Kind { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? SerialNumber { get; init; }
    public string? Imei { get; init; }
    public string? Os { get; init; }
    public string? OsVersion { get; init; }
    public string? Condition { get; init; }
    public string? Site { get; init; }
    public string? Location { get; init; }
    public string? Acquisition { get; init; }
    public string? AcquiredOn { get; init; }
    public string? Cost { get; init; }
    public string? Donor { get; init; }
    public string? Supplier { get; init; }
    public string? TransferredFrom { get; init; }
    public string? LeaseEnd { get; init; }
    public string? LeasePaidBy { get; init; }
    public string? Accessories { get; init; }
    public string? Notes { get; init; }
}

public sealed record DeviceFilter
{
    public string? Status { get; init; }
    public string? Kind { get; init; }
    public string? Site { get; init; }
    public string? Acquisition { get; init; }
    public string? Search { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    /// <summary>Also count every matching device (the API says the total; the pages, over a million devices, need not).</summary>
    public bool WithTotal { get; init; }
}

public sealed record DevicePage(IReadOnlyList<Device> Items, int Page, int PageSize, bool HasMore, long? Total = null);
