using System.Globalization;

namespace LaiteLaina.Cli;

/// <summary>
/// The command that does what a refusal asks, shown on the command line only, under the refusal. The messages
/// themselves say what to do in words every reader can follow (most of them read it in a browser, in Finnish or
/// Swedish); a command, its options and its variables are the command line's own vocabulary, so they live here.
/// </summary>
internal static class CliHints
{
    /// <summary>By message id; {0}, {1}… are the message's arguments.</summary>
    private static readonly Dictionary<string, string> Hints = new(StringComparer.Ordinal)
    {
        ["lifecycle.lost"] = "laitelaina device set-status {0} awaiting-wipe",
        ["device.not-wiped-since"] = "laitelaina device wiped {0} --method ... --by NAME",
        ["device.status-through-loan"] = "laitelaina loan",
        ["device.location-without-site"] = "give --site too",
        ["device.donor-not-donated"] = "add --acquisition donated",
        ["device.serial-duplicate"] = "--allow-duplicate-serial, if two devices really share it",
        ["import.bad-rows-found"] = "--skip-bad imports the good rows only",
        ["site.not-found"] = "laitelaina site list; laitelaina site add CODE NAME",
        ["location.not-found"] = "laitelaina site add-location {1} \"{0}\"",
        ["donor.not-found"] = "laitelaina donor add \"{0}\"",
        ["donor.exists"] = "laitelaina donor show \"{0}\"",
        ["disk.no-site"] = "--site",
        ["provisioning.job-taken"] = "laitelaina provision watch",
        ["provisioning.job-under-way"] = "laitelaina provision watch",
        ["provisioning.tablet-gone"] = "laitelaina provision retry {0}",
        ["provisioning.retry-step"] = "laitelaina provision retry {0}",
        ["provisioning.resume-retry-instead"] = "laitelaina provision retry {0}",
        ["database.none-here"] = "laitelaina init; or --data or LAITELAINA_DATA",
        ["database.no-schema-version"] = "laitelaina init, on an empty database",
        ["database.tables-without-schema"] = "--data or --database",
        ["database.not-sqlite"] = "--data or LAITELAINA_DATA",
        ["database.cannot-open"] = "laitelaina init",
        ["database.missing"] = "--database",
        ["user.exists"] = "laitelaina user",
        ["service.token"] = "--token or LAITELAINA_TOKEN; 'laitelaina user token NAME' makes one",
        ["service.not-answering"] = "laitelaina serve; or --url",
        ["scan.unknown-badge"] = "laitelaina borrower add --kind staff --badge",
        ["stocktake.none-open"] = "laitelaina stocktake start SITE --scanner {0}",
    };

    /// <summary>The hint for <paramref name="message"/> or the first message inside it that has one ("value.invalid" wraps
    /// what would be right), or null.</summary>
    public static string? For(Message message)
    {
        if (Hints.TryGetValue(message.Id.Id, out var hint))
            return string.Format(CultureInfo.InvariantCulture, hint, message.Args.Select(a => (object?)Convert.ToString(a, CultureInfo.InvariantCulture)).ToArray());
        foreach (var arg in message.Args)
        {
            if ((arg is Message m ? For(m) : arg is Msg id ? For(id) : null) is { } inner)
                return inner;
        }
        return null;
    }

    /// <summary>The refusal's line and, when there is one, the hint's line, as the command line prints them.</summary>
    public static string Lines(UserError e, CultureInfo language) =>
        For(e.Text) is { } hint ? $"error: {e.In(language)}{Environment.NewLine}hint: {hint}" : "error: " + e.In(language);
}
