using LaiteLaina.Inventory;
namespace LaiteLaina.Loans;

public enum LoanKind { Staff, Client, Handover }

public enum LoanState { Open, Returned, Lost, HandedOver }

/// <summary>A loan as stored, with the device tag and borrower name joined in for display.</summary>
public sealed record Loan
{
    public long Id { get; init; }
    public required string Reference { get; init; }
    public LoanKind Kind { get; init; }
    public LoanState State { get; init; }
    public long DeviceId { get; init; }
    public string Tag { get; init; } = "";
    public long BorrowerId { get; init; }
    public string? BorrowerName { get; init; }
    public required string Counsellor { get; init; }
    public string? RecommendingWorker { get; init; }
    public string Language { get; init; } = "fi";
    public DateTimeOffset StartedAt { get; init; }
    public DateOnly? DueOn { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? AccessoriesOut { get; init; }
    public string ConditionOut { get; init; } = "Good";
    public string? AccessoriesMissing { get; init; }
    /// <summary>Accessories that came back damaged; with <see cref="AccessoriesOut"/> and <see cref="AccessoriesMissing"/>
    /// one item a line (<see cref="AccessoryList"/>).</summary>
    public string? AccessoriesDamaged { get; init; }
    public string? ConditionIn { get; init; }
    /// <summary>The counsellor marked the return "returned damaged"; the return audit counts it as damage whatever the condition.</summary>
    public bool Damaged { get; init; }
    /// <summary>A short description of the damage: free text that may tell of the borrower.</summary>
    [PersonalText]
    public string? DamageNotes { get; init; }
    /// <summary>What was said at the return, or how the device was lost: free text that may tell of the borrower.</summary>
    [PersonalText]
    public string? ReturnNotes { get; init; }
    public int Renewals { get; init; }
    public int? CoachingSessions { get; init; }
    /// <summary>Why a device was handed over after no coaching session: a counsellor's words that may tell of the client.</summary>
    [PersonalText]
    public string? CoachingReason { get; init; }
    public string? ClosedBy { get; init; }

    /// <summary>The last time a counsellor reminded the borrower of an overdue return, and who did.</summary>
    public DateOnly? RemindedOn { get; init; }
    public string? RemindedBy { get; init; }

    /// <summary>The version of the stored agreement that carries the borrower's signature, and when it was signed.</summary>
    public int? SignedVersion { get; init; }
    public DateTimeOffset? SignedAt { get; init; }

    /// <summary>The site that lent the device (the device's site when the loan was made), which the loan stays listed under
    /// after a return and a later transfer (<see cref="LoanService.ListOfAsync"/>). The loans page names it when it lists
    /// every site.</summary>
    public long? SiteId { get; init; }

    public string? SiteCode { get; init; }

    /// <summary>The document an operation issued (agreement, receipt); set on the loan the operation returns, not stored with it.</summary>
    public long? DocumentId { get; init; }

    public IReadOnlyList<string> Accessories => AccessoryList.Split(AccessoriesOut);

    public IReadOnlyList<string> Missing => AccessoryList.Split(AccessoriesMissing);

    public IReadOnlyList<string> DamagedAccessories => AccessoryList.Split(AccessoriesDamaged);

    /// <summary>Each accessory given with how it came back (all returned while the loan is open).</summary>
    public IReadOnlyList<(string Item, AccessoryState State)> AccessoryStates() => AccessoryList.States(Accessories, Missing, DamagedAccessories);

    /// <summary>The CSV of loans: the lists of accessories are there once, as stored (accessoriesOut, accessoriesMissing,
    /// accessoriesDamaged), one quoted cell with a line per item; their lists above would be joined with ", ", which
    /// cannot tell "1,5 m kaapeli" from two items.</summary>
    public static readonly Column<Loan>[] CsvColumns =
        [.. Column.Of<Loan>().Where(c => c.Header is not ("accessories" or "missing" or "damagedAccessories"))];

    public bool IsOverdue(DateOnly today) => State == LoanState.Open && DueOn is { } due && due < today;

    public int DaysOverdue(DateOnly today) => IsOverdue(today) ? today.DayNumber - DueOn!.Value.DayNumber : 0;
}

/// <summary>What a check-out, handover or return did: the loan (with the document it issued, if any) and the device
/// as it moved, so that a caller (the desk, a scanner) shows the outcome without reading it again.</summary>
public sealed record LoanOutcome(Loan Loan, Device Device);

public sealed record CheckOutRequest
{
    public required string Tag { get; init; }

    /// <summary>The borrower's number or badge; empty when <see cref="NewBorrower"/> is given.</summary>
    public string? Borrower { get; init; }

    /// <summary>A borrower to add in the loan's own transaction, so that a refused check-out leaves no one behind.</summary>
    public People.BorrowerInput? NewBorrower { get; init; }

    public string? Kind { get; init; }
    public string? Due { get; init; }
    public string? Counsellor { get; init; }
    public string? RecommendingWorker { get; init; }
    public IReadOnlyList<string>? Accessories { get; init; }
    public string? Language { get; init; }

    /// <summary>The borrower's signature drawn on screen, as PNG (base64 in JSON), embedded in the agreement.</summary>
    public byte[]? SignaturePng { get; init; }
}

public sealed record ReturnRequest
{
    public string? Condition { get; init; }
    public IReadOnlyList<string>? Missing { get; init; }
    /// <summary>Accessories given that came back damaged (each one given; none both missing and damaged).</summary>
    public IReadOnlyList<string>? DamagedAccessories { get; init; }
    public string? Notes { get; init; }
    /// <summary>"Returned damaged", as the counsellor sees it, with an optional short description.</summary>
    public bool Damaged { get; init; }
    public string? DamageNotes { get; init; }
}

public sealed record HandoverRequest
{
    public required string Tag { get; init; }

    /// <summary>The borrower's number or badge; empty when <see cref="NewBorrower"/> is given.</summary>
    public string? Borrower { get; init; }

    /// <summary>A client to add in the handover's own transaction, as at a check-out.</summary>
    public People.BorrowerInput? NewBorrower { get; init; }

    public int CoachingSessions { get; init; }
    /// <summary>Needed when <see cref="CoachingSessions"/> is 0: why the device is handed over without coaching.</summary>
    public string? CoachingReason { get; init; }
    public string? Counsellor { get; init; }
    public IReadOnlyList<string>? Accessories { get; init; }
    public string? Language { get; init; }

    public byte[]? SignaturePng { get; init; }
}
