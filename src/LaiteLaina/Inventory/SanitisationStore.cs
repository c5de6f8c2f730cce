using System.Data.Common;
using Dapper;

namespace LaiteLaina.Inventory;

/// <summary>A row of <c>sanitisations</c>: one wipe of one device, by hand (without certificate details) or
/// certified (tool version, verification result, site).</summary>
public sealed record SanitisationRow
{
    public long DeviceId { get; init; }
    public required string Method { get; init; }
    public required string Level { get; init; }
    public string? Tool { get; init; }
    public required string Operator { get; init; }
    public DateTimeOffset PerformedAt { get; init; }
    public required string Verification { get; init; }
    public string? Notes { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? SerialNumber { get; init; }
    public string? MediaType { get; init; }
    public string? ToolVersion { get; init; }
    public string? VerificationResult { get; init; }
    public string? AndroidVersion { get; init; }
    public string? SecurityPatch { get; init; }
    public string? Encryption { get; init; }
    public long? SiteId { get; init; }
    public required string RecordedBy { get; init; }

    /// <summary>'media' for a sanitisation of the whole storage, 'user-profile' when only a user profile was removed.</summary>
    public string Scope { get; init; } = SanitisationScopes.Media;
    /// <summary>The NIST SP 800-88 Rev. 2 technique's code (such as crypto-erase-factory-reset), for certified rows.</summary>
    public string? Technique { get; init; }
    public string? PerformerTitle { get; init; }
    public string? PerformerPhone { get; init; }
    public string? DataBackedUp { get; init; }
    public string? Destination { get; init; }
    public string? VerificationCode { get; init; }
    public string? BuildFingerprint { get; init; }
}

/// <summary>What a sanitisation reached, as stored in <c>sanitisations.scope</c>.</summary>
public static class SanitisationScopes
{
    public const string Media = "media";
    public const string UserProfile = "user-profile";
}

/// <summary>Method texts that rules read back from <c>sanitisations.method</c>.</summary>
public static class SanitisationMethods
{
    /// <summary>A provisioning job's test-harness reset: the tablet stays in Test Harness Mode until a plain factory reset,
    /// so it is never handed over on its strength.</summary>
    public const string TestHarness = "factory reset in test-harness mode (cmd testharness enable)";
}

/// <summary>The one writer of <c>sanitisations</c>: a wipe recorded by hand and a certified wipe are the same row,
/// the first with fewer details. The device itself moves through <see cref="DeviceGate"/>.</summary>
public static class SanitisationStore
{
    public static Task<long> InsertAsync(DbConnection c, DbTransaction tx, SanitisationRow row, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO sanitisations (device_id, method, level, tool, operator, performed_at, verification, result, notes,
                                       make, model, serial_number, media_type, tool_version, verification_result,
                                       android_version, security_patch, encryption, site_id, recorded_by,
                                       scope, technique, performer_title, performer_phone, data_backed_up, destination,
                                       verification_code, build_fingerprint)
            VALUES (@DeviceId, @Method, @Level, @Tool, @Operator, @PerformedAt, @Verification, 'wiped', @Notes,
                    @Make, @Model, @SerialNumber, @MediaType, @ToolVersion, @VerificationResult,
                    @AndroidVersion, @SecurityPatch, @Encryption, @SiteId, @RecordedBy,
                    @Scope, @Technique, @PerformerTitle, @PerformerPhone, @DataBackedUp, @Destination,
                    @VerificationCode, @BuildFingerprint)
            RETURNING id
            """, row, tx, cancellationToken: ct));

    /// <summary>A second person's validation of the record; the caller issues the validated certificate.</summary>
    public static Task ValidateAsync(DbConnection c, DbTransaction tx, long id, string validatedBy, DateTimeOffset at, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE sanitisations SET validated_by = @validatedBy, validated_at = @at WHERE id = @id",
            new { validatedBy, at, id }, tx, cancellationToken: ct));

    /// <summary>The notes written with the record, which its certificate prints again when it is issued anew.</summary>
    public static Task<string?> NotesAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct) =>
        c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT notes FROM sanitisations WHERE id = @id", new { id }, tx, cancellationToken: ct));

    /// <summary>The certificate is issued from the stored row, so it is linked after the insert, in the same transaction.</summary>
    public static Task AttachCertificateAsync(DbConnection c, DbTransaction tx, long id, long documentId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE sanitisations SET document_id = @documentId WHERE id = @id", new { documentId, id }, tx, cancellationToken: ct));
}
