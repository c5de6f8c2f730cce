using System.Globalization;
using System.Text.RegularExpressions;

namespace LaiteLaina.Provisioning;

/// <summary>
/// The lines of the scripts in scripts/adb as messages. The scripts speak English (a volunteer also runs them by hand),
/// and each line they print is one of the English catalog texts below with its values filled in; reading the line
/// back against those texts gives the id and the values, so the board shows it in the reader's language. A line no
/// text matches (a script changed without its catalog entry) is kept as it is, and <c>ScriptTextTests</c> checks that
/// every line the scripts can print has its entry.
/// </summary>
public static partial class ScriptTexts
{
    public static readonly IReadOnlyList<Msg> All =
    [
        Msg.ProvisioningSayConnecting, Msg.ProvisioningSayReadingIdentity, Msg.ProvisioningSayGetpropFailed, Msg.ProvisioningSayNoSerial,
        Msg.ProvisioningSayIdentified, Msg.ProvisioningSayDisconnectedWork, Msg.ProvisioningSayUnauthorized, Msg.ProvisioningSayNoLongerConnected,
        Msg.ProvisioningSayDisconnectedCommand, Msg.ProvisioningSayShellPartial, Msg.ProvisioningSayRecoveryMode, Msg.ProvisioningSayStateToAdb,
        Msg.ProvisioningSayNotConnected, Msg.ProvisioningSayOtherState, Msg.ProvisioningSayProfileMissing, Msg.ProvisioningSayProfileUnreadable,
        Msg.ProvisioningSayNoJq, Msg.ProvisioningSayProfileInvalid, Msg.ProvisioningSayProfileEmpty, Msg.ProvisioningSayReadingPrecheck,
        Msg.ProvisioningSayBattery, Msg.ProvisioningSayBatteryUnreadable, Msg.ProvisioningSayBatteryLow, Msg.ProvisioningSayAndroidVersion,
        Msg.ProvisioningSayAndroidTooOld, Msg.ProvisioningSayAccounts, Msg.ProvisioningSayGoogleAccount, Msg.ProvisioningSayOwnerAccounts,
        Msg.ProvisioningSayLockScreen, Msg.ProvisioningSayScreenLocked, Msg.ProvisioningSayLockKept, Msg.ProvisioningSayPrecheckOk,
        Msg.ProvisioningSayCardMissing, Msg.ProvisioningSayApkMissing, Msg.ProvisioningSayInstalling, Msg.ProvisioningSayInstallFailed,
        Msg.ProvisioningSaySettings, Msg.ProvisioningSaySettingFailed, Msg.ProvisioningSayPushingCard, Msg.ProvisioningSayCardFailed,
        Msg.ProvisioningSayDisabling, Msg.ProvisioningSayDisableFailed, Msg.ProvisioningSayProvisioned, Msg.ProvisioningSayProvisionedCard,
        Msg.ProvisioningSayReadingVerify, Msg.ProvisioningSayUsers, Msg.ProvisioningSayApps, Msg.ProvisioningSayPhotos,
        Msg.ProvisioningSaySetupState, Msg.ProvisioningSayProfileApps, Msg.ProvisioningSayDisabledPackages, Msg.ProvisioningSayVerifyFailed,
        Msg.ProvisioningSayVerified, Msg.ProvisioningSayBackAfter, Msg.ProvisioningSayBackUnauthorized, Msg.ProvisioningSayUnauthorizedHelp,
        Msg.ProvisioningSayInRecovery, Msg.ProvisioningSayRecoveryWipe, Msg.ProvisioningSayWaitingRestart, Msg.ProvisioningSayTabletState,
        Msg.ProvisioningSayBackUnauthorizedAct, Msg.ProvisioningSayStillRecovery, Msg.ProvisioningSayNotBack, Msg.ProvisioningSayNoRestartWithin,
        Msg.ProvisioningSayStartingReset, Msg.ProvisioningSayLockRefused, Msg.ProvisioningSayNoTestHarness, Msg.ProvisioningSayTestHarnessFailed,
        Msg.ProvisioningSayResetRunning, Msg.ProvisioningSayResetStarted, Msg.ProvisioningSayToRecovery, Msg.ProvisioningSayRecoveryFailed,
        Msg.ProvisioningSayRecoverySteps, Msg.ProvisioningSayRecoveryWaiting, Msg.ProvisioningSayReadingUsers, Msg.ProvisioningSayRemovingUser,
        Msg.ProvisioningSayRemoveUserFailed, Msg.ProvisioningSayEmptyingFiles, Msg.ProvisioningSayCreatingUser, Msg.ProvisioningSayCreateUserFailed,
        Msg.ProvisioningSayUsersReset, Msg.ProvisioningSayCustomEmpty, Msg.ProvisioningSayCustomRunning, Msg.ProvisioningSayCustomFailed,
        Msg.ProvisioningSayCustomDone, Msg.ProvisioningSayUnknownMethod, Msg.ProvisioningSayProof, Msg.ProvisioningSayRecordingBefore,
        Msg.ProvisioningSayCanaryFailed, Msg.ProvisioningSayNoAndroidId, Msg.ProvisioningSayRecordFailed,
        Msg.ProvisioningSayTestHarnessHandover, Msg.ProvisioningSaySingleUser, Msg.ProvisioningSayTestHarnessUndone, Msg.ProvisioningSayTestHarnessSettings,
        Msg.ProvisioningSaySamsungAccount, Msg.ProvisioningSayPatchOld, Msg.ProvisioningSayCardUnreachable, Msg.ProvisioningSayStartingUser,
        Msg.ProvisioningSayStartUserFailed, Msg.ProvisioningSayBorrowerGone, Msg.ProvisioningSayBorrowerUnknown,
    ];

    // Each English text as a pattern: its words literally, each {n} any text; the longest texts first, so that a
    // text that is the start of another never takes its line. A placeholder with a date format ({0:d.M.yyyy}) takes
    // the script's ISO date (2021-03-05) as a date, so that each language writes it its own way.
    private static readonly IReadOnlyList<(Msg Id, Regex Pattern, int[] Order, bool[] Dates)> Patterns = All
        .Select(id => (Id: id, Text: MessageCatalog.Text(id.Id, MessageCatalog.English) ?? id.Id))
        .OrderByDescending(t => t.Text.Length)
        .Select(t =>
        {
            var placeholders = Placeholder().Matches(t.Text);
            var order = placeholders.Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToArray();
            var dates = placeholders.Select(m => m.Groups[2].Success).ToArray();
            var pattern = new System.Text.StringBuilder("^");
            var last = 0;
            foreach (Match m in placeholders)
            {
                pattern.Append(Regex.Escape(t.Text[last..m.Index])).Append("(.*?)");
                last = m.Index + m.Length;
            }
            pattern.Append(Regex.Escape(t.Text[last..])).Append('$');
            return (t.Id, new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant), order, dates);
        })
        .ToList();

    [GeneratedRegex(@"\{([0-9]+)(:[^}]+)?\}")]
    private static partial Regex Placeholder();

    /// <summary>The script's line as a message; a value that is itself a script's sentence (the reason inside "the
    /// tablet disconnected in the middle of the work (...)") becomes a message too.</summary>
    public static Message Of(string text) => Match(text) ?? Msg.ProvisioningScriptSaid.With(text);

    public static Message? Match(string text)
    {
        foreach (var (id, pattern, order, dates) in Patterns)
        {
            var match = pattern.Match(text);
            if (!match.Success)
                continue;
            var args = new object?[order.Length == 0 ? 0 : order.Max() + 1];
            for (var i = 0; i < order.Length; i++)
            {
                var value = match.Groups[i + 1].Value;
                args[order[i]] = dates[i] && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
                    : value.Length > 20 && Match(value) is { } inner ? inner : value;
            }
            return id.With(args);
        }
        return null;
    }
}
