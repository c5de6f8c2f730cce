using System.Globalization;
using System.Text;

namespace LaiteLaina.Documents;

/// <summary>
/// Turns an <see cref="AgreementModel"/> into the values the Liquid templates see, with the names they use
/// (borrower.name, device.serial, loan.due_date, ...). Every text is escaped for Markdown here, so a name such
/// as "*Ann* | 1." prints as written instead of turning into emphasis, a table cell or a list.
/// </summary>
public static class AgreementModelValues
{
    /// <summary>Every name a template may use, built from the same code that fills them, so the two cannot drift.</summary>
    public static IReadOnlySet<string> KnownPaths { get; } = CollectPaths();

    public static Dictionary<string, object?> Build(AgreementModel m, string language)
    {
        string? Date(DateOnly? d) => d is { } day ? Escape(DocumentLanguages.FormatDate(day, language)) : null;
        return new Dictionary<string, object?>
        {
            ["organisation"] = Object(("name", m.Organisation.Name), ("contact", m.Organisation.Contact), ("privacy_contact", m.Organisation.PrivacyContact),
                ("retention_months", m.Organisation.RetentionMonths.ToString(CultureInfo.InvariantCulture)),
                ("agreement_retention_years", m.Organisation.AgreementRetentionYears.ToString(CultureInfo.InvariantCulture))),
            ["borrower"] = Object(("name", m.Borrower.Name), ("contact", m.Borrower.Contact), ("client_reference", m.Borrower.ClientReference)),
            ["counsellor"] = Object(("name", m.Counsellor.Name), ("contact", m.Counsellor.Contact)),
            ["recommending_worker"] = Object(("name", m.RecommendingWorker?.Name), ("contact", m.RecommendingWorker?.Contact)),
            ["device"] = Object(("tag", m.Device.Tag), ("kind", m.Device.Kind), ("make", m.Device.Make), ("model", m.Device.Model),
                ("serial", m.Device.SerialNumber), ("imei", m.Device.Imei), ("value", Euros(m.Device.CostCents, language))),
            ["accessories"] = m.Accessories.Select(a => (object?)Escape(a)).ToList(),
            ["returned_accessories"] = m.AccessoriesBack.Select(a => (object?)Object(("item", a.Item), ("state", a.State))).ToList(),
            ["handover"] = Object(("coaching_sessions", m.Handover?.CoachingSessions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("coaching_reason", m.Handover?.CoachingReason), ("sanitised_on", m.Handover is { } h ? DocumentLanguages.FormatDate(h.SanitisedOn, language) : null)),
            ["loan"] = new Dictionary<string, object?>
            {
                ["reference"] = Escape(m.LoanReference),
                ["start_date"] = Date(m.StartDate),
                ["due_date"] = Date(m.DueDate),
                ["returned_date"] = Date(m.ReturnedDate),
                ["condition_out"] = Escape(m.ConditionOut),
                ["condition_in"] = Escape(m.ConditionIn),
                ["return_notes"] = Escape(m.ReturnNotes),
            },
        };
    }

    /// <summary>"350,00 €" in Finnish and Swedish, "€350.00" in English; null when the cost is not known, so a template can
    /// say instead that the value is what a similar device costs.</summary>
    public static string? Euros(long? cents, string language)
    {
        if (cents is not { } c)
            return null;
        var amount = (c / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);
        // Finnish and Swedish: a no-break space between thousands, a decimal comma, the sign after a no-break space.
        return language == "en" ? "€" + amount : amount.Replace(',', '\u00A0').Replace('.', ',') + "\u00A0€";
    }

    // Missing values stay null (not ""), so that {% if device.imei %} is false for a laptop without one.
    internal static Dictionary<string, object?> Object(params (string Name, string? Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => (object?)Escape(f.Value));

    /// <summary>Backslash-escapes ASCII punctuation (CommonMark allows it before any of them) and folds line breaks.</summary>
    public static string? Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text is null ? null : "";
        var b = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            if (ch is '\r' or '\n' or '\t')
                b.Append(' ');
            else if (char.IsAscii(ch) && (char.IsPunctuation(ch) || char.IsSymbol(ch)))
                b.Append('\\').Append(ch);
            else
                b.Append(ch);
        }
        return b.ToString();
    }

    // Only the names count here, not the values: any text will do.
    private const string Any = "x";

    private static HashSet<string> CollectPaths()
    {
        var sample = new AgreementModel
        {
            Organisation = new(Any, Any, Any),
            Borrower = new(Any),
            Counsellor = new(Any),
            Device = new(Any, Any, null, null, null, null),
            ConditionOut = Any,
            StartDate = new DateOnly(2000, 1, 1),
            LoanReference = Any,
        };
        return PathsOf(Build(sample, Any));
    }

    /// <summary>The names a template can reach in <paramref name="values"/>: each object, its fields, and a list's size, first and last.</summary>
    internal static HashSet<string> PathsOf(Dictionary<string, object?> values)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            paths.Add(name);
            if (value is Dictionary<string, object?> fields)
            {
                foreach (var field in fields.Keys)
                    paths.Add(name + "." + field);
            }
            else if (value is List<object?>)
            {
                paths.Add(name + ".size");
                paths.Add(name + ".first");
                paths.Add(name + ".last");
            }
        }
        return paths;
    }
}
