using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Storage;

/// <summary>One audit row as a person reads it: when (local time), who (by display name), a sentence of what was done
/// and the fields it changed, all in the reader's language.</summary>
public sealed record AuditLine(AuditEntry Entry, string When, string Who, string Sentence, string Changes)
{
    /// <summary>"Sari Salo palautti laitteen LL-000003; kunto uusi → hyvä".</summary>
    public string Full => Changes.Length == 0 ? Sentence : Sentence + "; " + Changes;
}

/// <summary>
/// The one describer of audit rows, for the audit-log page and every record's history. Its words live in the UI
/// catalogs: an action is "Audit.{action}" ("{0} palautti laitteen {1}": the actor, then the record), a field
/// "AuditField.{name}", and a value of an enum field the same "Type.value" words the pages use ("DeviceCondition.good").
/// A field the catalogs do not name is left out rather than shown as a developer's key.
/// </summary>
public sealed class AuditDiff(Database db, IStringLocalizer<Ui> l)
{
    private static readonly HashSet<string> Noise = ["updatedAt", "createdAt", "id"];

    /// <summary>The fields a new record shows: its snapshot has every field, and the sentence already says it was made.</summary>
    private static readonly HashSet<string> ShownWhenMade = ["status", "kind", "role", "value", "state", "found", "missing", "misplaced", "unknown", "onLoan", "tags", "copies", "reason", "documentsErased", "agreementsKept"];

    /// <summary>Fields whose values are codes, by action or record type ("*": any record), and the prefix of the words
    /// the pages use for them: a code never reaches a Finnish or Swedish reader as the program's English.</summary>
    private static readonly Dictionary<(string Record, string Field), string> EnumFields = new()
    {
        [("device", "status")] = "DeviceStatus", [("device", "kind")] = "DeviceKind", [("device", "acquisition")] = "Acquisition",
        [("*", "condition")] = "DeviceCondition", [("*", "conditionIn")] = "DeviceCondition", [("*", "conditionOut")] = "DeviceCondition",
        [("loan", "kind")] = "LoanKind", [("loan", "state")] = "LoanState", [("borrower", "kind")] = "BorrowerKind", [("donor", "kind")] = "DonorKind",
        [("user", "role")] = "UserRole", [("provisioning_job", "state")] = "JobState", [("provisioning_intake", "state")] = "IntakeState",
        [("print_job", "state")] = "PrintJobState", [("document", "kind")] = "DocumentKind",
        // The step a job was on, named as the provisioning board names it.
        [("provisioning_job", "step")] = "ProvisioningStep",
        // A mailed reminder's kind is the reminder's ("DueTomorrow", as the loan page names it), not the loan's.
        [("loan.reminder-mail", "kind")] = "ReminderKind",
        // Why a borrower's data went is the program's own phrase ("erasure on request"), never a person's words.
        [("borrower", "reason")] = "ErasureReason",
    };

    /// <summary>The messages a provisioning job's end was audited with while the log kept them as English sentences: such
    /// a row is read back against their English texts, as the board reads a script's line; a sentence none matches is
    /// shown as it was written.</summary>
    private static readonly Lazy<EnglishMessages> EarlierProvisioningMessages =
        new(() => new(Msg.All.Select(m => m.Id).Where(m => m.Id.StartsWith("provisioning.", StringComparison.Ordinal))));

    /// <summary>Every action the program writes, so a test can hold each to a sentence in every language.</summary>
    public static readonly IReadOnlyList<string> Actions =
    [
        "device.add", "device.import", "device.edit", "device.move", "device.transfer", "device.status", "device.retire", "device.ready", "device.wiped",
        "device.lost", "device.loan-out", "device.loan-return", "device.handover", "device.point",
        "loan.out", "loan.return", "loan.renew", "loan.lost", "loan.handover", "loan.remind", "loan.reminder-mail", "loan.sign", "loan.sign-replace",
        "borrower.add", "borrower.edit", "borrower.read", "borrower.export", "borrower.erase", "borrower.anonymise", "borrower.erase-agreements",
        "user.add", "user.locked", "user.password", "user.role", "user.language", "user.contact", "user.disable", "user.enable", "user.token", "user.token-revoke",
        "document.issue", "setting.set", "database.restore", "sanitisation.record", "sanitisation.validate",
        "provisioning.start", "provisioning.retry", "provisioning.resume", "provisioning.cancel", "provisioning.interrupted",
        "provisioning.queued", "provisioning.running", "provisioning.done", "provisioning.failed", "provisioning.needs-person",
        "provisioning.cancelled", "provisioning.gone",
        "provisioning.intake", "provisioning.intake-pending", "provisioning.intake-registered", "provisioning.intake-ignored",
        "label.print", "label.reprint", "label.cancel", "reservation.add", "reservation.change", "reservation.cancel",
        "stocktake.start", "stocktake.scan", "stocktake.close", "stocktake.mark-lost",
        "point.add", "point.edit", "site.add", "site.rename", "location.add", "donor.add", "template.save", "template.revert",
    ];

    /// <summary>Every field name the describer may show.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "status", "kind", "make", "model", "serialNumber", "imei", "os", "osVersion", "condition", "siteId", "locationId", "pointId",
        "acquisition", "acquiredOn", "costCents", "donorId", "supplier", "transferredFrom", "leaseEnd", "leasePaidBy", "accessories", "notes",
        "needsWipe", "lastWipedAt", "state", "dueOn", "closedAt", "accessoriesMissing", "accessoriesDamaged", "conditionIn", "conditionOut", "damaged", "damageNotes", "returnNotes",
        "renewals", "closedBy", "role", "language", "disabledAt", "value", "found", "missing", "misplaced", "unknown", "onLoan", "tags",
        "copies", "reason", "documentsErased", "agreementsKept", "lockedUntil", "step", "message", "templateVersion", "officeText", "code",
    ];

    /// <summary>The command line's one-line summary of changed fields, in its own (English) terms: "status: intake → ready".</summary>
    public static string Describe(string? beforeJson, string? afterJson)
    {
        var before = Values(beforeJson);
        var after = Values(afterJson);
        if (before.Count == 0)
            return after.TryGetValue("status", out var s) ? "created, " + s : "created";
        var changes = after.Keys.Union(before.Keys)
            .Where(k => !Noise.Contains(k))
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {OneLine(k, before.GetValueOrDefault(k)) ?? "-"} → {OneLine(k, after.GetValueOrDefault(k)) ?? "-"}");
        return string.Join("; ", changes);
    }

    public async Task<IReadOnlyList<AuditLine>> DescribeAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        var names = entries.Count == 0 ? [] : await DisplayNamesAsync(ct);
        var places = entries.Any(e => PlaceFields.Keys.Any(f => Mentions(e, f))) ? await PlaceNamesAsync(ct) : [];
        return entries.Select(e =>
        {
            var who = Who(e.Actor, names);
            return new AuditLine(e, LocalText.DateTime(e.At), who, Sentence(e, who), Changes(e, places));
        }).ToList();
    }

    /// <summary>Fields that hold the id of a site, location or computer point, and the table that names it: a desk worker
    /// reads "toimipiste KESKUS → ITA", not the rows' numbers "1 → 4".</summary>
    private static readonly Dictionary<string, string> PlaceFields = new(StringComparer.Ordinal)
    {
        ["siteId"] = "site", ["locationId"] = "location", ["pointId"] = "point",
    };

    private static bool Mentions(AuditEntry e, string field) =>
        (e.BeforeJson?.Contains($"\"{field}\"", StringComparison.Ordinal) ?? false) || (e.AfterJson?.Contains($"\"{field}\"", StringComparison.Ordinal) ?? false);

    /// <summary>The office's sites (by code), locations and computer points (by name): a few dozen rows, read whole as the
    /// users' names are. A place's name is the office's, never a person's.</summary>
    private Task<Dictionary<(string Kind, string Id), string>> PlaceNamesAsync(CancellationToken ct) =>
        db.ReadAsync(async c => (await c.QueryAsync<(string Kind, long Id, string Name)>(new CommandDefinition("""
                SELECT 'site' AS kind, id, code AS name FROM sites
                UNION ALL SELECT 'location', id, name FROM locations
                UNION ALL SELECT 'point', id, name FROM computer_points
                """, cancellationToken: ct)))
            .ToDictionary(p => (p.Kind, p.Id.ToString(CultureInfo.InvariantCulture)), p => p.Name), ct);

    private string Who(string actor, Dictionary<string, string> names)
    {
        var login = Access.LoginOf(actor);
        if (names.TryGetValue(login, out var display))
            return display;
        var word = l["Actor." + login];
        if (!word.ResourceNotFound)
            return word.Value;
        // A job run for someone is stored as its kind and who ran it ("provisioning:service" for the service's own worker,
        // "provisioning:maija" from the command line): the kind's words, and the person's name when a person ran it.
        if (login.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && l["Actor." + login[..colon]] is { ResourceNotFound: false } kind)
            return names.TryGetValue(login[(colon + 1)..], out var person) ? $"{kind.Value} ({person})" : kind.Value;
        return login;
    }

    /// <summary>The display names of the office's users: a few dozen rows, read whole rather than matched per engine.</summary>
    private Task<Dictionary<string, string>> DisplayNamesAsync(CancellationToken ct) =>
        db.ReadAsync(async c => (await c.QueryAsync<(string Name, string DisplayName)>(new CommandDefinition(
                "SELECT name, display_name FROM users", cancellationToken: ct)))
            .ToDictionary(u => u.Name, u => u.DisplayName, StringComparer.Ordinal), ct);

    public string Sentence(AuditEntry e, string who)
    {
        var key = e.RecordKey ?? e.RecordId?.ToString(CultureInfo.InvariantCulture) ?? "";
        // A setting is named by its label, as the settings page names it, not by its stored key.
        if (e.RecordType == "setting" && l["Setting." + key] is { ResourceNotFound: false } label)
            key = label.Value;
        // A template as the templates page names it, "låneavtal (svenska)", not by its file "loan-agreement.sv.md".
        if (e.RecordType == "template" && key.Split('.') is [var stem, var language, "md"]
            && l["DocumentKind." + stem] is { ResourceNotFound: false } kind && l["DocumentLanguage." + language] is { ResourceNotFound: false } words)
            key = $"{kind.Value} ({words.Value})";
        var sentence = l["Audit." + e.Action, who, key];
        return sentence.ResourceNotFound ? l["Audit.other", who, key, e.Action].Value : sentence.Value;
    }

    /// <summary>"kunto uusi → hyvä; tila lainassa → odottaa tyhjennystä": the changed fields the catalogs name.</summary>
    private string Changes(AuditEntry e, Dictionary<(string Kind, string Id), string> places)
    {
        var before = Values(e.BeforeJson);
        var after = Values(e.AfterJson);
        var made = before.Count == 0;
        var parts = new List<string>();
        foreach (var field in after.Keys.Union(before.Keys))
        {
            if (Noise.Contains(field) || (made && !ShownWhenMade.Contains(field)))
                continue;
            var old = before.GetValueOrDefault(field);
            var now = after.GetValueOrDefault(field);
            if (!made && old == now)
                continue;
            var name = l["AuditField." + field];
            if (name.ResourceNotFound || (made && now is null))
                continue;
            parts.Add(made ? $"{name.Value} {Value(e, field, now, places)}"
                : $"{name.Value} {Value(e, field, old, places)} → {Value(e, field, now, places)}");
        }
        return string.Join("; ", parts);
    }

    private string Value(AuditEntry e, string field, string? value, Dictionary<(string Kind, string Id), string> places)
    {
        if (value is null || value.Length == 0)
            return "–";
        if (PlaceFields.TryGetValue(field, out var kind) && places.TryGetValue((kind, value), out var place))
            return place;
        // A message kept by its id, in the reader's language; without the personal arguments, since a row of the log is
        // no place for them.
        if ((StoredText.Read(value) ?? (e.RecordType == "provisioning_job" && field == "message" ? EarlierProvisioningMessages.Value.Match(value) : null)) is { } said)
            return said.Render(CultureInfo.CurrentUICulture, personalData: false);
        if ((EnumFields.GetValueOrDefault((e.Action, field)) ?? EnumFields.GetValueOrDefault((e.RecordType, field)) ?? EnumFields.GetValueOrDefault(("*", field))) is { } type)
        {
            // The pages' words are kebab-case codes ("DeviceStatus.awaiting-wipe"), a few the stored name itself ("ReminderKind.DueTomorrow").
            var word = l[$"{type}.{EnumText.Kebab(value).Replace(' ', '-')}"];
            if (word.ResourceNotFound)
                word = l[$"{type}.{value}"];
            return word.ResourceNotFound ? value : word.Value;
        }
        // A language is named as its speakers name it ("suomi → svenska"), as every language choice on the pages is.
        if (field == "language" && DocumentLanguages.All.Contains(value))
            return DocumentLanguages.NameOf(value);
        if (value is "true" or "false")
            return l[value == "true" ? "yes" : "no"];
        if (value == PersonalTextAttribute.Written)
            return l["changed"];
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return LocalText.Date(date);
        if (value.Length > 10 && value[10] == 'T' && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return LocalText.DateTime(at);
        return OneLine(field, value)!;
    }

    /// <summary>A list of accessories is stored one item a line (Inventory/AccessoryList, above this layer): on one line,
    /// " / " parts its items, as everywhere else a list is shown on one line, since "; " parts the changed fields.
    /// A message kept by its id is its English text, the command line's language.</summary>
    private static string? OneLine(string field, string? value) =>
        field.StartsWith("accessories", StringComparison.Ordinal) ? value?.Replace("\n", " / ", StringComparison.Ordinal) : StoredText.English(value);

    private static Dictionary<string, string?> Values(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind != JsonValueKind.Object
            ? []
            : doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null => null,
                JsonValueKind.Array => string.Join(", ", p.Value.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText())),
                _ => p.Value.GetRawText(),
            });
    }
}
