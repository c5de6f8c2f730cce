using System.Data.Common;
using System.Globalization;
using Dapper;

namespace LaiteLaina.Storage;

public sealed record Setting(string Name, string Value, string Description);

/// <summary>The office's settings as the features use them (see <see cref="Settings.ReadAsync"/>); a text not set is null,
/// so that each use can say what stands in its place.</summary>
public sealed record OfficeSettings
{
    public string? OrganisationName { get; init; }
    public string? OrganisationContact { get; init; }
    public string? PrivacyContact { get; init; }
    public string? LabelOrganisation { get; init; }
    public string? LabelReturnTo { get; init; }
    public string TagPrefix { get; init; } = "LL-";
    public int TagDigits { get; init; } = 6;
    public int RenewalLimit { get; init; } = 3;
    public string OfficeLanguage { get; init; } = "fi";

    /// <summary>Off unless the office says so: a device that comes back is wiped before anyone else gets it.</summary>
    public bool StaffReturnToReady { get; init; }

    public int RetentionMonths { get; init; } = 12;

    /// <summary>The office-local time from which the day's reminder e-mails are sent.</summary>
    public TimeOnly ReminderTime { get; init; } = new(7, 0);

    /// <summary>Years a loan's signed agreement and receipts are kept after the loan closed, apart from the borrower's other
    /// data: 3 by default, the general limitation period for claims (Act 728/2003), so the office can still show what was
    /// agreed if a device is never returned. The municipality's archive plan may set another period.</summary>
    public int AgreementRetentionYears { get; init; } = 3;

    /// <summary>Who owns a device, as its label and its "this tablet belongs to" card say: the short name set for
    /// labels, else the organisation's name.</summary>
    public string LabelOwner => LabelOrganisation ?? OrganisationName ?? "LaiteLaina";

    /// <summary>Where a found device is returned, on its label and its card: the return line set for labels, else the
    /// organisation's contact.</summary>
    public string ReturnLine => LabelReturnTo ?? OrganisationContact ?? "";
}

/// <summary>
/// The office's own settings, kept in the database so that every site on a shared PostgreSQL and every CLI
/// run sees the same: the organisation on agreements and labels, the tag prefix, the loan rules. Only known
/// names with valid values are stored, and every change goes to the audit log.
/// </summary>
public static class Settings
{
    private sealed record Rule(string Description, Func<string, string> Normalise);

    private static readonly Dictionary<string, Rule> Known = new()
    {
        ["organisation_name"] = new("Organisation named on agreements and receipts", v => Text(new FieldName("organisation-name"), v, 200)),
        ["organisation_contact"] = new("How a borrower reaches the organisation", v => Text(new FieldName("organisation-contact"), v, 200)),
        ["privacy_contact"] = new("Whom to ask about personal data (in every privacy notice)", v => Text(new FieldName("privacy-contact"), v, 200)),
        ["label_organisation"] = new("Owner line on asset labels (short: it must fit the label)", v => Text(new FieldName("label-organisation"), v, 40)),
        ["label_return_to"] = new("Return line on asset labels, no personal data", v => Text(new FieldName("label-return-to"), v, 60)),
        ["tag_prefix"] = new("Prefix of new asset tags", TagPrefix),
        ["tag_digits"] = new("Digits in new asset tags", v => Number(new FieldName("tag-digits"), v, 4, 10)),
        ["loan_renewal_limit"] = new("How many times a loan may be renewed", v => Number(new FieldName("loan-renewal-limit"), v, 0, 20)),
        ["office_language"] = new("Language of the office's own documents, such as sanitisation certificates: fi, sv or en", v => DocumentLanguages.Check(v)),
        ["staff_return_to_ready"] = new("Staff loans go straight back to ready on return (true) or to wiping (false)", Flag),
        ["retention_months"] = new("Months a borrower's personal data is kept after their last loan closed; then it is anonymised", v => Number(new FieldName("retention-months"), v, 1, 120)),
        ["agreement_retention_years"] = new("Years a loan's signed agreement and receipts are kept after the loan closed (3: the limitation period for claims); check the archive plan",
            v => Number(new FieldName("agreement-retention-years"), v, 1, 20)),
        ["reminder_time"] = new("Office-local time (HH:mm) from which the day's reminder e-mails are sent", Time),
    };

    /// <summary>
    /// Every setting at once, typed, in the caller's transaction: one read per operation instead of one per value. A
    /// value that is missing or no longer valid (an old database, an edit by hand) gives the default here, so no
    /// caller keeps a default of its own.
    /// </summary>
    public static async Task<OfficeSettings> ReadAsync(DbConnection c, DbTransaction? tx)
    {
        var stored = (await c.QueryAsync<(string Name, string Value)>("SELECT name, value FROM settings", transaction: tx))
            .ToDictionary(s => s.Name, s => s.Value);
        string? Valid(string name)
        {
            if (!stored.TryGetValue(name, out var value))
                return null;
            try
            {
                return Known[name].Normalise(value);
            }
            catch (UserError)
            {
                return null;
            }
        }
        int Number(string name, int fallback) => Valid(name) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : fallback;
        var defaults = new OfficeSettings();
        return new OfficeSettings
        {
            OrganisationName = Valid("organisation_name"),
            OrganisationContact = Valid("organisation_contact"),
            PrivacyContact = Valid("privacy_contact"),
            LabelOrganisation = Valid("label_organisation"),
            LabelReturnTo = Valid("label_return_to"),
            TagPrefix = Valid("tag_prefix") ?? defaults.TagPrefix,
            TagDigits = Number("tag_digits", defaults.TagDigits),
            RenewalLimit = Number("loan_renewal_limit", defaults.RenewalLimit),
            OfficeLanguage = Valid("office_language") ?? defaults.OfficeLanguage,
            StaffReturnToReady = Valid("staff_return_to_ready") is { } flag ? flag == "true" : defaults.StaffReturnToReady,
            RetentionMonths = Number("retention_months", defaults.RetentionMonths),
            AgreementRetentionYears = Number("agreement_retention_years", defaults.AgreementRetentionYears),
            ReminderTime = Valid("reminder_time") is { } time ? TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture) : defaults.ReminderTime,
        };
    }

    public static async Task<IReadOnlyList<Setting>> ListAsync(Database db, CancellationToken ct = default)
    {
        var stored = (await db.ReadAsync(c => c.QueryAsync<(string Name, string Value)>("SELECT name, value FROM settings"), ct))
            .ToDictionary(s => s.Name, s => s.Value);
        return Known.Select(k => new Setting(k.Key, stored.GetValueOrDefault(k.Key, ""), k.Value.Description)).ToList();
    }

    /// <summary>The stored form of <paramref name="value"/>, or a <see cref="UserError"/>; writes nothing.</summary>
    public static (string Name, string Value) Check(string name, string value)
    {
        var key = name.Trim().ToLowerInvariant().Replace('-', '_');
        if (!Known.TryGetValue(key, out var rule))
            throw UserError.Invalid("setting", name, Msg.ValueUseOneOf.With(string.Join(", ", Known.Keys)));
        return (key, rule.Normalise(value));
    }

    public static Task<Setting> SetAsync(Database db, string name, string value, string actor, CancellationToken ct = default)
    {
        var (key, normalised) = Check(name, value);
        var rule = Known[key];
        return db.WriteAsync(async (c, tx) =>
        {
            var before = await c.ExecuteScalarAsync<string?>("SELECT value FROM settings WHERE name = @key", new { key }, tx);
            if (before is null)
                await c.ExecuteAsync("INSERT INTO settings (name, value) VALUES (@key, @normalised)", new { key, normalised }, tx);
            else
                await c.ExecuteAsync("UPDATE settings SET value = @normalised WHERE name = @key", new { key, normalised }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "setting.set", "setting", null, key, before is null ? null : new { value = before }, new { value = normalised });
            return new Setting(key, normalised, rule.Description);
        }, ct);
    }

    // A setting's field is named as the message catalogs name it ("field.organisation-name"), so that a refusal on the
    // settings page speaks of "organisaation nimi", not of organisation_name.
    /// <summary>A time of day as 7:00, 07.00 or 07:00, stored as 07:00.</summary>
    private static string Time(string value)
    {
        var text = value.Trim().Replace('.', ':');
        if (!TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw UserError.Invalid("reminder-time", value, Msg.SettingTime);
        return time.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Text(FieldName name, string value, int max)
    {
        var text = value.Trim();
        if (text.Length == 0 || text.Length > max)
            throw UserError.Invalid(name.Name, value, Msg.SettingTextLength.With(max));
        return IdentityCode.Refuse(name.Name, text)!;
    }

    private static string TagPrefix(string value)
    {
        var prefix = value.Trim().ToUpperInvariant();
        return prefix.Length is 0 or > 8 || !prefix.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-')
            ? throw UserError.Invalid("tag-prefix", value, Msg.SettingTagPrefix)
            : prefix;
    }

    private static string Number(FieldName name, string value, int min, int max) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n.ToString(CultureInfo.InvariantCulture)
            : throw UserError.Invalid(name.Name, value, Msg.SettingWholeNumber.With(min, max));

    private static string Flag(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "kyllä" => "true",
        "false" or "no" or "off" or "ei" => "false",
        _ => throw UserError.Invalid("staff-return-to-ready", value, Msg.ValueTrueOrFalse),
    };
}
