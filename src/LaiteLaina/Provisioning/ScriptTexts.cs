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
    ];

    // Each English text as a pattern: its words literally, each {n} any text; the longest texts first, so that a
    // text that is the start of another never takes its line.
    private static readonly IReadOnlyList<(Msg Id, Regex Pattern, int[] Order)> Patterns = All
        .Select(id => (Id: id, Text: MessageCatalog.Text(id.Id, MessageCatalog.English) ?? id.Id))
        .OrderByDescending(t => t.Text.Length)
        .Select(t =>
        {
            var order = Placeholder().Matches(t.Text).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToArray();
            var pattern = "^" + string.Join("(.*?)", Placeholder().Split(t.Text).Where((_, i) => i % 2 == 0).Select(Regex.Escape)) + "$";
            return (t.Id, new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant), order);
        })
        .ToList();

    [GeneratedRegex(@"\{([0-9]+)\}")]
    private static partial Regex Placeholder();

    /// <summary>The script's line as a message; a value that is itself a script's sentence (the reason inside "the
    /// tablet disconnected in the middle of the work (...)") becomes a message too.</summary>
    public static Message Of(string text) => Match(text) ?? Msg.ProvisioningScriptSaid.With(text);

    public static Message? Match(string text)
    {
        foreach (var (id, pattern, order) in Patterns)
        {
            var match = pattern.Match(text);
            if (!match.Success)
                continue;
            var args = new object?[order.Length == 0 ? 0 : order.Max() + 1];
            for (var i = 0; i < order.Length; i++)
            {
                var value = match.Groups[i + 1].Value;
                args[order[i]] = value.Length > 20 && Match(value) is { } inner ? inner : value;
            }
            return id.With(args);
        }
        return null;
    }
}
