using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>
/// What a wiping pipeline reports about one device: the fields of the NIST SP 800-88 sample certificate. The
/// device's identity (make, model, serial) is read from the registry by its tag; the Android fields are left
/// null for a computer's disk.
/// </summary>
public sealed record SanitisationRecord
{
    public required string Tag { get; init; }
    public required MediaType Media { get; init; }
    public SanitisationLevel Level { get; init; } = SanitisationLevel.Clear;

    /// <summary>The NIST SP 800-88 Rev. 2 technique (<see cref="SanitisationTechnique"/>): it sets the level and the words, and
    /// a user profile removal gets a removal record instead of a certificate. Null: <see cref="Level"/> and <see cref="Method"/> as given.</summary>
    public string? Technique { get; init; }

    /// <summary>A pipeline's own check (<see cref="CertificateWords.AdbVerify"/>, <see cref="CertificateWords.NwipeVerify"/>), worded in the
    /// document's language; null when a person described their check in <see cref="VerificationMethod"/>.</summary>
    public string? VerificationCode { get; init; }

    /// <summary>Whether the data was backed up before the wipe: yes, no or unknown (the default).</summary>
    public string? DataBackedUp { get; init; }

    /// <summary>Where the media goes: internal-reuse (the default), external-reuse or recycling.</summary>
    public string? Destination { get; init; }

    public string? BuildFingerprint { get; init; }

    /// <summary>How, in words an auditor reads: "factory reset (testharness)", "nwipe zero, 1 pass + verify".</summary>
    public required string Method { get; init; }

    public required string Tool { get; init; }
    public string? ToolVersion { get; init; }

    /// <summary>How the wipe was checked: "nwipe verify last pass", "user data partition read back empty".</summary>
    public required string VerificationMethod { get; init; }

    /// <summary>True only when the verification ran and found nothing left; a record without it is refused.</summary>
    public required bool VerificationPassed { get; init; }

    /// <summary>What the verification reported, such as "Erased, 0 errors, 8 MiB".</summary>
    public required string VerificationResult { get; init; }

    public string? AndroidVersion { get; init; }
    public string? SecurityPatch { get; init; }
    public string? Encryption { get; init; }

    /// <summary>Who ran the wipe: a user's sign-in name or display name (their title and phone then come from their profile),
    /// or a volunteer's name as written. Never a program or an API token's name: the caller resolves those to a person.</summary>
    public required string Operator { get; init; }

    /// <summary>When the wipe ended; now when not given.</summary>
    public DateTimeOffset? PerformedAt { get; init; }

    /// <summary>Site code or name where it was wiped; the device's own site when not given.</summary>
    public string? Site { get; init; }

    public string? Notes { get; init; }
}

/// <summary>A recorded sanitisation with its certificate, as listed for a device or a donor.</summary>
public sealed record Certificate
{
    public long Number { get; init; }
    public required string Tag { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? SerialNumber { get; init; }
    public required string MediaType { get; init; }
    public required string Level { get; init; }
    public required string Method { get; init; }
    public required string Tool { get; init; }
    public string? ToolVersion { get; init; }
    public string? Verification { get; init; }
    public string? VerificationResult { get; init; }
    public string? AndroidVersion { get; init; }
    public string? SecurityPatch { get; init; }
    public string? Encryption { get; init; }
    public required string Operator { get; init; }
    public DateTimeOffset PerformedAt { get; init; }
    public string? SiteCode { get; init; }
    public string? DonorName { get; init; }
    public long DocumentId { get; init; }

    /// <summary>media, or user-profile for a removal record (<see cref="SanitisationScopes"/>).</summary>
    public string Scope { get; init; } = SanitisationScopes.Media;
    public string? Technique { get; init; }
    public string? VerificationCode { get; init; }
    public string? OperatorTitle { get; init; }
    public string? OperatorPhone { get; init; }
    public string? DataBackedUp { get; init; }
    public string? Destination { get; init; }
    public string? BuildFingerprint { get; init; }
    public string? ValidatedBy { get; init; }
    public DateTimeOffset? ValidatedAt { get; init; }
}

/// <summary>
/// Records a verified wipe and issues its certificate. One method serves both pipelines (tablets through ADB,
/// disks through nwipe) and the CLI: it refuses a wipe whose verification did not pass, stores the record, moves
/// the device on through the inventory (so 'device ready' is allowed afterwards) and stores the certificate PDF,
/// all in the caller's transaction, so a device is never marked wiped without its record and certificate.
/// </summary>
public sealed class Sanitisation(Database db, DocumentRenderer renderer, DocumentStore documents, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>The clock certificates are dated by, so that a wipe's log file is named by the same clock.</summary>
    public TimeProvider Clock => clock;

    /// <summary>Records the wipe in a transaction of its own.</summary>
    public Task<Certificate> RecordAsync(SanitisationRecord record, string actor, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => RecordAsync(c, tx, record, actor, ct), ct);

    /// <summary>Records the wipe in the caller's transaction, e.g. a provisioning job's last step.</summary>
    public async Task<Certificate> RecordAsync(DbConnection c, DbTransaction tx, SanitisationRecord record, string actor, CancellationToken ct = default)
    {
        var tag = Parse.Text(record.Tag) ?? throw UserError.Invalid("tag", record.Tag, Msg.WipeTagMissing);
        if (!record.VerificationPassed)
            throw new UserError(Msg.WipeVerificationFailed.With(tag.ToUpperInvariant(), Parse.Text(record.VerificationResult) ?? (object)Msg.WipeNoResult),
                UserErrorKind.Conflict, "verification");
        if (record.Level == SanitisationLevel.Destroy)
            throw UserError.Invalid("level", EnumText.Kebab(record.Level), Msg.WipeLevelDestroy);
        var method = Required("method", record.Method, Msg.WipeMethodMissing);
        var tool = Required("tool", record.Tool, Msg.WipeToolMissing);
        var verification = Required("verification", record.VerificationMethod, Msg.WipeVerificationMissing);
        var result = Required("verification result", record.VerificationResult, Msg.WipeResultMissing);
        var operatorName = IdentityCode.Refuse("operator", Parse.Text(record.Operator))
            ?? throw UserError.Invalid("operator", record.Operator, Msg.WipeOperatorMissing);
        var notes = IdentityCode.Refuse("notes", Parse.Text(record.Notes));
        var technique = record.Technique is null ? null
            : SanitisationTechnique.Find(record.Technique) ?? throw UserError.Invalid("technique", record.Technique,
                Msg.ValueOneOf.With(string.Join(", ", SanitisationTechnique.All.Select(t => t.Code))));
        var backedUp = OneOf("data backed up", record.DataBackedUp, CertificateWords.BackedUpValues) ?? "unknown";
        var destination = OneOf("destination", record.Destination, CertificateWords.DestinationValues) ?? "internal-reuse";
        var performer = await PerformerAsync(c, tx, operatorName);

        var before = await DeviceStore.GetForUpdateAsync(c, tx, tag);
        InventoryService.CheckWipeable(before);
        var siteKey = Parse.Text(record.Site);
        var site = siteKey is not null
            ? await SiteService.FindAsync(c, tx, siteKey) ?? throw UserError.NotFound("site", siteKey)
            : before.SiteCode is { } own ? await SiteService.FindAsync(c, tx, own) : null;
        if (site is null)
            throw UserError.Invalid("site", "", Msg.WipeNoSite.With(before.Tag));

        var at = record.PerformedAt is null ? clock.GetUtcNow() : InventoryService.CheckWipeTime(before, record.PerformedAt);
        var row = new Certificate
        {
            Tag = before.Tag,
            Make = before.Make,
            Model = before.Model,
            SerialNumber = before.SerialNumber,
            MediaType = record.Media.ToString(),
            // The technique decides Clear or Purge: an overwrite is never a Purge, whatever the caller passed.
            Level = (technique?.Level ?? record.Level).ToString(),
            Method = method,
            Tool = tool,
            ToolVersion = Parse.Text(record.ToolVersion),
            Verification = verification,
            VerificationResult = result,
            AndroidVersion = Parse.Text(record.AndroidVersion),
            SecurityPatch = Parse.Text(record.SecurityPatch),
            Encryption = Parse.Text(record.Encryption),
            Operator = performer.Name,
            OperatorTitle = performer.Title,
            OperatorPhone = performer.Phone,
            PerformedAt = at,
            SiteCode = site.Code,
            Scope = technique is { FullMedia: false } ? SanitisationScopes.UserProfile : SanitisationScopes.Media,
            Technique = technique?.Code,
            VerificationCode = Parse.Text(record.VerificationCode),
            DataBackedUp = backedUp,
            Destination = destination,
            BuildFingerprint = Parse.Text(record.BuildFingerprint),
        };
        var id = await SanitisationStore.InsertAsync(c, tx, new SanitisationRow
        {
            DeviceId = before.Id, Method = row.Method, Level = row.Level, Tool = row.Tool, Operator = row.Operator, PerformedAt = row.PerformedAt,
            Verification = row.Verification, Notes = notes, Make = row.Make, Model = row.Model, SerialNumber = row.SerialNumber,
            MediaType = row.MediaType, ToolVersion = row.ToolVersion, VerificationResult = row.VerificationResult,
            AndroidVersion = row.AndroidVersion, SecurityPatch = row.SecurityPatch, Encryption = row.Encryption, SiteId = site.Id, RecordedBy = actor,
            Scope = row.Scope, Technique = row.Technique, PerformerTitle = row.OperatorTitle, PerformerPhone = row.OperatorPhone,
            DataBackedUp = row.DataBackedUp, Destination = row.Destination, VerificationCode = row.VerificationCode, BuildFingerprint = row.BuildFingerprint,
        }, ct);
        row = row with { Number = id };
        await AuditLog.AppendAsync(c, tx, actor, "sanitisation.record", "sanitisation", id, before.Tag, null, row);
        await DeviceGate.MoveAsync(c, tx, before, InventoryService.Wiped(before, at), actor, "device.wiped");

        var settings = await Settings.ReadAsync(c, tx);
        var language = settings.OfficeLanguage;
        row = row with { DonorName = before.DonorName };
        var document = renderer.Render(Model(settings, row, before, site, notes, language), language, KindOf(row));
        var stored = await documents.IssueAsync(c, tx, document, new DocumentSubject("device", before.Id, before.Tag), actor, ct);
        await SanitisationStore.AttachCertificateAsync(c, tx, id, stored.Id, ct);
        return row with { DocumentId = stored.Id };
    }

    /// <summary>
    /// A second person vouches for a certificate (the sample certificate's "validated by"): the record names them and the
    /// certificate is issued again as a new stored version with their name, title and the time, which the record then
    /// points to; the earlier version stays. The performer cannot validate their own wipe, and a certificate is validated once.
    /// </summary>
    public Task<Certificate> ValidateAsync(long number, string validatorName, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Certificate>(new CommandDefinition(
                    $"{Select} WHERE s.id = @number AND s.document_id IS NOT NULL", new { number }, tx, cancellationToken: ct))
                ?? throw UserError.NotFound("certificate", number.ToString(CultureInfo.InvariantCulture));
            if (row is { ValidatedBy: { } by, ValidatedAt: { } when })
                throw new UserError(Msg.CertificateValidatedAlready.With(number, by, when.ToLocalTime()), UserErrorKind.Conflict, "validation");
            var validator = await PerformerAsync(c, tx, validatorName);
            if (string.Equals(validator.Name, row.Operator, StringComparison.OrdinalIgnoreCase))
                throw new UserError(Msg.CertificateOwnValidation.With(number), UserErrorKind.Conflict, "validation");
            var at = clock.GetUtcNow();
            await SanitisationStore.ValidateAsync(c, tx, number, validator.Name, at, ct);
            row = row with { ValidatedBy = validator.Name, ValidatedAt = at };
            await AuditLog.AppendAsync(c, tx, actor, "sanitisation.validate", "sanitisation", number, row.Tag, null,
                new { validatedBy = validator.Name, validatedAt = at });

            var device = await DeviceStore.GetByTagAsync(c, tx, row.Tag);
            var site = row.SiteCode is { } code ? await SiteService.FindAsync(c, tx, code) : null;
            var notes = await SanitisationStore.NotesAsync(c, tx, number, ct);
            var settings = await Settings.ReadAsync(c, tx);
            var language = settings.OfficeLanguage;
            var model = Model(settings, row, device, site ?? throw UserError.NotFound("site", row.SiteCode ?? ""), notes, language)
                with { ValidatorTitle = validator.Title };
            var stored = await documents.IssueAsync(c, tx, renderer.Render(model, language, KindOf(row)),
                new DocumentSubject("device", device.Id, device.Tag), actor, ct);
            await SanitisationStore.AttachCertificateAsync(c, tx, number, stored.Id, ct);
            return row with { DocumentId = stored.Id };
        }, ct);

    /// <summary>A sanitisation of the whole storage gets a certificate; the removal of a user profile a removal record.</summary>
    public static DocumentKind KindOf(Certificate row) =>
        row.Scope == SanitisationScopes.Media ? DocumentKind.SanitisationCertificate : DocumentKind.ProfileRemovalRecord;

    private static CertificateModel Model(OfficeSettings settings, Certificate row, Device device, Site site, string? notes, string language)
    {
        var technique = SanitisationTechnique.Find(row.Technique);
        var level = Enum.Parse<SanitisationLevel>(row.Level);
        return new()
        {
            Organisation = Organisation.Of(settings),
            Number = row.Number,
            Device = new DeviceDetails(row.Tag, DocumentWords.Kind(device.Kind, language), row.Make, row.Model, row.SerialNumber, device.Imei),
            MediaType = DocumentWords.MediaTypeName(Enum.Parse<MediaType>(row.MediaType), language),
            Level = DocumentWords.Level(level, language),
            // A method a person described keeps their words, after the Rev. 2 method it was recorded as.
            Method = technique?.In(language) ?? $"{level}: {HandWipeMethod.Words(row.Method, language)}",
            Tool = row.ToolVersion is null ? row.Tool : $"{row.Tool} {row.ToolVersion}",
            VerificationMethod = CertificateWords.Verification(row.VerificationCode, language) ?? row.Verification!,
            VerificationResult = row.VerificationCode is null ? row.VerificationResult! : CertificateWords.VerificationPassed(language),
            AndroidVersion = row.AndroidVersion,
            SecurityPatch = row.SecurityPatch,
            Encryption = CertificateWords.Encryption(row.Encryption, language),
            BuildFingerprint = row.BuildFingerprint,
            Operator = row.Operator,
            OperatorTitle = row.OperatorTitle,
            OperatorPhone = row.OperatorPhone,
            PerformedAt = row.PerformedAt,
            Site = site.Address is null ? site.Name : $"{site.Name}, {site.Address}",
            Source = CertificateWords.Source(row.DonorName, device.Acquisition, language),
            DataBackedUp = CertificateWords.DataBackedUp(row.DataBackedUp, language),
            Destination = CertificateWords.Destination(row.Destination, language),
            Notes = notes,
            Validator = row.ValidatedBy,
            ValidatedAt = row.ValidatedAt,
        };
    }

    /// <summary>
    /// The person a certificate names: a user found by sign-in name or display name (a job started through the API is
    /// "api:sari", from the command line "cli:sari") with the title and phone of their profile, as they are that day;
    /// anyone else (a volunteer without an account) by the name as written.
    /// </summary>
    private static async Task<(string Name, string? Title, string? Phone)> PerformerAsync(DbConnection c, DbTransaction tx, string given)
    {
        var key = given[(given.LastIndexOf(':') + 1)..];
        var user = await c.QueryFirstOrDefaultAsync<UserContact>("""
            SELECT display_name AS name, title, phone FROM users WHERE name = @lower OR display_name = @key ORDER BY id LIMIT 1
            """, new { lower = key.ToLowerInvariant(), key }, tx);
        return user is null ? (key, null, null) : (user.Name, Parse.Text(user.Title), Parse.Text(user.Phone));
    }

    private sealed class UserContact
    {
        public string Name { get; init; } = "";
        public string? Title { get; init; }
        public string? Phone { get; init; }
    }

    private static string? OneOf(string field, string? value, IReadOnlyCollection<string> allowed) =>
        Parse.Text(value) is not { } given ? null
            : allowed.FirstOrDefault(a => string.Equals(a, given, StringComparison.OrdinalIgnoreCase))
              ?? throw UserError.Invalid(field, given, Msg.ValueOneOf.With(string.Join(", ", allowed)));

    /// <summary>Certificates, newest first: of one device, of the devices one donor gave, or all.</summary>
    public Task<IReadOnlyList<Certificate>> ListAsync(string? tag, string? donor, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            long? deviceId = Parse.Text(tag) is { } t ? (await DeviceStore.GetByTagAsync(c, null, t)).Id : null;
            long? donorId = Parse.Text(donor) is { } d ? (await DonorService.FindAsync(c, null, d) ?? throw UserError.NotFound("donor", d)).Id : null;
            // Only the filters given go into the query: PostgreSQL cannot type a parameter that is only ever compared with NULL.
            var where = "WHERE s.document_id IS NOT NULL"
                + (deviceId is null ? "" : " AND s.device_id = @deviceId")
                + (donorId is null ? "" : " AND d.donor_id = @donorId");
            return (IReadOnlyList<Certificate>)(await c.QueryAsync<Certificate>(new CommandDefinition(
                $"{Select} {where} ORDER BY s.performed_at DESC, s.id DESC", new { deviceId, donorId }, cancellationToken: ct))).AsList();
        }, ct);

    public Task<Certificate> GetAsync(long number, CancellationToken ct = default) =>
        db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<Certificate>(new CommandDefinition(
                $"{Select} WHERE s.id = @number AND s.document_id IS NOT NULL", new { number }, cancellationToken: ct))
            ?? throw UserError.NotFound("certificate", number.ToString(CultureInfo.InvariantCulture)), ct);

    private const string Select = """
        SELECT s.id AS number, d.tag, s.make, s.model, s.serial_number, s.media_type, s.level, s.method, s.tool, s.tool_version,
               s.verification, s.verification_result, s.android_version, s.security_patch, s.encryption, s.operator,
               s.performed_at, si.code AS site_code, o.name AS donor_name, s.document_id, s.scope, s.technique, s.verification_code,
               s.performer_title AS operator_title, s.performer_phone AS operator_phone, s.data_backed_up, s.destination,
               s.build_fingerprint, s.validated_by, s.validated_at
        FROM sanitisations s
        JOIN devices d ON d.id = s.device_id
        LEFT JOIN sites si ON si.id = s.site_id
        LEFT JOIN donors o ON o.id = d.donor_id
        """;

    private static string Required(string field, string? value, Message hint) =>
        IdentityCode.Refuse(field, Parse.Text(value)) ?? throw UserError.Invalid(field, value, hint);
}
