using LaiteLaina.Storage;
using System.Globalization;

namespace LaiteLaina.Documents;

public enum DocumentKind { LoanAgreement, ReturnReceipt, HandoverAgreement, SanitisationCertificate, ProfileRemovalRecord }

/// <summary><paramref name="RetentionMonths"/>: how long personal data is kept after the last loan (the retention_months setting);
/// <paramref name="AgreementRetentionYears"/>: how long the signed agreements are kept after the loan closed. Every privacy
/// notice states both.</summary>
public sealed record Organisation(string Name, string Contact, string PrivacyContact, int RetentionMonths = 12, int AgreementRetentionYears = 3)
{
    /// <summary>The organisation block of every document, from the office settings in one place.</summary>
    public static Organisation Of(OfficeSettings settings) =>
        new(settings.OrganisationName ?? "", settings.OrganisationContact ?? "", settings.PrivacyContact ?? "", settings.RetentionMonths,
            settings.AgreementRetentionYears);
}

/// <summary>Only what the loan needs: never the personal identity code (henkilötunnus).</summary>
public sealed record BorrowerDetails(string Name, string? Contact = null, string? ClientReference = null);

public sealed record Person(string Name, string? Contact = null);

/// <summary>An accessory given and how it came back, worded in the document's language ("puuttuu"), for a return receipt.</summary>
public sealed record AccessoryBack(string Item, string State);

/// <summary><paramref name="CostCents"/>: what the device cost (devices.cost_cents), stated on an agreement as its value; null when not known.</summary>
public sealed record DeviceDetails(string Tag, string Kind, string? Make, string? Model, string? SerialNumber, string? Imei, long? CostCents = null);

/// <summary>What only a handover agreement states: the coaching the client had (and why none, when none) and the day the
/// device's whole storage was sanitised, which is what lets the agreement say no earlier user's data is on it.</summary>
public sealed record HandoverDetails(int CoachingSessions, string? CoachingReason, DateOnly SanitisedOn);

/// <summary>
/// Everything a loan agreement, return receipt or handover agreement can show. The loans feature fills it
/// from its records; the templates pick what they need. Texts are shown as given, so a condition or note is
/// written in the document's language by whoever records it.
/// </summary>
public sealed record AgreementModel
{
    public required Organisation Organisation { get; init; }
    public required BorrowerDetails Borrower { get; init; }
    public required Person Counsellor { get; init; }
    public Person? RecommendingWorker { get; init; }
    public required DeviceDetails Device { get; init; }
    public IReadOnlyList<string> Accessories { get; init; } = [];
    /// <summary>On a return receipt: each accessory given, returned, missing or damaged.</summary>
    public IReadOnlyList<AccessoryBack> AccessoriesBack { get; init; } = [];
    public HandoverDetails? Handover { get; init; }
    public required string ConditionOut { get; init; }
    public string? ConditionIn { get; init; }
    public required DateOnly StartDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public DateOnly? ReturnedDate { get; init; }
    public string? ReturnNotes { get; init; }

    /// <summary>The loan's public reference, e.g. LL-LOAN-000042: the only thing the QR code carries.</summary>
    public required string LoanReference { get; init; }

    /// <summary>A PNG of the borrower's signature captured on a pad, drawn over the first signature line.</summary>
    public byte[]? SignatureImagePng { get; init; }
}

public static class DocumentKinds
{
    public static string FileStem(DocumentKind kind) => kind switch
    {
        DocumentKind.LoanAgreement => "loan-agreement",
        DocumentKind.ReturnReceipt => "return-receipt",
        DocumentKind.HandoverAgreement => "handover-agreement",
        DocumentKind.SanitisationCertificate => "sanitisation-certificate",
        DocumentKind.ProfileRemovalRecord => "profile-removal-record",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kinds written from an <see cref="AgreementModel"/>: everything about a loan.</summary>
    public static IReadOnlyList<DocumentKind> Agreements { get; } = [DocumentKind.LoanAgreement, DocumentKind.ReturnReceipt, DocumentKind.HandoverAgreement];

    /// <summary>The kinds written from a <see cref="CertificateModel"/>: a sanitisation of the whole storage gets a certificate,
    /// the removal of one user profile only a removal record that says what it did not reach.</summary>
    public static IReadOnlyList<DocumentKind> Certificates { get; } = [DocumentKind.SanitisationCertificate, DocumentKind.ProfileRemovalRecord];

    /// <summary>The placeholders a template of <paramref name="kind"/> may use: those its model fills.</summary>
    public static IReadOnlySet<string> KnownPaths(DocumentKind kind) =>
        Certificates.Contains(kind) ? CertificateModelValues.KnownPaths : AgreementModelValues.KnownPaths;

    /// <summary>The placeholders the templates page explains, in order: every field, and a list with its size, but not
    /// the objects that hold the fields nor a list's first and last item, which nobody needs explained.</summary>
    public static IReadOnlyList<string> Placeholders(DocumentKind kind)
    {
        var known = KnownPaths(kind);
        return [.. known.Where(p => p.Contains('.', StringComparison.Ordinal)
                ? !p.EndsWith(".first", StringComparison.Ordinal) && !p.EndsWith(".last", StringComparison.Ordinal)
                : known.Contains(p + ".size"))
            .Order(StringComparer.Ordinal)];
    }

    public static DocumentKind Parse(string text)
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            if (string.Equals(FileStem(kind), text.Trim(), StringComparison.OrdinalIgnoreCase))
                return kind;
        }
        throw UserError.Invalid("document kind", text, Msg.ValueOneOf.With(string.Join(", ", Enum.GetValues<DocumentKind>().Select(FileStem))));
    }
}
